"""The WebSocket's server messages (README, WebSocket protocol) as models, one per type.

`parse_message` gives the model of a message's `type`, so `if message.type == "task_update":
message.data.task_id` type-checks; a type this SDK does not know is an OtherMessage (`type`
"unknown", `name` the server's). Every model keeps fields it does not declare (a newer server
may send more).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import Discriminator, Field, JsonValue, Tag, TypeAdapter

from claude_cli_sdk._base import ApiModel


class Data(ApiModel):
    """A message's data."""


class TaskUpdateData(Data):
    task_id: str
    status: str
    execution_id: str | None = None
    progress_percentage: int | None = None
    updated_at: dt.datetime | None = None
    retry: bool | None = None  # an automatic retry queued it


class TaskCompletedData(Data):
    task_id: str
    status: str
    execution_id: str | None = None
    completed_at: dt.datetime | None = None
    duration: str | None = None  # HH:MM:SS
    duration_seconds: float | None = None
    exit_code: int | None = None
    error: str | None = None


class CommandOutputData(Data):
    command_id: str
    stream: str
    content: str
    task_id: str | None = None
    execution_id: str | None = None
    timestamp: dt.datetime | None = None


class CommandCompletedData(Data):
    command_id: str
    status: str
    exit_code: int | None = None


class TranscriptMessageData(Data):
    command_id: str
    seq: int
    kind: str
    data: dict[str, JsonValue] = Field(default_factory=dict)
    task_id: str | None = None
    execution_id: str | None = None
    timestamp: dt.datetime | None = None


class NotificationData(Data):
    level: str
    title: str
    message: str
    actions: list[dict[str, JsonValue]] = Field(default_factory=list)
    task_id: str | None = None


class PerformanceData(Data):
    cpu_usage: float | None = None
    memory_usage: float | None = None
    active_connections: int | None = None
    tasks_per_minute: float | None = None
    queue_sizes: dict[str, int] = Field(default_factory=dict)


class SubscribedData(Data):
    channel: str
    id: str | None = None
    stream: str | None = None
    last_seq: int | None = None  # the stream's head when the subscription started


class UnsubscribedData(Data):
    channel: str


class TaskQueuedData(Data):
    execution_id: str
    task_id: str | None = None
    queue_position: int | None = None


class ErrorData(Data):
    code: str
    message: str
    details: dict[str, JsonValue] = Field(default_factory=dict)
    channel: str | None = None
    task_id: str | None = None
    project_id: str | None = None
    command_id: str | None = None


class SessionData(Data):
    session_id: str
    project_id: str | None = None
    status: str | None = None


class Message(ApiModel):
    """What every server message carries besides its data: sequenced ones (task events, output)
    name their `stream` and `seq`; a replayed one has `replayed` true."""

    timestamp: JsonValue = None
    stream: str | None = None
    seq: int | None = None
    replayed: bool = False
    request_id: str | None = None


class TaskUpdate(Message):
    type: Literal["task_update"]
    data: TaskUpdateData


class TaskCompleted(Message):
    type: Literal["task_completed"]
    data: TaskCompletedData


class CommandOutput(Message):
    type: Literal["command_output"]
    data: CommandOutputData


class CommandCompleted(Message):
    type: Literal["command_completed"]
    data: CommandCompletedData


class TranscriptMessage(Message):
    type: Literal["transcript_message"]
    data: TranscriptMessageData


class Notification(Message):
    type: Literal["notification"]
    data: NotificationData


class Performance(Message):
    type: Literal["performance_data"]
    data: PerformanceData


class Authenticated(Message):
    type: Literal["authenticated"]
    data: SessionData


class Subscribed(Message):
    type: Literal["subscribed"]
    data: SubscribedData


class Unsubscribed(Message):
    type: Literal["unsubscribed"]
    data: UnsubscribedData


class TaskQueued(Message):
    type: Literal["task_queued"]
    data: TaskQueuedData


class Pong(Message):
    type: Literal["pong"]
    server_time: JsonValue = None


class Error(Message):
    type: Literal["error"]
    data: ErrorData


class OtherMessage(Message):
    """A message of a type this SDK does not know (or that does not fit its type's model):
    `type` is "unknown", `name` the type the server gave it."""

    type: Literal["unknown"] = "unknown"
    name: str = ""
    data: Any = None


_TYPES = frozenset(
    {
        "task_update",
        "task_completed",
        "command_output",
        "command_completed",
        "transcript_message",
        "notification",
        "performance_data",
        "authenticated",
        "subscribed",
        "unsubscribed",
        "task_queued",
        "pong",
        "error",
    }
)

ServerMessage = (
    TaskUpdate
    | TaskCompleted
    | CommandOutput
    | CommandCompleted
    | TranscriptMessage
    | Notification
    | Performance
    | Authenticated
    | Subscribed
    | Unsubscribed
    | TaskQueued
    | Pong
    | Error
    | OtherMessage
)


def _tag(value: Any) -> str:
    kind = value.get("type") if isinstance(value, dict) else getattr(value, "type", None)
    return kind if kind in _TYPES else "other"


_ADAPTER: TypeAdapter[ServerMessage] = TypeAdapter(
    Annotated[
        Annotated[TaskUpdate, Tag("task_update")]
        | Annotated[TaskCompleted, Tag("task_completed")]
        | Annotated[CommandOutput, Tag("command_output")]
        | Annotated[CommandCompleted, Tag("command_completed")]
        | Annotated[TranscriptMessage, Tag("transcript_message")]
        | Annotated[Notification, Tag("notification")]
        | Annotated[Performance, Tag("performance_data")]
        | Annotated[Authenticated, Tag("authenticated")]
        | Annotated[Subscribed, Tag("subscribed")]
        | Annotated[Unsubscribed, Tag("unsubscribed")]
        | Annotated[TaskQueued, Tag("task_queued")]
        | Annotated[Pong, Tag("pong")]
        | Annotated[Error, Tag("error")]
        | Annotated[OtherMessage, Tag("other")],
        Discriminator(_tag),
    ]
)


def parse_message(value: dict[str, Any]) -> ServerMessage:
    """The model of one server message (one that does not fit its type's model is kept as an
    OtherMessage rather than lost)."""
    if value.get("type") in _TYPES:
        try:
            return _ADAPTER.validate_python(value)
        except ValueError:
            pass
    return other(str(value.get("type")), value)


def other(name: str, value: Any) -> OtherMessage:
    """An OtherMessage of a message named `name` (its fields kept when it is an object)."""
    fields = dict(value) if isinstance(value, dict) else {"data": value}
    fields.pop("type", None)
    fields.pop("name", None)
    try:
        return OtherMessage.model_validate({**fields, "name": name})
    except ValueError:
        return OtherMessage(name=name, data=value)
