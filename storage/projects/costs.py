"""What a project's CLI runs cost over a period of UTC days: executions that ended in it (their
completed_at), by their total_cost_usd and the tokens their result events counted."""

from __future__ import annotations

import datetime as dt
from typing import Any

from peewee import fn

from storage.models import Execution, Project, Task
from storage.rows import tuples
from storage.runs.usage import totals
from storage.statuses import TaskStatus


def project_costs(project: Project, dates: list[dt.date], completed_tasks: int) -> dict[str, Any]:
    """Totals and cost per day over dates (oldest first), and cost per completed task."""
    since = dt.datetime.combine(dates[0], dt.time.min)
    ended = (
        (Task.project == project)
        & Task.deleted_at.is_null()
        & (Execution.completed_at >= since)
        & Execution.cost_usd.is_null(False)
    )
    runs = Execution.select().join(Task).where(ended)
    summed = totals(runs)
    day = fn.DATE(Execution.completed_at)
    per_day = {
        str(value)[:10]: float(cost)
        for value, cost in tuples(runs.select(day, fn.SUM(Execution.cost_usd)).group_by(day))
    }
    completed_cost = tuples(
        runs.select(fn.COALESCE(fn.SUM(Execution.cost_usd), 0)).where(
            Task.status == TaskStatus.COMPLETED
        )
    )[0][0]
    return {
        **summed,
        "cost_per_day": [round(per_day.get(d.isoformat(), 0.0), 6) for d in dates],
        "cost_per_completed_task": (
            round(float(completed_cost) / completed_tasks, 6) if completed_tasks else None
        ),
    }
