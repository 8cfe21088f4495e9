"""Projects: the list with its search, creating, cloning, archiving and restoring one."""

from __future__ import annotations

from web.api import projects
from web.api.schemas.projects import CloneRequest, ProjectCreate, ProjectListQuery, ProjectUpdate
from web.http.validation import parse_query
from web.pages.forms import build, checked, raw_text, text
from web.pages.routing import Context, Pages, Result, View, redirect

pages = Pages()
LIST_FILTERS = ("search", "status", "page", "sort", "order")


@pages.get("/projects", "pages/projects.html", partial="pages/_project_rows.html")
async def project_list(view: View) -> Context:
    given = {k: v for k, v in view.request.query.items() if k in LIST_FILTERS and v.strip()}
    query = parse_query(ProjectListQuery, {"page_size": "25", **given})
    page = await view.api(projects.list_projects, query=query)
    return {"page": page, "search": given.get("search", ""), "status": given.get("status", "")}


@pages.post("/projects")
async def create_project(view: View) -> Result:
    form = view.form
    body = build(ProjectCreate, name=text(form, "name"), description=raw_text(form, "description"))
    created = await view.api(projects.create_project, body)
    return redirect(f"/projects/{created.id}")


@pages.post("/projects/{project_id}/clone")
async def clone_project(view: View) -> Result:
    form = view.form
    body = build(
        CloneRequest,
        name=text(form, "name"),
        include_tasks=checked(form, "include_tasks"),
        include_settings=checked(form, "include_settings"),
    )
    clone = await view.api(projects.clone_project, body)
    return redirect(f"/projects/{clone.id}")


@pages.post("/projects/{project_id}/status")
async def set_status(view: View) -> Result:
    """Archive a project, or make an archived one active again."""
    body = build(ProjectUpdate, status=text(view.form, "status"))
    await view.api(projects.update_project, body)
    return redirect(f"/projects/{view.path('project_id')}/settings")


@pages.post("/projects/{project_id}/delete")
async def delete_project(view: View) -> Result:
    await view.api(projects.delete_project)
    return redirect("/projects")
