"""Executions (API.md, Task Execution): run requests, each attempt's record, its output."""

from __future__ import annotations

from typing import Literal, Self

from pydantic import Field

from storage.formats import iso, iso_ms
from storage.models import Execution, OutputChunk
from storage.runs import output
from storage.statuses import ExecutionStatus, Priority
from web.http.models import Body, Nullable, Out, Timestamp
from web.http.validation import Query

OUTPUT_IN_DETAILS = 1000
WEEK_SECONDS = 7 * 24 * 3600


class ExecuteOptions(Body):
    timeout: Nullable[int] = Field(
        None,
        ge=1,
        le=WEEK_SECONDS,
        description="seconds; the process group is killed when it expires (TASK_TIMEOUT)",
    )
    retry_attempts: int = Field(
        0, ge=0, le=10, description="automatic retries of a failure, with exponential backoff"
    )


class ExecuteRequest(Body):
    priority: Priority = Priority.NORMAL
    options: ExecuteOptions | None = None


class CancelRequest(Body):
    reason: str = Field("cancelled by user", max_length=1000)


class OutputQuery(Query):
    after_seq: int = Field(
        -1, ge=-1, description="only chunks after this sequence number (resume where you stopped)"
    )
    limit: int = Field(1000, ge=1, le=10_000)


class Chunk(Out):
    """One piece of a run's output, in order (`seq`)."""

    seq: int
    timestamp: Timestamp
    stream: str
    content: str

    @classmethod
    def of(cls, chunk: OutputChunk) -> Self:
        return cls(
            seq=chunk.seq,
            timestamp=iso_ms(chunk.created_at),
            stream=chunk.stream,
            content=chunk.content,
        )


class RunError(Out):
    code: str
    message: str | None


class ExecutionOut(Out):
    id: str
    status: ExecutionStatus
    priority: Priority
    attempt: int
    retry_attempts_left: int
    exit_code: int | None
    error: RunError | None
    queued_at: Timestamp | None
    not_before: Timestamp | None
    started_at: Timestamp | None
    completed_at: Timestamp | None
    cancelled_at: Timestamp | None
    cancel_reason: str | None
    timeout: int | None
    progress_percentage: int | None
    cli_session_id: str | None
    result: str | None
    output_bytes: int | None
    output_truncated: bool | None

    @classmethod
    def of(cls, execution: Execution) -> Self:
        return cls(**_execution_fields(execution))


class ExecutionDetails(ExecutionOut):
    """An execution with its first output chunks."""

    output: list[Chunk]

    @classmethod
    def of(cls, execution: Execution) -> Self:
        chunks = output.output_of(execution.id, limit=OUTPUT_IN_DETAILS)
        return cls(**_execution_fields(execution), output=[Chunk.of(c) for c in chunks])


def _execution_fields(execution: Execution) -> dict[str, object]:
    error = (
        RunError(code=execution.error_code, message=execution.error_message)
        if execution.error_code
        else None
    )
    return {
        "id": execution.id,
        "status": execution.status,
        "priority": execution.priority,
        "attempt": execution.attempt,
        "retry_attempts_left": execution.retry_attempts,
        "exit_code": execution.exit_code,
        "error": error,
        "queued_at": iso(execution.queued_at),
        "not_before": iso(execution.not_before),
        "started_at": iso(execution.started_at),
        "completed_at": iso(execution.completed_at),
        "cancelled_at": iso(execution.cancelled_at),
        "cancel_reason": execution.cancel_reason,
        "timeout": execution.timeout,
        "progress_percentage": execution.progress_percentage,
        "cli_session_id": execution.cli_session_id,
        "result": execution.result_text,
        "output_bytes": execution.output_bytes,
        "output_truncated": execution.output_truncated,
    }


class Queued(Out):
    """A run request accepted: where it waits and when it should start."""

    task_id: str
    execution_id: str
    status: Literal[ExecutionStatus.QUEUED]
    retry_attempt: int | None = None
    queue_position: int
    estimated_start_time: Timestamp


class Cancelled(Out):
    task_id: str
    execution_id: str
    status: Literal[ExecutionStatus.CANCELLED]
    cancelled_at: Timestamp | None
    reason: str


class ExecutionList(Out):
    task_id: str
    executions: list[ExecutionOut]


class ExecutionOutput(Out):
    execution_id: str
    status: ExecutionStatus
    output: list[Chunk]
