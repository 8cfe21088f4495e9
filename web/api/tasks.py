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
from web.http.calls import Call
from web.http.models import Deleted
from web.http.routing import Resource

api = Resource(tag="tasks")


@api.post("/api/tasks/", permission=Permission.WRITE, status=201)
def create_task(call: Call[TaskCreate]) -> TaskDetails:
    """Create a task

    Needs write access to the project (its owner, a maintainer or developer member, or an admin).
    409 PROJECT_LIMIT_EXCEEDED past resource_limits.max_tasks, 409 PROJECT_ARCHIVED in an archived
    project.
    """
    fields = call.body.sent()
    project_id = fields.pop("project_id")
    return TaskDetails.of(tasks.create_task(call.user, project_id, fields))


@api.get("/api/tasks/{task_id}")
def get_task(call: Call) -> TaskDetails:
    """Task details with history and latest execution"""
    return TaskDetails.of(tasks.get_task(call.user, call.path("task_id")))


@api.put("/api/tasks/{task_id}", permission=Permission.WRITE)
def update_task(call: Call[TaskUpdate]) -> TaskDetails:
    """Update a task

    Changes only the fields sent; each change is recorded in the history. status may be set to
    pending, completed, failed or cancelled; a task that is queued or running keeps its status (409
    TASK_ALREADY_RUNNING; cancel it instead).
    """
    return TaskDetails.of(tasks.update_task(call.user, call.path("task_id"), call.body.sent()))


@api.delete("/api/tasks/{task_id}", permission=Permission.WRITE)
def delete_task(call: Call) -> Deleted:
    """Delete a task (soft, audited)

    The task disappears from every list and lookup; its row and history stay. 409
    TASK_ALREADY_RUNNING while queued or running.
    """
    return Deleted.of(tasks.delete_task(call.user, call.path("task_id")), "Task")


@api.get("/api/tasks/{task_id}/history")
def task_history(call: Call) -> TaskHistoryOut:
    """The task's change history"""
    return TaskHistoryOut.of(tasks.get_task(call.user, call.path("task_id")))
