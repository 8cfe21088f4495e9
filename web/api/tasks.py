"""Tasks and their execution."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from storage import tasks
from storage.formats import duration, iso
from storage.models import Task, TaskDependency, TaskHistory
from storage.runs import executions
from storage.tasks import dependencies
from storage.tasks.crud import SETTABLE_STATUSES
from storage.tasks.dependencies import TYPES as DEPENDENCY_TYPES
from web.api.executions import render_execution
from web.http.routing import endpoint
from web.http.validation import Field, Schema
from web.keys import body_key, user_key

HISTORY_IN_DETAILS = 200

DEPENDENCY = Schema(
    Field("depends_on_task_id", "uuid", required=True),
    Field("dependency_type", choices=DEPENDENCY_TYPES, default="blocks"),
)


def _task_fields(creating: bool) -> tuple[Field, ...]:
    """The client-settable fields; server-owned ones (id, created_by, times) are refused."""
    return (
        Field("title", required=creating, min_length=1, max_length=500),
        Field("description", max_length=100_000, default="" if creating else None),
        Field("priority", "integer", minimum=0, maximum=10, default=0 if creating else None),
        Field("estimated_duration", "duration", nullable=True),
        Field("assigned_to", "uuid", nullable=True, description="an active user of the project"),
        Field(
            "tags",
            "array",
            items="string",
            max_length=50,
            description="trimmed and lower-cased; duplicates dropped; no commas",
        ),
        Field("metadata", "object"),
        Field(
            "dependencies",
            "array",
            items="object",
            schema=DEPENDENCY,
            max_length=50,
            description="tasks of the same project this one depends on; "
            + ("" if creating else "replaces the current set; ")
            + "cycles are refused",
        ),
    )


_CREATE_FIELDS = _task_fields(creating=True)
TASK_CREATE = Schema(
    _CREATE_FIELDS[0], Field("project_id", "uuid", required=True), *_CREATE_FIELDS[1:]
)
TASK_UPDATE = Schema(
    *_task_fields(creating=False),
    Field(
        "status",
        choices=SETTABLE_STATUSES,
        description="queued and running are set by the runtime only",
    ),
    Field("progress_percentage", "integer", minimum=0, maximum=100),
)

_HISTORY_FORMATS = {"estimated_duration": duration}


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


def render_history(entry: TaskHistory) -> dict[str, Any]:
    """One change: the seed's flat old/new values, and the same inside details."""
    shown = _HISTORY_FORMATS.get(entry.field or "", lambda value: value)
    old, new = shown(entry.old_value), shown(entry.new_value)
    user = entry.user if entry.user_id else None
    changed = {"field": entry.field, "old_value": old, "new_value": new} if entry.field else {}
    return {
        "id": entry.id,
        "timestamp": iso(entry.created_at),
        "action": entry.action,
        "field": entry.field,
        "old_value": old,
        "new_value": new,
        "user_id": entry.user_id,
        "user_name": (user.full_name or user.username) if user else None,
        "details": {**entry.details, **changed},
    }


def render_dependency(link: TaskDependency) -> dict[str, Any]:
    return {
        "id": link.id,
        "depends_on_task_id": link.depends_on_id,
        "dependency_type": link.dependency_type,
        "task": {"title": link.depends_on.title, "status": link.depends_on.status},
    }


def render_details(task: Task) -> dict[str, Any]:
    latest = executions.latest_execution(task)
    return {
        **render_task(task),
        "dependencies": [render_dependency(d) for d in dependencies.of(task)],
        "history": [render_history(h) for h in tasks.history(task, HISTORY_IN_DETAILS)],
        "latest_execution": render_execution(latest, with_output=True) if latest else None,
    }


@endpoint(
    "POST",
    "/api/tasks/",
    "Create a task",
    tag="tasks",
    permission="write",
    body=TASK_CREATE,
    status=201,
    description="Needs write access to the project (its owner, a maintainer or developer "
    "member, or an admin). 409 PROJECT_LIMIT_EXCEEDED past resource_limits.max_tasks, "
    "409 PROJECT_ARCHIVED in an archived project.",
)
async def create_task(request: web.Request) -> Any:
    fields = dict(request[body_key])
    project_id = fields.pop("project_id")
    return render_details(tasks.create_task(request[user_key], project_id, fields))


@endpoint(
    "GET", "/api/tasks/{task_id}", "Task details with history and latest execution", tag="tasks"
)
async def get_task(request: web.Request) -> Any:
    return render_details(tasks.get_task(request[user_key], request.match_info["task_id"]))


@endpoint(
    "PUT",
    "/api/tasks/{task_id}",
    "Update a task",
    tag="tasks",
    permission="write",
    body=TASK_UPDATE,
    description="Changes only the fields sent; each change is recorded in the history. "
    "status may be set to pending, completed, failed or cancelled; a task that is queued or "
    "running keeps its status (409 TASK_ALREADY_RUNNING; cancel it instead).",
)
async def update_task(request: web.Request) -> Any:
    task_id = request.match_info["task_id"]
    return render_details(tasks.update_task(request[user_key], task_id, request[body_key]))


@endpoint(
    "DELETE",
    "/api/tasks/{task_id}",
    "Delete a task (soft, audited)",
    tag="tasks",
    permission="write",
    description="The task disappears from every list and lookup; its row and history stay. "
    "409 TASK_ALREADY_RUNNING while queued or running.",
)
async def delete_task(request: web.Request) -> Any:
    task = tasks.delete_task(request[user_key], request.match_info["task_id"])
    return {
        "message": "Task deleted successfully",
        "id": task.id,
        "deleted_at": iso(task.deleted_at),
    }


@endpoint("GET", "/api/tasks/{task_id}/history", "The task's change history", tag="tasks")
async def task_history(request: web.Request) -> Any:
    task = tasks.get_task(request[user_key], request.match_info["task_id"])
    return {"task_id": task.id, "history": [render_history(h) for h in tasks.history(task)]}
