"""What a safety rule reports: a finding, its severity, the message and a safer alternative."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    DANGER = "danger"  # makes a command unsafe: execute refuses it unless an admin forces it
    CAUTION = "caution"  # shown with the command; does not block it


DANGER, CAUTION = Severity.DANGER, Severity.CAUTION


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: Severity
    message: str
    suggestion: str


def danger(rule: str, message: str, suggestion: str) -> Finding:
    return Finding(rule, Severity.DANGER, message, suggestion)


def caution(rule: str, message: str, suggestion: str) -> Finding:
    return Finding(rule, Severity.CAUTION, message, suggestion)
