"""The one way off the event loop: blocking calls run on a worker thread, awaited on the loop.

Storage work (peewee, password hashing) runs in one of the application's two database
executors, so a storage stall never freezes the web process:

- reads: GET and HEAD requests (the caller's account lookup and the handler), and code
  without a request (`off_loop(app, ...)`: the WebSocket fan-out's replays, the performance
  ticker, the detailed health check). SQLite in WAL mode and PostgreSQL read while another
  process holds the write lock, so these keep answering during a stall. On SQLite the read
  threads take turns (web.http.turns): one call at a time unless one runs long.
- writes: every other request. A writer waits for the SQLite write lock at most
  DATABASE_LOCK_TIMEOUT seconds (its connection's busy timeout), and for a free write thread
  at most as long; past either it answers 503 DATABASE_ERROR ("the database is busy"). So
  writers queued behind a held lock can never take the threads reads need.

`/api/health/` touches neither. The endpoint machinery runs every plain-`def` handler in the
executor of its request (`request_off_loop`), so a handler cannot forget it; async handlers
pass their storage calls to `Call.off_loop`. The actor bridge runs its blocking Thespian calls
with `in_thread` on its own threads. The caller's context variables go with every call.

Each database thread keeps its own peewee connection; each closes it when the application stops.
"""

from __future__ import annotations

import asyncio
import contextvars
import functools
import threading
from collections.abc import AsyncIterator, Awaitable, Callable
from concurrent.futures import Executor, ThreadPoolExecutor
from dataclasses import dataclass
from typing import ParamSpec, Protocol, TypeVar

from aiohttp import web

from storage.database import BUSY, close_database
from storage.error_codes import ErrorCode
from web.http.errors import ServiceUnavailable
from web.http.turns import Turns
from web.keys import database_executor_key, settings_key, write_executor_key

DATABASE_THREADS = 4  # per executor
READ_PATIENCE = 0.02  # seconds a SQLite read waits for its turn before it runs beside a long one
READING = frozenset({"GET", "HEAD"})

P = ParamSpec("P")
T = TypeVar("T")


class OffLoop(Protocol):
    """`off_loop` bound to an application: await call(*args) in its read executor."""

    def __call__(
        self, call: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs
    ) -> Awaitable[T]: ...


@dataclass(frozen=True)
class Reads:
    """The read executor, and on SQLite the turns its calls take (None: they run at once)."""

    executor: ThreadPoolExecutor
    turns: Turns | None

    async def run(self, call: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> T:
        if self.turns is None:
            return await in_thread(self.executor, call, *args, **kwargs)
        return await in_thread(self.executor, self.turns.run, call, *args, **kwargs)


@dataclass(frozen=True)
class Writes:
    """The write executor, and the turns of its threads: a call that cannot have one within
    `wait` seconds is refused instead of queueing behind writers that wait for a lock."""

    executor: ThreadPoolExecutor
    turns: asyncio.Semaphore
    wait: float

    async def run(self, call: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> T:
        try:
            await asyncio.wait_for(self.turns.acquire(), self.wait)
        except TimeoutError:
            raise ServiceUnavailable(BUSY, code=ErrorCode.DATABASE_ERROR) from None
        try:
            return await in_thread(self.executor, call, *args, **kwargs)
        finally:
            self.turns.release()


async def in_thread(
    executor: Executor | None, call: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs
) -> T:
    """call(*args, **kwargs) on a thread of executor (None: the loop's default pool)."""
    work = functools.partial(contextvars.copy_context().run, call, *args, **kwargs)
    return await asyncio.get_running_loop().run_in_executor(executor, work)


async def off_loop(
    app: web.Application, call: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs
) -> T:
    """call(*args, **kwargs) in the application's read executor (code without a request)."""
    return await app[database_executor_key].run(call, *args, **kwargs)


async def request_off_loop(
    request: web.Request, call: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs
) -> T:
    """call(*args, **kwargs) in the executor of the request's kind (reads or writes)."""
    if request.method in READING:
        return await off_loop(request.app, call, *args, **kwargs)
    return await request.app[write_executor_key].run(call, *args, **kwargs)


def bound_off_loop(app: web.Application) -> OffLoop:
    """`off_loop` for code that holds no request: it names the application once."""

    def run(call: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> Awaitable[T]:
        return off_loop(app, call, *args, **kwargs)

    return run


async def database_executor(app: web.Application) -> AsyncIterator[None]:
    """The executors' life is the application's (an `app.cleanup_ctx` entry)."""
    settings = app[settings_key]
    reads = ThreadPoolExecutor(DATABASE_THREADS, thread_name_prefix="database-read")
    writes = ThreadPoolExecutor(DATABASE_THREADS, thread_name_prefix="database-write")
    turns = Turns(READ_PATIENCE) if settings.sqlite_path is not None else None
    app[database_executor_key] = Reads(reads, turns)
    wait = settings.database_lock_timeout
    app[write_executor_key] = Writes(writes, asyncio.Semaphore(DATABASE_THREADS), wait)
    yield
    await asyncio.gather(_close(reads), _close(writes))


async def _close(executor: ThreadPoolExecutor) -> None:
    # peewee's connections are per thread: meet every thread once to close its own
    everyone = threading.Barrier(DATABASE_THREADS)

    def close_this_threads_connection() -> None:
        everyone.wait(timeout=10)
        close_database()

    closing = [executor.submit(close_this_threads_connection) for _ in range(DATABASE_THREADS)]
    await asyncio.gather(*(asyncio.wrap_future(future) for future in closing))
    executor.shutdown()
