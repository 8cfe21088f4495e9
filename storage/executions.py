"""Executions: queueing a task, the runtime's state changes, and their output."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from peewee import Case, fn

from storage.database import write_transaction
from storage.errors import Conflict
from storage.models import Execution, OutputChunk, Project, Task, User, utcnow
from storage.tasks import record

PRIORITIES = ("high", "normal", "low")
ACTIVE = ("queued", "running")
FINAL = ("completed", "failed", "cancelled")
TRUNCATION_MARKER = "\n[output truncated: the execution exceeded its output limit]\n"
_PRIORITY_RANK = Case(Execution.priority, [(p, i) for i, p in enumerate(PRIORITIES)], 99)


@dataclass(frozen=True)
class ExecutionPlan:
    """What the runtime needs to start an execution, as plain values."""

    execution_id: str
    task_id: str
    project_id: str
    prompt: str
    working_directory: str
    timeout: int | None
    resume_session_id: str | None


def enqueue(
    task: Task,
    user: User,
    priority: str,
    timeout: int | None,
    retry_attempts: int,
) -> Execution:
    """Write a queued execution for the task; refuses a task already queued or running."""
    with write_transaction():
        current = Task.get_by_id(task.id)
        if current.status in ACTIVE:
            raise Conflict("TASK_ALREADY_RUNNING", "Task is already queued or running", id=task.id)
        attempt = (
            Execution.select(fn.MAX(Execution.attempt)).where(Execution.task == task).scalar() or 0
        ) + 1
        execution = Execution.create(
            task=task,
            priority=priority,
            attempt=attempt,
            retry_attempts=retry_attempts,
            timeout=timeout,
            created_by=user,
        )
        _set_task_status(current, "queued", user, execution_id=execution.id)
        return execution


def queue_position(execution: Execution) -> int:
    """1-based place among queued executions in the order they will start."""
    ahead = Execution.select().where(
        (Execution.status == "queued")
        & (
            (PRIORITIES.index(execution.priority) > _PRIORITY_RANK)
            | (
                (Execution.priority == execution.priority)
                & (Execution.queued_at < execution.queued_at)
            )
        )
    )
    return ahead.count() + 1


def average_duration_seconds(limit: int = 50) -> float | None:
    """Mean duration of recent finished executions, for start-time estimates."""
    rows = (
        Execution.select(Execution.started_at, Execution.completed_at)
        .where(Execution.status.in_(FINAL) & Execution.started_at.is_null(False))
        .order_by(Execution.completed_at.desc())
        .limit(limit)
        .tuples()
    )
    durations = [(end - start).total_seconds() for start, end in rows if start and end]
    return sum(durations) / len(durations) if durations else None


def next_queued(limit: int) -> list[str]:
    """Ids of the queued executions that should start next, in dispatch order."""
    rows = (
        Execution.select(Execution.id)
        .where(Execution.status == "queued")
        .order_by(_PRIORITY_RANK, Execution.queued_at, Execution.id)
        .limit(limit)
        .tuples()
    )
    return [row[0] for row in rows]


def claim(execution_id: str, lease_seconds: int) -> ExecutionPlan | None:
    """Move a queued execution to running; None if it is no longer queued (idempotent)."""
    now = utcnow()
    with write_transaction():
        claimed = (
            Execution.update(
                status="running",
                started_at=now,
                lease_expires_at=now + dt.timedelta(seconds=lease_seconds),
            )
            .where((Execution.id == execution_id) & (Execution.status == "queued"))
            .execute()
        )
        if not claimed:
            return None
        execution = Execution.get_by_id(execution_id)
        task = Task.select(Task, Project).join(Project).where(Task.id == execution.task_id).get()
        Task.update(started_at=now, progress_percentage=0).where(Task.id == task.id).execute()
        _set_task_status(task, "running", None, execution_id=execution_id)
    prompt = task.title if not task.description else f"{task.title}\n\n{task.description}"
    return ExecutionPlan(
        execution_id=execution_id,
        task_id=task.id,
        project_id=task.project.id,
        prompt=prompt,
        working_directory=task.project.working_directory,
        timeout=execution.timeout,
        resume_session_id=None,
    )


def record_process(execution_id: str, pid: int, pgid: int, process_started: str) -> None:
    Execution.update(pid=pid, pgid=pgid, process_started=process_started).where(
        Execution.id == execution_id
    ).execute()


def record_progress(execution_id: str, progress: int, cli_session_id: str | None) -> None:
    execution = Execution.get_by_id(execution_id)
    changes = {"progress_percentage": progress}
    if cli_session_id:
        changes["cli_session_id"] = cli_session_id
    Execution.update(**changes).where(Execution.id == execution_id).execute()
    Task.update(updated_at=utcnow(), **changes).where(Task.id == execution.task_id).execute()


def finish(
    execution_id: str,
    status: str,
    exit_code: int | None,
    error_code: str | None = None,
    error_message: str | None = None,
    **recorded: object,
) -> Execution | None:
    """Record the end of an execution and its task; None if it had already ended.

    recorded: what the runtime observed (result_text, cli_session_id, output_bytes,
    output_truncated).
    """
    now = utcnow()
    with write_transaction():
        updated = (
            Execution.update(
                status=status,
                exit_code=exit_code,
                error_code=error_code,
                error_message=error_message,
                completed_at=now,
                lease_expires_at=None,
                progress_percentage=(
                    100 if status == "completed" else Execution.progress_percentage
                ),
                **recorded,
            )
            .where((Execution.id == execution_id) & Execution.status.in_(ACTIVE))
            .execute()
        )
        if not updated:
            return None
        execution = Execution.get_by_id(execution_id)
        task = Task.get_by_id(execution.task_id)
        started = execution.started_at
        changes: dict[str, object] = {"completed_at": now}
        if started is not None:
            changes["actual_duration"] = int((now - started).total_seconds())
        if status == "completed":
            changes["progress_percentage"] = 100
        if recorded.get("cli_session_id"):
            changes["cli_session_id"] = recorded["cli_session_id"]
        Task.update(**changes).where(Task.id == task.id).execute()
        _set_task_status(
            task,
            status,
            None,
            execution_id=execution_id,
            exit_code=exit_code,
            error_code=error_code,
            error=error_message,
        )
        return execution


def append_output(
    stream_id: str, first_seq: int, chunks: Iterable[tuple[str, str, dt.datetime]]
) -> int:
    """Store chunks (stream, content, time) numbered from first_seq; returns the next seq."""
    rows = [
        {"stream_id": stream_id, "seq": first_seq + i, "stream": s, "content": c, "created_at": t}
        for i, (s, c, t) in enumerate(chunks)
    ]
    if rows:
        with write_transaction():
            OutputChunk.insert_many(rows).execute()
    return first_seq + len(rows)


def next_output_seq(stream_id: str) -> int:
    last = OutputChunk.select(fn.MAX(OutputChunk.seq)).where(OutputChunk.stream_id == stream_id)
    value = last.scalar()
    return 0 if value is None else value + 1


def renew_lease(execution_id: str, seconds: int) -> None:
    Execution.update(lease_expires_at=utcnow() + dt.timedelta(seconds=seconds)).where(
        (Execution.id == execution_id) & (Execution.status == "running")
    ).execute()


def output_of(stream_id: str, after_seq: int = -1, limit: int = 10_000) -> list[OutputChunk]:
    return list(
        OutputChunk.select()
        .where((OutputChunk.stream_id == stream_id) & (OutputChunk.seq > after_seq))
        .order_by(OutputChunk.seq)
        .limit(limit)
    )


def latest_execution(task: Task) -> Execution | None:
    return (
        Execution.select()
        .where(Execution.task == task)
        .order_by(Execution.attempt.desc(), Execution.queued_at.desc())
        .first()
    )


def interrupted_executions() -> list[str]:
    """Ids of executions marked running (used at start: their runtime is gone)."""
    rows = Execution.select(Execution.id).where(Execution.status == "running").tuples()
    return [row[0] for row in rows]


def _set_task_status(task: Task, status: str, user: User | None, **details: object) -> None:
    if task.status == status:
        return
    Task.update(status=status, updated_at=utcnow()).where(Task.id == task.id).execute()
    record(
        task,
        user,
        "status_changed",
        field="status",
        old=task.status,
        new=status,
        details={k: v for k, v in details.items() if v is not None},
    )
    task.status = status
