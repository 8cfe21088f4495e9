"""Projects: CRUD, clone and analytics (their tasks: web.api.task_lists)."""

from __future__ import annotations

from storage import projects
from storage.live.protocol import AccessChange
from storage.projects import analytics, clone
from storage.roles import Permission
from web.api.schemas.projects import (
    Analytics,
    AnalyticsQuery,
    CloneRequest,
    ProjectCreate,
    ProjectDetails,
    ProjectListQuery,
    ProjectOut,
    ProjectPage,
    ProjectUpdate,
)
from web.http.calls import Call, NoBody
from web.http.models import Deleted
from web.http.routing import Resource
from web.runtime import announce

api = Resource(tag="projects")


@api.post("/api/projects/", permission=Permission.WRITE, status=201)
def create_project(call: Call[ProjectCreate]) -> ProjectDetails:
    """Create a project

    The project gets its own working directory under WORKSPACE_ROOT; the caller is its owner.
    """
    project = projects.create_project(
        call.user, workspace_root=call.settings.workspace_root, **call.body.sent()
    )
    return ProjectDetails.of_project(project, call.user)


@api.get("/api/projects/")
def list_projects(call: Call[NoBody, ProjectListQuery]) -> ProjectPage:
    """List projects

    Projects the caller owns or is a member of (all for admins).
    """
    query = call.query
    page = projects.list_projects(call.user, query.filter(), query.page_request())
    stats = projects.statistics([p.id for p in page.items])
    return ProjectPage.of(call.request, page, lambda p: ProjectOut.read(p, statistics=stats[p.id]))


@api.get("/api/projects/{project_id}")
def get_project(call: Call) -> ProjectDetails:
    """Project details"""
    return ProjectDetails.of_project(
        projects.get_project(call.user, call.path("project_id")), call.user
    )


@api.put("/api/projects/{project_id}", permission=Permission.WRITE)
async def update_project(call: Call[ProjectUpdate]) -> ProjectDetails:
    """Update a project

    Owner, maintainer members and admins. Changes only the fields sent; settings and resource_limits
    are replaced whole. An archived project is read-only: it accepts only a new status (409
    PROJECT_ARCHIVED otherwise), and has no live streams (its subscriptions end).
    """
    project_id, changes = call.path("project_id"), call.body.sent()

    def update() -> ProjectDetails:
        project = projects.update_project(call.user, project_id, changes)
        return ProjectDetails.of_project(project, call.user)

    details = await call.off_loop(update)
    if "status" in changes:
        await announce.access_changed(call.app, AccessChange.PROJECT_STATE, project_id)
    return details


@api.delete("/api/projects/{project_id}", permission=Permission.WRITE)
async def delete_project(call: Call) -> Deleted:
    """Delete a project (soft)

    Owner, maintainer members and admins. Hides the project and its tasks; the working directory
    stays on disk; its live subscriptions end. 409 RESOURCE_IN_USE while a task is queued or
    running.
    """
    project_id = call.path("project_id")
    deleted = await call.off_loop(projects.delete_project, call.user, project_id)
    await announce.access_changed(call.app, AccessChange.PROJECT_STATE, project_id)
    return Deleted.of(deleted, "Project")


@api.post("/api/projects/{project_id}/clone", permission=Permission.WRITE, status=201)
def clone_project(call: Call[CloneRequest]) -> ProjectDetails:
    """Clone a project

    Anyone who can read the project may clone it into a new project of their own. include_settings
    copies settings and resource_limits; include_tasks copies live tasks as new pending, unassigned
    tasks with their tags, metadata and dependencies. Members, files and executions are not copied.
    """
    body = call.body
    project = clone.clone_project(
        call.user,
        call.path("project_id"),
        call.settings.workspace_root,
        body.name,
        body.include_tasks,
        body.include_settings,
    )
    return ProjectDetails.of_project(project, call.user)


@api.get("/api/projects/{project_id}/analytics")
def project_analytics(call: Call[NoBody, AnalyticsQuery]) -> Analytics:
    """Project analytics

    Over the last N UTC days including today. summary.total_tasks: created in the period;
    completed_tasks: completed in it; average_completion_time: creation to completion;
    productivity_score: completed / finished (completed, failed, cancelled). Durations are actual
    run times of completed tasks. completion_rate: share of the period's tasks now completed;
    on_time_completion_rate: completed tasks with actual_duration ≤ estimated_duration.
    team_performance groups by assignee (the author when unassigned). Rates without data are null.
    costs: the total_cost_usd and tokens of the executions that ended in the period, per day, and
    per completed task.
    """
    project = projects.get_project(call.user, call.path("project_id"))
    return Analytics.of(project.id, analytics.project_analytics(project, call.query.period))
