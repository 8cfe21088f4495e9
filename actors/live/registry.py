"""The Supervisor's record of SessionActors: which web bridge each serves, for orphan sweeps.

A web process that dies cannot close its sockets' SessionActors; its bridge stops
re-registering, and after BRIDGE_SILENCE_SECONDS its sessions are stopped. Thespian addresses
are neither hashable nor stable as text (a new child's local address compares equal to its
later TCP address): they are compared with ==.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from actors.live.hub import BRIDGE_SILENCE_SECONDS
from actors.names import ActorAddress


@dataclass
class _Entry:
    actor: ActorAddress
    bridge: ActorAddress
    connection_id: str


@dataclass
class _Bridge:
    address: ActorAddress
    seen: float


class SessionRegistry:
    def __init__(self) -> None:
        self.sessions: list[_Entry] = []
        self.bridges: list[_Bridge] = []

    def opened(self, actor: ActorAddress, bridge: ActorAddress, connection_id: str) -> None:
        self.sessions.append(_Entry(actor, bridge, connection_id))
        if not any(b.address == bridge for b in self.bridges):
            self.bridges.append(_Bridge(bridge, time.monotonic()))

    def bridge_alive(self, bridge: ActorAddress) -> None:
        for known in self.bridges:
            if known.address == bridge:
                known.seen = time.monotonic()

    def exited(self, actor: ActorAddress) -> bool:
        count = len(self.sessions)
        self.sessions = [e for e in self.sessions if e.actor != actor]
        return len(self.sessions) < count

    def orphans(self) -> list[ActorAddress]:
        """SessionActors whose web bridge has been silent too long."""
        now = time.monotonic()
        silent = [b.address for b in self.bridges if now - b.seen > BRIDGE_SILENCE_SECONDS]
        self.bridges = [b for b in self.bridges if now - b.seen <= BRIDGE_SILENCE_SECONDS]
        return [e.actor for e in self.sessions if any(e.bridge == b for b in silent)]

    def processes(self) -> dict[str, int]:
        """For Pong: one entry per live SessionActor (its pid is reported to the web)."""
        return {f"session:{e.connection_id}": 0 for e in self.sessions}
