"""Project members: who besides the owner may reach a project, and with which role."""

from __future__ import annotations

from peewee import IntegrityError

from storage.database import write_transaction
from storage.error_codes import ErrorCode
from storage.errors import Conflict, Invalid, NotFound
from storage.models import Project, ProjectMember, User, database
from storage.projects.access import MEMBER_ROLES, get_project
from storage.roles import ProjectPermission

# MEMBER_ROLES (the catalogue's) stays importable here for web/api/members.py
__all__ = ["MEMBER_ROLES", "add_member", "change_role", "list_members", "remove_member"]


def list_members(user: User, project_id: str) -> tuple[Project, list[ProjectMember]]:
    """The project (with its owner) and its members, oldest first."""
    project = get_project(user, project_id, ProjectPermission.READ)
    members = list(
        ProjectMember.select(ProjectMember, User)
        .join(User)
        .where(ProjectMember.project == project)
        .order_by(ProjectMember.created_at, ProjectMember.id)
    )
    return project, members


def add_member(
    user: User, project_id: str, role: str, user_id: str | None, username: str | None
) -> ProjectMember:
    """Add an active user by id or username; the owner and existing members are refused."""
    with write_transaction():
        project = get_project(user, project_id, ProjectPermission.MANAGE)
        field = "user_id" if user_id else "username"
        target = User.get_or_none((User.id == user_id) if user_id else (User.username == username))
        if target is None or not target.is_active:
            raise Invalid(field, "no active user matches")
        if target.id == project.created_by_id:
            raise Conflict(ErrorCode.RESOURCE_ALREADY_EXISTS, "The owner is not added as a member")
        try:
            with database.atomic():
                return ProjectMember.create(project=project, user=target, role=role)
        except IntegrityError:
            raise Conflict(
                ErrorCode.RESOURCE_ALREADY_EXISTS,
                "The user is already a member",
                user_id=target.id,
            ) from None


def change_role(user: User, project_id: str, member_user_id: str, role: str) -> ProjectMember:
    with write_transaction():
        member = _member(get_project(user, project_id, ProjectPermission.MANAGE), member_user_id)
        ProjectMember.update(role=role).where(ProjectMember.id == member.id).execute()
        member.role = role
        return member


def remove_member(user: User, project_id: str, member_user_id: str) -> None:
    """Managers remove anyone; any member may leave (remove themselves)."""
    with write_transaction():
        own = member_user_id == user.id
        need = ProjectPermission.READ if own else ProjectPermission.MANAGE
        member = _member(get_project(user, project_id, need), member_user_id)
        ProjectMember.delete().where(ProjectMember.id == member.id).execute()


def _member(project: Project, user_id: str) -> ProjectMember:
    member = (
        ProjectMember.select(ProjectMember, User)
        .join(User)
        .where((ProjectMember.project == project) & (ProjectMember.user == user_id))
        .get_or_none()
    )
    if member is None:
        raise NotFound("member", user_id)
    return member
