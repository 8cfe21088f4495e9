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

# a host's fork costs more the more children it holds: bare Thespian forked 82–88 children/s
# here from hosts of 50–100, 46/s from hosts of 250, 19/s from one of 1,000
SESSIONS_PER_HOST = 64
HOSTS_WITH_ROOM = 2  # forks of new sessions go on in parallel (a host forks one at a time)


@dataclass
class _Host:
    address: ActorAddress
    load: int = 0  # its live sessions


@dataclass
class _Bridge:
    address: ActorAddress
    seen: float


class SessionRegistry:
    def __init__(self) -> None:
        self.hosts: list[_Host] = []
        self.sessions: dict[str, ActorAddress] = {}  # connection id → its host
        self.bridges: list[_Bridge] = []

    def host_with_room(self) -> ActorAddress | None:
        """The least loaded host below SESSIONS_PER_HOST, while HOSTS_WITH_ROOM are (None: a
        new host is needed)."""
        with_room = [host for host in self.hosts if host.load < SESSIONS_PER_HOST]
        if len(with_room) < HOSTS_WITH_ROOM:
            return None
        return min(with_room, key=lambda host: host.load).address

    def add_host(self, address: ActorAddress) -> None:
        self.hosts.append(_Host(address))

    def host_addresses(self) -> list[ActorAddress]:
        return [host.address for host in self.hosts]

    def opened(self, host: ActorAddress, bridge: ActorAddress, connection_id: str) -> None:
        self.sessions[connection_id] = host
        self._host(host).load += 1
        if not any(b.address == bridge for b in self.bridges):
            self.bridges.append(_Bridge(bridge, time.monotonic()))

    def closed(self, connection_ids: tuple[str, ...]) -> None:
        for connection_id in connection_ids:
            host = self.sessions.pop(connection_id, None)
            if host is not None:
                self._host(host).load -= 1

    def host_exited(self, address: ActorAddress) -> bool:
        """Forget a host that died and its sessions (their actors go with it)."""
        if not any(h.address == address for h in self.hosts):
            return False
        self.hosts = [h for h in self.hosts if h.address != address]
        self.sessions = {c: h for c, h in self.sessions.items() if h != address}
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
        return {f"session:{connection_id}": 0 for connection_id in self.sessions}

    def _host(self, address: ActorAddress) -> _Host:
        return next(host for host in self.hosts if host.address == address)
