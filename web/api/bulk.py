"""Bulk task operations: one request, a result per task."""

from __future__ import annotations

from storage.roles import Permission
from storage.tasks import bulk
from web.api.schemas.bulk import DATA, BulkRequest, BulkResult, TaskFailure
from web.http.calls import Call
from web.http.middlewares import storage_error
from web.http.routing import Resource
from web.http.validation import parse_value

api = Resource(tag="tasks")


@api.post("/api/tasks/bulk", permission=Permission.WRITE)
def bulk_tasks(call: Call[BulkRequest]) -> BulkResult:
    """Apply one operation to many tasks

    Each task is changed on its own, with the same rules and history as a single update: ids that
    fail (not a UUID: `VALIDATION_INVALID_FORMAT`; not found; no write access; queued or running;
    archived project) are listed in `failed` and `errors` with their error code; the others
    succeed and the answer is 200. Only a malformed request as a whole (unknown operation, no
    `task_ids`, invalid `data` for the operation) is refused (422).
    """
    body = call.body
    data = parse_value(DATA[body.operation], body.data or {}, "data")
    result = bulk.run(call.user, body.operation, body.task_ids, data.sent())
    errors = []
    for task_id, exc in result.failed:
        error = storage_error(exc)
        errors.append(TaskFailure(task_id=task_id, code=error.code, message=error.message))
    return BulkResult(
        operation=body.operation,
        affected_count=len(result.successful),
        successful=result.successful,
        failed=[task_id for task_id, _ in result.failed],
        errors=errors,
    )
