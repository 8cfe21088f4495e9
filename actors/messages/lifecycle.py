"""Lifecycles: the Launcher's boot (repeated as a liveness check) and graceful shutdown of the
Supervisor, and the start every child of the Supervisor receives."""

from __future__ import annotations

from dataclasses import dataclass

from actors.names import ActorAddress
from actors.sandbox.state import Sandbox
from config import Settings


@dataclass(frozen=True)
class Boot:
    """Launcher → Supervisor: configure and recover; repeated as a liveness check. sandbox is
    what the launcher's probe found: every run of this runtime goes in it."""

    settings: Settings
    sandbox: Sandbox


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


@dataclass(frozen=True, kw_only=True)
class ChildStart:
    """Supervisor → a child it created: its work (in the subclass), the settings to open storage
    with, and the EventHub to publish to."""

    settings: Settings
    events: ActorAddress | None = None
