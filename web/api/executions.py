"""Running tasks: execute, cancel, retry, and the record of each attempt."""

from __future__ import annotations

import datetime as dt
from typing import Any

from aiohttp import web

from actors.messages import CancelExecution, ExecutionQueued, QueuesChanged
from storage import tasks
from storage.formats import iso, iso_ms, utcnow
from storage.models import Execution, OutputChunk
from storage.runs import executions, output
from storage.runs.executions import PRIORITIES
from web.http.routing import endpoint
from web.http.validation import Field, Schema
from web.keys import body_key, bridge_key, query_key, settings_key, user_key
from web.runtime import announce

OUTPUT_IN_DETAILS = 1000
EXECUTE = Schema(
    Field("priority", choices=PRIORITIES, default="normal"),
    Field("options", "object", description="{timeout: seconds, retry_attempts: n}"),
)
EXECUTE_OPTIONS = Schema(
    Field(
        "timeout",
        "integer",
        minimum=1,
        maximum=7 * 24 * 3600,
        nullable=True,
        description="seconds; the process group is killed when it expires (TASK_TIMEOUT)",
    ),
    Field(
        "retry_attempts",
        "integer",
        minimum=0,
        maximum=10,
        default=0,
        description="automatic retries of a failure, with exponential backoff",
    ),
)
CANCEL = Schema(Field("reason", max_length=1000, default="cancelled by user"))


def render_execution(execution: Execution, with_output: bool) -> dict[str, Any]:
    rendered: dict[str, Any] = {
        "id": execution.id,
        "status": execution.status,
        "priority": execution.priority,
        "attempt": execution.attempt,
        "retry_attempts_left": execution.retry_attempts,
        "exit_code": execution.exit_code,
        "error": (
            {"code": execution.error_code, "message": execution.error_message}
            if execution.error_code
            else None
        ),
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
    if with_output:
        rendered["output"] = [
            render_chunk(c) for c in output.output_of(execution.id, limit=OUTPUT_IN_DETAILS)
        ]
    return rendered


@endpoint(
    "POST",
    "/api/tasks/{task_id}/execute",
    "Queue the task for execution",
    tag="tasks",
    permission="execute",
    body=EXECUTE,
    description="Writes a queued execution, then notifies the runtime; the execution "
    "survives a runtime restart. 409 TASK_ALREADY_RUNNING while queued or running. "
    "`options.retry_attempts` re-queues a failure up to N more times, waiting "
    "RETRY_BACKOFF_SECONDS × 2^(attempt-1) (at most 300 s) before each retry.",
)
async def execute_task(request: web.Request) -> Any:
    body = request[body_key]
    options = EXECUTE_OPTIONS.parse(body.get("options") or {})
    task = tasks.get_task(request[user_key], request.match_info["task_id"], "execute")
    execution = executions.enqueue(
        task, request[user_key], body["priority"], options.get("timeout"), options["retry_attempts"]
    )
    return await _queued(request, execution, {"status": "queued"})


@endpoint(
    "POST",
    "/api/tasks/{task_id}/cancel",
    "Cancel the queued or running execution",
    tag="tasks",
    permission="execute",
    body=CANCEL,
    description="A queued execution leaves its queue; a running one gets SIGTERM to its "
    "process group and SIGKILL after CANCEL_GRACE_PERIOD. The cancellation is recorded "
    "at once; the exit code follows when the process is gone. 409 TASK_NOT_RUNNING when "
    "nothing is queued or running.",
)
async def cancel_task(request: web.Request) -> Any:
    task = tasks.get_task(request[user_key], request.match_info["task_id"], "execute")
    reason = request[body_key]["reason"]
    cancelled = executions.cancel(task, request[user_key], reason)
    bridge = request.app[bridge_key]
    if cancelled.was_running:
        await bridge.tell(CancelExecution(cancelled.execution_id, reason))
    else:
        await bridge.tell(QueuesChanged((cancelled.priority,)))
    await announce.task_status(
        request.app, task.id, task.project_id, "cancelled", cancelled.execution_id
    )
    return {
        "task_id": task.id,
        "execution_id": cancelled.execution_id,
        "status": "cancelled",
        "cancelled_at": iso(cancelled.cancelled_at),
        "reason": reason,
    }


@endpoint(
    "POST",
    "/api/tasks/{task_id}/retry",
    "Run a failed or cancelled task again",
    tag="tasks",
    permission="execute",
    description="A new execution with the last priority and timeout, numbered "
    "`retry_attempt` = previous attempt + 1, without automatic retries (execute again "
    "with options for those). 409 TASK_NOT_RETRYABLE unless failed or cancelled.",
)
async def retry_task(request: web.Request) -> Any:
    task = tasks.get_task(request[user_key], request.match_info["task_id"], "execute")
    execution = executions.retry(task, request[user_key])
    return await _queued(
        request, execution, {"status": "queued", "retry_attempt": execution.attempt}
    )


@endpoint(
    "GET",
    "/api/tasks/{task_id}/executions",
    "Every attempt to run the task, newest first",
    tag="tasks",
)
async def list_executions(request: web.Request) -> Any:
    task = tasks.get_task(request[user_key], request.match_info["task_id"])
    return {
        "task_id": task.id,
        "executions": [render_execution(e, with_output=False) for e in executions.attempts(task)],
    }


OUTPUT_QUERY = Schema(
    Field(
        "after_seq",
        "integer",
        minimum=-1,
        default=-1,
        description="only chunks after this sequence number (resume where you stopped)",
    ),
    Field("limit", "integer", minimum=1, maximum=10_000, default=1000),
)


@endpoint(
    "GET",
    "/api/tasks/{task_id}/executions/{execution_id}/output",
    "Stored output of one execution, in order",
    tag="tasks",
    query=OUTPUT_QUERY,
)
async def execution_output(request: web.Request) -> Any:
    task = tasks.get_task(request[user_key], request.match_info["task_id"])
    execution = executions.get_execution(task, request.match_info["execution_id"])
    query = request[query_key]
    chunks = output.output_of(execution.id, after_seq=query["after_seq"], limit=query["limit"])
    return {
        "execution_id": execution.id,
        "status": execution.status,
        "output": [render_chunk(c) for c in chunks],
    }


def render_chunk(chunk: OutputChunk) -> dict[str, Any]:
    return {
        "seq": chunk.seq,
        "timestamp": iso_ms(chunk.created_at),
        "stream": chunk.stream,
        "content": chunk.content,
    }


async def _queued(
    request: web.Request, execution: Execution, extra: dict[str, Any]
) -> dict[str, Any]:
    await request.app[bridge_key].tell(ExecutionQueued(execution.id, execution.priority))
    await announce.task_status(
        request.app, execution.task_id, execution.task.project_id, "queued", execution.id
    )
    position = executions.queue_position(execution)
    average = executions.average_duration_seconds() or 0.0
    waves = (position - 1) // request.app[settings_key].max_concurrent_tasks
    start = max(utcnow() + dt.timedelta(seconds=waves * average), execution.not_before or utcnow())
    return {
        "task_id": execution.task_id,
        "execution_id": execution.id,
        **extra,
        "queue_position": position,
        "estimated_start_time": iso(start),
    }
