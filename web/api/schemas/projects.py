"""Projects (API.md, Project Management): CRUD, clone, analytics."""

from __future__ import annotations

from typing import Any, Literal, Self

from pydantic import Field

from storage import projects
from storage.models import Project, TaskHistory, User
from storage.statuses import ProjectStatus
from web.api.schemas.cli import ProjectSettings
from web.api.schemas.executions import UsageTotals
from web.api.schemas.tasks import author_name
from web.http.models import (
    Body,
    DateTimeInput,
    DurationText,
    JsonObject,
    Nullable,
    Out,
    Timestamp,
    Uuid,
)
from web.http.pagination import Page, Paging, split_list
from web.http.validation import Query

ProjectSort = Literal["name", "created_at", "updated_at"]  # storage.projects.SORTS
Period = Literal["7d", "30d", "90d", "1y"]  # storage.projects.analytics.PERIODS
SETTINGS = "replaced as a whole; `cli` holds the CLI settings of its runs, other keys are free-form"
LIMITS = "max_tasks is enforced (409 PROJECT_LIMIT_EXCEEDED); the others are recorded"


class ResourceLimits(Body):
    max_tasks: Nullable[int] = Field(None, ge=1, le=1_000_000)
    max_concurrent_tasks: Nullable[int] = Field(None, ge=1, le=1000)
    storage_limit: Nullable[str] = Field(
        None, max_length=32, pattern=r"^\d+(\.\d+)?\s?(B|KB|MB|GB|TB)$"
    )


class ProjectCreate(Body):
    name: str = Field(min_length=1, max_length=200)
    description: str = Field("", max_length=10_000)
    settings: ProjectSettings | None = Field(None, description=SETTINGS)
    resource_limits: ResourceLimits | None = Field(None, description=LIMITS)


class ProjectUpdate(Body):
    name: str | None = Field(None, min_length=1, max_length=200)
    description: str | None = Field(None, max_length=10_000)
    status: ProjectStatus | None = None
    settings: ProjectSettings | None = Field(None, description=SETTINGS)
    resource_limits: ResourceLimits | None = Field(None, description=LIMITS)


class ProjectListQuery(Paging):
    status: str | None = Field(None, description="comma-separated: " + ", ".join(ProjectStatus))
    created_by: Uuid | None = None
    search: str | None = Field(
        None,
        max_length=500,
        description="the task search syntax over name:, description:, status: (substring matching)",
    )
    created_after: DateTimeInput | None = None
    created_before: DateTimeInput | None = None
    sort: ProjectSort = "created_at"

    def filter(self) -> projects.ProjectFilter:
        return projects.ProjectFilter(
            statuses=split_list(self.status),
            created_by=self.created_by,
            search=self.search,
            created_after=self.created_after,
            created_before=self.created_before,
        )


class CloneRequest(Body):
    name: str | None = Field(
        None, min_length=1, max_length=200, description="default: '<name> (copy)'"
    )
    include_tasks: bool = False
    include_settings: bool = True


class AnalyticsQuery(Query):
    period: Period = "30d"


class Statistics(Out):
    total_tasks: int
    completed_tasks: int
    pending_tasks: int
    running_tasks: int
    failed_tasks: int
    cancelled_tasks: int


class DetailedStatistics(Statistics):
    completion_rate: float
    average_task_duration: DurationText | None


class ProjectOut(Out):
    id: str
    name: str
    description: str
    status: ProjectStatus
    created_by: str = Field(validation_alias="created_by_id")
    created_at: Timestamp
    updated_at: Timestamp
    working_directory: str
    settings: JsonObject
    resource_limits: JsonObject
    statistics: Statistics


class Activity(Out):
    timestamp: Timestamp
    action: str
    task_id: str
    task_title: str
    user_id: str | None
    user_name: str | None

    @classmethod
    def of(cls, entry: TaskHistory) -> Self:
        action = {
            "created": "task_created",
            "deleted": "task_deleted",
            "status_changed": f"task_{entry.new_value}",
        }.get(entry.action, "task_updated")
        return cls.read(
            entry,
            timestamp=entry.created_at,
            action=action,
            task_title=entry.task.title,
            user_name=author_name(entry),
        )


class ProjectDetails(ProjectOut):
    statistics: DetailedStatistics
    your_role: str | None
    recent_activity: list[Activity]

    @classmethod
    def of_project(cls, project: Project, user: User) -> Self:
        return cls.read(
            project,
            statistics=DetailedStatistics(**projects.detailed_statistics(project)),
            your_role=projects.role_in(user, project),
            recent_activity=[Activity.of(h) for h in projects.recent_activity(project)],
        )


class ProjectPage(Page[ProjectOut]):
    """A page of projects, each with its task counts."""


class Summary(Out):
    total_tasks: int
    completed_tasks: int
    average_completion_time: DurationText | None
    productivity_score: float | None


class Trends(Out):
    dates: list[str]
    created_per_day: list[int]
    completed_per_day: list[int]


class PerformanceMetrics(Out):
    average_task_duration: DurationText | None
    median_task_duration: DurationText | None
    completion_rate: float | None
    on_time_completion_rate: float | None


class TeamMember(Out):
    user_id: str | None
    user_name: str | None
    tasks_assigned: int
    tasks_completed: int
    average_duration: DurationText | None
    completion_rate: float | None


class Costs(UsageTotals):
    """What the project's CLI runs that ended in the period cost (their total_cost_usd)."""

    cost_per_day: list[float] = Field(description="aligned with task_trends.dates")
    cost_per_completed_task: float | None


class Analytics(Out):
    project_id: str
    period: Period
    start_date: str
    end_date: str
    summary: Summary
    task_trends: Trends
    performance_metrics: PerformanceMetrics
    team_performance: list[TeamMember]
    costs: Costs

    @classmethod
    def of(cls, project_id: str, data: dict[str, Any]) -> Self:
        return cls(project_id=project_id, **data)
