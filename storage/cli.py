"""The CLI options of a run: a project's `settings.cli`, a run's `options.cli` over them, and the
rules they obey (bypassPermissions only where an admin allowed it; extra directories inside
the project). What a run used is recorded on its execution as plain JSON."""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, fields
from enum import StrEnum
from typing import Any

from storage.error_codes import ErrorCode
from storage.errors import Conflict, Invalid, PermissionDenied
from storage.models import Project, User
from storage.roles import Role

ALLOW_BYPASS = "allow_bypass_permissions"  # in a project's settings.cli; only admins set it


class PermissionMode(StrEnum):
    """The CLI's --permission-mode values."""

    DEFAULT = "default"
    ACCEPT_EDITS = "acceptEdits"
    BYPASS_PERMISSIONS = "bypassPermissions"
    PLAN = "plan"


class Isolation(StrEnum):
    """Where a run works: the project's directory, or a git worktree of its own."""

    NONE = "none"
    WORKTREE = "worktree"


@dataclass(frozen=True)
class CliOptions:
    """What one run passes to the CLI; None / empty: the CLI's own default."""

    model: str | None = None
    permission_mode: PermissionMode | None = None
    allowed_tools: tuple[str, ...] = ()
    disallowed_tools: tuple[str, ...] = ()
    max_turns: int | None = None
    append_system_prompt: str | None = None
    add_dirs: tuple[str, ...] = ()
    mcp_config: str | None = None  # a JSON object's text, written to a per-run file
    isolation: Isolation | None = None

    @classmethod
    def of(cls, raw: dict[str, Any] | None) -> CliOptions:
        """From the stored (or validated) JSON shape; unknown keys are ignored."""
        raw = raw or {}
        mode = raw.get("permission_mode")
        mcp = raw.get("mcp_config")
        isolation = raw.get("isolation")
        return cls(
            model=raw.get("model"),
            permission_mode=PermissionMode(mode) if mode else None,
            allowed_tools=tuple(raw.get("allowed_tools") or ()),
            disallowed_tools=tuple(raw.get("disallowed_tools") or ()),
            max_turns=raw.get("max_turns"),
            append_system_prompt=raw.get("append_system_prompt"),
            add_dirs=tuple(raw.get("add_dirs") or ()),
            mcp_config=json.dumps(mcp, sort_keys=True) if isinstance(mcp, dict) else mcp,
            isolation=Isolation(isolation) if isolation else None,
        )

    def record(self) -> dict[str, Any]:
        """The JSON an execution keeps of what it used (only what was set)."""
        shown: dict[str, Any] = {}
        for name, value in asdict(self).items():
            if value in (None, ()):
                continue
            if name == "mcp_config":
                value = json.loads(value)
            shown[name] = list(value) if isinstance(value, tuple) else value
        return shown


OPTION_NAMES = tuple(f.name for f in fields(CliOptions))


def project_cli(project: Project) -> dict[str, Any]:
    """A project's settings.cli (empty when it has none)."""
    cli = (project.settings or {}).get("cli")
    return cli if isinstance(cli, dict) else {}


def effective(project: Project, override: dict[str, Any] | None) -> CliOptions:
    """The project's CLI settings with a run's options over them, field by field."""
    base = {k: v for k, v in project_cli(project).items() if k in OPTION_NAMES}
    return CliOptions.of({**base, **(override or {})})


def bypass_allowed(user: User | None, cli: dict[str, Any]) -> bool:
    """Admins always; others only on a project whose settings.cli an admin marked."""
    return (user is not None and user.role == Role.ADMIN) or cli.get(ALLOW_BYPASS) is True


def check_run(user: User | None, project: Project, options: CliOptions) -> None:
    """A run's options obey the project's rules (raises PermissionDenied or Invalid)."""
    if options.permission_mode == PermissionMode.BYPASS_PERMISSIONS and not bypass_allowed(
        user, project_cli(project)
    ):
        raise _bypass_denied("cli.permission_mode")
    for directory in options.add_dirs:
        inside(project.working_directory, directory, "cli.add_dirs")
    if options.isolation == Isolation.WORKTREE and not is_repository(project.working_directory):
        raise Conflict(
            ErrorCode.PROJECT_NOT_A_REPOSITORY,
            "isolation worktree needs the project's directory to be a git repository",
            id=project.id,
            working_directory=project.working_directory,
        )


def check_settings(
    user: User, old: dict[str, Any] | None, new: dict[str, Any], working_directory: str
) -> dict[str, Any]:
    """New project settings from user: only an admin changes allow_bypass_permissions, a
    bypassPermissions mode needs it (or an admin), and add_dirs lie inside the project's
    directory. Returns the settings to store."""
    cli = new.get("cli")
    if not isinstance(cli, dict):
        return new
    for directory in cli.get("add_dirs") or ():
        inside(working_directory, directory, "settings.cli.add_dirs")
    before = ((old or {}).get("cli") or {}).get(ALLOW_BYPASS, False)
    if cli.get(ALLOW_BYPASS, False) != before and user.role != Role.ADMIN:
        raise PermissionDenied(
            f"only an admin changes settings.cli.{ALLOW_BYPASS}", field=f"cli.{ALLOW_BYPASS}"
        )
    if cli.get("permission_mode") == PermissionMode.BYPASS_PERMISSIONS and not bypass_allowed(
        user, cli
    ):
        raise _bypass_denied("settings.cli.permission_mode")
    return new


def cloned_settings(user: User, settings: dict[str, Any]) -> dict[str, Any]:
    """A project's settings as a clone of user's gets them: an admin's permission to bypass
    permissions (and a mode that needs it) is not copied to a non-admin."""
    cli = settings.get("cli")
    if not isinstance(cli, dict) or bypass_allowed(user, {}):
        return settings
    kept = {k: v for k, v in cli.items() if k != ALLOW_BYPASS}
    if kept.get("permission_mode") == PermissionMode.BYPASS_PERMISSIONS:
        del kept["permission_mode"]
    return {**settings, "cli": kept}


def is_repository(directory: str) -> bool:
    """Whether directory is the top of a git repository (judged by its .git)."""
    return os.path.exists(os.path.join(directory, ".git"))


def inside(root: str, directory: str, field: str) -> str:
    """directory (relative to root, or absolute) as an absolute path inside root, judged by
    its text; raises Invalid when it leads elsewhere."""
    path = os.path.normpath(os.path.join(root, directory))
    if os.path.commonpath((path, os.path.normpath(root))) != os.path.normpath(root):
        raise Invalid(field, f"{directory!r} is not inside the project's directory")
    return path


def _bypass_denied(field: str) -> PermissionDenied:
    return PermissionDenied(
        "permission_mode bypassPermissions needs an admin, or a project where an admin set "
        f"settings.cli.{ALLOW_BYPASS}",
        field=field,
    )
