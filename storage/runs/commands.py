"""Ad-hoc commands: their rows from request to end, who may see them, and their history."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import cast

from peewee import ModelSelect, fn

from storage import metrics
from storage.database import locked, write_transaction
from storage.error_codes import ErrorCode
from storage.errors import Conflict, LimitExceeded, NotFound
from storage.metrics import Counted, RunKind
from storage.models import Command, Project, User, utcnow
from storage.projects.access import PROJECT_PERMISSIONS, project_role, visible_projects
from storage.roles import ProjectPermission, Role
from storage.runs import leases
from storage.statuses import COMMAND_ACTIVE, CommandStatus, ProjectStatus

LOST = "lost: the runtime stopped renewing this command's lease"


def create(
    user: User,
    project: Project | None,
    fields: Mapping[str, object],
    max_active: int,
    launch_seconds: float,
) -> Command:
    """Write a starting command unless the user already has max_active commands active.

    fields: command, working_directory, environment, timeout, forced, warnings, stream_output.
    """
    with write_transaction():
        expire_lost()
        # PostgreSQL: one user's launches queue on their row (SQLite's write lock covers it)
        locked(User.select(User.id).where(User.id == user.id)).execute()
        active = Command.select().where((Command.user == user) & Command.status.in_(COMMAND_ACTIVE))
        if active.count() >= max_active:
            raise LimitExceeded(
                f"At most {max_active} commands may run at once per user",
                limit=max_active,
            )
        return Command.create(
            user=user,
            project=project,
            status=CommandStatus.STARTING,
            lease_expires_at=leases.lease_until(launch_seconds),
            **fields,
        )


def claim(command_id: str, lease_seconds: float) -> bool:
    """The runtime takes a starting command (starting → running); False if it was abandoned."""
    return leases.claim(
        Command, command_id, CommandStatus.STARTING, CommandStatus.RUNNING, lease_seconds
    )


def abandon(command_id: str, reason: str) -> bool:
    """The web gives up on a command the runtime never took; False if the runtime took it."""
    with write_transaction():
        abandoned = (
            Command.update(status=CommandStatus.FAILED, error_message=reason, completed_at=utcnow())
            .where((Command.id == command_id) & (Command.status == CommandStatus.STARTING))
            .execute()
        )
        _count_ended(CommandStatus.FAILED, abandoned)
    return bool(abandoned)


def record_started(command_id: str, pid: int, pgid: int, process_started: str) -> dt.datetime:
    started = utcnow()
    Command.update(pid=pid, pgid=pgid, process_started=process_started, started_at=started).where(
        Command.id == command_id
    ).execute()
    return started


@dataclass(frozen=True)
class FailedCommands:
    """Commands failed because their runner is gone: how many, and their process groups
    (pgid, leader start marker) so the caller can kill the ones still theirs."""

    count: int
    groups: list[tuple[int, str | None]]


def fail_active(reason: str, command_ids: list[str] | None = None) -> FailedCommands:
    """Fail active commands (all, or these) whose runner is gone."""
    active = Command.status.in_(COMMAND_ACTIVE)
    if command_ids is not None:
        active &= Command.id.in_(command_ids)
    with write_transaction():
        rows = (
            Command.select(Command.pgid, Command.process_started)
            .where(active & Command.pgid.is_null(False))
            .tuples()
        )
        groups = list(cast("list[tuple[int, str | None]]", rows))
        failed = leases.release(
            Command, active, utcnow(), status=CommandStatus.FAILED, error_message=reason
        )
        _count_ended(CommandStatus.FAILED, failed)
    return FailedCommands(failed, groups)


def renew_lease(command_id: str, lease_seconds: float) -> None:
    leases.renew(Command, command_id, lease_seconds, COMMAND_ACTIVE)


def finish(
    command_id: str,
    status: CommandStatus,
    exit_code: int | None,
    error_message: str | None,
    output_bytes: int,
    output_truncated: bool,
) -> bool:
    """Record the end of an active command; False if it had already ended (idempotent)."""
    now = utcnow()
    with write_transaction():
        ended = leases.release(
            Command,
            (Command.id == command_id) & Command.status.in_(COMMAND_ACTIVE),
            now,
            status=status,
            exit_code=exit_code,
            error_message=error_message,
            output_bytes=output_bytes,
            output_truncated=output_truncated,
            cancelled_at=now if status == CommandStatus.CANCELLED else None,
        )
        _count_ended(status, ended)
    return bool(ended)


def expire_lost() -> int:
    """Fail active commands whose runtime stopped renewing their lease (crashed or killed)."""
    expired = leases.expired(Command, COMMAND_ACTIVE)
    if not Command.select().where(expired).exists():  # reads need no write lock
        return 0
    with write_transaction():
        lost = int(
            Command.update(status=CommandStatus.FAILED, error_message=LOST, completed_at=utcnow())
            .where(expired)
            .execute()
        )
        _count_ended(CommandStatus.FAILED, lost)
        metrics.add(Counted.LEASE_EXPIRIES, lost, kind=RunKind.COMMAND)
    return lost


def _count_ended(status: CommandStatus, commands: int) -> None:
    metrics.add(Counted.COMMANDS, commands, status=status)


def get_command(user: User, command_id: str) -> Command:
    """The command if the user ran it (admins: any); otherwise NotFound."""
    expire_lost()
    command = _visible(user).where(Command.id == command_id).get_or_none()
    if command is None:
        raise NotFound("command", command_id)
    return command


def require_active(command: Command) -> Command:
    if command.status not in COMMAND_ACTIVE and command.status != CommandStatus.CANCELLED:
        raise Conflict(
            ErrorCode.COMMAND_NOT_RUNNING,
            f"Command is not running (status {command.status})",
            id=command.id,
            status=command.status,
        )
    return command


def running(user: User) -> list[Command]:
    expire_lost()
    return list(
        _visible(user)
        .where(Command.status.in_(COMMAND_ACTIVE))
        .order_by(Command.created_at, Command.id)
    )


def history(user: User, limit: int, offset: int) -> tuple[list[Command], int]:
    expire_lost()
    query = _visible(user)
    items = query.order_by(Command.created_at.desc(), Command.id).limit(limit).offset(offset)
    return list(items), query.count()


def frequent(user: User, prefix: str, limit: int) -> list[tuple[str, int, dt.datetime]]:
    """The user's own distinct commands starting with prefix: (command, uses, last used)."""
    last_used = fn.MAX(Command.created_at)
    query = Command.select(Command.command, fn.COUNT(Command.id), last_used).where(
        Command.user == user
    )
    if prefix:
        query = query.where(fn.SUBSTR(Command.command, 1, len(prefix)) == prefix)
    rows = query.group_by(Command.command).order_by(last_used.desc()).limit(limit).tuples()
    return list(cast("list[tuple[str, int, dt.datetime]]", rows))


def default_project(user: User) -> Project | None:
    """The 'current project': of the user's latest command if they may still execute there,
    else the newest project they may execute in (their own first)."""
    latest = (
        Command.select(Command.project)
        .where((Command.user == user) & Command.project.is_null(False))
        .order_by(Command.created_at.desc())
        .first()
    )
    candidates = visible_projects(user).where(Project.status != ProjectStatus.ARCHIVED)
    if latest is not None:
        candidates = candidates.order_by((Project.id == latest.project_id).desc())
    candidates = candidates.order_by_extend(
        (Project.created_by == user).desc(), Project.created_at.desc()
    )
    projects: Iterable[Project] = candidates.iterator()
    for project in projects:
        role = project_role(user, project)
        if role is not None and ProjectPermission.EXECUTE in PROJECT_PERMISSIONS[role]:
            return project
    return None


def _visible(user: User) -> ModelSelect[Command]:
    query = Command.select()
    return query if user.role == Role.ADMIN else query.where(Command.user == user)
