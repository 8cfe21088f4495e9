"""The two writes every execution change shares: a new queued attempt, and the task's status
(with its history entry). Callers hold the write transaction."""

from __future__ import annotations

import datetime as dt
from typing import Any

from peewee import fn

from storage.models import Execution, Task, User, utcnow
from storage.prepared import Binds
from storage.runs.conversations import Turn
from storage.statuses import TaskStatus
from storage.tasks.audit import record
from storage.webhooks import notify


def queue_execution(
    task: Task,
    user: User | None,
    priority: str,
    timeout: int | None,
    retry_attempts: int,
    not_before: dt.datetime | None,
    cli_options: dict[str, Any] | None = None,
    conversation: Turn | None = None,
) -> Execution:
    """Write the task's next attempt as queued (with the CLI options it will use) and mark the
    task queued."""
    binds = Binds()
    last = Execution.select(fn.MAX(Execution.attempt)).where(
        Execution.task == binds.slot("task", task.id)
    )
    attempt = (binds.run_scalar(("last attempt",), last) or 0) + 1
    row = {
        "task": task,
        "priority": priority,
        "attempt": attempt,
        "retry_attempts": retry_attempts,
        "timeout": timeout,
        "created_by": user,
        "not_before": not_before,
        "cli_options": cli_options,
        "prompt": conversation.prompt if conversation else None,
        "resume_session_id": conversation.resume_session_id if conversation else None,
    }
    execution = Execution(**Binds().insert(("queued execution",), Execution, row))
    set_task_status(task, TaskStatus.QUEUED, user, execution_id=execution.id, attempt=attempt)
    return execution


def set_task_status(task: Task, status: TaskStatus, user: User | None, **details: object) -> None:
    """Move the task to status and record the change in its history (no-op if unchanged)."""
    if task.status == status:
        return
    changed = {"status": status, "updated_at": utcnow()}
    Binds().update_by_id(("task status",), Task, task.id, changed)
    recorded = {k: v for k, v in details.items() if v is not None}
    record(
        task, user, "status_changed", field="status", old=task.status, new=status, details=recorded
    )
    by = None if user is None else user.id
    notify.task_changed(task.id, task.project_id, {"status": (task.status, status)}, by, **recorded)
    task.status = status
