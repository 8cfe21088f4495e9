"""Project members: who besides the owner may reach a project, and with which role."""

from __future__ import annotations

from storage.live.protocol import AccessChange
from storage.models import User
from storage.projects import members
from storage.roles import Permission
from web.api.schemas.accounts import (
    MemberAdd,
    MemberList,
    MemberOut,
    MemberRemoved,
    MemberUpdate,
    Person,
)
from web.http.calls import Call
from web.http.errors import ValidationFailed
from web.http.routing import Resource
from web.runtime import announce

api = Resource(tag="projects")

_MANAGE = "Needs the manage right in the project (owner, maintainer member or admin)."


@api.get("/api/projects/{project_id}/members")
def list_members(call: Call) -> MemberList:
    """The project's owner and members"""
    project, rows = members.list_members(call.user, call.path("project_id"))
    owner = User.get_by_id(project.created_by_id)
    return MemberList(
        project_id=project.id,
        owner=Person.read(owner),
        members=[MemberOut.of(m) for m in rows],
    )


@api.post("/api/projects/{project_id}/members", permission=Permission.WRITE, status=201)
def add_member(call: Call[MemberAdd]) -> MemberOut:
    """Add a member

    Needs the manage right in the project (owner, maintainer member or admin). Give exactly one of
    user_id or username. 409 RESOURCE_ALREADY_EXISTS for an existing member or the owner.
    """
    body = call.body
    if ("user_id" in body.model_fields_set) == ("username" in body.model_fields_set):
        raise ValidationFailed(
            "Give exactly one of user_id or username",
            {"field": "user_id", "issue": "give exactly one of user_id or username"},
        )
    member = members.add_member(
        call.user, call.path("project_id"), body.role, body.user_id, body.username
    )
    return MemberOut.of(member)


@api.put("/api/projects/{project_id}/members/{user_id}", permission=Permission.WRITE)
async def change_member(call: Call[MemberUpdate]) -> MemberOut:
    """Change a member's role

    Needs the manage right in the project (owner, maintainer member or admin). The member's live
    subscriptions are checked again.
    """
    project_id, user_id = call.path("project_id"), call.path("user_id")
    role = call.body.role
    member = await call.off_loop(members.change_role, call.user, project_id, user_id, role)
    await announce.access_changed(call.app, AccessChange.MEMBERSHIP, project_id, user_id)
    return MemberOut.of(member)


@api.delete("/api/projects/{project_id}/members/{user_id}", permission=Permission.READ)
async def remove_member(call: Call) -> MemberRemoved:
    """Remove a member

    Needs the manage right in the project (owner, maintainer member or admin). Any member may remove
    themselves (leave the project). The member's live subscriptions to the project end.
    """
    project_id, user_id = call.path("project_id"), call.path("user_id")
    await call.off_loop(members.remove_member, call.user, project_id, user_id)
    await announce.access_changed(call.app, AccessChange.MEMBERSHIP, project_id, user_id)
    return MemberRemoved(message="Member removed", project_id=project_id, user_id=user_id)
