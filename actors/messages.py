"""Messages between actors and the web bridge: frozen dataclasses of ids and plain values."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from config import Settings
from storage.runs.executions import ExecutionPlan, Requeued
from storage.runs.queues import QueuedEntry


@dataclass(frozen=True)
class Boot:
    """Launcher → Supervisor: configure and recover; repeated as a liveness check."""

    settings: Settings


@dataclass(frozen=True)
class Booted:
    running: int
    slots: int


@dataclass(frozen=True)
class Shutdown:
    """Launcher → Supervisor: stop starting work and end running executions gracefully."""

    reason: str = "service shutdown"


@dataclass(frozen=True)
class ShutdownComplete:
    cancelled: int


@dataclass(frozen=True)
class Request:
    """Base of bridge requests: the reply goes to reply_to tagged with correlation_id."""

    correlation_id: str
    reply_to: Any = field(default=None, compare=False)


@dataclass(frozen=True)
class Reply:
    correlation_id: str


@dataclass(frozen=True)
class Ping(Request):
    pass


@dataclass(frozen=True)
class Pong(Reply):
    booted: bool
    running: int
    slots: int
    processes: dict[str, int] = field(default_factory=dict)  # "queue:high" → pid, ...


@dataclass(frozen=True)
class RegisterBridge:
    """Web bridge → Supervisor → EventHub, periodically: an address for replies and events."""

    address: Any = None


@dataclass(frozen=True)
class BridgeRegistered:
    address: Any


@dataclass(frozen=True)
class ExecutionQueued:
    """Web → Supervisor → QueueActor: a queued execution row was written."""

    execution_id: str
    priority: str


@dataclass(frozen=True)
class QueuesChanged:
    """Web → Supervisor: stored queue state changed (pause, clear, moves, cancels): reload."""

    priorities: tuple[str, ...]


@dataclass(frozen=True)
class CancelExecution:
    """Web → Supervisor → TaskActor: the execution was cancelled in storage; stop its process."""

    execution_id: str
    reason: str


@dataclass(frozen=True)
class StopExecution:
    """Supervisor → TaskActor: end the process; record `status` unless storage already did."""

    reason: str
    status: str = "failed"


@dataclass(frozen=True)
class LoadQueue:
    """Supervisor → QueueActor: own this priority; load it from storage."""

    priority: str
    head_size: int
    settings: Settings


@dataclass(frozen=True)
class Enqueue:
    execution_id: str


@dataclass(frozen=True)
class ReloadQueue:
    pass


@dataclass(frozen=True)
class Taken:
    """Supervisor → QueueActor: these executions were claimed; drop them."""

    execution_ids: tuple[str, ...]


@dataclass(frozen=True)
class QueueSnapshot:
    """QueueActor → Supervisor: pause state and the head of the queue, in order."""

    priority: str
    paused: bool
    entries: tuple[QueuedEntry, ...]
    pid: int


@dataclass(frozen=True)
class RunnerStarted:
    """TaskActor → Supervisor: the OS process running this execution's actor."""

    execution_id: str
    pid: int


@dataclass(frozen=True)
class StartExecution:
    """Supervisor → TaskActor: run this claimed execution."""

    plan: ExecutionPlan
    settings: Settings
    events: Any = None


@dataclass(frozen=True)
class ExecutionEnded:
    """TaskActor → Supervisor: the execution reached a final state; its slot is free."""

    execution_id: str
    status: str
    requeued: Requeued | None = None


@dataclass(frozen=True)
class RunCommand:
    """Owner → CommandActor: spawn argv in cwd with exactly env, in its own process group."""

    argv: tuple[str, ...]
    cwd: str
    env: tuple[tuple[str, str], ...]
    timeout: float | None
    grace_period: float


@dataclass(frozen=True)
class CancelCommand:
    reason: str = "cancelled"


@dataclass(frozen=True)
class CommandStarted:
    pid: int
    pgid: int
    process_started: str


@dataclass(frozen=True)
class CommandOutput:
    """Coalesced output: (stream, text, unix time) in the order it was read."""

    chunks: tuple[tuple[str, str, float], ...]


@dataclass(frozen=True)
class CommandExited:
    """The process group is gone; reason is None, 'timeout', 'cancelled' or 'spawn_failed'."""

    exit_code: int | None
    reason: str | None = None
    error: str | None = None


@dataclass(frozen=True)
class Event:
    """Something a watcher may want to see, published once to every web process bridge.

    kind is the WebSocket message type (task_update, task_completed, command_output, ...);
    channels name who may receive it ("project:<id>", "task:<id>", "command:<id>"); seq orders
    the events of one stream (e.g. output chunks) so a reconnecting client can resume.
    """

    kind: str
    data: dict[str, Any]
    channels: tuple[str, ...]
    stream: str | None = None
    seq: int | None = None


@dataclass(frozen=True)
class CommandSpec:
    """An ad-hoc command as the web accepted it: checked, placed, with its exact environment."""

    command_id: str
    project_id: str | None
    command: str
    working_directory: str
    environment: tuple[tuple[str, str], ...]
    timeout: int
    stream_output: bool


@dataclass(frozen=True, kw_only=True)
class StartCommand(Request):
    """Web → Supervisor: run this written command; CommandLaunched answers once it has a pid."""

    spec: CommandSpec


@dataclass(frozen=True)
class LaunchCommand:
    """Supervisor → AdhocCommandActor: own this command and answer the web's request."""

    request: StartCommand
    settings: Settings
    events: Any = None


@dataclass(frozen=True, kw_only=True)
class CommandLaunched(Reply):
    """status is 'running' (with pid), or 'failed' when it could not start (with error)."""

    command_id: str
    status: str
    pid: int | None = None
    error: str | None = None


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


# --- WebSocket sessions (issue 6) -------------------------------------------------------------


@dataclass(frozen=True)
class OpenSession(Request):
    """Web → Supervisor: create a SessionActor (its child) for one authenticated socket.

    token_expires_at is the access token's expiry (unix time), checked by the web's JWT module.
    """

    connection_id: str = ""
    session_id: str = ""
    user_id: str = ""
    token_expires_at: float = 0.0


@dataclass(frozen=True)
class StartSession:
    """Supervisor → SessionActor: the request to answer, the settings and the EventHub."""

    request: OpenSession
    settings: Settings
    events: Any = None


@dataclass(frozen=True)
class SessionOpened(Reply):
    """SessionActor → web: the session is authorised (or error says why not)."""

    address: Any = None
    pid: int = 0
    session: dict[str, Any] | None = None
    error: Exception | None = None


@dataclass(frozen=True)
class SessionAnswer(Reply):
    """SessionActor → web: the outcome of one request; error is a storage error, or None."""

    data: dict[str, Any] | None = None
    error: Exception | None = None


@dataclass(frozen=True)
class Reauthenticate(Request):
    """Web → SessionActor: a fresh token for the same user; moves the expiry."""

    user_id: str = ""
    token_expires_at: float = 0.0


@dataclass(frozen=True)
class Subscribe(Request):
    """Web → SessionActor: may this socket hold channel (project_updates, ...) on object_id?"""

    channel: str = ""
    object_id: str | None = None


@dataclass(frozen=True)
class Unsubscribe:
    """Web → SessionActor: the socket dropped the grant with this fan-out key."""

    key: str


@dataclass(frozen=True)
class ExecuteTask(Request):
    task_id: str = ""
    priority: str = "normal"


@dataclass(frozen=True)
class GetMetrics(Request):
    metrics: tuple[str, ...] = ()
    active_connections: int = 0


@dataclass(frozen=True)
class CloseSession:
    """Web → SessionActor: the socket is gone (closed, dead peer); record it and stop."""

    reason: str = "disconnected"


@dataclass(frozen=True)
class SessionNotice:
    """SessionActor → web bridge: send `message` to the socket; close it when close_code is set."""

    connection_id: str
    message: dict[str, Any] | None = None
    close_code: int | None = None
    reason: str = ""


@dataclass(frozen=True)
class ConfigureEvents:
    """Supervisor → EventHub: settings, so the hub can sequence task events in storage."""

    settings: Settings
