"""Projects: CRUD, their tasks, clone and analytics."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from storage import projects
from storage.formats import duration, iso
from storage.models import Project, TaskHistory
from storage.projects import analytics, clone
from web.api.task_lists import TASK_FILTERS, task_page
from web.http.pagination import paging_fields, render_page, split_list
from web.http.routing import endpoint
from web.http.validation import Field, Schema
from web.keys import body_key, query_key, settings_key, user_key

RESOURCE_LIMITS = Schema(
    Field("max_tasks", "integer", minimum=1, maximum=1_000_000, nullable=True),
    Field("max_concurrent_tasks", "integer", minimum=1, maximum=1000, nullable=True),
    Field("storage_limit", pattern=r"\d+(\.\d+)?\s?(B|KB|MB|GB|TB)", nullable=True),
)
LIMITS_FIELD = Field(
    "resource_limits",
    "object",
    schema=RESOURCE_LIMITS,
    description="max_tasks is enforced (409 PROJECT_LIMIT_EXCEEDED); the others are recorded",
)
SETTINGS_FIELD = Field("settings", "object", description="free-form; replaced as a whole")
PROJECT_CREATE = Schema(
    Field("name", required=True, min_length=1, max_length=200),
    Field("description", max_length=10_000, default=""),
    SETTINGS_FIELD,
    LIMITS_FIELD,
)
PROJECT_UPDATE = Schema(
    Field("name", min_length=1, max_length=200),
    Field("description", max_length=10_000),
    Field("status", choices=projects.STATUSES),
    SETTINGS_FIELD,
    LIMITS_FIELD,
)
PROJECT_LIST = Schema(
    Field("status", description="comma-separated: " + ", ".join(projects.STATUSES)),
    Field("created_by", "uuid"),
    Field(
        "search",
        max_length=500,
        description="the task search syntax over name:, description:, status: (substring matching)",
    ),
    Field("created_after", "datetime"),
    Field("created_before", "datetime"),
    *paging_fields(tuple(projects.SORTS)),
)
PROJECT_TASKS = Schema(*TASK_FILTERS)
CLONE = Schema(
    Field("name", min_length=1, max_length=200, description="default: '<name> (copy)'"),
    Field("include_tasks", "boolean", default=False),
    Field("include_settings", "boolean", default=True),
)
ANALYTICS = Schema(Field("period", choices=tuple(analytics.PERIODS), default="30d"))


def render_project(project: Project, statistics: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": project.id,
        "name": project.name,
        "description": project.description,
        "status": project.status,
        "created_by": project.created_by_id,
        "created_at": iso(project.created_at),
        "updated_at": iso(project.updated_at),
        "working_directory": project.working_directory,
        "settings": project.settings,
        "resource_limits": project.resource_limits,
        "statistics": statistics,
    }


def render_details(project: Project, user: Any) -> dict[str, Any]:
    stats = projects.detailed_statistics(project)
    stats["average_task_duration"] = duration(stats["average_task_duration"])
    return {
        **render_project(project, stats),
        "your_role": projects.role_in(user, project),
        "recent_activity": [_activity(h) for h in projects.recent_activity(project)],
    }


def _activity(entry: TaskHistory) -> dict[str, Any]:
    action = {
        "created": "task_created",
        "deleted": "task_deleted",
        "status_changed": f"task_{entry.new_value}",
    }.get(entry.action, "task_updated")
    user = entry.user if entry.user_id else None
    return {
        "timestamp": iso(entry.created_at),
        "action": action,
        "task_id": entry.task_id,
        "task_title": entry.task.title,
        "user_id": entry.user_id,
        "user_name": (user.full_name or user.username) if user else None,
    }


def _project_id(request: web.Request) -> str:
    return request.match_info["project_id"]


@endpoint(
    "POST",
    "/api/projects/",
    "Create a project",
    tag="projects",
    permission="write",
    body=PROJECT_CREATE,
    status=201,
    description="The project gets its own working directory under WORKSPACE_ROOT; the caller "
    "is its owner.",
)
async def create_project(request: web.Request) -> Any:
    project = projects.create_project(
        request[user_key],
        workspace_root=request.app[settings_key].workspace_root,
        **request[body_key],
    )
    return render_details(project, request[user_key])


@endpoint(
    "GET",
    "/api/projects/",
    "List projects",
    tag="projects",
    query=PROJECT_LIST,
    description="Projects the caller owns or is a member of (all for admins).",
)
async def list_projects(request: web.Request) -> Any:
    query = request[query_key]
    where = projects.ProjectFilter(
        statuses=split_list(query.get("status")),
        created_by=query.get("created_by"),
        search=query.get("search"),
        created_after=query.get("created_after"),
        created_before=query.get("created_before"),
    )
    page = projects.list_projects(
        request[user_key], where, query["page"], query["page_size"], query["sort"], query["order"]
    )
    stats = projects.statistics([p.id for p in page.items])
    return render_page(request, page, lambda p: render_project(p, stats[p.id]))


@endpoint("GET", "/api/projects/{project_id}", "Project details", tag="projects")
async def get_project(request: web.Request) -> Any:
    user = request[user_key]
    return render_details(projects.get_project(user, _project_id(request)), user)


@endpoint(
    "PUT",
    "/api/projects/{project_id}",
    "Update a project",
    tag="projects",
    permission="write",
    body=PROJECT_UPDATE,
    description="Owner, maintainer members and admins. Changes only the fields sent; "
    "settings and resource_limits are replaced whole. An archived project is read-only: "
    "it accepts only a new status (409 PROJECT_ARCHIVED otherwise).",
)
async def update_project(request: web.Request) -> Any:
    user = request[user_key]
    project = projects.update_project(user, _project_id(request), request[body_key])
    return render_details(project, user)


@endpoint(
    "DELETE",
    "/api/projects/{project_id}",
    "Delete a project (soft)",
    tag="projects",
    permission="write",
    description="Owner, maintainer members and admins. Hides the project and its tasks; "
    "the working directory stays on disk. 409 RESOURCE_IN_USE while a task is queued or "
    "running.",
)
async def delete_project(request: web.Request) -> Any:
    project = projects.delete_project(request[user_key], _project_id(request))
    return {
        "message": "Project deleted successfully",
        "id": project.id,
        "deleted_at": iso(project.deleted_at),
    }


@endpoint(
    "GET",
    "/api/projects/{project_id}/tasks",
    "The project's tasks",
    tag="projects",
    query=PROJECT_TASKS,
    description="The filters, sorting and pagination of GET /api/tasks/.",
)
async def project_tasks(request: web.Request) -> Any:
    project = projects.get_project(request[user_key], _project_id(request))
    return task_page(request, project.id)


@endpoint(
    "POST",
    "/api/projects/{project_id}/clone",
    "Clone a project",
    tag="projects",
    permission="write",
    body=CLONE,
    status=201,
    description="Anyone who can read the project may clone it into a new project of their "
    "own. include_settings copies settings and resource_limits; include_tasks copies live "
    "tasks as new pending, unassigned tasks with their tags, metadata and dependencies. "
    "Members, files and executions are not copied.",
)
async def clone_project(request: web.Request) -> Any:
    body = request[body_key]
    project = clone.clone_project(
        request[user_key],
        _project_id(request),
        request.app[settings_key].workspace_root,
        body.get("name"),
        body["include_tasks"],
        body["include_settings"],
    )
    return render_details(project, request[user_key])


@endpoint(
    "GET",
    "/api/projects/{project_id}/analytics",
    "Project analytics",
    tag="projects",
    query=ANALYTICS,
    description="Over the last N UTC days including today. summary.total_tasks: created in "
    "the period; completed_tasks: completed in it; average_completion_time: creation to "
    "completion; productivity_score: completed / finished (completed, failed, cancelled). "
    "Durations are actual run times of completed tasks. completion_rate: share of the "
    "period's tasks now completed; on_time_completion_rate: completed tasks with "
    "actual_duration ≤ estimated_duration. team_performance groups by assignee (the author "
    "when unassigned). Rates without data are null.",
)
async def project_analytics(request: web.Request) -> Any:
    project = projects.get_project(request[user_key], _project_id(request))
    data = analytics.project_analytics(project, request[query_key]["period"])
    for block, keys in (
        ("summary", ("average_completion_time",)),
        ("performance_metrics", ("average_task_duration", "median_task_duration")),
    ):
        for key in keys:
            data[block][key] = duration(data[block][key])
    for row in data["team_performance"]:
        row["average_duration"] = duration(row["average_duration"])
    return {"project_id": project.id, **data}
