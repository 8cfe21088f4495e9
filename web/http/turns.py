"""Reads that take turns: the SQLite read executor's threads run one call at a time, in the
order they came, unless the running call is a long one.

SQLite reads are CPU work in this process, and its driver lets go of the GIL around every row
it steps over, so four threads reading at once hand the GIL to each other dozens of times per
request: 360 futex calls per task-list request where one thread needs 20, and a fifth of the
requests per second (benchmarks/task_list.py). Taking turns keeps the four threads (and their
connections) for what they are for, a long read: a call that has waited `patience` seconds
behind the running one starts beside it, so a search over 100k tasks never holds up the rest
for longer than that.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
T = TypeVar("T")


class Turns:
    """First come, first served, one at a time; past `patience` seconds a waiter goes ahead."""

    def __init__(self, patience: float) -> None:
        self.patience = patience
        self._lock = threading.Lock()
        self._waiting: deque[threading.Event] = deque()
        self._taken = False
        self._own = threading.local()  # each thread's event, reused for every wait

    @property
    def waiting(self) -> int:
        """How many calls wait for their turn now."""
        return len(self._waiting)

    def run(self, call: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> T:
        has_turn = self._take()
        try:
            return call(*args, **kwargs)
        finally:
            if has_turn:
                self._pass_on()

    def _take(self) -> bool:
        """Whether this call holds the turn (False: it waited too long and runs beside it)."""
        with self._lock:
            if not self._taken:
                self._taken = True
                return True
            handed = self._event()
            self._waiting.append(handed)
        if handed.wait(self.patience):
            return True
        with self._lock:
            if handed.is_set():  # handed over just as the wait ran out
                return True
            self._waiting.remove(handed)
            return False

    def _event(self) -> threading.Event:
        event: threading.Event | None = getattr(self._own, "event", None)
        if event is None:
            event = self._own.event = threading.Event()
        event.clear()
        return event

    def _pass_on(self) -> None:
        with self._lock:
            if self._waiting:
                self._waiting.popleft().set()  # the turn goes straight to the first waiter
            else:
                self._taken = False
