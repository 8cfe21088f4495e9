"""Launcher ↔ Supervisor: boot (repeated as a liveness check) and graceful shutdown."""

from __future__ import annotations

from dataclasses import dataclass

from config import Settings


@dataclass(frozen=True)
class Boot:
    """Launcher → Supervisor: configure and recover; repeated as a liveness check."""

    settings: Settings


@dataclass(frozen=True)
class Booted:
    running: int
    slots: int


@dataclass(frozen=True)
class Shutdown:
    """Launcher → Supervisor: stop starting work and end running executions gracefully."""

    reason: str = "service shutdown"


@dataclass(frozen=True)
class ShutdownComplete:
    cancelled: int
