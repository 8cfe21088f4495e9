"""The Supervisor's record of WebSocket sessions: which SessionHost holds each connection's
SessionActor and which web bridge it serves, so a new session goes to the least loaded host
and the sessions of a web process that died are stopped.

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

SESSIONS_PER_HOST = 250
MIN_HOSTS = 2  # forks of new sessions go on in parallel (a host forks one at a time)


@dataclass
class _Session:
    host: ActorAddress
    connection_id: str


@dataclass
class _Bridge:
    address: ActorAddress
    seen: float


class SessionRegistry:
    def __init__(self) -> None:
        self.hosts: list[ActorAddress] = []
        self.sessions: list[_Session] = []
        self.bridges: list[_Bridge] = []

    def host_with_room(self) -> ActorAddress | None:
        """The least loaded host below SESSIONS_PER_HOST (None: a new host is needed)."""
        if len(self.hosts) < MIN_HOSTS:
            return None
        load = [(sum(s.host == h for s in self.sessions), i) for i, h in enumerate(self.hosts)]
        fewest = min(load, default=None)
        if fewest is None or fewest[0] >= SESSIONS_PER_HOST:
            return None
        return self.hosts[fewest[1]]

    def opened(self, host: ActorAddress, bridge: ActorAddress, connection_id: str) -> None:
        self.sessions.append(_Session(host, connection_id))
        if not any(b.address == bridge for b in self.bridges):
            self.bridges.append(_Bridge(bridge, time.monotonic()))

    def closed(self, connection_ids: tuple[str, ...]) -> None:
        gone = set(connection_ids)
        self.sessions = [s for s in self.sessions if s.connection_id not in gone]

    def host_exited(self, address: ActorAddress) -> bool:
        """Forget a host that died and its sessions (their actors go with it)."""
        if not any(h == address for h in self.hosts):
            return False
        self.hosts = [h for h in self.hosts if h != address]
        self.sessions = [s for s in self.sessions if s.host != address]
        return True

    def bridge_alive(self, bridge: ActorAddress) -> None:
        for known in self.bridges:
            if known.address == bridge:
                known.seen = time.monotonic()

    def silent_bridges(self) -> tuple[ActorAddress, ...]:
        """Bridges silent too long (forgotten here; their sessions are to be stopped)."""
        now = time.monotonic()
        silent = tuple(b.address for b in self.bridges if now - b.seen > BRIDGE_SILENCE_SECONDS)
        self.bridges = [b for b in self.bridges if now - b.seen <= BRIDGE_SILENCE_SECONDS]
        return silent

    def processes(self) -> dict[str, int]:
        """For Pong: one entry per live SessionActor (its pid is reported to the web)."""
        return {f"session:{s.connection_id}": 0 for s in self.sessions}
