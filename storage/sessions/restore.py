"""Restoring a session to a moment: its settings, and its project's tasks from their history.

Each task field changed after the moment goes back to the old value of its first change after
it; tasks created after it are deleted, tasks deleted after it come back. Every revert is itself
recorded (task history "restored", session history "restored"), so a restore can be undone.
Runtime statuses (queued, running) are never restored as such: such a task becomes pending.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from storage import sessions
from storage.database import write_transaction
from storage.error_codes import ErrorCode
from storage.errors import Conflict, Invalid
from storage.formats import Span
from storage.models import Session, Task, TaskHistory, User, utcnow
from storage.projects.access import get_project
from storage.roles import ProjectPermission
from storage.statuses import TASK_ACTIVE, TASK_FINAL, TaskStatus
from storage.tasks import tags
from storage.tasks.audit import record
from storage.tasks.crud import TRACKED, field_value


@dataclass
class Restored:
    session: Session
    settings_restored: bool = False
    tasks: list[dict[str, Any]] = field(default_factory=list)


def restore(
    user: User,
    session_id: str,
    point: Span,
    include_settings: bool,
    include_tasks: bool,
    ttl: int,
) -> Restored:
    """Restore to the end of the point as written (`12:00:00Z`: up to 12:00:00.999999, or now
    if that is sooner), so a time shown by the API names the state at that time."""
    with write_transaction():
        session = sessions.touch(user, session_id, ttl)
        now = utcnow()
        if point.start > now:
            raise Invalid("restore_point", "must not be in the future")
        moment = min(point.end, now)
        if moment < session.created_at:
            raise Invalid("restore_point", "must not be before the session was created")
        result = Restored(session)
        if include_tasks:
            get_project(user, session.project_id, ProjectPermission.WRITE)
            result.tasks = _restore_tasks(user, session, moment)
        if include_settings:
            wanted = sessions.settings_at(session, moment)
            if wanted != session.settings:
                sessions.set_settings(session, wanted, "restored", restore_point=moment.isoformat())
                result.settings_restored = True
        sessions.record(
            session.id,
            "restore",
            restore_point=moment.isoformat(),
            include_settings=include_settings,
            include_tasks=include_tasks,
            settings_restored=result.settings_restored,
            tasks=[t["task_id"] for t in result.tasks],
        )
    return result


def _restore_tasks(user: User, session: Session, moment: dt.datetime) -> list[dict[str, Any]]:
    plans = [(task, _plan(task, moment)) for task in _tasks_of(session.project_id, moment)]
    plans = [(task, plan) for task, plan in plans if plan]
    busy = [task.id for task, _ in plans if task.status in TASK_ACTIVE]
    if busy:
        raise Conflict(
            ErrorCode.TASK_ALREADY_RUNNING,
            "Tasks affected by the restore are queued or running; cancel them first",
            task_ids=busy,
        )
    details = {"session_id": session.id, "restore_point": moment.isoformat()}
    return [_apply(user, task, plan, details) for task, plan in plans]


def _tasks_of(project_id: str, moment: dt.datetime) -> list[Task]:
    """Tasks of the project that exist now or existed at the moment."""
    return list(
        Task.select()
        .where(
            (Task.project == project_id) & (Task.deleted_at.is_null() | (Task.deleted_at > moment))
        )
        .order_by(Task.created_at, Task.id)
    )


def _plan(task: Task, moment: dt.datetime) -> dict[str, Any]:
    """Field → value at the moment, for what changed after it; '_deleted' for existence."""
    if task.created_at > moment:
        return {} if task.deleted_at else {"_deleted": True}
    plan: dict[str, Any] = {}
    if task.deleted_at is not None:
        plan["_deleted"] = False
    later = (
        TaskHistory.select()
        .where(
            (TaskHistory.task == task.id)
            & (TaskHistory.created_at > moment)
            & TaskHistory.field.in_(TRACKED)
        )
        .order_by(TaskHistory.created_at, TaskHistory.id)
    )
    for entry in later:
        if entry.field is not None:  # always set on tracked fields
            plan.setdefault(entry.field, entry.old_value)
    if plan.get("status") in TASK_ACTIVE:
        plan["status"] = TaskStatus.PENDING
    current = {name: field_value(task, name) for name in plan if not name.startswith("_")}
    return {k: v for k, v in plan.items() if k.startswith("_") or current[k] != v}


def _apply(user: User, task: Task, plan: dict[str, Any], details: dict[str, Any]) -> dict[str, Any]:
    changes = {k: v for k, v in plan.items() if not k.startswith("_")}
    now = utcnow()
    row: dict[str, Any] = dict(changes)
    if "status" in changes:
        row["completed_at"] = task.completed_at if changes["status"] in TASK_FINAL else None
        if changes["status"] == TaskStatus.PENDING and "progress_percentage" not in changes:
            row["progress_percentage"] = 0
    if "_deleted" in plan:
        row["deleted_at"] = now if plan["_deleted"] else None
    Task.update(updated_at=now, **row).where(Task.id == task.id).execute()
    if "tags" in changes:
        tags.sync(task.id, changes["tags"] or [])
    for name, value in changes.items():
        old = field_value(task, name)
        record(task, user, "restored", field=name, old=old, new=value, details=details)
    if "_deleted" in plan:
        action = "deleted" if plan["_deleted"] else "undeleted"
        record(task, user, action, details=details)
    return {
        "task_id": task.id,
        "project_id": task.project_id,
        "changes": changes,
        "deleted": plan.get("_deleted"),
        "status": changes.get("status", task.status),
    }
