"""The WebSocket protocol: client messages validated by schema, server messages rendered once."""

from __future__ import annotations

import json
from typing import Any

from actors.messages import Event
from storage.formats import iso_ms, utcnow
from storage.live.channels import CHANNELS
from storage.models import OutputChunk, TaskEvent
from storage.runs.executions import PRIORITIES
from web.http.errors import ApiError, ValidationFailed
from web.http.validation import Field, Schema

METRICS = ("performance", "queue_status", "system_health")
_COMMON = (Field("type", required=True), Field("request_id", max_length=64))
_TARGETS = (
    Field("channel", required=True, choices=CHANNELS),
    Field("project_id", "uuid"),
    Field("task_id", "uuid"),
    Field("command_id", "uuid", description="an execution id or a command id"),
)
CLIENT_MESSAGES = {
    "authenticate": Schema(*_COMMON, Field("token", required=True, min_length=1)),
    "subscribe": Schema(
        *_COMMON,
        *_TARGETS,
        Field("since", "integer", minimum=-1, description="the last seq seen on the stream"),
    ),
    "unsubscribe": Schema(*_COMMON, *_TARGETS),
    "execute_task": Schema(
        *_COMMON, Field("task_id", "uuid", required=True), Field("priority", choices=PRIORITIES)
    ),
    "get_metrics": Schema(*_COMMON, Field("metrics", "array", items="string", max_length=10)),
    "ping": Schema(*_COMMON, Field("timestamp", "number", nullable=True)),
}


def parse(text: str) -> dict[str, Any]:
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
    message = CLIENT_MESSAGES[data["type"]].parse(data)
    unknown = set(message.get("metrics") or ()) - set(METRICS)
    if unknown:
        raise ValidationFailed(
            "Unknown metric", {"field": "metrics", "issue": f"one of {', '.join(METRICS)}"}
        )
    return message


def message(kind: str, data: Any = None, **extra: Any) -> dict[str, Any]:
    body = {"type": kind, "data": data, "timestamp": iso_ms(utcnow())}
    body.update({k: v for k, v in extra.items() if v is not None})
    return body


def error(exc: ApiError, request: dict[str, Any] | None = None) -> dict[str, Any]:
    """The seed's error message; echoes request_id and the object the request named."""
    request = request or {}
    data = {"code": exc.code, "message": exc.message, "details": exc.details}
    for name in ("task_id", "project_id", "command_id", "channel"):
        if request.get(name):
            data[name] = request[name]
    return message("error", data, request_id=request.get("request_id"))


def encode(body: dict[str, Any]) -> str:
    return json.dumps(body, separators=(",", ":"), default=str)


def event_text(event: Event) -> str:
    """An event as sent to every socket that receives it (encoded once per web process)."""
    data = dict(event.data)
    stream = event.stream
    if event.kind == "command_output" and stream is not None:
        data.setdefault("command_id", stream)
        stream = f"output:{stream}"
    return encode(message(event.kind, data, stream=stream, seq=event.seq))


def notification_text(event: Event) -> str:
    """A task_completed event as a notification for the project's watchers."""
    data = event.data
    failed = data.get("status") != "completed"
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
    return encode(message("notification", body))


def stored_task_event(row: TaskEvent) -> tuple[int, str]:
    stream = f"project:{row.project_id}"
    return row.seq, encode(message(row.kind, row.data, stream=stream, seq=row.seq, replayed=True))


def stored_chunk(chunk: OutputChunk, context: dict[str, Any]) -> tuple[int, str]:
    data = {
        **context,
        "command_id": chunk.stream_id,
        "stream": chunk.stream,
        "content": chunk.content,
        "timestamp": iso_ms(chunk.created_at),
    }
    body = message("command_output", data, stream=f"output:{chunk.stream_id}", seq=chunk.seq)
    body["replayed"] = True
    return chunk.seq, encode(body)
