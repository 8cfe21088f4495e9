"""Projects and who may reach them: the owner, members, and admins."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from peewee import fn

from storage.errors import Conflict, NotFound
from storage.models import Project, ProjectMember, Task, User, new_id

TASK_COUNTS = ("pending", "queued", "running", "completed", "failed", "cancelled")


def visible_projects(user: User) -> Any:
    """Projects the user may see: all for admins, otherwise owned or joined."""
    query = Project.select().where(Project.deleted_at.is_null())
    if user.role == "admin":
        return query
    member_of = ProjectMember.select(ProjectMember.project).where(ProjectMember.user == user)
    return query.where((Project.created_by == user) | (Project.id.in_(member_of)))


def get_project(user: User, project_id: str) -> Project:
    """The project if the user may see it; otherwise NotFound (existence is not revealed)."""
    project = visible_projects(user).where(Project.id == project_id).first()
    if project is None:
        raise NotFound("project", project_id)
    return project


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
    directory.mkdir(parents=True, exist_ok=False, mode=0o750)
    return Project.create(
        id=project_id,
        name=name,
        description=description,
        created_by=user,
        working_directory=str(directory),
        settings=settings or {},
        resource_limits=resource_limits or {},
    )


def writable(project: Project) -> Project:
    """The project itself, or Conflict when it is archived (read-only)."""
    if project.status == "archived":
        raise Conflict("PROJECT_ARCHIVED", "Project is archived and read-only", id=project.id)
    return project


def task_statistics(project: Project) -> dict[str, int]:
    counts = dict.fromkeys(TASK_COUNTS, 0)
    rows = (
        Task.select(Task.status, fn.COUNT(Task.id).alias("n"))
        .where((Task.project == project) & Task.deleted_at.is_null())
        .group_by(Task.status)
        .tuples()
    )
    for status, n in rows:
        counts[status] = n
    return {
        "total_tasks": sum(counts.values()),
        "completed_tasks": counts["completed"],
        "pending_tasks": counts["pending"] + counts["queued"],
        "running_tasks": counts["running"],
        "failed_tasks": counts["failed"],
    }
