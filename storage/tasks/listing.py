"""Listing tasks: every filter of the API as one indexed query, then one page of it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import Any, TypedDict, cast

from peewee import SQL, Expression, ModelSelect, Select, fn

from storage.models import Project, Task, User
from storage.pages import Page, PageRequest, order
from storage.prepared import Binds
from storage.projects.access import visible_project_ids
from storage.roles import Role
from storage.search import fulltext
from storage.search.filters import CreatedBetween, check_members
from storage.statuses import TaskStatus
from storage.tasks import counts, tags

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


class TaskRow(TypedDict):
    """A task as a list shows it: its columns, without building a model per row."""

    id: str
    project_id: str
    title: str
    description: str
    status: str
    priority: int
    progress_percentage: int
    estimated_duration: int | None
    actual_duration: int | None
    assigned_to_id: str | None
    created_by_id: str
    tags: list[str]
    metadata: dict[str, Any]
    created_at: dt.datetime
    updated_at: dt.datetime
    started_at: dt.datetime | None
    completed_at: dt.datetime | None
    cost_usd: float


LISTED = (
    Task.id,
    Task.project.alias("project_id"),
    Task.title,
    Task.description,
    Task.status,
    Task.priority,
    Task.progress_percentage,
    Task.estimated_duration,
    Task.actual_duration,
    Task.assigned_to.alias("assigned_to_id"),
    Task.created_by.alias("created_by_id"),
    Task.tags,
    Task.metadata,
    Task.created_at,
    Task.updated_at,
    Task.started_at,
    Task.completed_at,
    Task.cost_usd,
)


@dataclass(frozen=True)
class Matching:
    """The live tasks a list shows (TaskRow dicts), with its slots' values and how its total
    is known. Its SQL is compiled once per shape (storage.prepared) unless it searches or
    filters by tags."""

    query: ModelSelect[Task]
    binds: Binds
    shape: tuple[Hashable, ...] | None  # None: not cached
    counted: counts.CountedFilter | None  # None: only counting the rows tells

    def page(self, paging: PageRequest) -> list[TaskRow]:
        ordered = order(self.query, paging, SORTS)
        limit = self.binds.slot("limit", paging.page_size)
        offset = self.binds.slot("offset", (paging.page - 1) * paging.page_size)
        query = ordered.limit(limit).offset(offset)
        shape = None if self.shape is None else (*self.shape, "page", paging.sort, paging.order)
        return cast("list[TaskRow]", self.binds.run_dicts(shape, query))

    def total(self) -> int:
        if self.counted is not None:
            return counts.live_tasks(self.counted, self.binds)
        counting = Select([self.query.order_by().alias("matching")], [fn.COUNT(SQL("1"))])
        shape = None if self.shape is None else (*self.shape, "count")
        return int(self.binds.run_scalar(shape, counting))


def list_tasks(user: User, where: TaskFilter, paging: PageRequest) -> Page[TaskRow]:
    """One page of the live tasks of visible projects that match; its total is exact."""
    matching = matching_tasks(user, where)
    total = matching.total()
    items = matching.page(paging) if total > (paging.page - 1) * paging.page_size else []
    return Page(items, total, paging.page, paging.page_size)


def matching_tasks(user: User, where: TaskFilter) -> Matching:
    """The query of the tasks the filter selects among the visible ones.

    The total of a list filtered by nothing but projects, statuses and a minimum priority is a
    sum over task_count (storage.tasks.counts); any other filter is counted by the database
    over the matching rows (through the index of that filter).
    """
    binds = Binds()
    visible, shape = _visible_projects(user, where, binds)
    query = Task.select(*LISTED).where(Task.deleted_at.is_null() & _in(visible, binds)).dicts()
    statuses = sorted(set(where.statuses))
    for condition in _conditions(where, statuses, binds):
        query = query.where(condition)
    counted = counts.CountedFilter(visible, statuses, where.min_priority)
    return Matching(
        query,
        binds,
        None if where.tags or where.search else shape,
        counted if _counted_only(where) else None,
    )


def _visible_projects(
    user: User, where: TaskFilter, binds: Binds
) -> tuple[counts.ProjectIds, tuple[Hashable, ...]]:
    """The ids of the projects to list (and the shape of the queries that follow); a short
    list lets the database walk the partial index of live tasks per project in the sort order,
    instead of sorting every visible task."""
    visible = visible_project_ids(user, binds)
    if where.project_id:
        visible = visible.where(Project.id == binds.slot("project", where.project_id))
    shape = ("visible projects", user.role == Role.ADMIN, bool(where.project_id))
    first = visible.limit(binds.slot("visible_limit", INLINE_PROJECTS + 1))
    ids = [str(value) for value in binds.run_column(shape, first)]
    if len(ids) > INLINE_PROJECTS:
        return visible, (*shape, "subquery")
    return ids, (*shape, len(ids))


def _in(projects: counts.ProjectIds, binds: Binds) -> Expression:
    if not isinstance(projects, list):
        return Task.project.in_(projects)
    if len(projects) == 1:
        return Task.project == binds.slot("project_id", projects[0])
    return Task.project.in_(binds.slots("project_id", projects))


def _counted_only(where: TaskFilter) -> bool:
    """Whether task_count answers the filter (projects, statuses, minimum priority only)."""
    return not (
        where.assigned_to
        or where.tags
        or where.search
        or where.created_after
        or where.created_before
    )


def _conditions(where: TaskFilter, statuses: list[str], binds: Binds) -> list[Expression]:
    conditions: list[Expression] = []
    if statuses:
        check_members("status", statuses, STATUSES)
        conditions.append(Task.status.in_(binds.slots("status", statuses)))
    if where.assigned_to:
        conditions.append(Task.assigned_to == binds.slot("assigned_to", where.assigned_to))
    if where.min_priority is not None:
        conditions.append(Task.priority >= binds.slot("min_priority", where.min_priority))
    if where.tags:
        conditions.append(tags.having_tags(tags.normalize(where.tags), where.all_tags))
    if where.search:
        matched = fulltext.task_search(where.search)
        if matched is not None:
            conditions.append(matched)
    return conditions + where.created_conditions(Task.created_at, binds)
