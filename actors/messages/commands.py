"""Web → Supervisor → AdhocCommandActor and back: one ad-hoc command's launch and stop."""

from __future__ import annotations

from dataclasses import dataclass, field

from actors.messages.bridge import Reply, Request
from actors.messages.lifecycle import ChildStart
from actors.sandbox.state import Sandbox
from storage.error_codes import ErrorCode
from storage.statuses import CommandStatus


@dataclass(frozen=True)
class CommandSpec:
    """An ad-hoc command as the web accepted it: checked, placed, with its exact environment
    (kept out of repr: it may hold the user's tokens); by_admin: an administrator's (who may
    run it even without a sandbox)."""

    command_id: str
    project_id: str | None
    command: str
    working_directory: str
    environment: tuple[tuple[str, str], ...] = field(repr=False)
    timeout: int
    stream_output: bool
    by_admin: bool = False


@dataclass(frozen=True, kw_only=True)
class StartCommand(Request):
    """Web → Supervisor: run this written command; CommandLaunched answers once it has a pid."""

    spec: CommandSpec


@dataclass(frozen=True)
class LaunchCommand(ChildStart):
    """Supervisor → AdhocCommandActor: own this command (run it in sandbox) and answer the
    web's request."""

    request: StartCommand
    sandbox: Sandbox


@dataclass(frozen=True, kw_only=True)
class CommandLaunched(Reply):
    """status is running (with pid), refused (with error, and code when it is not a runtime
    starting or stopping), or a final status when it could not start or ended before it was
    answered (with error)."""

    command_id: str
    status: CommandStatus
    pid: int | None = None
    error: str | None = None
    code: ErrorCode | None = None


@dataclass(frozen=True, kw_only=True)
class StopCommand(Request):
    """Web → Supervisor → the command's owner: cancel; CommandStopped answers once it ended."""

    command_id: str


@dataclass(frozen=True, kw_only=True)
class CommandStopped(Reply):
    """known is False when no actor of this runtime owns the command."""

    command_id: str
    known: bool


@dataclass(frozen=True)
class AdhocCommandEnded:
    """AdhocCommandActor → Supervisor: the command reached a final state."""

    command_id: str
