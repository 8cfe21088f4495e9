"""Executions: the durable lifecycle of each attempt to run a task.

Every state change is written here, in a transaction, before the runtime announces it:
queued → running → completed | failed | cancelled, with automatic retries re-queued at once.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from peewee import Case, fn

from storage.database import write_transaction
from storage.errors import Conflict, NotFound
from storage.models import Execution, Project, Task, User, utcnow
from storage.tasks.crud import record
from storage.tasks.dependencies import unmet_blockers

PRIORITIES = ("high", "normal", "low")
ACTIVE = ("queued", "running")
FINAL = ("completed", "failed", "cancelled")
RETRYABLE = ("failed", "cancelled")
MAX_BACKOFF_SECONDS = 300
PRIORITY_RANK = Case(Execution.priority, [(p, i) for i, p in enumerate(PRIORITIES)], 99)


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
    attempt: int


@dataclass(frozen=True)
class Requeued:
    """A failed execution's automatic retry, already written as queued."""

    execution_id: str
    priority: str
    not_before: dt.datetime | None


@dataclass(frozen=True)
class Cancelled:
    execution_id: str
    task_id: str
    project_id: str
    priority: str
    was_running: bool
    cancelled_at: dt.datetime
    reason: str


def enqueue(
    task: Task,
    user: User | None,
    priority: str,
    timeout: int | None,
    retry_attempts: int,
    not_before: dt.datetime | None = None,
    required_status: tuple[str, ...] | None = None,
) -> Execution:
    """Write a queued execution; refuses a task that is already queued or running."""
    with write_transaction():
        current = Task.get_by_id(task.id)
        if current.status in ACTIVE:
            raise Conflict("TASK_ALREADY_RUNNING", "Task is already queued or running", id=task.id)
        blockers = unmet_blockers(current)
        if blockers:
            raise Conflict(
                "TASK_DEPENDENCY_NOT_MET",
                "Task is blocked by dependencies that are not completed",
                id=task.id,
                blocked_by=blockers,
            )
        if required_status is not None and current.status not in required_status:
            raise Conflict(
                "TASK_NOT_RETRYABLE",
                f"Only a failed or cancelled task can be retried (it is {current.status})",
                id=task.id,
                status=current.status,
            )
        return _queue_execution(current, user, priority, timeout, retry_attempts, not_before)


def retry(task: Task, user: User) -> Execution:
    """A failed or cancelled task runs once more, with its last priority and timeout."""
    last = latest_execution(task)
    return enqueue(
        task,
        user,
        last.priority if last else "normal",
        last.timeout if last else None,
        0,
        required_status=RETRYABLE,
    )


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
        Task.update(started_at=now, progress_percentage=0, completed_at=None).where(
            Task.id == task.id
        ).execute()
        _set_task_status(
            task, "running", None, execution_id=execution_id, attempt=execution.attempt
        )
    prompt = task.title if not task.description else f"{task.title}\n\n{task.description}"
    resume = task.cli_session_id if (task.metadata or {}).get("continue_session") else None
    return ExecutionPlan(
        execution_id=execution_id,
        task_id=task.id,
        project_id=task.project.id,
        prompt=prompt,
        working_directory=task.project.working_directory,
        timeout=execution.timeout,
        resume_session_id=resume,
        attempt=execution.attempt,
    )


def finish(
    execution_id: str,
    status: str,
    exit_code: int | None,
    error_code: str | None = None,
    error_message: str | None = None,
    backoff_seconds: float = 5.0,
    **recorded: object,
) -> Requeued | None:
    """Record the end of an execution and its task; re-queue a failure while attempts remain.

    recorded: what the runtime observed (result_text, cli_session_id, output_bytes,
    output_truncated). An execution cancelled by a user keeps its status and gets its exit
    recorded; an execution that already ended is left alone (handlers may run twice).
    """
    now = utcnow()
    with write_transaction():
        execution = Execution.get_or_none(Execution.id == execution_id)
        if execution is None:
            return None
        if execution.status == "cancelled" and execution.completed_at is None:
            Execution.update(
                exit_code=exit_code, completed_at=now, lease_expires_at=None, **recorded
            ).where(Execution.id == execution_id).execute()
            return None
        if execution.status not in ACTIVE:
            return None
        Execution.update(
            status=status,
            exit_code=exit_code,
            error_code=error_code,
            error_message=error_message,
            completed_at=now,
            lease_expires_at=None,
            progress_percentage=100 if status == "completed" else Execution.progress_percentage,
            **recorded,
        ).where(Execution.id == execution_id).execute()
        task = Task.get_by_id(execution.task_id)
        changes: dict[str, object] = {"completed_at": now}
        if execution.started_at is not None:
            changes["actual_duration"] = int((now - execution.started_at).total_seconds())
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
            attempt=execution.attempt,
            exit_code=exit_code,
            error_code=error_code,
            error=error_message,
        )
        if status != "failed" or execution.retry_attempts <= 0:
            return None
        delay = min(MAX_BACKOFF_SECONDS, backoff_seconds * 2 ** (execution.attempt - 1))
        not_before = now + dt.timedelta(seconds=delay)
        retry_execution = _queue_execution(
            task,
            None,
            execution.priority,
            execution.timeout,
            execution.retry_attempts - 1,
            not_before,
        )
        record(
            task,
            None,
            "retry_scheduled",
            details={
                "execution_id": retry_execution.id,
                "attempt": retry_execution.attempt,
                "after_seconds": delay,
                "previous_execution_id": execution_id,
            },
        )
        return Requeued(retry_execution.id, retry_execution.priority, not_before)


def cancel(task: Task, user: User, reason: str) -> Cancelled:
    """Cancel the task's queued or running execution; the runtime stops a running process."""
    now = utcnow()
    with write_transaction():
        execution = (
            Execution.select()
            .where((Execution.task == task) & Execution.status.in_(ACTIVE))
            .order_by(Execution.attempt.desc())
            .first()
        )
        if execution is None:
            raise Conflict(
                "TASK_NOT_RUNNING",
                "Task has no queued or running execution",
                id=task.id,
                status=Task.get_by_id(task.id).status,
            )
        was_running = execution.status == "running"
        Execution.update(
            status="cancelled",
            cancelled_at=now,
            cancel_reason=reason,
            error_code="TASK_CANCELLED",
            error_message=reason,
            completed_at=None if was_running else now,
        ).where(Execution.id == execution.id).execute()
        Task.update(completed_at=now).where(Task.id == task.id).execute()
        _set_task_status(
            Task.get_by_id(task.id), "cancelled", user, execution_id=execution.id, reason=reason
        )
    return Cancelled(
        execution.id, task.id, task.project_id, execution.priority, was_running, now, reason
    )


def cancel_queued(priority: str, reason: str) -> list[Cancelled]:
    """Cancel every queued execution of one priority (clearing the queue)."""
    ids = [
        row[0]
        for row in Execution.select(Execution.task)
        .where((Execution.status == "queued") & (Execution.priority == priority))
        .tuples()
    ]
    cancelled = []
    for task_id in ids:
        try:
            cancelled.append(cancel(Task.get_by_id(task_id), None, reason))  # type: ignore[arg-type]
        except Conflict:
            continue  # started or cancelled meanwhile
    return cancelled


def running_processes() -> list[tuple[str, int | None, str | None]]:
    """(execution_id, pgid, process start marker) of every execution marked running."""
    return list(
        Execution.select(Execution.id, Execution.pgid, Execution.process_started)
        .where(Execution.status == "running")
        .tuples()
    )


def fail_running(reason: str, backoff_seconds: float) -> list[Requeued]:
    """Fail every execution still marked running (its runtime is gone), retrying where allowed."""
    requeued = []
    for execution_id, _, _ in running_processes():
        retry_execution = finish(
            execution_id, "failed", None, "TASK_EXECUTION_FAILED", reason, backoff_seconds
        )
        if retry_execution is not None:
            requeued.append(retry_execution)
    return requeued


def task_and_project(execution_id: str) -> tuple[str, str] | None:
    """The task and project an execution belongs to (for announcing its changes)."""
    row = (
        Execution.select(Task.id, Task.project)
        .join(Task)
        .where(Execution.id == execution_id)
        .tuples()
        .first()
    )
    return (row[0], row[1]) if row else None


def process_of(execution_id: str) -> tuple[int | None, str | None]:
    """The recorded process group and its leader's start marker."""
    row = (
        Execution.select(Execution.pgid, Execution.process_started)
        .where(Execution.id == execution_id)
        .tuples()
        .first()
    )
    return (row[0], row[1]) if row else (None, None)


def expired_leases(exclude: set[str] | None = None) -> list[str]:
    rows = (
        Execution.select(Execution.id)
        .where((Execution.status == "running") & (Execution.lease_expires_at < utcnow()))
        .tuples()
    )
    return [row[0] for row in rows if row[0] not in (exclude or set())]


def renew_lease(execution_id: str, seconds: int) -> None:
    Execution.update(lease_expires_at=utcnow() + dt.timedelta(seconds=seconds)).where(
        (Execution.id == execution_id) & (Execution.status == "running")
    ).execute()


def record_process(execution_id: str, pid: int, pgid: int, process_started: str) -> None:
    Execution.update(pid=pid, pgid=pgid, process_started=process_started).where(
        Execution.id == execution_id
    ).execute()


def record_progress(execution_id: str, progress: int, cli_session_id: str | None) -> None:
    execution = Execution.get_by_id(execution_id)
    changes: dict[str, object] = {"progress_percentage": progress}
    if cli_session_id:
        changes["cli_session_id"] = cli_session_id
    Execution.update(**changes).where(Execution.id == execution_id).execute()
    Task.update(updated_at=utcnow(), **changes).where(
        (Task.id == execution.task_id) & (Task.status == "running")
    ).execute()


def queue_position(execution: Execution) -> int:
    """1-based place among queued executions in the order they will start."""
    ahead = Execution.select().where(
        (Execution.status == "queued")
        & (
            (PRIORITIES.index(execution.priority) > PRIORITY_RANK)
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
        .where(
            Execution.status.in_(FINAL)
            & Execution.started_at.is_null(False)
            & Execution.completed_at.is_null(False)
        )
        .order_by(Execution.completed_at.desc())
        .limit(limit)
        .tuples()
    )
    durations = [(end - start).total_seconds() for start, end in rows]
    return sum(durations) / len(durations) if durations else None


def get_execution(task: Task, execution_id: str) -> Execution:
    execution = Execution.get_or_none((Execution.id == execution_id) & (Execution.task == task))
    if execution is None:
        raise NotFound("execution", execution_id)
    return execution


def attempts(task: Task) -> list[Execution]:
    return list(Execution.select().where(Execution.task == task).order_by(Execution.attempt.desc()))


def latest_execution(task: Task) -> Execution | None:
    return (
        Execution.select()
        .where(Execution.task == task)
        .order_by(Execution.attempt.desc(), Execution.queued_at.desc())
        .first()
    )


def _queue_execution(
    task: Task,
    user: User | None,
    priority: str,
    timeout: int | None,
    retry_attempts: int,
    not_before: dt.datetime | None,
) -> Execution:
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
        not_before=not_before,
    )
    _set_task_status(task, "queued", user, execution_id=execution.id, attempt=attempt)
    return execution


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
