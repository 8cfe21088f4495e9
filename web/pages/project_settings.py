"""A project's settings page: name and description, resource limits, CLI settings (isolation
included), other settings, members and their roles, clone and archive."""

from __future__ import annotations

from typing import Any

from storage.cli import Isolation, PermissionMode
from storage.projects.access import granted
from storage.roles import MEMBER_ROLES, ProjectPermission, Role
from web.api import members, projects
from web.api.schemas.accounts import MemberAdd, MemberUpdate
from web.api.schemas.projects import ProjectUpdate
from web.pages.forms import Form, build, checked, items, json_object, number, raw_text, text
from web.pages.routing import Context, Pages, Result, View, redirect

pages = Pages()
CLI_TEXT = ("model", "permission_mode", "append_system_prompt", "isolation")
CLI_LISTS = ("allowed_tools", "disallowed_tools", "add_dirs")
BYPASS = "allow_bypass_permissions"


@pages.get("/projects/{project_id}/settings", "pages/project_settings.html")
async def settings_page(view: View) -> Context:
    project = await view.api(projects.get_project)
    team = await view.api(members.list_members)
    cli = dict(project.settings.get("cli") or {})
    others = {k: v for k, v in project.settings.items() if k != "cli"}
    return {
        "project": project,
        "team": team,
        "cli": cli,
        "other_settings": others,
        "allowed": granted(view.user.role, project.your_role, project.status == "archived"),
        "Manage": ProjectPermission.MANAGE,
        "member_roles": MEMBER_ROLES,
        "permission_modes": [str(mode) for mode in PermissionMode],
        "isolations": [str(isolation) for isolation in Isolation],
    }


@pages.post("/projects/{project_id}/settings")
async def save_settings(view: View) -> Result:
    form = view.form
    project = await view.api(projects.get_project)
    extra = json_object(form, "other_settings") or {}
    body = build(
        ProjectUpdate,
        name=text(form, "name"),
        description=raw_text(form, "description"),
        settings={**extra, "cli": _cli(view, project.settings)},
        resource_limits={
            "max_tasks": number(form, "max_tasks"),
            "max_concurrent_tasks": number(form, "max_concurrent_tasks"),
            "storage_limit": text(form, "storage_limit"),
        },
    )
    await view.api(projects.update_project, body)
    return redirect(f"/projects/{project.id}/settings")


def _cli(view: View, current: dict[str, Any]) -> dict[str, Any]:
    """The CLI settings of the form; a field left empty is the CLI's default. Only an admin
    changes allow_bypass_permissions, so anyone else's form keeps its current value."""
    form: Form = view.form
    cli: dict[str, Any] = {name: text(form, name) for name in CLI_TEXT}
    cli |= {name: items(form, name) for name in CLI_LISTS}
    cli["max_turns"] = number(form, "max_turns")
    if view.user.role == Role.ADMIN:
        cli[BYPASS] = checked(form, BYPASS) or None
    else:
        cli[BYPASS] = (current.get("cli") or {}).get(BYPASS)
    return {name: value for name, value in cli.items() if value is not None}


@pages.post("/projects/{project_id}/members")
async def add_member(view: View) -> Result:
    body = build(MemberAdd, username=text(view.form, "username"), role=text(view.form, "role"))
    await view.api(members.add_member, body)
    return redirect(f"/projects/{view.path('project_id')}/settings#members")


@pages.post("/projects/{project_id}/members/{user_id}/role")
async def change_member(view: View) -> Result:
    await view.api(members.change_member, build(MemberUpdate, role=text(view.form, "role")))
    return redirect(f"/projects/{view.path('project_id')}/settings#members")


@pages.post("/projects/{project_id}/members/{user_id}/remove")
async def remove_member(view: View) -> Result:
    await view.api(members.remove_member)
    return redirect(f"/projects/{view.path('project_id')}/settings#members")
