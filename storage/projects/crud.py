"""Projects: creation, changes, soft deletion, listing, statistics and recent activity."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from peewee import JOIN, fn

from storage import cli
from storage.database import write_transaction
from storage.error_codes import ErrorCode
from storage.errors import Conflict
from storage.formats import iso
from storage.models import Project, Task, TaskHistory, User, new_id, utcnow
from storage.pages import Page, PageRequest, paginate
from storage.projects.access import get_project, require, visible_projects, writable
from storage.roles import ProjectPermission, ProjectRole
from storage.search import fulltext
from storage.search.filters import CreatedBetween, check_members
from storage.statuses import TASK_ACTIVE, ProjectStatus, TaskStatus
from storage.tasks.counts import by_status as live_tasks_by_status
from storage.webhooks import notify

__all__ = ["get_project", "visible_projects", "writable"]  # re-exported for other layers

STATUSES: tuple[ProjectStatus, ...] = tuple(ProjectStatus)  # kept for web/api/projects.py
SORTS = {"name": Project.name, "created_at": Project.created_at, "updated_at": Project.updated_at}
TASK_COUNTS: tuple[TaskStatus, ...] = tuple(TaskStatus)
EDITABLE = ("name", "description", "status", "settings", "resource_limits")


@dataclass(frozen=True)
class ProjectFilter(CreatedBetween):
    """What a project list asks for; empty values filter nothing."""

    statuses: Sequence[str] = ()
    created_by: str | None = None
    search: str | None = None


def create_project(
    user: User,
    name: str,
    workspace_root: Path,
    description: str = "",
    settings: dict[str, Any] | None = None,
    resource_limits: dict[str, Any] | None = None,
) -> Project:
    """Create a project with its own working directory under the workspace root."""
    project_id = new_id()
    directory = workspace_root / project_id
    settings = cli.check_settings(user, None, settings or {}, str(directory))
    directory.mkdir(parents=True, exist_ok=False, mode=0o750)
    with write_transaction():
        project = Project.create(
            id=project_id,
            name=name,
            description=description,
            created_by=user,
            working_directory=str(directory),
            settings=settings or {},
            resource_limits=resource_limits or {},
        )
        notify.project_created(project)
    return project


def update_project(user: User, project_id: str, changes: dict[str, Any]) -> Project:
    """Owner, maintainer or admin; an archived project only accepts a new status."""
    with write_transaction():
        project = get_project(user, project_id, ProjectPermission.MANAGE)
        changes = {k: v for k, v in changes.items() if k in EDITABLE}
        if project.status == ProjectStatus.ARCHIVED and set(changes) - {"status"}:
            writable(project)
        if "settings" in changes:
            changes["settings"] = cli.check_settings(
                user, project.settings, changes["settings"], project.working_directory
            )
        changed = {
            name: (getattr(project, name), value)
            for name, value in changes.items()
            if getattr(project, name) != value
        }
        if changes:
            changes["updated_at"] = utcnow()
            Project.update(**changes).where(Project.id == project.id).execute()
        notify.project_changed(project, changed, user.id)
    return get_project(user, project_id)


def delete_project(user: User, project_id: str) -> Project:
    """Soft delete; refused (RESOURCE_IN_USE) while one of its tasks is queued or running."""
    with write_transaction():
        project = get_project(user, project_id, ProjectPermission.MANAGE)
        active = Task.select().where(
            (Task.project == project) & Task.deleted_at.is_null() & Task.status.in_(TASK_ACTIVE)
        )
        if active.exists():
            raise Conflict(
                ErrorCode.RESOURCE_IN_USE, "Project has queued or running tasks", id=project.id
            )
        project.deleted_at = utcnow()
        notify.project_changed(project, {"deleted_at": (None, iso(project.deleted_at))}, user.id)
        Project.update(deleted_at=project.deleted_at).where(Project.id == project.id).execute()
    return project


def list_projects(user: User, where: ProjectFilter, paging: PageRequest) -> Page[Project]:
    query = visible_projects(user)
    if where.statuses:
        check_members("status", where.statuses, STATUSES)
        query = query.where(Project.status.in_(list(where.statuses)))
    if where.created_by:
        query = query.where(Project.created_by == where.created_by)
    if where.search and (matched := fulltext.project_search(where.search)) is not None:
        query = query.where(matched)
    for condition in where.created_conditions(Project.created_at):
        query = query.where(condition)
    return paginate(query, paging, SORTS)


def statistics(project_ids: Sequence[str]) -> dict[str, dict[str, Any]]:
    """Task counts of each project, in one query (of task_count, not of the tasks)."""
    stored = live_tasks_by_status(project_ids)
    return {
        pid: _summary({**dict.fromkeys(TASK_COUNTS, 0), **stored.get(pid, {})})
        for pid in project_ids
    }


def detailed_statistics(project: Project) -> dict[str, Any]:
    """Counts, completion rate and the mean duration of completed tasks (seconds)."""
    stats = statistics([project.id])[project.id]
    average = (
        Task.select(fn.AVG(Task.actual_duration).coerce(False))
        .where(
            (Task.project == project)
            & Task.deleted_at.is_null()
            & (Task.status == TaskStatus.COMPLETED)
            & Task.actual_duration.is_null(False)
        )
        .scalar()
    )
    total = stats["total_tasks"]
    stats["completion_rate"] = round(stats["completed_tasks"] / total, 3) if total else 0.0
    stats["average_task_duration"] = None if average is None else round(float(average))
    return stats


def recent_activity(project: Project, limit: int = 10) -> list[TaskHistory]:
    """The latest task history entries of the project, each with its task and user."""
    return list(
        TaskHistory.select(TaskHistory, Task, User)
        .join(Task, on=(TaskHistory.task == Task.id))
        .switch(TaskHistory)
        .join(User, on=(TaskHistory.user == User.id), join_type=JOIN.LEFT_OUTER)
        .where(Task.project == project)
        .order_by(TaskHistory.created_at.desc(), TaskHistory.id.desc())
        .limit(limit)
    )


def role_in(user: User, project: Project) -> ProjectRole:
    return require(user, project, ProjectPermission.READ)


def _summary(counts: dict[str, int]) -> dict[str, Any]:
    return {
        "total_tasks": sum(counts.values()),
        "completed_tasks": counts[TaskStatus.COMPLETED],
        "pending_tasks": counts[TaskStatus.PENDING] + counts[TaskStatus.QUEUED],
        "running_tasks": counts[TaskStatus.RUNNING],
        "failed_tasks": counts[TaskStatus.FAILED],
        "cancelled_tasks": counts[TaskStatus.CANCELLED],
    }
