"""How many live tasks there are, read from task_count instead of counted row by row.

task_count holds the number of live tasks per (project, status, priority); triggers keep it in
the transaction of every change (migration 0009), so these sums are exact and cost a few
dozen rows per project whatever the number of tasks. On PostgreSQL a key may have several
rows (changes not folded yet), so every read is a SUM.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import TypeAlias

from peewee import Expression, ModelSelect, fn

from storage.models import Project, TaskCount
from storage.prepared import Binds
from storage.rows import tuples

ProjectIds: TypeAlias = "list[str] | ModelSelect[Project]"  # ids, or a subquery of them


@dataclass(frozen=True)
class CountedFilter:
    """The part of a task filter task_count can answer: projects, statuses, minimum priority."""

    projects: ProjectIds
    statuses: Sequence[str] = ()
    min_priority: int | None = None


def live_tasks(where: CountedFilter, binds: Binds) -> int:
    """The number of live tasks in those projects with those statuses and priorities (a
    prepared query: its shape is the filter's, binds holds the slots' values so far)."""
    conditions: list[Expression] = [_in_projects(where.projects, binds)]
    if where.statuses:
        conditions.append(TaskCount.status.in_(binds.slots("count_status", list(where.statuses))))
    if where.min_priority is not None:
        conditions.append(TaskCount.priority >= binds.slot("count_priority", where.min_priority))
    query = TaskCount.select(fn.SUM(TaskCount.n)).where(*conditions)
    total = binds.run_scalar(("task_count", _shape(where.projects)), query)
    return int(total or 0)  # PostgreSQL sums a BIGINT as NUMERIC


def by_status(project_ids: Collection[str]) -> dict[str, dict[str, int]]:
    """{project_id: {status: live tasks}} of the projects that have any."""
    counts: dict[str, dict[str, int]] = {}
    query = (
        TaskCount.select(TaskCount.project, TaskCount.status, fn.SUM(TaskCount.n))
        .where(_in_projects(project_ids))
        .group_by(TaskCount.project, TaskCount.status)
    )
    for project_id, status, n in tuples(query):
        counts.setdefault(project_id, {})[status] = int(n)
    return counts


def _in_projects(projects: ProjectIds | Collection[str], binds: Binds | None = None) -> Expression:
    if isinstance(projects, ModelSelect):
        return TaskCount.project.in_(projects)
    ids = list(projects) if binds is None else binds.slots("count_project", list(projects))
    return TaskCount.project == ids[0] if len(ids) == 1 else TaskCount.project.in_(ids)


def _shape(projects: ProjectIds) -> object:
    return len(projects) if isinstance(projects, list) else "subquery"
