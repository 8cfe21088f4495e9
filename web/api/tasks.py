"""Tasks and their execution."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from aiohttp import web

from actors.messages import ExecutionQueued
from storage import executions, tasks
from storage.executions import PRIORITIES
from storage.models import Execution, Task
from web.keys import body_key, bridge_key, query_key, settings_key, user_key
from web.render import duration, iso, iso_ms, utcnow
from web.routing import endpoint
from web.validation import Field, Schema

STATUSES = ("pending", "queued", "running", "completed", "failed", "cancelled")
OUTPUT_IN_DETAILS = 1000

TASK_CREATE = Schema(
    Field("title", required=True, min_length=1, max_length=500),
    Field("description", max_length=100_000, default=""),
    Field("project_id", "uuid", required=True),
    Field("priority", "integer", minimum=0, maximum=10, default=0),
    Field("estimated_duration", "duration", nullable=True),
    Field("assigned_to", "uuid", nullable=True),
    Field("tags", "array", items="string", max_length=50),
    Field("metadata", "object"),
)
TASK_LIST = Schema(
    Field("project_id", "uuid"),
    Field("status", description="comma-separated: " + ", ".join(STATUSES)),
    Field("page", "integer", minimum=1, default=1),
    Field(
        "page_size",
        "integer",
        minimum=1,
        maximum=100,
        default=50,
        description="larger values are refused with 422",
    ),
)
EXECUTE = Schema(
    Field("priority", choices=PRIORITIES, default="normal"),
    Field("options", "object", description="{timeout: seconds, retry_attempts: n}"),
)
EXECUTE_OPTIONS = Schema(
    Field("timeout", "integer", minimum=1, maximum=7 * 24 * 3600, nullable=True),
    Field("retry_attempts", "integer", minimum=0, maximum=10, default=0),
)


def render_task(task: Task) -> dict[str, Any]:
    return {
        "id": task.id,
        "title": task.title,
        "description": task.description,
        "project_id": task.project_id,
        "status": task.status,
        "priority": task.priority,
        "progress_percentage": task.progress_percentage,
        "estimated_duration": duration(task.estimated_duration),
        "actual_duration": duration(task.actual_duration),
        "assigned_to": task.assigned_to_id,
        "created_by": task.created_by_id,
        "created_at": iso(task.created_at),
        "updated_at": iso(task.updated_at),
        "started_at": iso(task.started_at),
        "completed_at": iso(task.completed_at),
        "tags": task.tags,
        "metadata": task.metadata,
    }


def render_execution(execution: Execution, with_output: bool) -> dict[str, Any]:
    rendered: dict[str, Any] = {
        "id": execution.id,
        "status": execution.status,
        "priority": execution.priority,
        "attempt": execution.attempt,
        "exit_code": execution.exit_code,
        "error": (
            {"code": execution.error_code, "message": execution.error_message}
            if execution.error_code
            else None
        ),
        "queued_at": iso(execution.queued_at),
        "started_at": iso(execution.started_at),
        "completed_at": iso(execution.completed_at),
        "progress_percentage": execution.progress_percentage,
        "cli_session_id": execution.cli_session_id,
        "result": execution.result_text,
        "output_bytes": execution.output_bytes,
        "output_truncated": execution.output_truncated,
    }
    if with_output:
        rendered["output"] = [
            {
                "seq": c.seq,
                "timestamp": iso_ms(c.created_at),
                "stream": c.stream,
                "content": c.content,
            }
            for c in executions.output_of(execution.id, limit=OUTPUT_IN_DETAILS)
        ]
    return rendered


@endpoint(
    "POST",
    "/api/tasks/",
    "Create a task",
    tag="tasks",
    permission="write",
    body=TASK_CREATE,
    status=201,
)
async def create_task(request: web.Request) -> Any:
    fields = dict(request[body_key])
    project_id = fields.pop("project_id")
    return render_task(tasks.create_task(request[user_key], project_id, fields))


@endpoint("GET", "/api/tasks/", "List tasks", tag="tasks", query=TASK_LIST)
async def list_tasks(request: web.Request) -> Any:
    query = request[query_key]
    statuses = [s for s in (query.get("status") or "").split(",") if s]
    items, total = tasks.list_tasks(
        request[user_key], query.get("project_id"), statuses, query["page"], query["page_size"]
    )
    pages = max(1, math.ceil(total / query["page_size"]))
    return {
        "items": [render_task(t) for t in items],
        "total": total,
        "page": query["page"],
        "page_size": query["page_size"],
        "pages": pages,
        "has_next": query["page"] < pages,
        "has_previous": query["page"] > 1,
    }


@endpoint(
    "GET", "/api/tasks/{task_id}", "Task details with history and latest execution", tag="tasks"
)
async def get_task(request: web.Request) -> Any:
    task = tasks.get_task(request[user_key], request.match_info["task_id"])
    latest = executions.latest_execution(task)
    return {
        **render_task(task),
        "dependencies": [
            {
                "id": d.id,
                "depends_on_task_id": d.depends_on_id,
                "dependency_type": d.dependency_type,
                "task": {"title": d.depends_on.title, "status": d.depends_on.status},
            }
            for d in tasks.dependencies(task)
        ],
        "history": [
            {
                "timestamp": iso(h.created_at),
                "action": h.action,
                "old_value": h.old_value,
                "new_value": h.new_value,
                "user_id": h.user_id,
                "details": h.details,
            }
            for h in tasks.history(task)
        ],
        "latest_execution": render_execution(latest, with_output=True) if latest else None,
    }


@endpoint(
    "POST",
    "/api/tasks/{task_id}/execute",
    "Queue the task for execution",
    tag="tasks",
    permission="execute",
    body=EXECUTE,
    description="Writes a queued execution, then notifies the runtime; the execution "
    "survives a runtime restart. 409 TASK_ALREADY_RUNNING while queued or running.",
)
async def execute_task(request: web.Request) -> Any:
    body = request[body_key]
    options = EXECUTE_OPTIONS.parse(body.get("options") or {})
    task = tasks.get_task(request[user_key], request.match_info["task_id"])
    execution = executions.enqueue(
        task, request[user_key], body["priority"], options.get("timeout"), options["retry_attempts"]
    )
    await request.app[bridge_key].tell(ExecutionQueued(execution.id))
    position = executions.queue_position(execution)
    return {
        "task_id": task.id,
        "execution_id": execution.id,
        "status": "queued",
        "queue_position": position,
        "estimated_start_time": iso(_estimated_start(position, request)),
    }


def _estimated_start(position: int, request: web.Request) -> dt.datetime:
    average = executions.average_duration_seconds() or 0.0
    waves = (position - 1) // request.app[settings_key].max_concurrent_tasks
    return utcnow() + dt.timedelta(seconds=waves * average)
