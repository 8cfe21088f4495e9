"""The WebSocket protocol: client messages validated by their models, server messages rendered
once (API.md, WebSocket API)."""

from __future__ import annotations

import json
from typing import Annotated, Any, Literal

from pydantic import Field, ValidationError, field_validator

from actors.messages import Event
from storage.error_codes import ErrorCode
from storage.formats import iso_ms, utcnow
from storage.live.channels import ID_FIELDS
from storage.live.protocol import (
    COMMAND_KINDS,
    Channel,
    ClientMessage,
    EventKind,
    ServerMessage,
    TopicKind,
    topic,
)
from storage.models import OutputChunk, TaskEvent
from storage.statuses import Priority, TaskStatus
from web.http.errors import ApiError, ValidationFailed
from web.http.models import Body, Nullable, Uuid, domain_rule
from web.http.validation import validation_failed

METRICS = ("performance", "queue_status", "system_health")


class Request(Body):
    """What every client message carries: its type and an optional id echoed in the answer."""

    type: ClientMessage
    request_id: str | None = Field(None, max_length=64)


class Authenticate(Request):
    type: Literal[ClientMessage.AUTHENTICATE]
    token: str | None = Field(
        None,
        min_length=1,
        max_length=8192,
        description="an access token; left out by the web pages, whose page-session cookie "
        "(same-origin handshake) stands in for it",
    )


class Target(Request):
    """A subscription: the channel and the object it follows."""

    channel: Channel
    project_id: Uuid | None = None
    task_id: Uuid | None = None
    command_id: Uuid | None = Field(None, description="an execution id or a command id")


class Subscribe(Target):
    type: Literal[ClientMessage.SUBSCRIBE]
    since: int | None = Field(None, ge=-1, description="the last seq seen on the stream")


class Unsubscribe(Target):
    type: Literal[ClientMessage.UNSUBSCRIBE]


class ExecuteTask(Request):
    type: Literal[ClientMessage.EXECUTE_TASK]
    task_id: Uuid
    priority: Priority | None = None


class GetMetrics(Request):
    type: Literal[ClientMessage.GET_METRICS]
    metrics: list[Annotated[str, Field(max_length=64)]] | None = Field(None, max_length=10)

    @field_validator("metrics")
    @classmethod
    def _known_metrics(cls, value: list[str] | None) -> list[str] | None:
        if value is not None and set(value) - set(METRICS):
            raise domain_rule(f"one of {', '.join(METRICS)}")
        return value


class Ping(Request):
    type: Literal[ClientMessage.PING]
    timestamp: Nullable[float] = None


CLIENT_MESSAGES: dict[str, type[Request]] = {
    ClientMessage.AUTHENTICATE: Authenticate,
    ClientMessage.SUBSCRIBE: Subscribe,
    ClientMessage.UNSUBSCRIBE: Unsubscribe,
    ClientMessage.EXECUTE_TASK: ExecuteTask,
    ClientMessage.GET_METRICS: GetMetrics,
    ClientMessage.PING: Ping,
}


def parse_message(text: str | bytes) -> Request:
    """A validated client message; ValidationFailed (VALIDATION_*) when it is not one."""
    try:
        data = json.loads(text)
    except ValueError:
        raise ValidationFailed("Message is not JSON", {"issue": "malformed JSON"}) from None
    if not isinstance(data, dict) or data.get("type") not in CLIENT_MESSAGES:
        kinds = ", ".join(CLIENT_MESSAGES)
        raise ValidationFailed(
            "Unknown message type", {"field": "type", "issue": f"one of {kinds}"}
        )
    try:
        return CLIENT_MESSAGES[data["type"]].model_validate_json(text)
    except ValidationError as exc:
        raise validation_failed(exc) from None


def message(kind: str, data: Any = None, **extra: Any) -> dict[str, Any]:
    body = {"type": kind, "data": data, "timestamp": iso_ms(utcnow())}
    body.update({k: v for k, v in extra.items() if v is not None})
    return body


def error(exc: ApiError, request: Request | None = None) -> dict[str, Any]:
    """The error message (API.md, WebSocket API, Error); echoes request_id and the object the
    request named."""
    sent = request.sent() if request is not None else {}
    data = {"code": exc.code, "message": exc.message, "details": exc.details}
    for name in ("task_id", "project_id", "command_id", "channel"):
        if sent.get(name):
            data[name] = sent[name]
    return message(ServerMessage.ERROR, data, request_id=sent.get("request_id"))


def revoked(channel: str, object_id: str | None, cause: ApiError) -> dict[str, Any]:
    """The error that ends a subscription the socket may no longer hold (access changed):
    code SUBSCRIPTION_REVOKED, the channel and object as the client named them, and the code
    a new subscribe would be refused with now in details.cause."""
    data: dict[str, Any] = {
        "code": ErrorCode.SUBSCRIPTION_REVOKED,
        "message": f"Subscription revoked: {cause.message}",
        "channel": channel,
        "details": {"cause": cause.code, **cause.details},
    }
    name = ID_FIELDS.get(channel)
    if name is not None and object_id is not None:
        data[name] = object_id
    return message(ServerMessage.ERROR, data)


def encode(body: dict[str, Any]) -> str:
    return json.dumps(body, separators=(",", ":"), default=str)


def event_text(event: Event) -> str:
    """An event as sent to every socket that receives it (encoded once per web process)."""
    data = dict(event.data)
    stream = event.stream
    if event.kind in COMMAND_KINDS and stream is not None:
        data.setdefault("command_id", stream)
        stream = topic(TopicKind.OUTPUT, stream)
    return encode(message(event.kind, data, stream=stream, seq=event.seq))


def notification_text(event: Event) -> str:
    """A task_completed event as a notification for the project's watchers."""
    data = event.data
    failed = data.get("status") != TaskStatus.COMPLETED
    body = {
        "level": "error" if failed else "info",
        "title": f"Task {data.get('status')}",
        "message": data.get("error") or f"Task {data.get('task_id')} {data.get('status')}",
        "task_id": data.get("task_id"),
        "actions": [
            {"label": "Dismiss", "action": "dismiss"},
            {
                "label": "View Details",
                "action": "view_details",
                "url": f"/api/tasks/{data.get('task_id')}",
            },
        ],
    }
    return encode(message(EventKind.NOTIFICATION, body))


def stored_task_event(row: TaskEvent) -> tuple[int, str]:
    stream = topic(TopicKind.PROJECT, row.project_id)
    return row.seq, encode(message(row.kind, row.data, stream=stream, seq=row.seq, replayed=True))


def stored_chunk(chunk: OutputChunk, context: dict[str, Any]) -> tuple[int, str]:
    data = {
        **context,
        "command_id": chunk.stream_id,
        "stream": chunk.stream,
        "content": chunk.content,
        "timestamp": iso_ms(chunk.created_at),
    }
    stream = topic(TopicKind.OUTPUT, chunk.stream_id)
    body = message(EventKind.COMMAND_OUTPUT, data, stream=stream, seq=chunk.seq)
    body["replayed"] = True
    return chunk.seq, encode(body)
