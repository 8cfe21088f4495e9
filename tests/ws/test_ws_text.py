"""Client messages over a real socket: a NUL in any text field is an error naming the field."""

from __future__ import annotations

import pytest

from storage.error_codes import ErrorCode
from tests.support.api import AppClient
from tests.support.ws_client import connect

NUL = "a\x00b"


@pytest.mark.parametrize(
    ("message", "field"),
    [
        ({"type": "authenticate", "token": NUL}, "token"),
        ({"type": "ping", "request_id": NUL}, "request_id"),
        ({"type": "get_metrics", "metrics": [NUL]}, "metrics"),
    ],
)
async def test_a_nul_in_a_client_message_is_an_invalid_format(
    client: AppClient, message: dict[str, object], field: str
) -> None:
    socket = await connect(client, "00000000-0000-4000-8000-000000000000")
    await socket.send(**message)
    reply = await socket.receive()
    assert reply is not None and reply["type"] == "error", socket.seen
    assert reply["data"]["code"] == ErrorCode.VALIDATION_INVALID_FORMAT
    assert reply["data"]["details"] == {
        "field": field,
        "issue": "must not contain a NUL character",
    }
    await socket.close()
