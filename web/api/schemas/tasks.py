"""Tasks (API.md, Task Management): what clients send and what they get back."""

from __future__ import annotations

from typing import Annotated, Literal, Self

from pydantic import Field, JsonValue

from storage import tasks
from storage.formats import duration
from storage.models import Task, TaskDependency, TaskHistory
from storage.runs import executions
from storage.statuses import TaskStatus
from storage.tasks import dependencies
from storage.tasks.listing import TaskFilter
from storage.tasks.tags import MAX_TAG_LENGTH
from web.api.schemas.executions import ExecutionDetails
from web.http.models import (
    Body,
    DateTimeInput,
    DurationInput,
    DurationText,
    JsonObject,
    Nullable,
    Out,
    Timestamp,
    Uuid,
)
from web.http.pagination import Page, Paging, split_list

HISTORY_IN_DETAILS = 200
SettableStatus = Literal[
    TaskStatus.PENDING, TaskStatus.COMPLETED, TaskStatus.FAILED, TaskStatus.CANCELLED
]
# checked by storage after trimming (VALIDATION_ERROR naming `tags`), shown here
# The raw text is capped (padding is trimmed later, then MAX_TAG_LENGTH applies in storage).
Tag = Annotated[
    str, Field(max_length=4 * MAX_TAG_LENGTH, json_schema_extra={"maxLength": MAX_TAG_LENGTH})
]
TAGS = "trimmed and lower-cased; duplicates dropped; no commas"


class Dependency(Body):
    depends_on_task_id: Uuid
    dependency_type: Literal["blocks", "relates_to"] = "blocks"


class TaskFields(Body):
    """The client-settable fields; server-owned ones (id, created_by, times) are refused."""

    estimated_duration: Nullable[DurationInput] = None
    assigned_to: Nullable[Uuid] = Field(None, description="an active user of the project")
    tags: list[Tag] | None = Field(None, max_length=50, description=TAGS)
    metadata: JsonObject | None = None


class TaskCreate(TaskFields):
    title: str = Field(min_length=1, max_length=500)
    project_id: Uuid
    description: str = Field("", max_length=100_000)
    priority: int = Field(0, ge=0, le=10)
    dependencies: list[Dependency] | None = Field(
        None,
        max_length=50,
        description="tasks of the same project this one depends on; cycles are refused",
    )


class TaskUpdate(TaskFields):
    """Only the fields sent change."""

    title: str | None = Field(None, min_length=1, max_length=500)
    description: str | None = Field(None, max_length=100_000)
    priority: int | None = Field(None, ge=0, le=10)
    dependencies: list[Dependency] | None = Field(
        None,
        max_length=50,
        description="tasks of the same project this one depends on; replaces the current "
        "set; cycles are refused",
    )
    status: SettableStatus | None = Field(
        None, description="queued and running are set by the runtime only"
    )
    progress_percentage: int | None = Field(None, ge=0, le=100)


class TaskOut(Out):
    id: str
    title: str
    description: str
    project_id: str
    status: TaskStatus
    priority: int
    progress_percentage: int
    estimated_duration: DurationText | None
    actual_duration: DurationText | None
    assigned_to: str | None = Field(validation_alias="assigned_to_id")
    created_by: str = Field(validation_alias="created_by_id")
    created_at: Timestamp
    updated_at: Timestamp
    started_at: Timestamp | None
    completed_at: Timestamp | None
    tags: list[str]
    metadata: JsonObject
    cost_usd: float = Field(description="the sum of its executions' total_cost_usd")


_HISTORY_FORMATS = {"estimated_duration": duration}


class HistoryEntry(Out):
    """One change: the flat old/new values, and the same inside details."""

    id: str
    timestamp: Timestamp
    action: str
    field: str | None
    old_value: JsonValue
    new_value: JsonValue
    user_id: str | None
    user_name: str | None
    details: JsonObject

    @classmethod
    def of(cls, entry: TaskHistory) -> Self:
        shown = _HISTORY_FORMATS.get(entry.field or "", lambda value: value)
        old, new = shown(entry.old_value), shown(entry.new_value)
        changed = {"field": entry.field, "old_value": old, "new_value": new} if entry.field else {}
        return cls.read(
            entry,
            timestamp=entry.created_at,
            old_value=old,
            new_value=new,
            user_name=author_name(entry),
            details={**entry.details, **changed},
        )


def author_name(entry: TaskHistory) -> str | None:
    """Who made a change (None: the runtime)."""
    user = entry.user if entry.user_id else None
    return (user.full_name or user.username) if user else None


class DependencyTask(Out):
    title: str
    status: TaskStatus


class DependencyOut(Out):
    id: str
    depends_on_task_id: str = Field(validation_alias="depends_on_id")
    dependency_type: str
    task: DependencyTask

    @classmethod
    def of(cls, link: TaskDependency) -> Self:
        return cls.read(link, task=DependencyTask.read(link.depends_on))


class TaskDetails(TaskOut):
    dependencies: list[DependencyOut]
    history: list[HistoryEntry]
    latest_execution: ExecutionDetails | None

    @classmethod
    def of(cls, task: Task) -> Self:
        latest = executions.latest_execution(task)
        return cls.read(
            task,
            dependencies=[DependencyOut.of(d) for d in dependencies.of(task)],
            history=[HistoryEntry.of(h) for h in tasks.history(task, HISTORY_IN_DETAILS)],
            latest_execution=ExecutionDetails.with_output(latest) if latest else None,
        )


class TaskHistoryOut(Out):
    task_id: str
    history: list[HistoryEntry]

    @classmethod
    def of(cls, task: Task) -> Self:
        return cls(task_id=task.id, history=[HistoryEntry.of(h) for h in tasks.history(task)])


TaskSort = Literal["created_at", "updated_at", "priority", "title"]  # storage.tasks.listing.SORTS


class TaskFilters(Paging):
    """Every filter of GET /api/tasks/, shared with a project's task list."""

    status: str | None = Field(None, description="comma-separated: " + ", ".join(TaskStatus))
    assigned_to: Uuid | None = None
    priority: int | None = Field(None, ge=0, le=10, description="minimum priority")
    tags: str | None = Field(None, description="comma-separated")
    tags_match: Literal["all", "any"] = Field(
        "all", description="all: a task must carry every tag listed (default); any: at least one"
    )
    search: str | None = Field(
        None,
        max_length=500,
        description='words, "exact phrase", prefix*, AND / OR / NOT, parentheses, '
        "title: description: tags: status:",
    )
    created_after: DateTimeInput | None = Field(None, description="ISO 8601, inclusive")
    created_before: DateTimeInput | None = Field(None, description="ISO 8601, exclusive")
    sort: TaskSort = "created_at"

    def filter(self, project_id: str | None) -> TaskFilter:
        return TaskFilter(
            project_id=project_id,
            statuses=split_list(self.status),
            assigned_to=self.assigned_to,
            min_priority=self.priority,
            tags=split_list(self.tags),
            all_tags=self.tags_match == "all",
            search=self.search,
            created_after=self.created_after,
            created_before=self.created_before,
        )


class TaskListQuery(TaskFilters):
    project_id: Uuid | None = None


class TaskPage(Page[TaskOut]):
    """A page of tasks."""
