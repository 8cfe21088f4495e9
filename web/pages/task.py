"""A task's page: details, history, executions, the latest transcript as stored, raw output,
the worktree diff; editing and deleting it; execute (priority, timeout, retries, CLI
overrides), cancel, retry and a follow-up prompt, each a plain form post."""

from __future__ import annotations

from typing import Any, get_args

from aiohttp import web

from storage.cli import PermissionMode
from storage.projects.access import granted
from storage.roles import ProjectPermission
from storage.statuses import Priority
from web.api import executions, projects, task_lists, tasks
from web.api.schemas.executions import (
    CancelRequest,
    ExecuteRequest,
    OutputQuery,
    TranscriptQuery,
)
from web.api.schemas.tasks import SettableStatus, TaskFilters, TaskUpdate
from web.pages.forms import Form, build, items, number, text
from web.pages.routing import Context, Pages, Result, View, redirect
from web.pages.task_fields import dependencies_of, task_fields

pages = Pages()
OUTPUT_LIMIT = 10_000
TRANSCRIPT_LIMIT = 1000


@pages.get("/tasks/{task_id}", "pages/task.html", partial="pages/_task_live.html")
async def task_page(view: View) -> Context:
    task = await view.api(tasks.get_task)
    project = await view.api(projects.get_project, project_id=task.project_id)
    runs = await view.api(executions.list_executions)
    latest = task.latest_execution
    transcript = None
    if latest is not None and not view.partial:  # the live page's refresh shows no transcript
        query = TranscriptQuery(limit=TRANSCRIPT_LIMIT)
        transcript = await view.api(
            executions.execution_transcript, query=query, execution_id=latest.id
        )
    return {
        "task": task,
        "project": project,
        "executions": runs.executions,
        "latest": latest,
        "transcript": transcript,
        "allowed": granted(view.user.role, project.your_role, project.status == "archived"),
        "P": ProjectPermission,
        "priorities": [str(p) for p in Priority],
        "permission_modes": [str(mode) for mode in PermissionMode],
    }


@pages.get("/tasks/{task_id}/edit", "pages/task_form.html")
async def edit_task(view: View) -> Context:
    task = await view.api(tasks.get_task)
    project = await view.api(projects.get_project, project_id=task.project_id)
    siblings = await view.api(
        task_lists.project_tasks, query=TaskFilters(page_size=100), project_id=task.project_id
    )
    depends = {d.depends_on_task_id: d.dependency_type for d in task.dependencies}
    others = [t for t in siblings.items if t.id != task.id]
    return {
        "project": project,
        "task": task,
        "siblings": others,
        "depends": depends,
        "settable": list(get_args(SettableStatus)),
    }


@pages.post("/tasks/{task_id}")
async def update_task(view: View) -> Result:
    fields = task_fields(view.form)
    status = text(view.form, "status")
    body = build(TaskUpdate, dependencies=dependencies_of(view.form), status=status, **fields)
    await view.api(tasks.update_task, body)
    return redirect(f"/tasks/{view.path('task_id')}")


@pages.post("/tasks/{task_id}/delete")
async def delete_task(view: View) -> Result:
    task = await view.api(tasks.get_task)
    await view.api(tasks.delete_task)
    return redirect(f"/projects/{task.project_id}")


@pages.post("/tasks/{task_id}/execute")
async def execute_task(view: View) -> Result:
    """Execute, or continue the conversation (a follow-up prompt resumes the CLI session)."""
    form = view.form
    options: dict[str, Any] = {
        "timeout": number(form, "timeout"),
        "retry_attempts": number(form, "retry_attempts"),
        "cli": _cli_overrides(form) or None,
        "prompt": text(form, "prompt"),
    }
    if text(form, "prompt") is not None:
        options["continue"] = True
    options = {name: value for name, value in options.items() if value is not None}
    body = build(ExecuteRequest, priority=text(form, "priority"), options=options or None)
    await view.api(executions.execute_task, body)
    return redirect(f"/tasks/{view.path('task_id')}")


@pages.post("/tasks/{task_id}/cancel")
async def cancel_task(view: View) -> Result:
    body = build(CancelRequest, reason=text(view.form, "reason"))
    await view.api(executions.cancel_task, body)
    return redirect(f"/tasks/{view.path('task_id')}")


@pages.post("/tasks/{task_id}/retry")
async def retry_task(view: View) -> Result:
    await view.api(executions.retry_task)
    return redirect(f"/tasks/{view.path('task_id')}")


@pages.get("/tasks/{task_id}/executions/{execution_id}/diff", "pages/diff.html")
async def execution_diff(view: View) -> Context:
    task = await view.api(tasks.get_task)
    return {"task": task, "diff": await view.api(executions.execution_diff)}


@pages.get("/tasks/{task_id}/executions/{execution_id}/output", None)
async def raw_output(view: View) -> Result:
    """The stored output as plain text (never HTML): what the CLI printed, byte for byte."""
    stored = await view.api(executions.execution_output, query=OutputQuery(limit=OUTPUT_LIMIT))
    text_out = "".join(chunk.content for chunk in stored.output)
    return web.Response(text=text_out, content_type="text/plain", charset="utf-8")


def _cli_overrides(form: Form) -> dict[str, Any]:
    """This run's CLI settings over the project's: only the fields filled in."""
    cli = {
        "model": text(form, "model"),
        "permission_mode": text(form, "permission_mode"),
        "max_turns": number(form, "max_turns"),
        "allowed_tools": items(form, "allowed_tools"),
        "append_system_prompt": text(form, "append_system_prompt"),
    }
    return {name: value for name, value in cli.items() if value is not None}
