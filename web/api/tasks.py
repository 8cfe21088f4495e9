"""Tasks and their execution."""

from __future__ import annotations

import math
from typing import Any

from aiohttp import web

from storage import executions, tasks
from storage.formats import duration, iso
from storage.models import Task
from web.api.executions import render_execution
from web.keys import body_key, query_key, user_key
from web.routing import endpoint
from web.validation import Field, Schema

STATUSES = ("pending", "queued", "running", "completed", "failed", "cancelled")

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
