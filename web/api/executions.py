"""Running tasks: execute, cancel, retry, and the record of each attempt."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TypeVar

from actors.live.queued import Announcement, announced
from actors.messages import CancelExecution
from storage import tasks
from storage.errors import NotFound
from storage.formats import utcnow
from storage.models import Task
from storage.roles import Permission, ProjectPermission
from storage.runs import executions, output, transcript
from storage.statuses import ExecutionStatus, Priority
from web.api.schemas.executions import (
    Cancelled,
    CancelRequest,
    Chunk,
    Conversation,
    Diff,
    ExecuteOptions,
    ExecuteRequest,
    ExecutionList,
    ExecutionOutput,
    OutputQuery,
    Queued,
    Transcript,
    TranscriptEntry,
    TranscriptQuery,
)
from web.http.calls import Call, NoBody
from web.http.models import Body
from web.http.routing import Resource
from web.keys import bridge_key
from web.runtime import announce

api = Resource(tag="tasks")

T = TypeVar("T")


@api.post("/api/tasks/{task_id}/execute", permission=Permission.EXECUTE)
async def execute_task(call: Call[ExecuteRequest]) -> Queued:
    """Queue the task for execution

    Writes a queued execution, then notifies the runtime; the execution survives a runtime restart.
    409 TASK_ALREADY_RUNNING while queued or running. `options.retry_attempts` re-queues a failure
    up to N more times, waiting RETRY_BACKOFF_SECONDS × 2^(attempt-1) (at most 300 s) before each
    retry. `options.cli` sets this run's CLI settings over the project's `settings.cli` (403
    AUTH_INSUFFICIENT_PERMISSIONS for bypassPermissions where it is not allowed); the execution's
    `cli` shows what it used. `options.continue` resumes the CLI session of the task's last
    execution (`--resume`; default: the task's `metadata.continue_session`; 409 TASK_NO_SESSION
    when none has one) and `options.prompt` sends a follow-up instead of the task's text.
    """
    priority, options = call.body.priority, call.body.options or ExecuteOptions()
    override = options.cli.sent() if options.cli else None
    announcement = await _on_task(
        call,
        lambda task: announced(
            lambda: executions.enqueue(
                task,
                call.user,
                priority,
                options.timeout,
                options.retry_attempts,
                cli_override=override,
                prompt=options.prompt,
                resume=options.resume,
            )
        ),
    )
    return await _queued(call, announcement, retry=False)


@api.post("/api/tasks/{task_id}/cancel", permission=Permission.EXECUTE)
async def cancel_task(call: Call[CancelRequest]) -> Cancelled:
    """Cancel the queued or running execution

    A queued execution leaves its queue; a running one gets SIGTERM to its process group and SIGKILL
    after CANCEL_GRACE_PERIOD. The cancellation is recorded at once; the exit code follows when the
    process is gone. 409 TASK_NOT_RUNNING when nothing is queued or running.
    """
    reason = call.body.reason
    cancelled = await _on_task(call, lambda task: executions.cancel(task, call.user, reason))
    bridge = call.app[bridge_key]
    if cancelled.was_running:
        await bridge.tell(CancelExecution(cancelled.execution_id, reason))
    else:
        await bridge.queues_changed((Priority(cancelled.priority),))
    await announce.cancelled(call.app, cancelled)
    return Cancelled(
        task_id=cancelled.task_id,
        execution_id=cancelled.execution_id,
        status=ExecutionStatus.CANCELLED,
        cancelled_at=cancelled.cancelled_at,
        reason=reason,
    )


@api.post("/api/tasks/{task_id}/retry", permission=Permission.EXECUTE)
async def retry_task(call: Call) -> Queued:
    """Run a failed or cancelled task again

    A new execution with the last priority and timeout, numbered `retry_attempt` = previous attempt
    + 1, without automatic retries (execute again with options for those). 409 TASK_NOT_RETRYABLE
    unless failed or cancelled.
    """
    announcement = await _on_task(
        call, lambda task: announced(lambda: executions.retry(task, call.user))
    )
    return await _queued(call, announcement, retry=True)


@api.get("/api/tasks/{task_id}/executions")
def list_executions(call: Call) -> ExecutionList:
    """Every attempt to run the task, newest first"""
    return ExecutionList.of(tasks.get_task(call.user, call.path("task_id")))


@api.get("/api/tasks/{task_id}/conversation")
def task_conversation(call: Call) -> Conversation:
    """The task's conversation: its executions oldest first, each with its prompt (null: the
    task's text), the session it continued and the result"""
    return Conversation.of(tasks.get_task(call.user, call.path("task_id")))


@api.get("/api/tasks/{task_id}/executions/{execution_id}/output")
def execution_output(call: Call[NoBody, OutputQuery]) -> ExecutionOutput:
    """Stored output of one execution, in order"""
    task = tasks.get_task(call.user, call.path("task_id"))
    execution = executions.get_execution(task, call.path("execution_id"))
    chunks = output.output_of(execution.id, after_seq=call.query.after_seq, limit=call.query.limit)
    return ExecutionOutput(
        execution_id=execution.id,
        status=execution.status,
        output=[Chunk.of(c) for c in chunks],
    )


@api.get("/api/tasks/{task_id}/executions/{execution_id}/diff")
def execution_diff(call: Call) -> Diff:
    """What an execution isolated in a git worktree changed

    Its branch (`claude/<short task id>-<attempt>`), the commit it started from, the commit of
    its changes on that branch, and the diff between them (stat and patch, capped at
    WORKTREE_DIFF_MAX_BYTES). 404 RESOURCE_NOT_FOUND for an execution that ran without a
    worktree; stat and patch are null while it runs.
    """
    task = tasks.get_task(call.user, call.path("task_id"))
    execution = executions.get_execution(task, call.path("execution_id"))
    if not execution.worktree_branch:
        raise NotFound("diff", execution.id)
    return Diff.read(execution)


@api.get("/api/tasks/{task_id}/executions/{execution_id}/transcript")
def execution_transcript(call: Call[NoBody, TranscriptQuery]) -> Transcript:
    """The CLI's stream of one execution as structured messages, in order

    Assistant text, thinking, tool use (name, input), tool result (content, is_error), the
    session's init and the final result, each with its `seq` and time; an event of a type not
    known here is kept verbatim (`event`). Page with `after_seq`. WebSocket subscribers of the
    execution's output get the same messages live as `transcript_message`.
    """
    task = tasks.get_task(call.user, call.path("task_id"))
    execution = executions.get_execution(task, call.path("execution_id"))
    rows = transcript.messages_of(execution.id, call.query.after_seq, call.query.limit)
    return Transcript(
        execution_id=execution.id,
        status=execution.status,
        messages=[TranscriptEntry.of(row) for row in rows],
    )


async def _on_task(call: Call[Body], act: Callable[[Task], T]) -> T:
    """act on the task of the path, which the caller must be allowed to run, off the loop."""

    def run() -> T:
        return act(tasks.get_task(call.user, call.path("task_id"), ProjectPermission.EXECUTE))

    return await call.off_loop(run)


async def _queued(call: Call[Body], announcement: Announcement, retry: bool) -> Queued:
    """Tell the runtime and the watchers (announce.queued), then estimate the start."""
    await announce.queued(call.app, announcement)
    execution = announcement.execution

    def estimate() -> tuple[int, dt.datetime]:
        position = executions.queue_position(execution)
        average = executions.average_duration_seconds() or 0.0
        waves = (position - 1) // call.settings.max_concurrent_tasks
        soon = utcnow() + dt.timedelta(seconds=waves * average)
        return position, max(soon, execution.not_before or utcnow())

    position, start = await call.off_loop(estimate)
    queued = Queued(
        task_id=execution.task_id,
        execution_id=execution.id,
        status=ExecutionStatus.QUEUED,
        queue_position=position,
        estimated_start_time=start,
    )
    if retry:
        queued.retry_attempt = execution.attempt
    return queued
