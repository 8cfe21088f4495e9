"""actors.turn_poll: the selector Thespian's transport loop gets, answering as selectors' own."""

from __future__ import annotations

import errno
import os
import socket
from collections.abc import Iterator

import pytest

from actors.turn_poll import EVENT_READ, EVENT_WRITE, TurnSelector


@pytest.fixture
def pair() -> Iterator[tuple[socket.socket, socket.socket]]:
    left, right = socket.socketpair()
    yield left, right
    left.close()
    right.close()


def waited(fds: dict[int, int], timeout: float | None = 0) -> dict[int, int]:
    selector = TurnSelector()
    for fd, events in fds.items():
        selector.register(fd, events)
    try:
        return {key.fd: events for key, events in selector.select(timeout)}
    finally:
        selector.close()


def test_a_quiet_socket_is_not_ready_to_read_and_the_wait_ends_at_its_timeout(pair) -> None:
    left, _ = pair
    assert waited({left.fileno(): EVENT_READ}, timeout=0.01) == {}


def test_a_socket_with_data_is_readable_and_one_with_room_writable(pair) -> None:
    left, right = pair
    right.send(b"x")
    assert waited({left.fileno(): EVENT_READ, right.fileno(): EVENT_WRITE}) == {
        left.fileno(): EVENT_READ,
        right.fileno(): EVENT_WRITE,
    }


def test_only_the_events_asked_for_are_answered(pair) -> None:
    left, right = pair
    right.send(b"x")  # left is readable and writable; only writing was asked about
    assert waited({left.fileno(): EVENT_WRITE}) == {left.fileno(): EVENT_WRITE}


def test_registering_twice_asks_for_both(pair) -> None:
    left, right = pair
    right.send(b"x")
    selector = TurnSelector()
    selector.register(left.fileno(), EVENT_READ)
    selector.register(left.fileno(), EVENT_WRITE)
    assert [(key.fd, events) for key, events in selector.select(0)] == [
        (left.fileno(), EVENT_READ | EVENT_WRITE)
    ]


def test_a_peer_hanging_up_wakes_a_reader(pair) -> None:
    left, right = pair
    right.close()
    assert waited({left.fileno(): EVENT_READ}, timeout=None) == {left.fileno(): EVENT_READ}


def test_a_closed_descriptor_fails_the_wait_as_a_bad_file(pair) -> None:
    """As an epoll's register does, so Thespian's handler looks for the bad watch."""
    left, _ = pair
    fd = os.dup(left.fileno())
    os.close(fd)
    with pytest.raises(OSError) as raised:
        waited({left.fileno(): EVENT_READ, fd: EVENT_READ})
    assert raised.value.errno == errno.EBADF


def test_a_negative_descriptor_is_refused_at_once() -> None:
    with pytest.raises(ValueError):
        TurnSelector().register(-1, EVENT_READ)
