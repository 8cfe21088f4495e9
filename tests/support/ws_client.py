"""A WebSocket test client: sessions over REST, sockets, and waiting for messages by type."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from typing import Any

import aiohttp

from storage.models import User
from tests.support.api import Api, AppClient
from web.http.jwt_tokens import issue_access
from web.keys import settings_key

Message = dict[str, Any]


class Socket:
    """One client socket; every message received is kept in `seen`."""

    def __init__(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        self.ws = ws
        self.seen: list[Message] = []
        self.close_code: int | None = None

    async def send(self, **message: Any) -> None:
        await self.ws.send_str(json.dumps(message))

    async def receive(self, timeout: float = 15.0) -> Message | None:
        """The next message, or None when the socket closed."""
        frame = await self.ws.receive(timeout=timeout)
        if frame.type != aiohttp.WSMsgType.TEXT:
            if frame.type == aiohttp.WSMsgType.CLOSE:
                self.close_code = int(frame.data)  # as sent (the reply may meet a closed peer)
            return None
        message: Message = json.loads(frame.data)
        self.seen.append(message)
        return message

    async def until(
        self, predicate: Callable[[Message], bool], timeout: float = 15.0
    ) -> list[Message]:
        """Messages received up to and including the first that matches predicate."""
        got: list[Message] = []
        async with asyncio.timeout(timeout):
            while True:
                message = await self.receive(timeout)
                assert message is not None, f"socket closed ({self.ws.close_code}) after {got}"
                got.append(message)
                if predicate(message):
                    return got

    async def expect(self, kind: str, timeout: float = 15.0) -> Message:
        return (await self.until(lambda m: m["type"] == kind, timeout))[-1]

    async def request(self, kind: str, answer: str, **fields: Any) -> Message:
        """Send a message with a request_id; the answer (or an error) echoing it."""
        request_id = f"r{len(self.seen)}-{kind}"
        await self.send(type=kind, request_id=request_id, **fields)
        got = await self.until(lambda m: m.get("request_id") == request_id)
        assert got[-1]["type"] in (answer, "error"), got[-1]
        return got[-1]

    async def subscribe(self, channel: str, **fields: Any) -> Message:
        """Subscribe to channel; the acknowledgement (or an error)."""
        return await self.request("subscribe", "subscribed", channel=channel, **fields)

    async def closed(self, timeout: float = 15.0) -> int | None:
        """Wait for the server to close; the close code it sent."""
        async with asyncio.timeout(timeout):
            while await self.receive(timeout) is not None:
                pass
        return self.close_code if self.close_code is not None else self.ws.close_code

    async def close(self) -> None:
        await self.ws.close()


async def session(client: AppClient, auth: dict[str, str], project_id: str, **settings: Any) -> str:
    body = {"project_id": project_id, "settings": settings}
    return str((await Api(client, auth).post("/api/sessions/", body, expect=201))["session_id"])


def token_of(client: AppClient, user: User) -> str:
    """An access token of user, signed with the settings of client's app."""
    return issue_access(client.app[settings_key], user)


async def open_session(api: Api, project_id: str | None = None) -> str:
    """A session of api's user on project_id (on a new project when None); its id."""
    project_id = project_id or await api.project_id()
    return await session(api.client, api.auth, project_id)


async def watch(api: Api, project_id: str | None = None) -> Socket:
    """An authenticated socket on a new session of api's user (see open_session)."""
    assert api.user is not None, "a socket authenticates as a user"
    return await authenticated(
        api.client, await open_session(api, project_id), token_of(api.client, api.user)
    )


async def connect(client: AppClient, session_id: str, **kwargs: Any) -> Socket:
    return Socket(await client.ws_connect(f"/ws/{session_id}", **kwargs))


async def authenticated(client: AppClient, session_id: str, token: str) -> Socket:
    return await authenticate(await connect(client, session_id), token)


async def authenticate(socket: Socket, token: str) -> Socket:
    """socket, once its first message authenticated it with token."""
    await socket.send(type="authenticate", token=token)
    reply = await socket.receive()
    assert reply is not None and reply["type"] == "authenticated", socket.seen
    return socket
