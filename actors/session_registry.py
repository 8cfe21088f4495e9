"""The Supervisor's record of SessionActors: which web bridge each serves, for orphan sweeps.

A web process that dies cannot close its sockets' SessionActors; its bridge stops
re-registering, and after BRIDGE_SILENCE_SECONDS its sessions are stopped. Thespian addresses
are not hashable: they are keyed by their text.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from actors.events import BRIDGE_SILENCE_SECONDS


@dataclass
class _Entry:
    actor: Any
    bridge: str
    connection_id: str


class SessionRegistry:
    def __init__(self) -> None:
        self.sessions: dict[str, _Entry] = {}
        self.bridges_seen: dict[str, float] = {}

    def opened(self, actor: Any, bridge: Any, connection_id: str) -> None:
        self.sessions[str(actor)] = _Entry(actor, str(bridge), connection_id)
        self.bridges_seen.setdefault(str(bridge), time.monotonic())

    def bridge_alive(self, bridge: Any) -> None:
        self.bridges_seen[str(bridge)] = time.monotonic()

    def exited(self, actor: Any) -> bool:
        return self.sessions.pop(str(actor), None) is not None

    def orphans(self) -> list[Any]:
        """SessionActors whose web bridge has been silent too long."""
        now = time.monotonic()
        silent = {b for b, seen in self.bridges_seen.items() if now - seen > BRIDGE_SILENCE_SECONDS}
        for bridge in silent:
            del self.bridges_seen[bridge]
        return [entry.actor for entry in self.sessions.values() if entry.bridge in silent]

    def processes(self) -> dict[str, int]:
        """For Pong: one entry per live SessionActor (its pid is reported to the web)."""
        return {f"session:{e.connection_id}": 0 for e in self.sessions.values()}
