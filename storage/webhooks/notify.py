"""Each kind of change, turned into its webhook event in one place: the storage functions that
make the change call these inside their transaction.

task.created: a new task. A change of a task's status or fields is task.completed when its
status became completed, task.failed when it became failed, task.updated otherwise (a user's
change through the API, or the runtime queueing, starting or cancelling it). project.created,
project.updated (its fields, or its deletion). system.maintenance: the stored window changed.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from storage.formats import duration, iso
from storage.models import Project, Task
from storage.statuses import TaskStatus
from storage.webhooks.events import WebhookEvent
from storage.webhooks.outbox import EveryWebhook, ProjectAudience, enqueue

Changes = Mapping[str, tuple[Any, Any]]  # field: (old value, new value)

FINISHED_EVENTS: dict[str, WebhookEvent] = {
    TaskStatus.COMPLETED: WebhookEvent.TASK_COMPLETED,
    TaskStatus.FAILED: WebhookEvent.TASK_FAILED,
}


def task_created(task: Task) -> None:
    enqueue(WebhookEvent.TASK_CREATED, ProjectAudience(task.project_id), lambda: task_data(task))


def task_changed(
    task_id: str, project_id: str, changes: Changes, by: str | None, **run: Any
) -> None:
    """changes: what changed; run: the execution's end, when the runtime changed the status
    (execution_id, exit_code, error_code, error)."""
    if not changes:
        return
    status: str = changes["status"][1] if "status" in changes else ""
    event = FINISHED_EVENTS.get(status, WebhookEvent.TASK_UPDATED)

    def data() -> dict[str, Any]:
        current = Task.get_by_id(task_id)  # as it is after the change
        body = task_data(current)
        body["changes"] = {name: {"old": old, "new": new} for name, (old, new) in changes.items()}
        body["updated_by"] = by
        if event is not WebhookEvent.TASK_UPDATED:
            body.update(_finish(current, run))
        return body

    enqueue(event, ProjectAudience(project_id), data)


def project_created(project: Project) -> None:
    enqueue(
        WebhookEvent.PROJECT_CREATED, ProjectAudience(project.id), lambda: project_data(project)
    )


def project_changed(project: Project, changes: Changes, by: str | None) -> None:
    if not changes:
        return

    def data() -> dict[str, Any]:
        body = project_data(Project.get_by_id(project.id))
        body["deleted"] = body["deleted"] or "deleted_at" in changes  # told before it is gone
        body["changes"] = {name: {"old": old, "new": new} for name, (old, new) in changes.items()}
        body["updated_by"] = by
        return body

    enqueue(WebhookEvent.PROJECT_UPDATED, ProjectAudience(project.id), data)


def maintenance_changed(window: Mapping[str, Any]) -> None:
    enqueue(WebhookEvent.SYSTEM_MAINTENANCE, EveryWebhook(), window)


def task_data(task: Task) -> dict[str, Any]:
    return {
        "task_id": task.id,
        "project_id": task.project_id,
        "title": task.title,
        "status": task.status,
        "priority": task.priority,
        "progress_percentage": task.progress_percentage,
        "assigned_to": task.assigned_to_id,
        "tags": task.tags,
        "created_by": task.created_by_id,
        "created_at": iso(task.created_at),
        "updated_at": iso(task.updated_at),
    }


def project_data(project: Project) -> dict[str, Any]:
    return {
        "project_id": project.id,
        "name": project.name,
        "description": project.description,
        "status": project.status,
        "created_by": project.created_by_id,
        "created_at": iso(project.created_at),
        "updated_at": iso(project.updated_at),
        "deleted": project.deleted_at is not None,
    }


def _finish(task: Task, run: Mapping[str, Any]) -> dict[str, Any]:
    """The document's task.completed fields: duration (HH:MM:SS) and how the run ended."""
    error = None
    if run.get("error") or run.get("error_code"):
        error = {"code": run.get("error_code"), "message": run.get("error")}
    return {
        "duration": duration(task.actual_duration),
        "duration_seconds": task.actual_duration,
        "completed_at": iso(task.completed_at),
        "execution_id": run.get("execution_id"),
        "exit_code": run.get("exit_code"),
        "error": error,
    }
