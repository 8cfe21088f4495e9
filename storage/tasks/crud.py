"""Tasks: creation, lookup through their project, changes with their history, soft deletion."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from storage.database import locked, write_transaction
from storage.error_codes import ErrorCode
from storage.errors import Conflict, Invalid, NotFound
from storage.models import Project, Task, User, utcnow
from storage.prepared import Binds
from storage.projects.access import get_project, project_role, require, visible_project_ids
from storage.roles import ProjectPermission
from storage.statuses import TASK_ACTIVE, TASK_FINAL, TASK_SETTABLE, TaskStatus
from storage.tasks import dependencies, tags
from storage.tasks.audit import history, record
from storage.webhooks import notify

__all__ = ["create_task", "delete_task", "get_task", "history", "record", "update_task"]

SETTABLE_STATUSES = TASK_SETTABLE  # kept for web/api/tasks.py and web/api/bulk.py
TRACKED = (
    "title",
    "description",
    "status",
    "priority",
    "progress_percentage",
    "estimated_duration",
    "assigned_to",
    "tags",
    "metadata",
)
Changes = dict[str, Any]


def create_task(user: User, project_id: str, fields: Changes) -> Task:
    """A new pending task; fields as the API names them (dependencies included)."""
    fields = dict(fields)
    specs = fields.pop("dependencies", None) or []
    with write_transaction():
        project = get_project(user, project_id, ProjectPermission.WRITE)
        check_room(project, 1)
        _check_fields(project, fields)
        assignee = fields.pop("assigned_to", None)
        task = Task.create(project=project, created_by=user, assigned_to=assignee, **fields)
        tags.sync(task.id, task.tags)
        record(task, user, "created", details={"initial_data": _snapshot(task)})
        if specs:
            dependencies.replace(task, user, specs)
        notify.task_created(task)
    return task


def get_task(user: User, task_id: str, need: ProjectPermission = ProjectPermission.READ) -> Task:
    """The task if the user may do `need` in its project; invisible tasks are NotFound.
    (Every task request reads it: a prepared query, its SQL built once per kind of user.)"""
    binds = Binds()
    query = (
        Task.select(Task, Project)
        .join(Project)
        .where(
            (Task.id == binds.slot("id", task_id))
            & Task.deleted_at.is_null()
            & Task.project.in_(visible_project_ids(user, binds))
        )
    )
    found = binds.run_joined(("task by id",), query)
    if not found:
        raise NotFound("task", task_id)
    require(user, found[0].project, need)
    return found[0]


def update_task(user: User, task_id: str, changes: Changes | Callable[[Task], Changes]) -> Task:
    """Apply the changes (or the changes computed from the current task); history per field.

    Statuses queued and running belong to the runtime: a task in one of them keeps its status
    here (TASK_ALREADY_RUNNING), and no client sets them.
    """
    with write_transaction():
        task = get_task(user, task_id, ProjectPermission.WRITE)
        wanted = dict(changes(task) if callable(changes) else changes)
        specs = wanted.pop("dependencies", None)
        _check_fields(task.project, wanted)
        diff = {
            name: value
            for name, value in wanted.items()
            if field_value(task, name) != value and name in TRACKED
        }
        if "status" in diff:
            _status_change(task, diff)
        if diff:
            _apply(task, user, diff)
        if specs is not None:
            dependencies.replace(task, user, specs)
    return get_task(user, task_id)


def delete_task(user: User, task_id: str) -> Task:
    """Soft delete: the row stays for the audit trail, hidden from every query."""
    with write_transaction():
        task = get_task(user, task_id, ProjectPermission.WRITE)
        _refuse_active(task)
        now = utcnow()
        deleted = (
            Task.update(deleted_at=now, updated_at=now)
            .where((Task.id == task.id) & Task.status.not_in(TASK_ACTIVE))
            .execute()
        )
        if not deleted:
            _refuse_active(Task.get_by_id(task.id))
        record(task, user, "deleted", details={"title": task.title})
        task.deleted_at = now
    return task


def check_room(project: Project, adding: int) -> None:
    """PROJECT_LIMIT_EXCEEDED when adding tasks would pass the project's max_tasks."""
    limit = (project.resource_limits or {}).get("max_tasks")
    if limit is None:
        return
    locked(Project.select(Project.id).where(Project.id == project.id)).execute()
    count = Task.select().where((Task.project == project) & Task.deleted_at.is_null()).count()
    if count + adding > limit:
        raise Conflict(
            ErrorCode.PROJECT_LIMIT_EXCEEDED,
            f"The project allows at most {limit} tasks",
            max_tasks=limit,
            current_tasks=count,
        )


def _check_fields(project: Project, fields: Changes) -> None:
    if "status" in fields and fields["status"] not in SETTABLE_STATUSES:
        raise Invalid("status", "must be one of " + ", ".join(SETTABLE_STATUSES))
    if "tags" in fields:
        fields["tags"] = tags.normalize(fields["tags"] or [])
    if fields.get("assigned_to") is not None:
        assignee = User.get_or_none((User.id == fields["assigned_to"]) & User.is_active)
        if assignee is None or project_role(assignee, project) is None:
            raise Invalid("assigned_to", "must be an active user with access to the project")


def field_value(task: Task, name: str) -> Any:
    """A tracked field's value as the API names it (assigned_to is the assignee's id)."""
    return task.assigned_to_id if name == "assigned_to" else getattr(task, name)


def _status_change(task: Task, diff: Changes) -> None:
    _refuse_active(task)
    status = diff["status"]
    if status in TASK_FINAL:
        diff["completed_at"] = utcnow()
        if status == TaskStatus.COMPLETED:
            diff.setdefault("progress_percentage", 100)
    else:
        diff["completed_at"] = None


def _apply(task: Task, user: User, diff: Changes) -> None:
    now = utcnow()
    guard = Task.status == task.status  # the runtime may have moved it meanwhile
    if not Task.update(updated_at=now, **diff).where((Task.id == task.id) & guard).execute():
        _refuse_active(Task.get_by_id(task.id))
    changed = {
        name: (field_value(task, name), diff[name])
        for name in TRACKED
        if name in diff and field_value(task, name) != diff[name]
    }
    for name, (old, new) in changed.items():
        action = "status_changed" if name == "status" else "updated"
        record(task, user, action, field=name, old=old, new=new)
    if "tags" in diff:
        tags.sync(task.id, diff["tags"])
    notify.task_changed(task.id, task.project_id, changed, user.id)


def _refuse_active(task: Task) -> None:
    if task.status in TASK_ACTIVE:
        raise Conflict(
            ErrorCode.TASK_ALREADY_RUNNING,
            f"Task is {task.status}: its status belongs to the runtime until it ends",
            id=task.id,
            status=task.status,
        )


def _snapshot(task: Task) -> dict[str, Any]:
    return {
        "title": task.title,
        "status": task.status,
        "priority": task.priority,
        "assigned_to": task.assigned_to_id,
        "tags": task.tags,
    }
