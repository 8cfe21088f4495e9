"""Project members: who besides the owner may reach a project, and with which role."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from storage.formats import iso
from storage.models import ProjectMember, User
from storage.projects import members
from web.http.errors import ValidationFailed
from web.http.routing import endpoint
from web.http.validation import Field, Schema
from web.keys import body_key, user_key

ROLE = Field(
    "role",
    required=True,
    choices=members.MEMBER_ROLES,
    description="viewer: read; developer: also write and execute; maintainer: also manage "
    "the project and its members",
)
MEMBER_ADD = Schema(
    Field("user_id", "uuid", description="the user to add; or give username"),
    Field("username", min_length=1, max_length=64),
    ROLE,
)
MEMBER_UPDATE = Schema(ROLE)
_MANAGE = "Needs the manage right in the project (owner, maintainer member or admin)."


def render_member(member: ProjectMember) -> dict[str, Any]:
    return {
        **_person(member.user),
        "role": member.role,
        "added_at": iso(member.created_at),
    }


def _person(user: User) -> dict[str, Any]:
    return {"user_id": user.id, "username": user.username, "full_name": user.full_name}


def _ids(request: web.Request) -> tuple[str, str]:
    return request.match_info["project_id"], request.match_info["user_id"]


@endpoint(
    "GET",
    "/api/projects/{project_id}/members",
    "The project's owner and members",
    tag="projects",
)
async def list_members(request: web.Request) -> Any:
    project, rows = members.list_members(request[user_key], request.match_info["project_id"])
    owner = User.get_by_id(project.created_by_id)
    return {
        "project_id": project.id,
        "owner": _person(owner),
        "members": [render_member(m) for m in rows],
    }


@endpoint(
    "POST",
    "/api/projects/{project_id}/members",
    "Add a member",
    tag="projects",
    permission="write",
    body=MEMBER_ADD,
    status=201,
    description=_MANAGE + " Give exactly one of user_id or username. 409 "
    "RESOURCE_ALREADY_EXISTS for an existing member or the owner.",
)
async def add_member(request: web.Request) -> Any:
    body = request[body_key]
    if ("user_id" in body) == ("username" in body):
        raise ValidationFailed(
            "Give exactly one of user_id or username",
            {"field": "user_id", "issue": "give exactly one of user_id or username"},
        )
    member = members.add_member(
        request[user_key],
        request.match_info["project_id"],
        body["role"],
        body.get("user_id"),
        body.get("username"),
    )
    return render_member(member)


@endpoint(
    "PUT",
    "/api/projects/{project_id}/members/{user_id}",
    "Change a member's role",
    tag="projects",
    permission="write",
    body=MEMBER_UPDATE,
    description=_MANAGE,
)
async def change_member(request: web.Request) -> Any:
    project_id, user_id = _ids(request)
    member = members.change_role(request[user_key], project_id, user_id, request[body_key]["role"])
    return render_member(member)


@endpoint(
    "DELETE",
    "/api/projects/{project_id}/members/{user_id}",
    "Remove a member",
    tag="projects",
    permission="read",
    description=_MANAGE + " Any member may remove themselves (leave the project).",
)
async def remove_member(request: web.Request) -> Any:
    project_id, user_id = _ids(request)
    members.remove_member(request[user_key], project_id, user_id)
    return {"message": "Member removed", "project_id": project_id, "user_id": user_id}
