"""The task event log: what watchers were told, numbered per project without gaps.

A project's events form one stream ("project:<id>"); seq N + 1 is only ever written after N is
committed, so a reader of everything above N misses nothing that was announced before it read.
"""

from __future__ import annotations

from typing import Any

from peewee import IntegrityError, fn

from storage.database import serialised, write_transaction
from storage.formats import duration, iso_ms
from storage.live.protocol import TASK_KINDS, EventKind
from storage.models import Execution, OutputChunk, TaskEvent, utcnow
from storage.prepared import Binds
from storage.rows import first_tuple
from storage.statuses import TaskStatus

__all__ = [
    "TASK_KINDS",
    "append",
    "last_output_seq",
    "last_task_seq",
    "queued_event",
    "task_events_since",
]
APPEND_ATTEMPTS = 5
QUEUED_LOOKBACK = 50  # events: the hub looks for a `queued` a few events back, moments old


def append(project_id: str, task_id: str, kind: str, data: dict[str, Any]) -> TaskEvent:
    """Store an event as the next of its project's stream. Writers of one stream take turns
    (the next seq is read under the stream's lock, held until the transaction commits: a burst
    of executes on PostgreSQL, each storing its `queued` beside the hub's writes, ran out of
    retries without it); a unique violation all the same is retried."""
    data = {**data, **_derived(kind, data)}
    for attempt in range(APPEND_ATTEMPTS):
        try:
            with write_transaction():
                serialised("task events", project_id)
                binds = Binds()
                last = TaskEvent.select(fn.MAX(TaskEvent.seq)).where(
                    TaskEvent.project_id == binds.slot("project", project_id)
                )
                row = {
                    "project_id": project_id,
                    "seq": (binds.run_scalar(("last task event",), last) or 0) + 1,
                    "task_id": task_id,
                    "kind": kind,
                    "data": data,
                    "created_at": utcnow(),
                }
                return TaskEvent(**Binds().insert(("task event",), TaskEvent, row))
        except IntegrityError:
            if attempt == APPEND_ATTEMPTS - 1:
                raise
    raise AssertionError("unreachable")


def task_events_since(
    project_id: str, after_seq: int, task_id: str | None = None, limit: int = 500
) -> list[TaskEvent]:
    """Events of a project's stream after after_seq, in order (optionally of one task)."""
    query = TaskEvent.select().where(
        (TaskEvent.project_id == project_id) & (TaskEvent.seq > after_seq)
    )
    if task_id is not None:
        query = query.where(TaskEvent.task_id == task_id)
    return list(query.order_by(TaskEvent.seq).limit(limit))


def queued_event(project_id: str, execution_id: str, before_seq: int) -> TaskEvent | None:
    """The `queued` task_update of an execution among the last QUEUED_LOOKBACK events of its
    project's stream before before_seq (the hub reads one it has to send first)."""
    rows = (
        TaskEvent.select()
        .where((TaskEvent.project_id == project_id) & (TaskEvent.seq < before_seq))
        .order_by(TaskEvent.seq.desc())
        .limit(QUEUED_LOOKBACK)
    )
    for row in rows:
        data = row.data
        if row.kind == EventKind.TASK_UPDATE and data.get("execution_id") == execution_id:
            return row if data.get("status") == TaskStatus.QUEUED else None
    return None


def last_task_seq(project_id: str) -> int:
    value = TaskEvent.select(fn.MAX(TaskEvent.seq)).where(TaskEvent.project_id == project_id)
    return int(value.scalar() or 0)


def last_output_seq(stream_id: str) -> int:
    value = OutputChunk.select(fn.MAX(OutputChunk.seq)).where(OutputChunk.stream_id == stream_id)
    result = value.scalar()
    return -1 if result is None else int(result)


def output_context(stream_id: str) -> dict[str, Any]:
    """What an output stream belongs to: a task execution's ids, or nothing (a command)."""
    row = first_tuple(
        Execution.select(Execution.id, Execution.task).where(Execution.id == stream_id)
    )
    return {"task_id": row[1], "execution_id": row[0]} if row else {}


def _derived(kind: str, data: dict[str, Any]) -> dict[str, Any]:
    """What API.md (WebSocket API, Task Completed) shows that a publisher may not know."""
    derived: dict[str, Any] = {"updated_at": data.get("updated_at") or iso_ms(utcnow())}
    execution_id = data.get("execution_id")
    if kind == EventKind.TASK_COMPLETED and execution_id and "duration" not in data:
        execution = Execution.get_or_none(Execution.id == execution_id)
        if execution is not None and execution.started_at and execution.completed_at:
            seconds = (execution.completed_at - execution.started_at).total_seconds()
            derived["duration"] = duration(seconds)
            derived["duration_seconds"] = round(seconds, 3)
    return derived
