"""The WebSocket protocol without a server: typed client messages, error echoes, notices."""

from __future__ import annotations

import json

import pytest

from actors.messages import Event
from storage.error_codes import ErrorCode
from storage.live.protocol import EventKind
from web.http.errors import ApiError, ValidationFailed
from web.ws import protocol

TASK = "0b9c4f4e-8f0e-4d4a-9a53-0c3f1f2e5d61"


@pytest.mark.parametrize(
    ("sent", "model"),
    [
        ({"type": "authenticate", "token": "t"}, protocol.Authenticate),
        ({"type": "subscribe", "channel": "performance"}, protocol.Subscribe),
        ({"type": "unsubscribe", "channel": "performance"}, protocol.Unsubscribe),
        ({"type": "execute_task", "task_id": TASK}, protocol.ExecuteTask),
        ({"type": "get_metrics"}, protocol.GetMetrics),
        ({"type": "ping"}, protocol.Ping),
    ],
)
def test_each_client_message_parses_to_its_own_model(
    sent: dict[str, str], model: type[protocol.Request]
) -> None:
    assert type(protocol.parse_message(json.dumps(sent))) is model


def test_an_unknown_message_type_is_refused() -> None:
    with pytest.raises(ValidationFailed) as refused:
        protocol.parse_message('{"type": "shout"}')
    assert refused.value.details["field"] == "type"


def test_an_error_echoes_the_request_id_and_the_object_the_request_named() -> None:
    request = protocol.parse_message(
        json.dumps(
            {"type": "subscribe", "channel": "task_updates", "task_id": TASK, "request_id": "r1"}
        )
    )
    body = protocol.error(ApiError("Not found", code=ErrorCode.TASK_NOT_FOUND), request)
    assert body["type"] == "error" and body["request_id"] == "r1"
    assert body["data"]["task_id"] == TASK and body["data"]["channel"] == "task_updates"
    assert "project_id" not in body["data"] and "command_id" not in body["data"]


def test_an_error_without_a_request_names_nothing() -> None:
    body = protocol.error(ApiError("Bad"))
    assert "request_id" not in body and set(body["data"]) == {"code", "message", "details"}


@pytest.mark.parametrize(("status", "level"), [("completed", "info"), ("failed", "error")])
def test_a_task_notification_is_an_error_unless_the_task_completed(status: str, level: str) -> None:
    event = Event(EventKind.TASK_COMPLETED, {"task_id": TASK, "status": status}, ())
    notice = json.loads(protocol.notification_text(event))
    assert notice["type"] == "notification" and notice["data"]["level"] == level
