"""Announcing state the web process wrote: the EventHub sequences it (a queued execution's event
comes stored) and every process fans out.

Access changes go the same way, to every web process (there may be several): applied here at
once, then published through the runtime for the others.
"""

from __future__ import annotations

import asyncio
import dataclasses
from typing import Any

from aiohttp import web

from actors.live.hub import task_status_event
from actors.live.queued import Announcement
from actors.messages import AccessChanged, LentStart, StartExecution
from storage.live.protocol import AccessChange
from storage.runs.executions import Cancelled
from storage.statuses import TaskStatus
from web.keys import bridge_key, sockets_key
from web.runtime.bridge import ActorBridge


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
    the event to the EventHub, side by side (actors/live/queued.py). With a runner lent to
    this process whose terms allow the execution, its plan goes to that runner first, and the
    notice names it: the CLI starts without waiting for the Supervisor, which claims it
    there (actors/supervisor/permits.py)."""
    bridge = app[bridge_key]
    await asyncio.gather(_start(bridge, announcement), bridge.publish(announcement.event))


async def _start(bridge: ActorBridge, announcement: Announcement) -> None:
    notice, plan = announcement.notice, announcement.plan
    permit = bridge.take_permit(notice.priority, plan.project_id)
    if permit is not None:
        start = StartExecution(plan=plan, sandbox=permit.sandbox, events=permit.events)
        if await bridge.tell(start, permit.runner):
            notice = dataclasses.replace(notice, lent=LentStart(permit.runner, plan))
    await bridge.tell(notice)


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
