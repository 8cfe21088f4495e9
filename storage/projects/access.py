"""Who may reach a project, and with which project role.

Admins act as owners everywhere. Others see a project they created (owner) or joined (its
member role). Anything else answers NotFound, so existence is never revealed. Inside a visible
project, the project role decides: a viewer member reads, a developer member also writes and
executes, a maintainer (or the owner) also manages the project and its members. The
account's role still bounds it: a viewer account never writes, whatever its project role.
"""

from __future__ import annotations

from peewee import ModelSelect

from storage.accounts.users import permissions_of
from storage.error_codes import ErrorCode
from storage.errors import Conflict, NotFound, PermissionDenied
from storage.models import Project, ProjectMember, User
from storage.prepared import Binds
from storage.roles import (
    MEMBER_ROLES,
    PROJECT_PERMISSIONS,
    Permission,
    ProjectPermission,
    ProjectRole,
    Role,
)
from storage.statuses import ProjectStatus

__all__ = [  # MEMBER_ROLES and PROJECT_PERMISSIONS: kept for callers in web/api and storage/runs
    "MEMBER_ROLES",
    "PROJECT_PERMISSIONS",
    "can_see",
    "get_project",
    "project_role",
    "require",
    "visible_project_ids",
    "visible_projects",
    "writable",
]

CHANGES_CONTENT = (ProjectPermission.WRITE, ProjectPermission.EXECUTE)
GLOBAL_PERMISSION: dict[ProjectPermission, Permission] = {
    ProjectPermission.READ: Permission.READ,
    ProjectPermission.WRITE: Permission.WRITE,
    ProjectPermission.EXECUTE: Permission.EXECUTE,
    ProjectPermission.MANAGE: Permission.WRITE,
}


def visible_projects(user: User, binds: Binds | None = None) -> ModelSelect[Project]:
    """Projects the user may see: all for admins, otherwise owned or joined (with binds: the
    user's id as a slot of a prepared query, storage.prepared)."""
    query = Project.select().where(Project.deleted_at.is_null())
    if user.role == Role.ADMIN:
        return query
    caller = user.id if binds is None else binds.slot("visible_to", user.id)
    joined = ProjectMember.select(ProjectMember.project).where(ProjectMember.user == caller)
    return query.where((Project.created_by == caller) | Project.id.in_(joined))


def visible_project_ids(user: User, binds: Binds | None = None) -> ModelSelect[Project]:
    """A subquery of the ids of visible projects, for filters on things inside projects."""
    return visible_projects(user, binds).select(Project.id)


def project_role(user: User, project: Project) -> ProjectRole | None:
    """owner, maintainer, developer, viewer, or None for someone without access."""
    if user.role == Role.ADMIN or project.created_by_id == user.id:
        return ProjectRole.OWNER
    binds = Binds()
    query = ProjectMember.select(ProjectMember.role).where(
        (ProjectMember.project == binds.slot("project", project.id))
        & (ProjectMember.user == binds.slot("user", user.id))
    )
    role = binds.run_scalar(("member's role",), query)
    return ProjectRole(role) if role else None


def get_project(
    user: User, project_id: str, need: ProjectPermission = ProjectPermission.READ
) -> Project:
    """The project if the user may see it and do `need` in it.

    Invisible: NotFound. Visible without the permission: PermissionDenied
    (PROJECT_ACCESS_DENIED). Writing or executing in an archived project: PROJECT_ARCHIVED.
    """
    binds = Binds()
    query = visible_projects(user, binds).where(Project.id == binds.slot("id", project_id))
    found = binds.run_models(("project by id",), query)
    if not found:
        raise NotFound("project", project_id)
    require(user, found[0], need)
    return found[0]


def require(user: User, project: Project, need: ProjectPermission) -> ProjectRole:
    """The user's project role, if it grants `need`; see get_project for the refusals."""
    role = project_role(user, project)
    if role is None:
        raise NotFound("project", project.id)
    if GLOBAL_PERMISSION[need] not in permissions_of(user.role):
        raise PermissionDenied(
            f"This operation needs the '{GLOBAL_PERMISSION[need]}' permission",
            required=GLOBAL_PERMISSION[need],
            role=user.role,
        )
    if need not in PROJECT_PERMISSIONS[role]:
        raise PermissionDenied(
            f"Your role in this project ({role}) does not allow '{need}'",
            code=ErrorCode.PROJECT_ACCESS_DENIED,
            project_id=project.id,
            project_role=role,
            required=need,
        )
    if need in CHANGES_CONTENT:
        writable(project)
    return role


def writable(project: Project) -> Project:
    """The project itself, or Conflict when it is archived (read-only)."""
    if project.status == ProjectStatus.ARCHIVED:
        raise Conflict(
            ErrorCode.PROJECT_ARCHIVED, "Project is archived and read-only", id=project.id
        )
    return project


def can_see(user: User, project_id: str) -> bool:
    return visible_projects(user).where(Project.id == project_id).exists()


def granted(
    account_role: str, role: ProjectRole | str | None, archived: bool
) -> frozenset[ProjectPermission]:
    """What `require` would let an account do in a project where it has `role` (None: no
    access): the controls a page shows; the server still checks each request with `require`."""
    if role is None:
        return frozenset()
    allowed = permissions_of(account_role)
    return frozenset(
        need
        for need in PROJECT_PERMISSIONS[ProjectRole(role)]
        if GLOBAL_PERMISSION[need] in allowed and not (archived and need in CHANGES_CONTENT)
    )
