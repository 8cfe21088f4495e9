"""Tasks: creation, lookup through their project, listing, and their history."""

from __future__ import annotations

from typing import Any

from peewee import JOIN

from storage.errors import NotFound
from storage.models import Project, Task, TaskDependency, TaskHistory, User
from storage.projects import get_project, visible_projects, writable


def create_task(user: User, project_id: str, fields: dict[str, Any]) -> Task:
    project = writable(get_project(user, project_id))
    task = Task.create(project=project, created_by=user, **fields)
    record(
        task,
        user,
        "created",
        details={"initial_data": {"title": task.title, "status": task.status}},
    )
    return task


def get_task(user: User, task_id: str) -> Task:
    """The task if its project is visible to the user; otherwise NotFound."""
    task = (
        Task.select(Task, Project)
        .join(Project)
        .where(
            (Task.id == task_id)
            & Task.deleted_at.is_null()
            & Task.project.in_(visible_projects(user).select(Project.id))
        )
        .first()
    )
    if task is None:
        raise NotFound("task", task_id)
    return task


def list_tasks(
    user: User, project_id: str | None, statuses: list[str], page: int, page_size: int
) -> tuple[list[Task], int]:
    query = Task.select().where(
        Task.deleted_at.is_null() & Task.project.in_(visible_projects(user).select(Project.id))
    )
    if project_id:
        query = query.where(Task.project == project_id)
    if statuses:
        query = query.where(Task.status.in_(statuses))
    total = query.count()
    items = list(query.order_by(Task.created_at.desc(), Task.id).paginate(page, page_size))
    return items, total


def record(
    task: Task | str,
    user: User | str | None,
    action: str,
    field: str | None = None,
    old: Any = None,
    new: Any = None,
    details: dict[str, Any] | None = None,
) -> TaskHistory:
    return TaskHistory.create(
        task=task,
        user=user,
        action=action,
        field=field,
        old_value=old,
        new_value=new,
        details=details or {},
    )


def history(task: Task) -> list[TaskHistory]:
    return list(
        TaskHistory.select(TaskHistory, User)
        .join(User, on=(TaskHistory.user == User.id), join_type=JOIN.LEFT_OUTER)
        .where(TaskHistory.task == task)
        .order_by(TaskHistory.created_at, TaskHistory.id)
    )


def dependencies(task: Task) -> list[TaskDependency]:
    return list(
        TaskDependency.select(TaskDependency, Task)
        .join(Task, on=(TaskDependency.depends_on == Task.id))
        .where(TaskDependency.task == task)
    )
