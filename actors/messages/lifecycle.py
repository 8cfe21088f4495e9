"""Lifecycles: the Launcher's boot (repeated as a liveness check) and graceful shutdown of the
Supervisor, and the start every child of the Supervisor receives.

No message carries Settings: every actor process reads its own (config.current_settings) from the
environment and DATA_DIR it inherited from the launcher, so no secret crosses the transport."""

from __future__ import annotations

from dataclasses import dataclass

from actors.names import ActorAddress
from actors.sandbox.state import Sandbox


@dataclass(frozen=True)
class Boot:
    """Launcher → Supervisor: open storage and recover; repeated as a liveness check. sandbox
    is what the launcher's probe found: every run of this runtime goes in it; recreated: the
    launcher made this Supervisor to replace one that died or hung."""

    sandbox: Sandbox
    recreated: bool = False


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
    """Supervisor → a child it created: its work (in the subclass) and the EventHub to
    publish to."""

    events: ActorAddress | None = None
