"""Project analytics over a period of UTC days ending today, computed from the task rows.

Counted per period: tasks created in it, and tasks completed in it (completed_at inside).
Durations are the runtime's actual_duration of completed tasks, in seconds. A rate whose
denominator is empty is None rather than a made-up zero.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from typing import Any

from peewee import Case, Expression, Field, fn

from storage.models import Project, Task, User, utcnow
from storage.projects.costs import project_costs
from storage.rows import Row, tuples
from storage.statuses import TASK_FINAL, TaskStatus

PERIODS = {"7d": 7, "30d": 30, "90d": 90, "1y": 365}
FINISHED = TASK_FINAL
_RESPONSIBLE = fn.COALESCE(Task.assigned_to, Task.created_by)  # the assignee, else the author


def project_analytics(
    project: Project, period: str, today: dt.date | None = None
) -> dict[str, Any]:
    days = PERIODS[period]
    end = today or utcnow().date()
    start = end - dt.timedelta(days=days - 1)
    since = dt.datetime.combine(start, dt.time.min)
    live = (Task.project == project) & Task.deleted_at.is_null()
    created = live & (Task.created_at >= since)
    finished = live & (Task.completed_at >= since) & Task.status.in_(FINISHED)
    done = tuples(
        Task.select(
            Task.created_at,
            Task.completed_at,
            Task.actual_duration,
            Task.estimated_duration,
            _RESPONSIBLE.alias("who"),
        ).where(finished & (Task.status == TaskStatus.COMPLETED))
    )
    finished_count = Task.select().where(finished).count()
    created_count = Task.select().where(created).count()
    created_completed = Task.select().where(created & (Task.status == TaskStatus.COMPLETED)).count()
    durations = [row[2] for row in done if row[2] is not None]
    estimated = [(row[2], row[3]) for row in done if row[2] is not None and row[3] is not None]
    dates = [start + dt.timedelta(days=i) for i in range(days)]
    return {
        "period": period,
        "start_date": start.isoformat(),
        "end_date": end.isoformat(),
        "summary": {
            "total_tasks": created_count,
            "completed_tasks": len(done),
            "average_completion_time": _mean(
                [(c - s).total_seconds() for s, c, *_ in done if c and s]
            ),
            "productivity_score": _rate(len(done), finished_count),
        },
        "task_trends": {
            "dates": [d.isoformat() for d in dates],
            "created_per_day": _per_day(Task.created_at, created, dates),
            "completed_per_day": _per_day(
                Task.completed_at, finished & (Task.status == TaskStatus.COMPLETED), dates
            ),
        },
        "performance_metrics": {
            "average_task_duration": _mean(durations),
            "median_task_duration": statistics.median(durations) if durations else None,
            "completion_rate": _rate(created_completed, created_count),
            "on_time_completion_rate": _rate(sum(a <= e for a, e in estimated), len(estimated)),
        },
        "team_performance": _team(created, done),
        "costs": project_costs(project, dates, len(done)),
    }


def _per_day(column: Field, where: Expression, dates: list[dt.date]) -> list[int]:
    day = fn.DATE(column)
    rows = tuples(Task.select(day, fn.COUNT(Task.id)).where(where).group_by(day))
    counts = {str(value)[:10]: n for value, n in rows}
    return [counts.get(d.isoformat(), 0) for d in dates]


def _team(created: Expression, done: list[Row]) -> list[dict[str, Any]]:
    completed_flag = Case(None, [(Task.status == TaskStatus.COMPLETED, 1)], 0)
    owned = {
        who: (n, completed)
        for who, n, completed in tuples(
            Task.select(_RESPONSIBLE, fn.COUNT(Task.id), fn.SUM(completed_flag))
            .where(created)
            .group_by(_RESPONSIBLE)
        )
    }
    durations: dict[str, list[int]] = defaultdict(list)
    finished_by: dict[str, int] = defaultdict(int)
    for _, _, actual, _, who in done:
        finished_by[who] += 1
        if actual is not None:
            durations[who].append(actual)
    people = set(owned) | set(finished_by)
    names = {u.id: u.full_name or u.username for u in User.select().where(User.id.in_(people))}
    rows = []
    for who in people:
        assigned, completed = owned.get(who, (0, 0))
        rows.append(
            {
                "user_id": who,
                "user_name": names.get(who),
                "tasks_assigned": assigned,
                "tasks_completed": finished_by.get(who, 0),
                "average_duration": _mean(durations.get(who, [])),
                "completion_rate": _rate(int(completed or 0), assigned),
            }
        )
    return sorted(rows, key=lambda row: (-row["tasks_completed"], row["user_name"] or ""))


def _mean(values: list[float] | list[int]) -> float | None:
    return sum(values) / len(values) if values else None


def _rate(part: int, whole: int) -> float | None:
    return round(part / whole, 3) if whole else None
