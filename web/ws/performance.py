"""performance_data, every WS_PERFORMANCE_INTERVAL, to this process's `performance` holders.

Computed once per process per tick (never per socket), and only while someone subscribes.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
from collections.abc import AsyncIterator

from aiohttp import web

from actors.live import metrics
from storage.live.protocol import Channel, EventKind
from web.http.offload import off_loop
from web.keys import settings_key, sockets_key
from web.ws import protocol

log = logging.getLogger(__name__)


async def performance_ticker(app: web.Application) -> AsyncIterator[None]:
    """cleanup_ctx: the periodic task lives as long as the app."""
    task = asyncio.get_running_loop().create_task(_tick(app))
    yield
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task


async def _tick(app: web.Application) -> None:
    interval = app[settings_key].ws_performance_interval
    sockets = app[sockets_key]
    metrics.host_figures()  # CPU use is measured between ticks from here
    while True:
        await asyncio.sleep(interval)
        if not sockets.fanout.holders(Channel.PERFORMANCE):
            continue
        try:  # the queue figures scan the last hour of executions: off the loop
            figures = await off_loop(app, metrics.performance, len(sockets.connections))
        except Exception:
            log.exception("performance figures failed")
            continue
        text = protocol.encode(protocol.message(EventKind.PERFORMANCE_DATA, figures))
        sockets.fanout.broadcast(Channel.PERFORMANCE, functools.partial(str, text))
