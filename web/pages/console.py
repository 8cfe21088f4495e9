"""The command console: run a shell command in a project's directory, follow its output, cancel
it, and the history of commands run. The page streams over the WebSocket (web/static/live/
console.js); without script the form posts here and the page shows the command's output."""

from __future__ import annotations

from web.api import commands, projects
from web.api.schemas.commands import CommandRequest, HistoryQuery, StatusQuery
from web.api.schemas.projects import ProjectListQuery
from web.pages.forms import build, number, raw_text, text
from web.pages.routing import Context, Pages, Result, View, redirect

pages = Pages()
HISTORY = 25


@pages.get("/console", "pages/console.html", partial="pages/_command_history.html")
async def console(view: View) -> Context:
    history = await view.api(commands.command_history, query=HistoryQuery(limit=HISTORY))
    if view.partial:
        return {"history": history}
    choices = await view.api(
        projects.list_projects, query=ProjectListQuery(status="active", page_size=100)
    )
    shown = None
    command_id = view.request.query.get("command")
    if command_id:
        shown = await view.api(commands.command_status, query=StatusQuery(), command_id=command_id)
    return {
        "history": history,
        "projects": choices.items,
        "shown": shown,
        "project_id": shown.project_id if shown else view.request.query.get("project"),
    }


@pages.post("/console")
async def run_command(view: View) -> Result:
    form = view.form
    body = build(
        CommandRequest,
        command=raw_text(form, "command"),
        project_id=text(form, "project_id"),
        working_directory=text(form, "working_directory"),
        timeout=number(form, "timeout"),
    )
    started = await view.api(commands.execute_command, body)
    return redirect(f"/console?command={started.command_id}")


@pages.post("/console/{command_id}/cancel")
async def cancel_command(view: View) -> Result:
    await view.api(commands.cancel_command)
    return redirect(f"/console?command={view.path('command_id')}")
