"""Announcing state the web process wrote: the EventHub sequences it (a queued execution's event
comes stored) and every process fans out.

Access changes go the same way, to every web process (there may be several): applied here at
once, then published through the runtime for the others.
"""

from __future__ import annotations

import asyncio
from typing import Any

from aiohttp import web

from actors.live.hub import task_status_event
from actors.live.queued import Announcement
from actors.messages import AccessChanged
from storage.live.protocol import AccessChange
from storage.runs.executions import Cancelled
from storage.statuses import TaskStatus
from web.keys import bridge_key, sockets_key


async def task_status(
    app: web.Application,
    task_id: str,
    project_id: str,
    status: TaskStatus,
    execution_id: str | None = None,
    **extra: Any,
) -> None:
    """After the change is committed: a task_update to its task's and project's watchers."""
    event = task_status_event(task_id, project_id, status, execution_id, **extra)
    await app[bridge_key].publish(event)


async def queued(app: web.Application, announcement: Announcement) -> None:
    """After an execution is queued (with its event stored): the notice to the Supervisor and
    the event to the EventHub, side by side (actors/live/queued.py)."""
    bridge = app[bridge_key]
    await asyncio.gather(bridge.tell(announcement.notice), bridge.publish(announcement.event))


async def cancelled(app: web.Application, execution: Cancelled, **extra: Any) -> None:
    """After a cancellation is committed: its task's task_update, status cancelled."""
    await task_status(
        app,
        execution.task_id,
        execution.project_id,
        TaskStatus.CANCELLED,
        execution.execution_id,
        **extra,
    )


async def access_changed(
    app: web.Application,
    change: AccessChange,
    project_id: str | None = None,
    user_id: str | None = None,
) -> None:
    """After a change of membership, role, project state or logins is committed: every web
    process re-authorises its sockets concerned (or closes them, when the logins ended)."""
    sockets = app[sockets_key]
    message = AccessChanged(change, project_id, user_id, origin=sockets.origin)
    await sockets.apply(message)
    await app[bridge_key].publish(message)
