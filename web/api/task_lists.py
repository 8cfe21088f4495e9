"""Task lists: GET /api/tasks/ and a project's task list share the filters and the page."""

from __future__ import annotations

from storage import projects
from storage.tasks.listing import list_tasks
from web.api.schemas.tasks import TaskFilters, TaskListQuery, TaskOut, TaskPage
from web.http.calls import Call, NoBody
from web.http.routing import Resource

task_api = Resource(tag="tasks")
project_api = Resource(tag="projects")


def task_page(call: Call[NoBody, TaskFilters], project_id: str | None) -> TaskPage:
    """A page of the tasks the caller may see, filtered as the query string asks."""
    query = call.query
    page = list_tasks(call.user, query.filter(project_id), query.page_request())
    return TaskPage.of(call.request, page, TaskOut)


@task_api.get("/api/tasks/")
def list_all_tasks(call: Call[NoBody, TaskListQuery]) -> TaskPage:
    """List tasks

    Only tasks of projects the caller may see. Filters combine with AND.
    """
    return task_page(call, call.query.project_id)


@project_api.get("/api/projects/{project_id}/tasks")
def project_tasks(call: Call[NoBody, TaskFilters]) -> TaskPage:
    """The project's tasks

    The filters, sorting and pagination of GET /api/tasks/.
    """
    project = projects.get_project(call.user, call.path("project_id"))
    return task_page(call, project.id)
