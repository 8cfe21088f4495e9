"""What the runtime writes about an execution while it runs: claim, process, progress, end.

Every state change is written here, in a transaction, before the runtime announces it:
running → completed | failed | cancelled, a failure re-queued at once while attempts remain.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, cast

from peewee import ModelSelect

from storage import metrics
from storage.cli import CliOptions
from storage.database import write_transaction
from storage.error_codes import ErrorCode
from storage.metrics import Counted
from storage.models import Execution, Project, Task, utcnow
from storage.prepared import Binds
from storage.runs import leases
from storage.runs.conversations import Turn
from storage.runs.transitions import queue_execution, set_task_status
from storage.runs.usage import TOKEN_FIELDS
from storage.statuses import EXECUTION_ACTIVE, ExecutionStatus, Priority, TaskStatus
from storage.tasks.audit import record

MAX_BACKOFF_SECONDS = 300


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
    cli: CliOptions = CliOptions()


@dataclass(frozen=True)
class Requeued:
    """A failed execution's automatic retry, already written as queued."""

    execution_id: str
    priority: Priority
    not_before: dt.datetime | None


@dataclass(frozen=True)
class RecordedProcess:
    """An execution marked running and the process group recorded for it, if any."""

    execution_id: str
    pgid: int | None
    marker: str | None  # the group leader's start marker (actors.processes.start_marker)


def plan(execution_id: str) -> ExecutionPlan | None:
    """What starting a queued execution needs, read without a transaction; None if it is not
    queued any more. The Supervisor sends it to a TaskActor before it claims (claim)."""
    binds = Binds()
    rows = binds.run_dicts(("execution's plan",), _plan_of(binds, execution_id))
    if not rows or rows[0]["status"] != ExecutionStatus.QUEUED:
        return None
    return _plan(execution_id, rows[0])


def plan_of(execution: Execution) -> ExecutionPlan:
    """The plan of an execution just queued, from the rows that queued it (its task, with the
    task's project, loaded): what a web process sends a lent runner, read nothing more."""
    task = execution.task
    row = {
        "task_id": task.id,
        "project_id": task.project_id,
        "title": task.title,
        "description": task.description,
        "working_directory": task.project.working_directory,
        **{name: getattr(execution, name) for name in _PLANNED},
    }
    return _plan(execution.id, row)


_PLANNED = ("prompt", "timeout", "resume_session_id", "attempt", "cli_options")


def _plan(execution_id: str, row: dict[str, Any]) -> ExecutionPlan:
    title, description = row["title"], row["description"]
    return ExecutionPlan(
        execution_id=execution_id,
        task_id=row["task_id"],
        project_id=row["project_id"],
        prompt=row["prompt"] or (f"{title}\n\n{description}" if description else title),
        working_directory=row["working_directory"],
        timeout=row["timeout"],
        resume_session_id=row["resume_session_id"],
        attempt=row["attempt"],
        cli=CliOptions.of(row["cli_options"]),
    )


def claim(plan: ExecutionPlan, lease_seconds: int) -> bool:
    """Move the planned execution from queued to running, and its task; False if it is not
    queued any more (cancelled meanwhile), so claiming twice does no harm."""
    now = utcnow()
    with write_transaction():
        claimed = leases.claim(
            Execution,
            plan.execution_id,
            ExecutionStatus.QUEUED,
            ExecutionStatus.RUNNING,
            lease_seconds,
            started_at=now,
        )
        if not claimed:
            return False
        binds = Binds()
        query = Task.select(Task.status).where(Task.id == binds.slot("id", plan.task_id))
        # the task's columns its status change reads (the whole rows cost a start ~2 ms)
        status = binds.run_scalar(("task status",), query)
        task = Task(id=plan.task_id, project=plan.project_id, status=status)
        started = {"started_at": now, "progress_percentage": 0, "completed_at": None}
        Binds().update_by_id(("task started",), Task, task.id, started)
        set_task_status(
            task, TaskStatus.RUNNING, None, execution_id=plan.execution_id, attempt=plan.attempt
        )
    return True


def _plan_of(binds: Binds, execution_id: str) -> ModelSelect[Execution]:
    """The columns of an execution, its task and project that its plan reads."""
    return (
        Execution.select(
            Execution.status,
            Execution.task,
            Execution.prompt,
            Execution.timeout,
            Execution.resume_session_id,
            Execution.attempt,
            Execution.cli_options,
            Task.project,
            Task.title,
            Task.description,
            Project.working_directory,
        )
        .join(Task)
        .join(Project)
        .where(Execution.id == binds.slot("id", execution_id))
    )


def finish(
    execution_id: str,
    status: ExecutionStatus,
    exit_code: int | None,
    error_code: ErrorCode | None = None,
    error_message: str | None = None,
    backoff_seconds: float = 5.0,
    **recorded: object,
) -> Requeued | None:
    """Record the end of an execution and its task; re-queue a failure while attempts remain.

    recorded: what the runtime observed (result_text, cli_session_id, output_bytes,
    output_truncated, and storage.runs.usage.columns); its cost adds to the task's. An
    execution cancelled by a user keeps its status and gets its exit recorded; an execution
    that already ended is left alone (handlers may run twice). The end is counted
    (storage.metrics) in the same transaction.
    """
    now = utcnow()
    with write_transaction():
        execution = Execution.get_or_none(Execution.id == execution_id)
        if execution is None:
            return None
        cost = recorded.get("cost_usd")
        if isinstance(cost, float) and execution.completed_at is None:
            Task.update(cost_usd=Task.cost_usd + cost).where(Task.id == execution.task_id).execute()
            _count_usage(cost, recorded)
        if execution.status == ExecutionStatus.CANCELLED and execution.completed_at is None:
            leases.release(
                Execution, Execution.id == execution_id, now, exit_code=exit_code, **recorded
            )
            _observe_duration(execution, ExecutionStatus.CANCELLED, now)  # counted when cancelled
            return None
        if execution.status not in EXECUTION_ACTIVE:
            return None
        completed = status == ExecutionStatus.COMPLETED
        leases.release(
            Execution,
            Execution.id == execution_id,
            now,
            status=status,
            exit_code=exit_code,
            error_code=error_code,
            error_message=error_message,
            progress_percentage=100 if completed else Execution.progress_percentage,
            **recorded,
        )
        task = Task.get_by_id(execution.task_id)
        changes: dict[str, object] = {"completed_at": now}
        if execution.started_at is not None:
            changes["actual_duration"] = int((now - execution.started_at).total_seconds())
        if completed:
            changes["progress_percentage"] = 100
        if recorded.get("cli_session_id"):
            changes["cli_session_id"] = recorded["cli_session_id"]
        Task.update(**changes).where(Task.id == task.id).execute()
        set_task_status(
            task,
            TaskStatus(status),
            None,
            execution_id=execution_id,
            attempt=execution.attempt,
            exit_code=exit_code,
            error_code=error_code,
            error=error_message,
        )
        requeued = None
        if status == ExecutionStatus.FAILED and execution.retry_attempts > 0:
            requeued = _retry_later(task, execution, backoff_seconds, now)
        metrics.add(Counted.EXECUTIONS, status=status)
        _observe_duration(execution, status, now)
    return requeued


def _observe_duration(execution: Execution, status: ExecutionStatus, now: dt.datetime) -> None:
    """The run's time from start to end in the duration histogram (a queued one never ran)."""
    if execution.started_at is not None:
        seconds = (now - execution.started_at).total_seconds()
        metrics.observe(Counted.EXECUTION_DURATION, seconds, status=status)


def _retry_later(
    task: Task, failed: Execution, backoff_seconds: float, now: dt.datetime
) -> Requeued:
    """Queue the next attempt of a failed execution after an exponential backoff."""
    delay = min(MAX_BACKOFF_SECONDS, backoff_seconds * 2 ** (failed.attempt - 1))
    not_before = now + dt.timedelta(seconds=delay)
    retry_execution = queue_execution(
        task,
        None,
        failed.priority,
        failed.timeout,
        failed.retry_attempts - 1,
        not_before,
        failed.cli_options,
        Turn(failed.prompt, failed.resume_session_id),
    )
    record(
        task,
        None,
        "retry_scheduled",
        details={
            "execution_id": retry_execution.id,
            "attempt": retry_execution.attempt,
            "after_seconds": delay,
            "previous_execution_id": failed.id,
        },
    )
    return Requeued(retry_execution.id, Priority(retry_execution.priority), not_before)


def running_processes() -> list[RecordedProcess]:
    """Every execution marked running, with its recorded process group."""
    rows = (
        Execution.select(Execution.id, Execution.pgid, Execution.process_started)
        .where(Execution.status == ExecutionStatus.RUNNING)
        .tuples()
    )
    return [RecordedProcess(*row) for row in cast("list[tuple[str, int | None, str | None]]", rows)]


def fail_running(reason: str, backoff_seconds: float) -> list[Requeued]:
    """Fail every execution still marked running (its runtime is gone), retrying where allowed."""
    requeued = []
    for process in running_processes():
        retry_execution = finish(
            process.execution_id,
            ExecutionStatus.FAILED,
            None,
            ErrorCode.TASK_EXECUTION_FAILED,
            reason,
            backoff_seconds,
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
    return cast("tuple[str, str] | None", row)


def process_of(execution_id: str) -> RecordedProcess:
    """The recorded process group of an execution and its leader's start marker."""
    row = (
        Execution.select(Execution.pgid, Execution.process_started)
        .where(Execution.id == execution_id)
        .tuples()
        .first()
    )
    pgid, marker = cast("tuple[int | None, str | None]", row or (None, None))
    return RecordedProcess(execution_id, pgid, marker)


def expired_leases(exclude: set[str] | None = None) -> list[str]:
    """Running executions whose runner stopped renewing its lease."""
    rows = (
        Execution.select(Execution.id)
        .where(leases.expired(Execution, (ExecutionStatus.RUNNING,)))
        .tuples()
    )
    return [row[0] for row in cast("list[tuple[str]]", rows) if row[0] not in (exclude or set())]


def renew_lease(execution_id: str, seconds: int) -> None:
    leases.renew(Execution, execution_id, seconds, (ExecutionStatus.RUNNING,))


def record_process(execution_id: str, pid: int, pgid: int, process_started: str) -> None:
    Execution.update(pid=pid, pgid=pgid, process_started=process_started).where(
        Execution.id == execution_id
    ).execute()


def record_worktree(execution_id: str, columns: dict[str, object]) -> None:
    """Where an isolated execution runs (its branch, base commit and worktree)."""
    Execution.update(**columns).where(Execution.id == execution_id).execute()


def record_progress(execution_id: str, progress: int, cli_session_id: str | None) -> None:
    execution = Execution.get_by_id(execution_id)
    changes: dict[str, object] = {"progress_percentage": progress}
    if cli_session_id:
        changes["cli_session_id"] = cli_session_id
    Execution.update(**changes).where(Execution.id == execution_id).execute()
    Task.update(updated_at=utcnow(), **changes).where(
        (Task.id == execution.task_id) & (Task.status == TaskStatus.RUNNING)
    ).execute()


def _count_usage(cost: float, recorded: dict[str, object]) -> None:
    """What a run cost and the tokens it used, added to the stored counters (/metrics), once:
    with its cost, in the transaction that records them."""
    metrics.add(Counted.CLI_COST, cost, model=str(recorded.get("model") or "unknown"))
    for field in TOKEN_FIELDS:
        tokens = recorded.get(field)
        if isinstance(tokens, int) and tokens:
            metrics.add(Counted.CLI_TOKENS, tokens, kind=field.removesuffix("_tokens"))
