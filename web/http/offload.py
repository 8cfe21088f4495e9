"""The one way off the event loop: blocking calls run on a worker thread, awaited on the loop.

Storage work (peewee, password hashing) runs in the application's database executor through
`off_loop(app, ...)`; the endpoint machinery runs every plain-`def` handler there, so a handler
cannot forget it, and async handlers pass their storage calls to `Call.off_loop`. Code without
a request (the WebSocket fan-out, the performance ticker) is handed a bound `OffLoop`. The
actor bridge runs its blocking Thespian calls with `in_thread` on its own threads (each owns
its actor-system handle). The caller's context variables go with every call.

Each database thread keeps its own peewee connection; each closes it when the application stops.
"""

from __future__ import annotations

import asyncio
import contextvars
import functools
import threading
from collections.abc import AsyncIterator, Awaitable, Callable
from concurrent.futures import Executor, ThreadPoolExecutor
from typing import ParamSpec, Protocol, TypeVar

from aiohttp import web

from storage.database import close_database
from web.keys import database_executor_key

DATABASE_THREADS = 4

P = ParamSpec("P")
T = TypeVar("T")


class OffLoop(Protocol):
    """`off_loop` bound to an application: await call(*args) in its database executor."""

    def __call__(
        self, call: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs
    ) -> Awaitable[T]: ...


async def in_thread(
    executor: Executor | None, call: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs
) -> T:
    """call(*args, **kwargs) on a thread of executor (None: the loop's default pool)."""
    work = functools.partial(contextvars.copy_context().run, call, *args, **kwargs)
    return await asyncio.get_running_loop().run_in_executor(executor, work)


async def off_loop(
    app: web.Application, call: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs
) -> T:
    """call(*args, **kwargs) in the application's database executor."""
    return await in_thread(app[database_executor_key], call, *args, **kwargs)


def bound_off_loop(app: web.Application) -> OffLoop:
    """`off_loop` for code that holds no request: it names the application once."""

    def run(call: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> Awaitable[T]:
        return off_loop(app, call, *args, **kwargs)

    return run


async def database_executor(app: web.Application) -> AsyncIterator[None]:
    """The executor's life is the application's (an `app.cleanup_ctx` entry)."""
    executor = ThreadPoolExecutor(DATABASE_THREADS, thread_name_prefix="database")
    app[database_executor_key] = executor
    yield
    # peewee's connections are per thread: meet every thread once to close its own
    everyone = threading.Barrier(DATABASE_THREADS)

    def close_this_threads_connection() -> None:
        everyone.wait(timeout=10)
        close_database()

    closing = [executor.submit(close_this_threads_connection) for _ in range(DATABASE_THREADS)]
    await asyncio.gather(*(asyncio.wrap_future(future) for future in closing))
    executor.shutdown()
