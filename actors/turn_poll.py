"""One loop turn's wait for Thespian's TCP transport, without making an epoll per turn.

Thespian's `TCPTransport._runWithExpiry` makes a `selectors.DefaultSelector()` on every loop
turn (on Linux an epoll: one system call to create it, one per socket registered, one to close
it), registers every socket it has open, waits once and closes it. A web bridge talking to a
few hundred SessionActors, or a SessionHost with 250 children, paid that per message sent or
received: ~11% of the web process's samples while 400 sockets connected, most of it in
`selectors` building a key per socket. install() hands that module (and only it) this module
as its `selectors`: the same calls, but a turn's sockets go into a dict and the wait is one
poll(2), which takes the whole set in one call and keeps no state in the kernel between turns
(so a closed descriptor whose number is reused cannot linger registered, as in a kept epoll).

A descriptor that is closed when the wait starts makes the wait raise OSError(EBADF), as
registering it in an epoll does: Thespian's handler then finds the bad one (its `_check_fd`,
which uses this selector too) and drops it.
"""

from __future__ import annotations

import errno
import math
import select
from dataclasses import dataclass
from selectors import EVENT_READ, EVENT_WRITE
from types import SimpleNamespace

_POLL_MASK = {  # what poll(2) is asked for, by the selectors events registered
    EVENT_READ: select.POLLIN | select.POLLPRI,
    EVENT_WRITE: select.POLLOUT,
    EVENT_READ | EVENT_WRITE: select.POLLIN | select.POLLPRI | select.POLLOUT,
}


@dataclass(frozen=True)
class Ready:
    """What Thespian reads of a selector key: the descriptor."""

    fd: int


class TurnSelector:
    """A selector for one wait: register descriptors, select once, close (a no-op)."""

    def __init__(self) -> None:
        self._wanted: dict[int, int] = {}

    def register(self, fd: int, events: int) -> None:
        if fd < 0:
            raise ValueError(f"invalid file descriptor: {fd}")
        self._wanted[fd] = self._wanted.get(fd, 0) | events

    def select(self, timeout: float | None = None) -> list[tuple[Ready, int]]:
        poller = select.poll()
        for fd, events in self._wanted.items():
            poller.register(fd, _POLL_MASK[events])
        # as selectors.PollSelector: milliseconds, rounded up so a short wait does not spin
        wait = None if timeout is None else max(0, math.ceil(timeout * 1e3))
        ready = []
        for fd, revents in poller.poll(wait):
            if revents & select.POLLNVAL:
                raise OSError(errno.EBADF, "Bad file descriptor", fd)
            events = 0
            if revents & ~select.POLLIN:  # as PollSelector: errors and hang-ups wake both
                events |= EVENT_WRITE
            if revents & ~select.POLLOUT:
                events |= EVENT_READ
            ready.append((Ready(fd), events & self._wanted[fd]))
        return ready

    def close(self) -> None:
        self._wanted.clear()


# what TCPTransport finds under its name `selectors`
module = SimpleNamespace(
    DefaultSelector=TurnSelector, EVENT_READ=EVENT_READ, EVENT_WRITE=EVENT_WRITE
)
