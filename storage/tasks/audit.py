"""The audit trail of tasks: who changed what, when, from which value to which."""

from __future__ import annotations

from typing import Any

from peewee import JOIN

from storage.models import Task, TaskHistory, User
from storage.prepared import Binds


def record(
    task: Task | str,
    user: User | str | None,
    action: str,
    field: str | None = None,
    old: Any = None,
    new: Any = None,
    details: dict[str, Any] | None = None,
) -> None:
    """One entry of the task's history (on every status change: a prepared insert)."""
    row = {
        "task": task,
        "user": user,
        "action": action,
        "field": field,
        "old_value": old,
        "new_value": new,
        "details": details or {},
    }
    Binds().insert(("task history",), TaskHistory, row)


def history(task: Task, limit: int | None = None) -> list[TaskHistory]:
    """The task's history, oldest first, with each entry's user (None for the runtime)."""
    query = (
        TaskHistory.select(TaskHistory, User)
        .join(User, on=(TaskHistory.user == User.id), join_type=JOIN.LEFT_OUTER)
        .where(TaskHistory.task == task)
        .order_by(TaskHistory.created_at, TaskHistory.id)
    )
    return list(query if limit is None else query.limit(limit))
