"""Racing uses of one refresh token, and the end of an account's logins (new password, disabled)."""

from __future__ import annotations

import asyncio
from typing import Any

import jwt
import psycopg2
import pytest
from aiohttp.test_utils import TestClient

from config import Settings
from tests.support.api import Api
from tests.support.fixtures.accounts import PASSWORD
from tests.support.fixtures.app import ApiOn
from tests.support.fixtures.database import TEST_DATABASE
from tests.support.waiting import eventually
from tests.support.ws_client import watch

NEW_PASSWORD = "a new password 1"


async def login(client: TestClient, username: str, password: str = PASSWORD) -> Any:
    body = {"username": username, "password": password}
    return await Api(client, {}).post("/api/auth/login", body)


async def refresh(client: TestClient, refresh_token: str) -> tuple[int, Any]:
    response = await client.post("/api/auth/refresh", json={"refresh_token": refresh_token})
    return response.status, await response.json()


def bearer(access_token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {access_token}"}


@pytest.mark.skipif(TEST_DATABASE != "postgresql", reason="SQLite serialises writers itself")
async def test_two_racing_uses_of_one_refresh_token_cannot_both_win(
    client: TestClient, make_user: Any, settings: Settings
) -> None:
    tokens = await login(client, make_user().username)
    jti = jwt.decode(tokens["refresh_token"], options={"verify_signature": False})["jti"]
    holder = psycopg2.connect(settings.database_url)  # holds the row: both requests must wait
    watcher = psycopg2.connect(settings.database_url)
    watcher.autocommit = True

    async def both_waiting() -> bool:
        with watcher.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity"
                " WHERE datname = current_database() AND wait_event_type = 'Lock'"
            )
            return bool(cursor.fetchone() == (2,))

    try:
        with holder.cursor() as cursor:
            cursor.execute("SELECT id FROM refresh_token WHERE id = %s FOR UPDATE", (jti,))
        racing = [asyncio.create_task(refresh(client, tokens["refresh_token"])) for _ in range(2)]
        await eventually(both_waiting)  # each has read the token as unspent and waits to spend it
        holder.commit()
        results = sorted(await asyncio.gather(*racing), key=lambda result: result[0])
    finally:
        holder.close()
        watcher.close()
    (won, winner), (lost, loser) = results
    assert (won, lost) == (200, 401)
    assert loser["error"]["code"] == "AUTH_TOKEN_INVALID"
    # the loser is a replay: the whole login is revoked, the winner's successor included
    status, _ = await refresh(client, winner["data"]["refresh_token"])
    assert status == 401


@pytest.mark.skipif(TEST_DATABASE != "postgresql", reason="SQLite serialises writers itself")
async def test_a_refresh_racing_a_password_reset_leaves_no_working_token(
    client: TestClient, make_user: Any, settings: Settings, headers: Any
) -> None:
    user = make_user()
    tokens = await login(client, user.username)
    jti = jwt.decode(tokens["refresh_token"], options={"verify_signature": False})["jti"]
    holder = psycopg2.connect(settings.database_url)  # stops the rotation just before it spends
    watcher = psycopg2.connect(settings.database_url)
    watcher.autocommit = True

    async def waiting(count: int) -> bool:
        with watcher.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity"
                " WHERE datname = current_database() AND wait_event_type = 'Lock'"
            )
            return bool(cursor.fetchone() == (count,))

    admin = Api(client, headers(make_user(role="admin")))
    try:
        with holder.cursor() as cursor:
            cursor.execute("SELECT id FROM refresh_token WHERE id = %s FOR UPDATE", (jti,))
        rotation = asyncio.create_task(refresh(client, tokens["refresh_token"]))
        await eventually(lambda: waiting(1))
        reset = asyncio.create_task(admin.put(f"/api/users/{user.id}", {"password": NEW_PASSWORD}))
        await eventually(lambda: waiting(2))  # the reset waits for the rotation's account lock
        holder.commit()
        (status, rotated), _ = await asyncio.gather(rotation, reset)
    finally:
        holder.close()
        watcher.close()
    assert status == 200  # the rotation came first: the reset must end what it issued
    assert (await refresh(client, rotated["data"]["refresh_token"]))[0] == 401
    old = Api(client, bearer(rotated["data"]["access_token"]))
    assert (await old.get("/api/users/profile", expect=401))["code"] == "AUTH_TOKEN_INVALID"


async def test_a_new_password_ends_every_login_of_the_account(
    client: TestClient, make_user: Any
) -> None:
    user = make_user()
    this, other = await login(client, user.username), await login(client, user.username)
    change = {"password": NEW_PASSWORD, "current_password": PASSWORD}
    await Api(client, bearer(this["access_token"]), user).put("/api/users/profile", change)
    for tokens in (this, other):
        refused = await Api(client, bearer(tokens["access_token"])).get(
            "/api/users/profile", expect=401
        )
        assert refused["code"] == "AUTH_TOKEN_INVALID"
        status, body = await refresh(client, tokens["refresh_token"])
        assert status == 401 and body["error"]["code"] == "AUTH_TOKEN_INVALID"
    fresh = await login(client, user.username, NEW_PASSWORD)
    profile = await Api(client, bearer(fresh["access_token"])).get("/api/users/profile")
    assert profile["id"] == user.id


async def test_an_access_token_refreshed_before_a_new_password_is_refused_after_it(
    client: TestClient, make_user: Any
) -> None:
    user = make_user()
    tokens = await login(client, user.username)
    response = await client.post("/api/auth/refresh", headers=bearer(tokens["access_token"]))
    refreshed = (await response.json())["data"]["access_token"]
    change = {"password": NEW_PASSWORD, "current_password": PASSWORD}
    await Api(client, bearer(refreshed), user).put("/api/users/profile", change)
    for token in (tokens["access_token"], refreshed):
        refused = await Api(client, bearer(token)).get("/api/users/profile", expect=401)
        assert refused["code"] == "AUTH_TOKEN_INVALID"
        again = await client.post("/api/auth/refresh", headers=bearer(token))
        assert again.status == 401  # and no successor for it either


@pytest.mark.parametrize(
    ("change", "status", "code"),
    [
        ({"password": NEW_PASSWORD}, 401, "AUTH_TOKEN_INVALID"),
        ({"is_active": False}, 403, "AUTH_ACCOUNT_DISABLED"),
    ],
)
async def test_an_admin_reset_or_disable_ends_the_accounts_logins_and_sockets(
    live_client: TestClient, api_on: ApiOn, change: dict[str, Any], status: int, code: str
) -> None:
    admin = api_on(live_client, "admin")
    user = api_on(live_client)
    assert user.user is not None
    tokens = await login(live_client, user.user.username)
    socket, bystander = await watch(user), await watch(admin)
    await admin.put(f"/api/users/{user.user.id}", change)
    last = await socket.receive()
    assert last is not None and last["data"]["code"] == "AUTH_TOKEN_INVALID"
    assert await socket.closed() == 4401
    refused, _ = await refresh(live_client, tokens["refresh_token"])
    assert refused == 401
    for access_token in (tokens["access_token"], user.auth["Authorization"].split()[1]):
        old = Api(live_client, bearer(access_token))
        assert (await old.get("/api/users/profile", expect=status))["code"] == code
    assert (await bystander.request("ping", "pong", timestamp=1))["type"] == "pong"
    await bystander.close()
