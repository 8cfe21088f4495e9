"""Blocking work off the event loop: the web process's one idiom for it.

Peewee queries, figures that scan storage and Thespian's blocking calls run through `off_loop`,
in the loop's default thread pool or in a given executor (the bridge's single sender thread,
which owns its actor-system handle). The caller's context variables go with the call.
"""

from __future__ import annotations

import asyncio
import contextvars
import functools
from collections.abc import Callable
from concurrent.futures import Executor
from typing import TypeVar, TypeVarTuple

Result = TypeVar("Result")
Args = TypeVarTuple("Args")


async def off_loop(
    fn: Callable[[*Args], Result], *args: *Args, executor: Executor | None = None
) -> Result:
    """fn(*args) on a worker thread (executor, else the default pool), awaited on the loop."""
    call = functools.partial(contextvars.copy_context().run, fn, *args)
    return await asyncio.get_running_loop().run_in_executor(executor, call)
