"""Executions as users ask for them: queue, retry, cancel, and read attempts and positions.

Every state change is written in a transaction before it is announced; what the runtime
writes while an execution runs (claim, progress, end, retries) is in storage.runs.running.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, cast

from peewee import Case

from storage import cli, metrics
from storage.database import write_transaction
from storage.error_codes import ErrorCode
from storage.errors import Conflict, NotFound
from storage.metrics import Counted
from storage.models import Execution, Project, Task, User, utcnow
from storage.prepared import row_by_id
from storage.runs.conversations import Turn, next_turn
from storage.runs.transitions import queue_execution, set_task_status
from storage.statuses import (
    EXECUTION_ACTIVE,
    EXECUTION_FINAL,
    EXECUTION_RETRYABLE,
    PRIORITIES,
    TASK_ACTIVE,
    ExecutionStatus,
    Priority,
    TaskStatus,
)
from storage.tasks.dependencies import unmet_blockers

__all__ = [
    "PRIORITIES",
    "Cancelled",
    "attempts",
    "average_duration_seconds",
    "cancel",
    "cancel_queued",
    "enqueue",
    "get_execution",
    "latest_execution",
    "queue_position",
    "retry",
]

PRIORITY_RANK = Case(Execution.priority, [(p, i) for i, p in enumerate(PRIORITIES)], 99)


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
    cli_override: dict[str, Any] | None = None,
    cli_used: dict[str, Any] | None = None,
    prompt: str | None = None,
    resume: bool | None = None,
    turn: Turn | None = None,
) -> Execution:
    """Write a queued execution; refuses a task that is already queued or running.

    The CLI options are the project's settings.cli with cli_override over them (checked for
    user), or cli_used as they are (a retry of a run that used them). The turn of the task's
    conversation it takes: given (a retry), else from prompt and resume (conversations)."""
    with write_transaction():
        current = row_by_id(Task, task.id)
        project = None if current is None else row_by_id(Project, current.project_id)
        if current is None or project is None:
            raise NotFound("task", task.id)
        current.project = project
        if current.status in TASK_ACTIVE:
            raise Conflict(
                ErrorCode.TASK_ALREADY_RUNNING, "Task is already queued or running", id=task.id
            )
        blockers = unmet_blockers(current)
        if blockers:
            raise Conflict(
                ErrorCode.TASK_DEPENDENCY_NOT_MET,
                "Task is blocked by dependencies that are not completed",
                id=task.id,
                blocked_by=blockers,
            )
        if required_status is not None and current.status not in required_status:
            raise Conflict(
                ErrorCode.TASK_NOT_RETRYABLE,
                f"Only a failed or cancelled task can be retried (it is {current.status})",
                id=task.id,
                status=current.status,
            )
        options = (
            cli.effective(current.project, cli_override)
            if cli_used is None
            else cli.CliOptions.of(cli_used)
        )
        cli.check_run(user, current.project, options)
        return queue_execution(
            current,
            user,
            priority,
            timeout,
            retry_attempts,
            not_before,
            options.record(),
            turn or next_turn(current, prompt, resume),
        )


def retry(task: Task, user: User) -> Execution:
    """A failed or cancelled task runs once more, with its last priority and timeout."""
    last = latest_execution(task)
    return enqueue(
        task,
        user,
        last.priority if last else Priority.NORMAL,
        last.timeout if last else None,
        0,
        required_status=EXECUTION_RETRYABLE,
        cli_used=last.cli_options if last else None,
        turn=Turn(last.prompt, last.resume_session_id) if last else None,
    )


def cancel(task: Task, user: User | None, reason: str) -> Cancelled:
    """Cancel the task's queued or running execution; the runtime stops a running process."""
    now = utcnow()
    with write_transaction():
        execution = (
            Execution.select()
            .where((Execution.task == task) & Execution.status.in_(EXECUTION_ACTIVE))
            .order_by(Execution.attempt.desc())
            .first()
        )
        if execution is None:
            raise Conflict(
                ErrorCode.TASK_NOT_RUNNING,
                "Task has no queued or running execution",
                id=task.id,
                status=Task.get_by_id(task.id).status,
            )
        was_running = execution.status == ExecutionStatus.RUNNING
        Execution.update(
            status=ExecutionStatus.CANCELLED,
            cancelled_at=now,
            cancel_reason=reason,
            error_code=ErrorCode.TASK_CANCELLED,
            error_message=reason,
            completed_at=None if was_running else now,
        ).where(Execution.id == execution.id).execute()
        Task.update(completed_at=now).where(Task.id == task.id).execute()
        set_task_status(
            Task.get_by_id(task.id),
            TaskStatus.CANCELLED,
            user,
            execution_id=execution.id,
            reason=reason,
        )
        metrics.add(Counted.EXECUTIONS, status=ExecutionStatus.CANCELLED)
    return Cancelled(
        execution.id, task.id, task.project_id, execution.priority, was_running, now, reason
    )


def cancel_queued(priority: str, reason: str) -> list[Cancelled]:
    """Cancel every queued execution of one priority (clearing the queue)."""
    rows = (
        Execution.select(Execution.task)
        .where((Execution.status == ExecutionStatus.QUEUED) & (Execution.priority == priority))
        .tuples()
    )
    ids = [row[0] for row in cast("list[tuple[str]]", rows)]
    cancelled = []
    for task_id in ids:
        try:
            cancelled.append(cancel(Task.get_by_id(task_id), None, reason))
        except Conflict:
            continue  # started or cancelled meanwhile
    return cancelled


def queue_position(execution: Execution) -> int:
    """1-based place among queued executions in the order they will start."""
    ahead = Execution.select().where(
        (Execution.status == ExecutionStatus.QUEUED)
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
            Execution.status.in_(EXECUTION_FINAL)
            & Execution.started_at.is_null(False)
            & Execution.completed_at.is_null(False)
        )
        .order_by(Execution.completed_at.desc())
        .limit(limit)
        .tuples()
    )
    spans = cast("list[tuple[dt.datetime, dt.datetime]]", rows)
    durations = [(end - start).total_seconds() for start, end in spans]
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
        .get_or_none()
    )
