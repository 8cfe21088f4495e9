"""Listing tasks: every filter of the API as one indexed query, then one page of it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from storage import fulltext, tags
from storage.access import visible_project_ids
from storage.errors import Invalid
from storage.models import Task, User
from storage.pagination import Page, paginate

STATUSES = fulltext.TASK_STATUSES
SORTS = {
    "created_at": Task.created_at,
    "updated_at": Task.updated_at,
    "priority": Task.priority,
    "title": Task.title,
}


@dataclass(frozen=True)
class TaskFilter:
    """What a list asks for; empty values filter nothing."""

    project_id: str | None = None
    statuses: Sequence[str] = ()
    assigned_to: str | None = None
    min_priority: int | None = None
    tags: Sequence[str] = ()
    all_tags: bool = True
    search: str | None = None
    created_after: dt.datetime | None = None
    created_before: dt.datetime | None = None


def list_tasks(
    user: User,
    where: TaskFilter,
    page: int = 1,
    page_size: int = 50,
    sort: str = "created_at",
    order: str = "desc",
) -> Page[Task]:
    query = Task.select().where(
        Task.deleted_at.is_null() & Task.project.in_(visible_project_ids(user))
    )
    for condition in _conditions(where):
        query = query.where(condition)
    return paginate(query, page, page_size, (SORTS[sort], order))


def _conditions(where: TaskFilter) -> list[object]:
    conditions: list[object] = []
    if where.project_id:
        conditions.append(Task.project == where.project_id)
    if where.statuses:
        unknown = sorted(set(where.statuses) - set(STATUSES))
        if unknown:
            raise Invalid("status", f"'{unknown[0]}' is not one of {', '.join(STATUSES)}")
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
    if where.created_after:
        conditions.append(Task.created_at >= where.created_after)
    if where.created_before:
        conditions.append(Task.created_at < where.created_before)
    return conditions
