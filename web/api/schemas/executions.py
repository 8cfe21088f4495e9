"""Executions (API.md, Task Execution): run requests, each attempt's record, its output."""

from __future__ import annotations

from typing import Any, Literal, Self

from pydantic import Field

from storage.formats import iso_ms
from storage.models import Execution, OutputChunk, Task, TranscriptMessage
from storage.runs import conversations, executions, output
from storage.runs.transcript import MessageKind
from storage.statuses import ExecutionStatus, Priority
from web.api.schemas.cli import CliSettings
from web.http.models import Body, JsonObject, Nullable, Out, Timestamp
from web.http.validation import Query

OUTPUT_IN_DETAILS = 1000
TRANSCRIPT_DATA = (
    "system_init: session_id, model, cwd, tools, permission_mode, mcp_servers; text: text; "
    "thinking: thinking; user_text: text; tool_use: id, name, input; tool_result: tool_use_id, "
    "content, is_error; result: subtype, is_error, result, total_cost_usd, usage, num_turns, "
    "duration_ms, duration_api_ms; event: any other event verbatim under `event`; truncated: "
    "the transcript reached MAX_OUTPUT_BYTES"
)
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
    resume: bool | None = Field(
        None,
        alias="continue",
        description="continue the CLI session of the task's last execution (--resume); default: "
        "the task's metadata.continue_session",
    )
    prompt: str | None = Field(
        None,
        min_length=1,
        max_length=100_000,
        description="a follow-up message sent instead of the task's title and description",
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


class TranscriptQuery(Query):
    after_seq: int = Field(
        -1, ge=-1, description="only messages after this sequence number (resume where you stopped)"
    )
    limit: int = Field(1000, ge=1, le=10_000)


class TranscriptEntry(Out):
    """One structured message of the CLI's stream, in order (`seq`); `data` depends on `kind`."""

    seq: int
    timestamp: Timestamp
    kind: MessageKind
    data: JsonObject = Field(description=TRANSCRIPT_DATA)

    @classmethod
    def of(cls, row: TranscriptMessage) -> Self:
        return cls.read(row, timestamp=iso_ms(row.created_at))


class Transcript(Out):
    execution_id: str
    status: ExecutionStatus
    messages: list[TranscriptEntry]


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


class WorktreeOut(Out):
    """The branch an isolated execution worked on, from which commit, and the commit it made
    there (null: it changed nothing); error: why committing or diffing failed."""

    branch: str = Field(validation_alias="worktree_branch")
    base_commit: str = Field(validation_alias="worktree_base_commit")
    head_commit: str | None = Field(validation_alias="worktree_head_commit")
    path: str = Field(validation_alias="worktree_path")
    error: str | None = Field(validation_alias="worktree_error")

    @classmethod
    def of(cls, execution: Execution) -> Self | None:
        return cls.read(execution) if execution.worktree_branch else None


class Diff(WorktreeOut):
    """What an isolated execution changed: the diff from its base commit, capped at
    WORKTREE_DIFF_MAX_BYTES (truncated)."""

    execution_id: str = Field(validation_alias="id")
    stat: str | None = Field(validation_alias="diff_stat")
    patch: str | None = Field(validation_alias="diff_patch")
    truncated: bool | None = Field(validation_alias="diff_truncated")


class Tokens(Out):
    input_tokens: int
    output_tokens: int
    cache_creation_input_tokens: int
    cache_read_input_tokens: int


class UsageTotals(Out):
    """The summed total_cost_usd and tokens of some executions."""

    cost_usd: float
    tokens: Tokens


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
    prompt: str | None = Field(description="its follow-up message (null: the task's text)")
    worktree: WorktreeOut | None = Field(description="isolation worktree: where it ran")
    resume_session_id: str | None = Field(description="the CLI session it continued (--resume)")
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
            worktree=WorktreeOut.of(execution),
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


class Conversation(Out):
    """A task's executions, oldest first: each a turn of the CLI session it continued."""

    task_id: str
    turns: list[ExecutionOut]

    @classmethod
    def of(cls, task: Task) -> Self:
        return cls(
            task_id=task.id, turns=[ExecutionOut.of(e) for e in conversations.conversation(task)]
        )


class ExecutionOutput(Out):
    execution_id: str
    status: ExecutionStatus
    output: list[Chunk]
