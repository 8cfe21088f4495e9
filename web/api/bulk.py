"""Bulk task operations: one request, a result per task."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from storage.tasks import bulk
from storage.tasks.crud import SETTABLE_STATUSES
from web.http.middlewares import storage_error
from web.http.routing import endpoint
from web.http.validation import Field, Schema
from web.keys import body_key, user_key

TAGS = Field("tags", "array", items="string", required=True, min_length=1, max_length=50)
DATA: dict[str, Schema] = {
    "update_status": Schema(
        Field("status", required=True, choices=SETTABLE_STATUSES),
        Field("progress_percentage", "integer", minimum=0, maximum=100),
    ),
    "assign": Schema(Field("assigned_to", "uuid", required=True, nullable=True)),
    "add_tags": Schema(TAGS),
    "remove_tags": Schema(TAGS),
    "delete": Schema(),
    "set_priority": Schema(Field("priority", "integer", required=True, minimum=0, maximum=10)),
}
BULK = Schema(
    Field("operation", required=True, choices=bulk.OPERATIONS),
    Field("task_ids", "array", items="uuid", required=True, min_length=1, max_length=100),
    Field(
        "data",
        "object",
        description="update_status: {status, progress_percentage?}; assign: {assigned_to}; "
        "add_tags, remove_tags: {tags}; set_priority: {priority}; delete: {}",
    ),
)


@endpoint(
    "POST",
    "/api/tasks/bulk",
    "Apply one operation to many tasks",
    tag="tasks",
    permission="write",
    body=BULK,
    description="Each task is changed on its own, with the same rules and history as a "
    "single update: tasks that fail (not found, no write access, queued or running, archived "
    "project) are listed in `failed` and `errors` with their error code; the others succeed. "
    "Invalid `data` for the operation refuses the whole request (422).",
)
async def bulk_tasks(request: web.Request) -> Any:
    body = request[body_key]
    operation = body["operation"]
    data = DATA[operation].parse(body.get("data") or {}, prefix="data.")
    result = bulk.run(request[user_key], operation, body["task_ids"], data)
    errors = []
    for task_id, exc in result.failed:
        error = storage_error(exc)
        errors.append({"task_id": task_id, "code": error.code, "message": error.message})
    return {
        "operation": operation,
        "affected_count": len(result.successful),
        "successful": result.successful,
        "failed": [task_id for task_id, _ in result.failed],
        "errors": errors,
    }
