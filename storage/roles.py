"""Who may do what: account roles and their permissions, project roles and theirs."""

from __future__ import annotations

from enum import StrEnum


class Permission(StrEnum):
    """What an account's role allows anywhere (each endpoint names the one it needs)."""

    READ = "read"
    WRITE = "write"
    EXECUTE = "execute"
    ADMIN = "admin"


class Role(StrEnum):
    """An account's role."""

    ADMIN = "admin"
    DEVELOPER = "developer"
    PREMIUM = "premium"  # a developer with the premium rate limit (RATE_LIMIT_PREMIUM)
    VIEWER = "viewer"


class ProjectPermission(StrEnum):
    """What a project role allows inside that project."""

    READ = "read"
    WRITE = "write"
    EXECUTE = "execute"
    MANAGE = "manage"  # settings, members, deletion


class ProjectRole(StrEnum):
    OWNER = "owner"
    MAINTAINER = "maintainer"
    DEVELOPER = "developer"
    VIEWER = "viewer"


ROLE_PERMISSIONS: dict[Role, tuple[Permission, ...]] = {
    Role.ADMIN: (Permission.READ, Permission.WRITE, Permission.EXECUTE, Permission.ADMIN),
    Role.DEVELOPER: (Permission.READ, Permission.WRITE, Permission.EXECUTE),
    Role.PREMIUM: (Permission.READ, Permission.WRITE, Permission.EXECUTE),
    Role.VIEWER: (Permission.READ,),
}

_EVERYTHING = (
    ProjectPermission.READ,
    ProjectPermission.WRITE,
    ProjectPermission.EXECUTE,
    ProjectPermission.MANAGE,
)
PROJECT_PERMISSIONS: dict[ProjectRole, tuple[ProjectPermission, ...]] = {
    ProjectRole.OWNER: _EVERYTHING,
    ProjectRole.MAINTAINER: _EVERYTHING,
    ProjectRole.DEVELOPER: (
        ProjectPermission.READ,
        ProjectPermission.WRITE,
        ProjectPermission.EXECUTE,
    ),
    ProjectRole.VIEWER: (ProjectPermission.READ,),
}
MEMBER_ROLES = (ProjectRole.VIEWER, ProjectRole.DEVELOPER, ProjectRole.MAINTAINER)
