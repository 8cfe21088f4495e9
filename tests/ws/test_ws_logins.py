"""The end of an account's logins (new password, disabled) reaches its sockets everywhere: a
token issued before is refused when a socket authenticates, and the sockets already open close
on every web process, not only on the one that made the change."""

from __future__ import annotations

from typing import Any

import aiohttp
import pytest
from aiohttp.test_utils import TestClient

from tests.support.api import Api
from tests.support.fixtures.accounts import PASSWORD
from tests.support.fixtures.app import ApiOn
from tests.support.fixtures.web import WebProcess
from tests.support.ws_client import Socket, authenticate, connect, open_session, token_of, watch

NEW_PASSWORD = "a new password 1"


async def refused_at_authentication(
    socket: Socket, token: str, code: str = "AUTH_TOKEN_INVALID"
) -> None:
    await socket.send(type="authenticate", token=token)
    error = await socket.receive()
    assert error is not None and error["data"]["code"] == code, socket.seen
    assert await socket.closed() == 4401


async def test_a_token_issued_before_a_new_password_cannot_open_a_socket(
    live_client: TestClient, api_on: ApiOn
) -> None:
    user = api_on(live_client)
    assert user.user is not None
    session_id = await open_session(user)
    old_token = token_of(live_client, user.user)
    change = {"password": NEW_PASSWORD, "current_password": PASSWORD}
    await user.put("/api/users/profile", change)

    await refused_at_authentication(await connect(live_client, session_id), old_token)
    at_handshake = await connect(live_client, session_id, params={"token": old_token})
    error = await at_handshake.receive()
    assert error is not None and error["data"]["code"] == "AUTH_TOKEN_INVALID"
    assert await at_handshake.closed() == 4401

    login = {"username": user.user.username, "password": NEW_PASSWORD}
    fresh = (await Api(live_client, {}).post("/api/auth/login", login))["access_token"]
    socket = await authenticate(await connect(live_client, session_id), fresh)
    again = await socket.request("authenticate", "authenticated", token=old_token)
    assert again["type"] == "error" and again["data"]["code"] == "AUTH_TOKEN_INVALID"
    assert (await socket.request("ping", "pong", timestamp=1))["type"] == "pong"  # still open
    await socket.close()


async def own_password(client: TestClient, user: Api, api_on: ApiOn) -> Any:
    change = {"password": NEW_PASSWORD, "current_password": PASSWORD}
    return await user.put("/api/users/profile", change)


async def admin_reset(client: TestClient, user: Api, api_on: ApiOn) -> Any:
    assert user.user is not None
    return await api_on(client, "admin").put(f"/api/users/{user.user.id}", {"password": "x" * 12})


async def admin_disable(client: TestClient, user: Api, api_on: ApiOn) -> Any:
    assert user.user is not None
    return await api_on(client, "admin").put(f"/api/users/{user.user.id}", {"is_active": False})


@pytest.mark.parametrize(
    ("change", "refusal"),
    [
        (own_password, "AUTH_TOKEN_INVALID"),
        (admin_reset, "AUTH_TOKEN_INVALID"),
        (admin_disable, "AUTH_ACCOUNT_DISABLED"),
    ],
)
async def test_the_sockets_on_another_web_process_close_too(
    live_client: TestClient, api_on: ApiOn, web_process: WebProcess, change: Any, refusal: str
) -> None:
    user, bystander = api_on(live_client), api_on(live_client)
    assert user.user is not None and bystander.user is not None
    session_id = await open_session(user)
    token = token_of(live_client, user.user)
    await web_process.serving("/api/health/detailed")  # a second web process, on the runtime
    async with aiohttp.ClientSession(web_process.base_url) as http:
        remote = await authenticate(Socket(await http.ws_connect(f"/ws/{session_id}")), token)
        others = await authenticate(
            Socket(await http.ws_connect(f"/ws/{await open_session(bystander)}")),
            token_of(live_client, bystander.user),
        )
        local = await watch(user)

        await change(live_client, user, api_on)  # served by the first web process
        for socket in (local, remote):
            last = await socket.receive()
            assert last is not None and last["data"]["code"] == "AUTH_TOKEN_INVALID", socket.seen
            assert await socket.closed() == 4401
        late = Socket(await http.ws_connect(f"/ws/{session_id}"))
        await refused_at_authentication(late, token, refusal)
        assert (await others.request("ping", "pong", timestamp=1))["type"] == "pong"
        await others.close()
