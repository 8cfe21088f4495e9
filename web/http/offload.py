"""The one way off the event loop: blocking calls (peewee, password hashing) run in the
application's database executor.

The endpoint machinery runs every plain-`def` handler there, so a handler cannot forget it;
async handlers (those that await the actor bridge) pass their storage calls to `off_loop`.
Each executor thread keeps its own peewee connection; each closes it when the application stops.
"""

from __future__ import annotations

import asyncio
import functools
import threading
from collections.abc import AsyncIterator, Callable
from concurrent.futures import ThreadPoolExecutor
from typing import ParamSpec, TypeVar

from aiohttp import web

from storage.database import close_database
from web.keys import database_executor_key

DATABASE_THREADS = 4

P = ParamSpec("P")
T = TypeVar("T")


async def off_loop(
    app: web.Application, call: Callable[P, T], *args: P.args, **kwargs: P.kwargs
) -> T:
    """call(*args, **kwargs) in the database executor, awaited from the loop."""
    loop = asyncio.get_running_loop()
    work = functools.partial(call, *args, **kwargs)
    return await loop.run_in_executor(app[database_executor_key], work)


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
