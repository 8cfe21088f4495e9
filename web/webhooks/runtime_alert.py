"""system.alert `runtime_unreachable`: this web process's bridge has not reached the actor
runtime for ALERT_RUNTIME_UNREACHABLE_SECONDS (counted from start, too); cleared when it
connects again. The alert is written to the outbox here; the runtime's WebhookActor
delivers it, so it goes out once a runtime is back (an outage of the whole runtime needs an
external check of /api/health/detailed as well)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
import time
from collections.abc import AsyncIterator

from aiohttp import web

from storage.formats import iso
from storage.models import utcnow
from storage.webhooks import AlertKind
from storage.webhooks.alerts import Condition, clear, fire
from web.http.offload import OffLoop, bound_off_loop
from web.keys import bridge_key, settings_key
from web.runtime.bridge import ActorBridge

log = logging.getLogger(__name__)
CHECK_SECONDS = 1.0
UNREACHABLE = Condition(AlertKind.RUNTIME_UNREACHABLE)


async def watch_runtime(app: web.Application) -> AsyncIterator[None]:
    """cleanup_ctx: the watch of the bridge, for the life of the application."""
    threshold = app[settings_key].webhooks.alert_runtime_unreachable_seconds
    watch = RuntimeWatch(app[bridge_key], threshold, bound_off_loop(app))
    task = asyncio.get_running_loop().create_task(watch.run())
    yield
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task


class RuntimeWatch:
    def __init__(self, bridge: ActorBridge, threshold: float, off_loop: OffLoop) -> None:
        self.bridge = bridge
        self.threshold = threshold
        self.off_loop = off_loop
        self.lost_since: float | None = time.monotonic()  # not connected yet
        self.lost_at = utcnow()
        self.alerted = False
        self.process = f"{socket.gethostname()}:{os.getpid()}"

    async def run(self) -> None:
        while True:
            await asyncio.sleep(min(CHECK_SECONDS, self.threshold / 4))
            try:
                await self.check()
            except Exception:  # storage unreachable: try again next time
                log.warning("could not record the runtime's reachability", exc_info=True)

    async def check(self) -> None:
        if self.bridge.connected:
            if self.lost_since is not None:
                await self.off_loop(clear, UNREACHABLE, "The actor runtime is reachable again")
                self.lost_since, self.alerted = None, False
            return
        if self.lost_since is None:
            self.lost_since, self.lost_at = time.monotonic(), utcnow()
        elif not self.alerted and time.monotonic() - self.lost_since > self.threshold:
            await self.off_loop(
                fire,
                UNREACHABLE,
                f"The actor runtime has been unreachable since {iso(self.lost_at)}",
                since=iso(self.lost_at),
                web_process=self.process,
            )
            self.alerted = True
