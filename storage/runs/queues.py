"""The three priority queues as stored: their order, pause state, moves and figures."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, cast

from peewee import Expression, Field, Select, fn

from storage.database import write_transaction
from storage.errors import Conflict, NotFound, PermissionDenied
from storage.models import Execution, Project, QueueState, Task, User, utcnow
from storage.roles import ProjectPermission
from storage.runs import usage
from storage.statuses import EXECUTION_FINAL, PRIORITIES, ExecutionStatus
from storage.tasks.crud import get_task

PERIODS = {
    "1h": dt.timedelta(hours=1),
    "24h": dt.timedelta(days=1),
    "7d": dt.timedelta(days=7),
    "30d": dt.timedelta(days=30),
}


# rows of the tuple queries below (peewee's types see model instances there)
_EntryRow = tuple[str, str, object, dt.datetime | None]
_When = dt.datetime | None
_Finished = tuple[str, _When, _When]
_Timeline = tuple[str, str, dt.datetime, _When, _When]


@dataclass(frozen=True)
class QueuedEntry:
    """One queued execution as the dispatcher sees it."""

    execution_id: str
    project_id: str
    project_cap: int | None
    not_before: float | None  # unix time before which it may not start (retry backoff)


def load_queue(priority: str, limit: int) -> list[QueuedEntry]:
    """The first `limit` queued executions of a priority, oldest first."""
    rows = (
        _queued_rows(Execution.priority == priority)
        .order_by(Execution.queued_at, Execution.id)
        .limit(limit)
    )
    return [_entry(row) for row in cast("list[_EntryRow]", rows)]


def queued_entry(execution_id: str) -> QueuedEntry | None:
    rows = _queued_rows(Execution.id == execution_id)
    row = cast("_EntryRow | None", rows.first())
    return None if row is None else _entry(row)


def entry_of(execution: Execution) -> QueuedEntry:
    """The dispatcher's view of an execution just queued (its task and project loaded)."""
    project = execution.task.project
    return _entry((execution.id, project.id, project.resource_limits, execution.not_before))


def _queued_rows(where: Expression) -> Select:
    """(execution id, project id, resource limits, not before) of the queued executions
    matching where."""
    return (
        Execution.select(Execution.id, Task.project, Project.resource_limits, Execution.not_before)
        .join(Task)
        .join(Project)
        .where((Execution.status == ExecutionStatus.QUEUED) & where)
        .tuples()
    )


def _entry(row: _EntryRow) -> QueuedEntry:
    execution_id, project_id, resource_limits, not_before = row
    return QueuedEntry(execution_id, project_id, project_cap(resource_limits), _unix(not_before))


def project_cap(resource_limits: object) -> int | None:
    value = (
        (resource_limits or {}).get("max_concurrent_tasks")
        if isinstance(resource_limits, dict)
        else None
    )
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else None


def pause_state(priority: str) -> QueueState | None:
    return QueueState.get_or_none(QueueState.name == priority)


def set_paused(priority: str, paused: bool, reason: str | None, user: User | None) -> QueueState:
    with write_transaction():
        QueueState.insert(
            name=priority,
            paused=paused,
            reason=reason if paused else None,
            paused_at=utcnow() if paused else None,
            paused_by=user.id if (paused and user) else None,
        ).on_conflict(
            conflict_target=[QueueState.name],
            update={
                QueueState.paused: paused,
                QueueState.reason: reason if paused else None,
                QueueState.paused_at: utcnow() if paused else None,
                QueueState.paused_by: user.id if (paused and user) else None,
            },
        ).execute()
    return QueueState.get_by_id(priority)


def move(user: User, task_ids: list[str], priority: str) -> dict[str, list[str]]:
    """Move the queued executions of tasks the user may execute to another priority.

    Each keeps its age (queued_at), so it takes its place in the new queue by when it arrived.
    """
    result: dict[str, list[str]] = {"moved": [], "not_queued": [], "not_found": [], "forbidden": []}
    moved_from: set[str] = set()
    with write_transaction():
        for task_id in task_ids:
            try:
                task = get_task(user, task_id, ProjectPermission.EXECUTE)
            except NotFound:
                result["not_found"].append(task_id)
                continue
            except (PermissionDenied, Conflict):
                result["forbidden"].append(task_id)
                continue
            execution = Execution.get_or_none(
                (Execution.task == task) & (Execution.status == ExecutionStatus.QUEUED)
            )
            if execution is None:
                result["not_queued"].append(task_id)
                continue
            moved_from.add(execution.priority)
            Execution.update(priority=priority).where(Execution.id == execution.id).execute()
            result["moved"].append(task_id)
    result["affected_queues"] = sorted(moved_from | ({priority} if result["moved"] else set()))
    return result


def status() -> dict[str, Any]:
    """Sizes, running counts and today's completions per priority, and overall performance."""
    midnight = utcnow().replace(hour=0, minute=0, second=0, microsecond=0)
    counts = _count_by(
        Execution.status.in_((ExecutionStatus.QUEUED, ExecutionStatus.RUNNING)), Execution.status
    )
    done_today = _count_by(
        (Execution.status == ExecutionStatus.COMPLETED) & (Execution.completed_at >= midnight), None
    )
    paused = {q.name: q for q in QueueState.select()}
    queues = {}
    for priority in PRIORITIES:
        state = paused.get(priority)
        queues[priority] = {
            "size": counts.get((priority, ExecutionStatus.QUEUED), 0),
            "processing": counts.get((priority, ExecutionStatus.RUNNING), 0),
            "completed_today": done_today.get((priority, None), 0),
            "paused": bool(state and state.paused),
            "pause_reason": state.reason if state and state.paused else None,
        }
    return {"queues": queues, "performance": performance(dt.timedelta(hours=1))}


def performance(window: dt.timedelta) -> dict[str, Any]:
    since = utcnow() - window
    finished = (
        Execution.select(Execution.status, Execution.started_at, Execution.completed_at)
        .where(Execution.status.in_(EXECUTION_FINAL) & (Execution.completed_at >= since))
        .tuples()
    )
    rows = list(cast("list[_Finished]", finished))
    completed = [r for r in rows if r[0] == ExecutionStatus.COMPLETED]
    failed = [r for r in rows if r[0] == ExecutionStatus.FAILED]
    durations = [(end - start).total_seconds() for _, start, end in rows if start and end]
    decided = len(completed) + len(failed)
    return {
        "tasks_per_minute": round(len(completed) / (window.total_seconds() / 60), 3),
        "average_processing_seconds": sum(durations) / len(durations) if durations else None,
        "success_rate": round(len(completed) / decided, 4) if decided else None,
    }


def metrics(period: str) -> dict[str, Any]:
    """Per-queue counts, wait and processing times over a period, from real executions."""
    since = utcnow() - PERIODS[period]
    query = (
        Execution.select(
            Execution.priority,
            Execution.status,
            Execution.queued_at,
            Execution.started_at,
            Execution.completed_at,
        )
        .where(Execution.queued_at >= since)
        .tuples()
    )
    rows = list(cast("list[_Timeline]", query))
    per_queue = {}
    for priority in PRIORITIES:
        mine = [r for r in rows if r[0] == priority]
        waits = sorted((s - q).total_seconds() for _, _, q, s, _ in mine if s)
        runs = sorted((c - s).total_seconds() for _, _, _, s, c in mine if s and c)
        by_status: dict[str, int] = {
            name: sum(1 for r in mine if r[1] == name) for name in ExecutionStatus
        }
        decided = by_status[ExecutionStatus.COMPLETED] + by_status[ExecutionStatus.FAILED]
        per_queue[priority] = {
            "enqueued": len(mine),
            **by_status,
            "success_rate": round(by_status[ExecutionStatus.COMPLETED] / decided, 4)
            if decided
            else None,
            "wait_time": _summary(waits),
            "processing_time": _summary(runs),
        }
    return {
        "period": period,
        "since": since,
        "queues": per_queue,
        "performance": performance(PERIODS[period]),
        "usage": usage.totals(Execution.select().where(Execution.queued_at >= since)),
    }


def _count_by(
    condition: Expression, status_field: Field | None
) -> dict[tuple[str, str | None], int]:
    fields = [Execution.priority] + ([status_field] if status_field is not None else [])
    query = (
        Execution.select(*fields, fn.COUNT(Execution.id))
        .where(condition)
        .group_by(*fields)
        .tuples()
    )
    result: dict[tuple[str, str | None], int] = {}
    for row in cast("list[tuple[Any, ...]]", query):
        key = (row[0], row[1] if status_field is not None else None)
        result[key] = row[-1]
    return result


def _summary(values: list[float]) -> dict[str, float | None]:
    if not values:
        return {"average": None, "p50": None, "p95": None, "max": None}
    return {
        "average": round(sum(values) / len(values), 3),
        "p50": round(values[len(values) // 2], 3),
        "p95": round(values[min(len(values) - 1, int(len(values) * 0.95))], 3),
        "max": round(values[-1], 3),
    }


def _unix(value: dt.datetime | None) -> float | None:
    return None if value is None else value.replace(tzinfo=dt.UTC).timestamp()
