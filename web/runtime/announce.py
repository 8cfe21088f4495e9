"""Announcing state the web process wrote: the EventHub sequences it and every process fans out."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from actors.live.hub import task_status_event
from storage.runs.executions import Cancelled
from storage.statuses import TaskStatus
from web.keys import bridge_key


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
    await app[bridge_key].tell(event)


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
