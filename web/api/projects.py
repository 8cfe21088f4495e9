"""Projects."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from storage import projects
from storage.formats import iso
from storage.models import Project
from web.keys import body_key, settings_key, user_key
from web.routing import endpoint
from web.validation import Field, Schema

PROJECT_CREATE = Schema(
    Field("name", required=True, min_length=1, max_length=200),
    Field("description", max_length=10_000, default=""),
    Field("settings", "object"),
    Field("resource_limits", "object"),
)


def render_project(project: Project) -> dict[str, Any]:
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
        "statistics": projects.task_statistics(project),
    }


@endpoint(
    "POST",
    "/api/projects/",
    "Create a project",
    tag="projects",
    permission="write",
    body=PROJECT_CREATE,
    status=201,
    description="The project gets its own working directory under WORKSPACE_ROOT.",
)
async def create_project(request: web.Request) -> Any:
    project = projects.create_project(
        request[user_key],
        workspace_root=request.app[settings_key].workspace_root,
        **request[body_key],
    )
    return render_project(project)


@endpoint("GET", "/api/projects/{project_id}", "Project details", tag="projects")
async def get_project(request: web.Request) -> Any:
    return render_project(projects.get_project(request[user_key], request.match_info["project_id"]))
