"""Cloning a project: a new project of the caller's, optionally with settings and tasks."""

from __future__ import annotations

from pathlib import Path

from storage import cli
from storage.database import write_transaction
from storage.error_codes import ErrorCode
from storage.errors import Conflict
from storage.models import Project, Task, TaskHistory, User, new_id, utcnow
from storage.projects.access import get_project
from storage.projects.crud import create_project
from storage.roles import ProjectPermission
from storage.tasks import dependencies, tags

BATCH = 500
COPIED = ("title", "description", "priority", "estimated_duration", "tags", "metadata")


def clone_project(
    user: User,
    project_id: str,
    workspace_root: Path,
    name: str | None,
    include_tasks: bool,
    include_settings: bool,
) -> Project:
    """Tasks are copied as new pending, unassigned tasks with their links; members, files
    and executions are not copied."""
    with write_transaction():
        source = get_project(user, project_id, ProjectPermission.READ)
        limits = source.resource_limits if include_settings else {}
        originals = _live_tasks(source) if include_tasks else []
        limit = (limits or {}).get("max_tasks")
        if limit is not None and len(originals) > limit:
            raise Conflict(
                ErrorCode.PROJECT_LIMIT_EXCEEDED,
                f"The clone would hold {len(originals)} tasks; its max_tasks is {limit}",
                max_tasks=limit,
            )
        clone = create_project(
            user,
            name or f"{source.name} (copy)",
            workspace_root,
            description=source.description,
            settings=cli.cloned_settings(user, source.settings) if include_settings else {},
            resource_limits=limits,
        )
        _copy_tasks(user, source, clone, originals)
    return clone


def _live_tasks(project: Project) -> list[Task]:
    return list(
        Task.select()
        .where((Task.project == project) & Task.deleted_at.is_null())
        .order_by(Task.created_at, Task.id)
    )


def _copy_tasks(user: User, source: Project, clone: Project, originals: list[Task]) -> None:
    now = utcnow()
    mapping = {task.id: new_id() for task in originals}
    rows = [
        {
            **{name: getattr(task, name) for name in COPIED},
            "id": mapping[task.id],
            "project": clone.id,
            "created_by": user.id,
            "created_at": now,
            "updated_at": now,
        }
        for task in originals
    ]
    history = [
        {
            "id": new_id(),
            "task": mapping[task.id],
            "user": user.id,
            "action": "created",
            "details": {"cloned_from": task.id, "initial_data": {"title": task.title}},
            "created_at": now,
        }
        for task in originals
    ]
    for start in range(0, len(rows), BATCH):
        Task.insert_many(rows[start : start + BATCH]).execute()
        TaskHistory.insert_many(history[start : start + BATCH]).execute()
    tags.insert_rows((mapping[t.id], t.tags) for t in originals)
    dependencies.copy_links(source.id, mapping)
