"""SQLite reads take turns: one call at a time in arrival order, unless the running one is long."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest
from aiohttp.test_utils import TestClient

from tests.support.waiting import wait_for
from web.http.turns import Turns
from web.keys import database_executor_key, settings_key

LONG = 30.0  # a patience no test reaches


@contextmanager
def running(call: Callable[[], object]) -> Iterator[threading.Thread]:
    thread = threading.Thread(target=call, daemon=True)
    thread.start()
    try:
        yield thread
    finally:
        thread.join(10)
        assert not thread.is_alive()


def holding(turns: Turns, release: threading.Event, held: threading.Event) -> Callable[[], None]:
    """A call that holds its turn from setting held until release (then held is cleared)."""

    def hold() -> None:
        held.set()
        release.wait(10)
        held.clear()

    return lambda: turns.run(hold)


def test_calls_run_one_at_a_time_in_the_order_they_came() -> None:
    turns, release, held = Turns(LONG), threading.Event(), threading.Event()
    order: list[int] = []
    with running(holding(turns, release, held)):
        assert held.wait(10)
        waiters = []
        for number in range(3):  # each queued before the next comes
            waiter = threading.Thread(target=turns.run, args=(order.append, number), daemon=True)
            waiter.start()
            waiters.append(waiter)
            wait_for(lambda number=number: turns.waiting == number + 1)
        assert order == []  # none ran beside the holder
        release.set()
        for waiter in waiters:
            waiter.join(10)
    assert order == [0, 1, 2]
    assert turns.waiting == 0
    assert turns.run(lambda: "free") == "free"  # the turn was passed on to the end and let go


def test_a_call_that_waited_its_patience_runs_beside_a_long_one() -> None:
    turns, release, held = Turns(0.05), threading.Event(), threading.Event()
    with running(holding(turns, release, held)):
        assert held.wait(10)
        assert turns.run(lambda: "beside") == "beside"
        assert held.is_set()  # it ran while the long call held its turn
        assert turns.waiting == 0  # the one that went ahead left the queue
        release.set()
    assert turns.run(lambda: "after") == "after"


def test_a_failing_call_passes_its_turn_on() -> None:
    turns = Turns(LONG)

    def fail() -> None:
        raise ValueError("a read that failed")

    with pytest.raises(ValueError, match="failed"):
        turns.run(fail)
    assert turns.run(lambda: "next") == "next"


async def test_sqlite_reads_take_turns_and_postgresql_reads_do_not(client: TestClient) -> None:
    app = client.server.app
    on_sqlite = app[settings_key].sqlite_path is not None
    assert (app[database_executor_key].turns is not None) is on_sqlite
