"""Where the Supervisor places a new socket's SessionActor (actors.live.registry): a host forks
one child at a time, so new sessions keep two hosts with room forking side by side, and no
host grows past SESSIONS_PER_HOST (each fork of a host costs more the more children it has)."""

from __future__ import annotations

from collections import Counter

from actors.live.registry import HOSTS_WITH_ROOM, SESSIONS_PER_HOST, SessionRegistry


def _place(registry: SessionRegistry, count: int, hosts: list[str]) -> list[str]:
    placed = []
    for n in range(count):
        host = registry.host_with_room()
        if host is None:
            host = f"host-{len(hosts)}"
            hosts.append(host)
            registry.add_host(host)  # type: ignore[arg-type]  # compared with == only
        registry.opened(host, "bridge", f"c{n}")  # type: ignore[arg-type]
        placed.append(host)
    return placed


def test_sessions_alternate_between_two_hosts_with_room_and_none_is_overfilled() -> None:
    registry, hosts = SessionRegistry(), []
    placed = _place(registry, 5 * SESSIONS_PER_HOST, hosts)
    loads = Counter(placed)
    assert max(loads.values()) == SESSIONS_PER_HOST
    assert len(hosts) == 5 + HOSTS_WITH_ROOM - 1  # the last ones still have room
    window = placed[SESSIONS_PER_HOST : SESSIONS_PER_HOST + 2 * HOSTS_WITH_ROOM]
    assert len(set(window)) == HOSTS_WITH_ROOM  # interleaved, not one host after the other


def test_hosts_with_room_again_are_used_before_a_new_one_while_two_have_room() -> None:
    registry = SessionRegistry()
    for host in ("a", "b"):
        registry.add_host(host)  # type: ignore[arg-type]
        for n in range(SESSIONS_PER_HOST):
            registry.opened(host, "bridge", f"{host}{n}")  # type: ignore[arg-type]
    assert registry.host_with_room() is None
    registry.closed(("a0",))
    assert registry.host_with_room() is None  # one host with room would fork alone
    registry.closed(("b0", "b1"))
    assert registry.host_with_room() == "b"  # the least loaded of the two
