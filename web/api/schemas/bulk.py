"""Bulk task operations (API.md, Bulk Operations): one request, a result per task."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from storage.error_codes import ErrorCode
from web.api.schemas.tasks import SettableStatus
from web.http.models import Body, JsonObject, Nullable, Out, Uuid

Operation = Literal["update_status", "assign", "add_tags", "remove_tags", "delete", "set_priority"]


class StatusData(Body):
    status: SettableStatus
    progress_percentage: int | None = Field(None, ge=0, le=100)


class AssignData(Body):
    assigned_to: Nullable[Uuid]


class TagsData(Body):
    tags: list[str] = Field(min_length=1, max_length=50)


class NoData(Body):
    """delete takes no data."""


class PriorityData(Body):
    priority: int = Field(ge=0, le=10)


DATA: dict[str, type[Body]] = {
    "update_status": StatusData,
    "assign": AssignData,
    "add_tags": TagsData,
    "remove_tags": TagsData,
    "delete": NoData,
    "set_priority": PriorityData,
}


class BulkRequest(Body):
    operation: Operation
    task_ids: list[Annotated[str, Field(max_length=100)]] = Field(
        min_length=1,
        max_length=100,
        description="Task ids; one that is not a UUID or names no task you may change is listed "
        "under failed (with its reason in errors) and the others are still applied",
    )
    data: JsonObject | None = Field(
        None,
        description="update_status: {status, progress_percentage?}; assign: {assigned_to}; "
        "add_tags, remove_tags: {tags}; set_priority: {priority}; delete: {}",
    )


class TaskFailure(Out):
    task_id: str
    code: ErrorCode
    message: str


class BulkResult(Out):
    operation: Operation
    affected_count: int
    successful: list[str]
    failed: list[str]
    errors: list[TaskFailure]
