"""Executions (API.md, Task Execution): run requests, each attempt's record, its output."""

from __future__ import annotations

from typing import Any, Literal, Self

from pydantic import Field

from storage.formats import iso_ms
from storage.models import Execution, OutputChunk, Task
from storage.runs import executions, output
from storage.statuses import ExecutionStatus, Priority
from web.api.schemas.cli import CliSettings
from web.http.models import Body, JsonObject, Nullable, Out, Timestamp
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
    cli: CliSettings | None = Field(
        None, description="CLI settings of this run, each field over the project's settings.cli"
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
        return cls.read(chunk, timestamp=iso_ms(chunk.created_at))


class RunError(Out):
    code: str = Field(validation_alias="error_code")
    message: str | None = Field(validation_alias="error_message")


class Usage(Out):
    """Tokens of a run, as the CLI's result event counts them."""

    input_tokens: int | None
    output_tokens: int | None
    cache_creation_input_tokens: int | None
    cache_read_input_tokens: int | None

    @classmethod
    def of(cls, execution: Execution) -> Self | None:
        usage = cls.read(execution)
        return None if execution.result_subtype is None else usage


class ExecutionOut(Out):
    id: str
    status: ExecutionStatus
    priority: Priority
    attempt: int
    retry_attempts_left: int = Field(validation_alias="retry_attempts")
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
    result: str | None = Field(validation_alias="result_text")
    output_bytes: int | None
    output_truncated: bool | None
    cli: JsonObject = Field(
        validation_alias="cli_options", description="the CLI settings this run used"
    )
    model: str | None = Field(description="the model the CLI reported in its init event")
    cli_init: JsonObject | None = Field(
        description="what else the init event reported: cwd, tools, permissionMode, mcp_servers"
    )
    cost_usd: float | None = Field(description="the result event's total_cost_usd")
    usage: Usage | None
    num_turns: int | None
    duration_ms: int | None
    duration_api_ms: int | None
    result_subtype: str | None = Field(
        description="the result event's subtype: success, error_max_turns, ..."
    )

    @classmethod
    def of(cls, execution: Execution, **given: Any) -> Self:
        error = RunError.read(execution) if execution.error_code else None
        return cls.read(
            execution,
            error=error,
            cli=execution.cli_options or {},
            usage=Usage.of(execution),
            **given,
        )


class ExecutionDetails(ExecutionOut):
    """An execution with its first output chunks."""

    output: list[Chunk]

    @classmethod
    def with_output(cls, execution: Execution) -> Self:
        chunks = output.output_of(execution.id, limit=OUTPUT_IN_DETAILS)
        return cls.of(execution, output=[Chunk.of(c) for c in chunks])


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

    @classmethod
    def of(cls, task: Task) -> Self:
        """Every attempt to run the task, newest first."""
        return cls(
            task_id=task.id, executions=[ExecutionOut.of(e) for e in executions.attempts(task)]
        )


class ExecutionOutput(Out):
    execution_id: str
    status: ExecutionStatus
    output: list[Chunk]
