"""Tasks: create, read, update, delete, and their history."""

from __future__ import annotations

from storage import tasks
from storage.roles import Permission
from web.api.schemas.tasks import (
    TaskCreate,
    TaskDetails,
    TaskHistoryOut,
    TaskUpdate,
)
from web.http.models import Deleted
from web.http.routing import Call, Resource

api = Resource(tag="tasks")


@api.post(
    "/api/tasks/",
    "Create a task",
    permission=Permission.WRITE,
    status=201,
    description="Needs write access to the project (its owner, a maintainer or developer "
    "member, or an admin). 409 PROJECT_LIMIT_EXCEEDED past resource_limits.max_tasks, "
    "409 PROJECT_ARCHIVED in an archived project.",
)
def create_task(call: Call[TaskCreate]) -> TaskDetails:
    fields = call.body.sent()
    project_id = fields.pop("project_id")
    return TaskDetails.of(tasks.create_task(call.user, project_id, fields))


@api.get("/api/tasks/{task_id}", "Task details with history and latest execution")
def get_task(call: Call) -> TaskDetails:
    return TaskDetails.of(tasks.get_task(call.user, call.path("task_id")))


@api.put(
    "/api/tasks/{task_id}",
    "Update a task",
    permission=Permission.WRITE,
    description="Changes only the fields sent; each change is recorded in the history. "
    "status may be set to pending, completed, failed or cancelled; a task that is queued or "
    "running keeps its status (409 TASK_ALREADY_RUNNING; cancel it instead).",
)
def update_task(call: Call[TaskUpdate]) -> TaskDetails:
    return TaskDetails.of(tasks.update_task(call.user, call.path("task_id"), call.body.sent()))


@api.delete(
    "/api/tasks/{task_id}",
    "Delete a task (soft, audited)",
    permission=Permission.WRITE,
    description="The task disappears from every list and lookup; its row and history stay. "
    "409 TASK_ALREADY_RUNNING while queued or running.",
)
def delete_task(call: Call) -> Deleted:
    return Deleted.of(tasks.delete_task(call.user, call.path("task_id")), "Task")


@api.get("/api/tasks/{task_id}/history", "The task's change history")
def task_history(call: Call) -> TaskHistoryOut:
    return TaskHistoryOut.of(tasks.get_task(call.user, call.path("task_id")))
