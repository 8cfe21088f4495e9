"""Listing tasks: every filter of the API as one indexed query, then one page of it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from peewee import Expression

from storage.models import Project, Task, User
from storage.pages import Page, PageRequest, paginate
from storage.projects.access import visible_project_ids
from storage.rows import tuples
from storage.search import fulltext
from storage.search.filters import CreatedBetween, check_members
from storage.statuses import TaskStatus
from storage.tasks import tags

STATUSES: tuple[TaskStatus, ...] = tuple(TaskStatus)  # kept for web/api/task_lists.py
INLINE_PROJECTS = 50
SORTS = {
    "created_at": Task.created_at,
    "updated_at": Task.updated_at,
    "priority": Task.priority,
    "title": Task.title,
}


@dataclass(frozen=True)
class TaskFilter(CreatedBetween):
    """What a task list asks for; empty values filter nothing."""

    project_id: str | None = None
    statuses: Sequence[str] = ()
    assigned_to: str | None = None
    min_priority: int | None = None
    tags: Sequence[str] = ()
    all_tags: bool = True
    search: str | None = None


def list_tasks(user: User, where: TaskFilter, paging: PageRequest) -> Page[Task]:
    query = Task.select().where(Task.deleted_at.is_null() & _in_visible_projects(user, where))
    for condition in _conditions(where):
        query = query.where(condition)
    return paginate(query, paging, SORTS)


def _in_visible_projects(user: User, where: TaskFilter) -> Expression:
    """The project condition; a short list of ids lets the database walk the partial index
    of live tasks per project in creation order, instead of sorting every visible task."""
    visible = visible_project_ids(user)
    if where.project_id:
        visible = visible.where(Project.id == where.project_id)
    ids = [row[0] for row in tuples(visible.limit(INLINE_PROJECTS + 1))]
    if len(ids) > INLINE_PROJECTS:
        return Task.project.in_(visible)
    return Task.project == ids[0] if len(ids) == 1 else Task.project.in_(ids)


def _conditions(where: TaskFilter) -> list[Expression]:
    conditions: list[Expression] = []
    if where.statuses:
        check_members("status", where.statuses, STATUSES)
        conditions.append(Task.status.in_(list(where.statuses)))
    if where.assigned_to:
        conditions.append(Task.assigned_to == where.assigned_to)
    if where.min_priority is not None:
        conditions.append(Task.priority >= where.min_priority)
    if where.tags:
        conditions.append(tags.having_tags(tags.normalize(where.tags), where.all_tags))
    if where.search:
        matched = fulltext.task_search(where.search)
        if matched is not None:
            conditions.append(matched)
    return conditions + where.created_conditions(Task.created_at)
