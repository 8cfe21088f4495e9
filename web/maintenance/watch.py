"""This process's copy of the maintenance window (storage.system): read at start, at once
after a change made here, and every POLL_SECONDS, so a change made through another web process
arrives within seconds without a message between them. Each stored change, and the moment a
scheduled window begins, is told to every socket of this process as a `notification`."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator

from aiohttp import web

from storage.formats import iso
from storage.system import MaintenanceWindow, read_maintenance
from web.http.offload import OffLoop, bound_off_loop
from web.keys import maintenance_key, sockets_key

log = logging.getLogger(__name__)

POLL_SECONDS = 2.0
DEFAULT_MESSAGE = "The system is under maintenance; changes are paused"


class MaintenanceWatch:
    def __init__(self, app: web.Application, off_loop: OffLoop) -> None:
        self.app = app
        self.off_loop = off_loop
        self.window = MaintenanceWindow()
        self._was_active = False

    async def refresh(self) -> MaintenanceWindow:
        """Read the stored window; tell the sockets when it changed or has just begun."""
        window = await self.off_loop(read_maintenance)
        changed = window.updated_at != self.window.updated_at
        begun = window.active and not self._was_active
        self.window, self._was_active = window, window.active
        if changed or begun:
            self._notify(window)
        return window

    def start_quietly(self, window: MaintenanceWindow) -> None:
        """The state at start: nothing to tell the (no) sockets."""
        self.window, self._was_active = window, window.active

    def _notify(self, window: MaintenanceWindow) -> None:
        if sockets_key in self.app:
            self.app[sockets_key].notify_all(notice(window))


def notice(window: MaintenanceWindow) -> dict[str, object]:
    """The notification of a window (API.md, System Notification)."""
    if not window.enabled:
        level, title, message = "info", "Maintenance ended", window.message or "Changes are open"
    elif window.active:
        level, title, message = "warning", "System maintenance", window.message or DEFAULT_MESSAGE
    else:
        begins = f"Scheduled maintenance will begin at {iso(window.starts_at)}"
        level, title, message = "info", "Scheduled maintenance", window.message or begins
    return {
        "level": level,
        "title": title,
        "message": message,
        "starts_at": iso(window.starts_at),
        "ends_at": iso(window.ends_at),
        "actions": [{"label": "Dismiss", "action": "dismiss"}],
    }


async def watch_maintenance(app: web.Application) -> AsyncIterator[None]:
    """cleanup_ctx: the watch, read once before serving, then polled."""
    watch = MaintenanceWatch(app, bound_off_loop(app))
    app[maintenance_key] = watch
    try:
        watch.start_quietly(await watch.off_loop(read_maintenance))
    except Exception:  # serve anyway (not in maintenance); the poll tries again
        log.warning("could not read the maintenance window", exc_info=True)
    poller = asyncio.get_running_loop().create_task(_poll(watch))
    yield
    poller.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await poller


async def _poll(watch: MaintenanceWatch) -> None:
    while True:
        await asyncio.sleep(POLL_SECONDS)
        try:
            await watch.refresh()
        except Exception:  # a database that does not answer: keep the last state, try again
            log.warning("could not read the maintenance window", exc_info=True)
