"""Where a command may run: inside a project directory the caller can access (after symlinks).

project_id picks the project; without it an absolute working_directory names its own project, and
anything else runs in the caller's current project (storage.commands.default_project). The
caller needs the project's execute right (a project viewer gets 403 PROJECT_ACCESS_DENIED, an
archived project 409). Admins may also use any directory inside WORKSPACE_ROOT. This check
says where a command starts; the sandbox (actors/sandbox/) decides what it can reach: that
directory, and none of the other projects.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from storage.error_codes import ErrorCode
from storage.models import Project, User
from storage.projects.access import get_project, require, visible_projects
from storage.roles import ProjectPermission, Role
from storage.runs import commands
from web.http.errors import ValidationFailed


@dataclass(frozen=True)
class Placement:
    directory: str
    project: Project | None


def place(
    user: User, workspace_root: Path, project_id: str | None, requested: str | None
) -> Placement:
    """The resolved directory and its project; raises ValidationFailed outside what is allowed."""
    if requested is not None and "\0" in requested:
        raise _refused("must not contain NUL characters")
    project = get_project(user, project_id, ProjectPermission.EXECUTE) if project_id else None
    if project is None and not (requested and os.path.isabs(requested)):
        project = commands.default_project(user)
        if project is None:
            raise _refused("no project to run in: create a project or pass project_id")
    base = project.working_directory if project else "/"
    directory = os.path.realpath(os.path.join(base, requested or ""))
    if project_id and project is not None:
        allowed = project if _inside(directory, project.working_directory) else None
    else:
        allowed = _containing_project(user, directory)
    if allowed is not None:
        require(user, allowed, ProjectPermission.EXECUTE)
        return Placement(directory, allowed)
    if user.role == Role.ADMIN and _inside(directory, str(workspace_root)):
        return Placement(directory, None)
    raise _refused("must be inside a project directory you can access")


def _containing_project(user: User, directory: str) -> Project | None:
    """The deepest project directory the user can access that holds directory."""
    holding = [p for p in visible_projects(user) if _inside(directory, p.working_directory)]
    return max(holding, key=lambda p: len(p.working_directory), default=None)


def _inside(path: str, root: str) -> bool:
    root = os.path.realpath(root)
    return os.path.commonpath((path, root)) == root


def _refused(issue: str) -> ValidationFailed:
    return ValidationFailed(
        f"working_directory {issue}",
        {"field": "working_directory", "issue": issue},
        code=ErrorCode.VALIDATION_INVALID_FORMAT,
    )
