"""Running and cancelling ad-hoc commands: checks, the written row, then the actor runtime.

The order of checks decides which error a caller sees first: force needs admin (403), timeout
(422), working directory (404/409/422), environment (422), syntax (422), safety (403
COMMAND_UNSAFE unless an admin forces it), the per-user limit (429), then the runtime: 503 when
it does not take the command, 403 SANDBOX_UNAVAILABLE when it runs without a sandbox and the
caller is not an admin (the runtime decides: it is the one that would run it unconfined).
The row is written before the runtime hears of it and never stays 'starting' or 'running'
without an owner: the web abandons it when the runtime does not take it, and a runtime that dies
stops renewing its lease.
"""

from __future__ import annotations

from typing import Any

from aiohttp import web

from actors.messages import CommandLaunched, CommandSpec, CommandStopped, StartCommand, StopCommand
from storage.accounts.users import permissions_of
from storage.error_codes import ErrorCode
from storage.models import Command, User
from storage.roles import Permission
from storage.runs import commands
from storage.statuses import CommandStatus
from web.commands.environment import command_environment
from web.commands.safety import validate
from web.commands.workdir import place
from web.http.errors import ApiError, Forbidden, ServiceUnavailable, ValidationFailed
from web.http.offload import off_loop
from web.keys import bridge_key, settings_key
from web.runtime.bridge import ActorSystemUnavailable

LAUNCH_SECONDS = 10.0
UNAVAILABLE = "The command runtime is not available; the command was not started"
NO_SANDBOX = "The server runs without a sandbox: only administrators may run commands"


async def execute(app: web.Application, user: User, body: dict[str, Any]) -> dict[str, Any]:
    """Check, write and start a command; returns the row and what the runtime answered."""
    settings = app[settings_key]
    text, force = body["command"], body["force"]
    by_admin = Permission.ADMIN in permissions_of(user.role)
    if force and not by_admin:
        raise Forbidden(
            "Only administrators may force an unsafe command", {"required": Permission.ADMIN}
        )
    if not text.strip():
        raise _invalid("command", "must not be blank")
    timeout = body.get("timeout") or settings.default_command_timeout
    if timeout > settings.max_command_timeout:
        raise _invalid("timeout", f"must be at most {settings.max_command_timeout}")
    placement = await off_loop(
        app,
        place,
        user,
        settings.workspace_root,
        body.get("project_id"),
        body.get("working_directory"),
    )
    environment = command_environment(settings.command_environment, body.get("environment") or {})
    verdict = await validate(text, settings.command_shell)
    if verdict.syntax_error is not None:
        raise _invalid("command", verdict.syntax_error)
    if not verdict.safe and not force:
        raise ApiError(
            "Command refused as unsafe; an administrator may run it with force: true",
            {"warnings": verdict.warnings, "suggestions": verdict.suggestions},
            status=403,
            code=ErrorCode.COMMAND_UNSAFE,
        )
    command = await off_loop(
        app,
        commands.create,
        user,
        placement.project,
        {
            "command": text,
            "working_directory": placement.directory,
            "environment": body.get("environment") or {},
            "timeout": timeout,
            "forced": force and not verdict.safe,
            "warnings": verdict.warnings or None,
            "stream_output": body["stream_output"],
        },
        settings.max_commands_per_user,
        LAUNCH_SECONDS * 2,
    )
    spec = CommandSpec(
        command_id=command.id,
        project_id=placement.project.id if placement.project else None,
        command=text,
        working_directory=placement.directory,
        environment=tuple(sorted(environment.items())),
        timeout=timeout,
        stream_output=body["stream_output"],
        by_admin=by_admin,
    )
    launched = await _launch(app, command, spec)
    return {
        "command": await off_loop(app, commands.get_command, user, command.id),
        "launched": launched,
    }


async def cancel(app: web.Application, user: User, command_id: str) -> Command:
    """SIGTERM to the command's group, SIGKILL after the grace period; returns the ended row."""
    command = commands.require_active(await off_loop(app, commands.get_command, user, command_id))
    if command.status == CommandStatus.CANCELLED:
        return command  # cancelling twice answers the same
    settings = app[settings_key]
    try:
        reply: CommandStopped = await app[bridge_key].ask(
            lambda cid, reply_to: StopCommand(cid, reply_to, command_id=command_id),
            settings.cancel_grace_period + LAUNCH_SECONDS,
        )
    except (ActorSystemUnavailable, TimeoutError):
        raise ServiceUnavailable(
            "The command runtime did not confirm the cancel; try again"
        ) from None
    if not reply.known:
        raise ServiceUnavailable(
            "The command runtime does not know this command; "
            "it is marked failed once its lease expires",
            {"command_id": command_id},
        )
    return await off_loop(app, commands.get_command, user, command_id)


async def _launch(
    app: web.Application, command: Command, spec: CommandSpec
) -> CommandLaunched | None:
    """Ask the runtime to start the command; on failure the row ends failed, never running."""
    reply: CommandLaunched | None
    try:
        reply = await app[bridge_key].ask(
            lambda cid, reply_to: StartCommand(cid, reply_to, spec=spec), LAUNCH_SECONDS
        )
    except (ActorSystemUnavailable, TimeoutError):
        reply = None
    if reply is not None and reply.status != CommandStatus.REFUSED:
        return reply
    reason = reply.error if reply is not None else "the actor system did not answer"
    if await off_loop(app, commands.abandon, command.id, f"not started: {reason}"):
        details = {"command_id": command.id, "reason": reason}
        if reply is not None and reply.code == ErrorCode.SANDBOX_UNAVAILABLE:
            raise ApiError(NO_SANDBOX, details, code=ErrorCode.SANDBOX_UNAVAILABLE)
        raise ServiceUnavailable(UNAVAILABLE, details)
    return None  # the runtime took it after all: its row tells the rest


def _invalid(field: str, issue: str) -> ValidationFailed:
    return ValidationFailed(
        f"{field} {issue}",
        {"field": field, "issue": issue},
        code=ErrorCode.VALIDATION_INVALID_FORMAT,
    )
