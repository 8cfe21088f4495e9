"""Owner ↔ CommandActor: spawn one process group, its coalesced output, how it ended."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import NamedTuple

from actors.sandbox.policy import SandboxPolicy
from storage.runs.output import OutputStream


class ExitReason(StrEnum):
    """Why a process group ended other than by itself."""

    TIMEOUT = "timeout"
    CANCELLED = "cancelled"
    SPAWN_FAILED = "spawn_failed"
    LIMIT_EXCEEDED = "limit_exceeded"  # a sandbox limit the runtime enforces (CPU time)


class OutputPiece(NamedTuple):
    """Text read from one stream, and the unix time its first byte was read."""

    stream: OutputStream
    text: str
    at: float


@dataclass(frozen=True)
class RunCommand:
    """Owner → CommandActor: spawn argv in cwd with exactly env, in its own process group,
    with stdin as its standard input (else none), confined by sandbox when given.

    With cli_environment, env is added to the CLI_ENV_PASSTHROUGH variables the CommandActor
    reads from its own settings, so API keys never travel in a message. env and stdin stay out
    of repr.
    """

    argv: tuple[str, ...]
    cwd: str
    env: tuple[tuple[str, str], ...] = field(repr=False)
    timeout: float | None
    grace_period: float
    cli_environment: bool = False
    stdin: str | None = field(default=None, repr=False)
    sandbox: SandboxPolicy | None = None


@dataclass(frozen=True)
class CancelCommand:
    reason: str = ExitReason.CANCELLED


@dataclass(frozen=True)
class CommandStarted:
    pid: int
    pgid: int
    process_started: str


@dataclass(frozen=True)
class CommandOutput:
    """Coalesced output, in the order it was read."""

    chunks: tuple[OutputPiece, ...]


@dataclass(frozen=True)
class CommandExited:
    """The process group is gone; reason is None when the process ended by itself."""

    exit_code: int | None
    reason: ExitReason | None = None
    error: str | None = None
