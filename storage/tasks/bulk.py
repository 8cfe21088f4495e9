"""Bulk task operations: each task on its own, so one bad id never spoils the others."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from storage.error_codes import ErrorCode
from storage.errors import Invalid, StorageError
from storage.models import Task, User
from storage.tasks import tags
from storage.tasks.crud import delete_task, update_task

OPERATIONS = ("update_status", "assign", "add_tags", "remove_tags", "delete", "set_priority")


@dataclass
class BulkResult:
    successful: list[str] = field(default_factory=list)
    failed: list[tuple[str, StorageError]] = field(default_factory=list)


def run(user: User, operation: str, task_ids: Sequence[str], data: dict[str, Any]) -> BulkResult:
    """Apply the operation to each task (duplicates once, in order); failures are collected,
    an id that is not even a UUID among them."""
    action = _action(operation, data)
    result = BulkResult()
    for task_id in dict.fromkeys(task_ids):
        try:
            _check_id(task_id)
            action(user, task_id)
        except StorageError as exc:
            result.failed.append((task_id, exc))
        else:
            result.successful.append(task_id)
    return result


def _check_id(task_id: str) -> None:
    try:
        uuid.UUID(task_id)
    except ValueError:
        raise Invalid("task_id", "must be a UUID", ErrorCode.VALIDATION_INVALID_FORMAT) from None


def _action(operation: str, data: dict[str, Any]) -> Callable[[User, str], Any]:
    if operation == "delete":
        return delete_task
    if operation in ("add_tags", "remove_tags"):
        given = tags.normalize(data["tags"])
        adding = operation == "add_tags"

        def retag(task: Task) -> dict[str, Any]:
            if adding:
                return {"tags": task.tags + [t for t in given if t not in task.tags]}
            return {"tags": [t for t in task.tags if t not in given]}

        return lambda user, task_id: update_task(user, task_id, retag)
    changes = {"assigned_to": data["assigned_to"]} if operation == "assign" else dict(data)
    return lambda user, task_id: update_task(user, task_id, changes)
