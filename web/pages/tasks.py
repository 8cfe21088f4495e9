"""A project's tasks: a board by status or a filterable list (the API's search syntax in one
box), creating tasks, and bulk actions on a selection."""

from __future__ import annotations

from typing import Any

from storage.projects.access import granted
from storage.roles import ProjectPermission
from storage.statuses import TaskStatus
from web.api import bulk, projects, task_lists, tasks
from web.api.schemas.bulk import BulkRequest
from web.api.schemas.tasks import TaskCreate, TaskFilters
from web.http.errors import ApiError
from web.http.validation import parse_query
from web.pages.forms import all_values, build, items, number, text
from web.pages.routing import Context, Pages, Result, View, redirect
from web.pages.task_fields import dependencies_of, task_fields

pages = Pages()
FILTERS = ("search", "status", "tags", "sort", "order", "page")
BOARD_SIZE = 100
BULK_OPERATIONS = ("update_status", "set_priority", "add_tags", "remove_tags", "delete")


@pages.get("/projects/{project_id}", "pages/project.html", partial="pages/_tasks.html")
async def project_tasks(view: View) -> Context:
    """The board (default) or the list (?view=list), filtered by the query's search."""
    project = await view.api(projects.get_project)
    board = view.request.query.get("view", "board") != "list"
    given = {k: v for k, v in view.request.query.items() if k in FILTERS and v.strip()}
    size = str(BOARD_SIZE if board else 25)
    page, search_error = None, None
    try:
        query = parse_query(TaskFilters, {"page_size": size, **given})
        page = await view.api(task_lists.project_tasks, query=query)
    except ApiError as exc:
        if exc.details.get("field") not in FILTERS:
            raise
        search_error = f"{exc.details.get('field')}: {exc.details.get('issue') or exc.message}"
    return {
        "project": project,
        "allowed": granted(view.user.role, project.your_role, project.status == "archived"),
        "P": ProjectPermission,
        "board": board,
        "page": page,
        "columns": _columns(page.items if page else []),
        "filters": given,
        "search_error": search_error,
        "bulk_operations": BULK_OPERATIONS,
        "statuses": [str(s) for s in TaskStatus],
    }


@pages.get("/projects/{project_id}/tasks/new", "pages/task_form.html")
async def new_task(view: View) -> Context:
    project = await view.api(projects.get_project)
    siblings = await view.api(task_lists.project_tasks, query=TaskFilters(page_size=100))
    return {"project": project, "task": None, "siblings": siblings.items, "depends": {}}


@pages.post("/projects/{project_id}/tasks")
async def create_task(view: View) -> Result:
    fields = task_fields(view.form)
    body = build(
        TaskCreate,
        project_id=view.path("project_id"),
        dependencies=dependencies_of(view.form),
        **fields,
    )
    task = await view.api(tasks.create_task, body)
    return redirect(f"/tasks/{task.id}")


@pages.post("/projects/{project_id}/tasks/bulk", "pages/bulk_result.html")
async def bulk_action(view: View) -> Result:
    """One operation on the checked tasks; what failed is shown with its reason."""
    form = view.form
    operation = text(form, "operation")
    tags = items(form, "tags")
    choices: dict[str, dict[str, Any]] = {
        "update_status": {"status": text(form, "status")},
        "set_priority": {"priority": number(form, "priority")},
        "add_tags": {"tags": tags},
        "remove_tags": {"tags": tags},
    }
    data = choices.get(operation or "", {})
    body = build(BulkRequest, operation=operation, task_ids=all_values(form, "task_ids"), data=data)
    result = await view.api(bulk.bulk_tasks, body)
    project_id = view.path("project_id")
    return {"result": result, "project_id": project_id}


def _columns(items: list[Any]) -> list[tuple[str, list[Any]]]:
    """The board: every status a column, in the order work moves through them."""
    return [(str(status), [t for t in items if t.status == status]) for status in TaskStatus]
