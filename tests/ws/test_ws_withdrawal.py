"""A withdrawal that overtakes its grant: the SessionActor answered a subscribe, then withdrew
that grant, and the withdrawal reached the socket before the answer was applied. The
subscription must then be refused, never applied (the order a real race cannot be forced in)."""

from __future__ import annotations

import json
import uuid
from typing import Any

from actors.messages import GrantRevoked
from storage.errors import NotFound
from tests.support.waiting import eventually
from web.ws import grants
from web.ws.fanout import Connection
from web.ws.page_auth import PageSession
from web.ws.requests import Requests
from web.ws.sockets import Sockets


class _Peer:
    """The socket's far end: what the server wrote to it."""

    def __init__(self) -> None:
        self.sent: list[dict[str, Any]] = []

    async def send_str(self, text: str) -> None:
        self.sent.append(json.loads(text))

    async def close(self, code: int, message: bytes) -> None:
        pass


class _Session:
    """A SessionActor that grants project_updates on the project with the next serial."""

    def __init__(self, project_id: str) -> None:
        self.project_id = project_id
        self.serial = 0

    async def request(self, make: Any) -> dict[str, Any]:
        self.serial += 1
        key = f"project:{self.project_id}"
        return {
            "channel": "project_updates",
            "object_id": self.project_id,
            "key": key,
            "stream": key,
            "project_id": self.project_id,
            "task_id": None,
            "last_seq": 0,
            "serial": self.serial,
        }

    async def tell(self, message: object) -> None:
        pass


def withdrawal(connection: Connection, project_id: str, serial: int) -> GrantRevoked:
    key = f"project:{project_id}"
    error = NotFound("project", project_id)
    return GrantRevoked(connection.id, key, serial, "project_updates", project_id, error)


async def test_a_grant_withdrawn_before_its_answer_is_applied_is_refused() -> None:
    peer, project_id = _Peer(), str(uuid.uuid4())
    connection = Connection(peer, limit=100)  # type: ignore[arg-type]
    sockets = Sockets(per_user=5, off_loop=None)  # type: ignore[arg-type]
    session = _Session(project_id)
    no_page = PageSession(None, None)  # a socket authenticated by token: no page cookie
    requests = Requests(connection, session, sockets, None, no_page)  # type: ignore[arg-type]
    subscribe = {"type": "subscribe", "channel": "project_updates", "project_id": project_id}

    grants.withdraw(sockets.fanout, connection, withdrawal(connection, project_id, serial=1))
    assert not peer.sent  # nothing held yet: kept for the answer
    await requests.handle(json.dumps({**subscribe, "request_id": "first"}))
    refused = await eventually(lambda: _answer(peer, "first"))
    assert refused["type"] == "error" and refused["data"]["code"] == "SUBSCRIPTION_REVOKED"
    assert refused["data"]["details"]["cause"] == "PROJECT_NOT_FOUND"
    assert not connection.subscriptions and not sockets.fanout.routes

    await requests.handle(json.dumps({**subscribe, "request_id": "second"}))  # granted anew
    assert (await eventually(lambda: _answer(peer, "second")))["type"] == "subscribed"
    grants.withdraw(sockets.fanout, connection, withdrawal(connection, project_id, serial=1))
    assert connection.subscriptions, "an older withdrawal leaves a newer grant alone"
    grants.withdraw(sockets.fanout, connection, withdrawal(connection, project_id, serial=2))
    assert not connection.subscriptions and not sockets.fanout.routes
    revoked = await eventually(lambda: _answer(peer, None, after="second"))
    assert revoked["data"]["project_id"] == project_id
    await connection.stop()


async def _answer(
    peer: _Peer, request_id: str | None, after: str | None = None
) -> dict[str, Any] | None:
    """The message for request_id (None: the first unrequested one after the answer to
    `after`), once written."""
    start = 0
    if after is not None:
        start = next((i + 1 for i, m in enumerate(peer.sent) if m.get("request_id") == after), 0)
    return next((m for m in peer.sent[start:] if m.get("request_id") == request_id), None)
