"""Login, token checks and refresh-token rotation (API.md, Authentication)."""

from __future__ import annotations

import base64
import datetime as dt
import json
from typing import Any

import jwt
from aiohttp.test_utils import TestClient

from config import Settings
from storage.models import User
from tests.support.fixtures.accounts import PASSWORD
from web.http.jwt_tokens import issue_access


async def login(client: TestClient, username: str, password: str = PASSWORD) -> Any:
    return await client.post("/api/auth/login", json={"username": username, "password": password})


async def test_login_returns_tokens_and_user(client: TestClient, make_user: Any) -> None:
    user = make_user(email="dev@example.com")
    response = await login(client, user.username)
    assert response.status == 200
    data = (await response.json())["data"]
    assert data["token_type"] == "bearer" and data["expires_in"] == 3600
    assert data["user"] == {
        "id": user.id,
        "username": user.username,
        "email": "dev@example.com",
        "role": "developer",
    }
    profile = await client.get(
        f"/api/projects/{'0' * 8}-0000-0000-0000-{'0' * 12}",
        headers={"Authorization": f"Bearer {data['access_token']}"},
    )
    assert (await profile.json())["error"]["code"] == "PROJECT_NOT_FOUND"
    assert User.get_by_id(user.id).last_login is not None


async def test_wrong_password_and_unknown_user_look_the_same(
    client: TestClient, make_user: Any
) -> None:
    user = make_user()
    bodies = []
    for name, password in ((user.username, "wrong password"), ("nobody", PASSWORD)):
        response = await login(client, name, password)
        assert response.status == 401
        bodies.append((await response.json())["error"])
    assert bodies[0] == bodies[1]
    assert bodies[0]["code"] == "AUTH_INVALID_CREDENTIALS"


async def test_disabled_account(client: TestClient, make_user: Any, headers: Any) -> None:
    user = make_user(is_active=False)
    response = await login(client, user.username)
    assert response.status == 403
    assert (await response.json())["error"]["code"] == "AUTH_ACCOUNT_DISABLED"
    response = await client.get("/api/system/info", headers=headers(user))
    assert (await response.json())["error"]["code"] == "AUTH_ACCOUNT_DISABLED"


async def test_missing_and_malformed_headers(client: TestClient) -> None:
    response = await client.get("/api/system/info")
    assert response.status == 401
    assert (await response.json())["error"]["code"] == "AUTH_TOKEN_MISSING"
    for header in ("Basic abc", "Bearer", "Bearer not.a.jwt"):
        response = await client.get("/api/system/info", headers={"Authorization": header})
        assert response.status == 401, header
        assert (await response.json())["error"]["code"] == "AUTH_TOKEN_INVALID"


def _b64(data: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


async def test_forged_tokens_are_refused(
    client: TestClient, settings: Settings, make_user: Any, headers: Any
) -> None:
    user = make_user()
    good = headers(user)["Authorization"].split()[1]
    now = int(dt.datetime.now(dt.UTC).timestamp())
    claims = {"sub": user.id, "typ": "access", "jti": "x", "iat": now, "exp": now + 600}
    forged = [
        _b64({"alg": "none", "typ": "JWT"}) + "." + _b64(claims) + ".",
        jwt.encode(claims, "another-secret-that-is-long-enough-123", algorithm="HS256"),
        jwt.encode({**claims, "exp": now - 10}, settings.jwt_secret, algorithm="HS256"),
        jwt.encode({**claims, "typ": "refresh"}, settings.jwt_secret, algorithm="HS256"),
        jwt.encode(
            {k: v for k, v in claims.items() if k != "exp"}, settings.jwt_secret, algorithm="HS256"
        ),
        good[:-4] + ("AAAA" if not good.endswith("AAAA") else "BBBB"),
    ]
    for token in forged:
        response = await client.get(
            "/api/system/info", headers={"Authorization": f"Bearer {token}"}
        )
        assert response.status == 401, token
        assert (await response.json())["error"]["code"] == "AUTH_TOKEN_INVALID"
    ok = await client.get("/api/system/info", headers=headers(user))
    assert ok.status == 200


async def test_refresh_rotates_and_replay_revokes_the_family(
    client: TestClient, make_user: Any
) -> None:
    user = make_user()
    first = (await (await login(client, user.username)).json())["data"]
    response = await client.post(
        "/api/auth/refresh", headers={"Authorization": f"Bearer {first['refresh_token']}"}
    )
    assert response.status == 200
    second = (await response.json())["data"]
    assert second["refresh_token"] != first["refresh_token"]
    assert second["expires_in"] == 3600
    info = await client.get(
        "/api/system/info", headers={"Authorization": f"Bearer {second['access_token']}"}
    )
    assert info.status == 200

    replay = await client.post("/api/auth/refresh", json={"refresh_token": first["refresh_token"]})
    assert replay.status == 401
    assert (await replay.json())["error"]["code"] == "AUTH_TOKEN_INVALID"
    # the replay revoked the whole login: the legitimate successor no longer works either
    after = await client.post("/api/auth/refresh", json={"refresh_token": second["refresh_token"]})
    assert after.status == 401


async def refresh_with(client: TestClient, token: str) -> Any:
    return await client.post("/api/auth/refresh", headers={"Authorization": f"Bearer {token}"})


def claims_of(settings: Settings, token: str) -> dict[str, Any]:
    return jwt.decode(token, settings.jwt_secret, algorithms=["HS256"])


async def test_an_access_token_refreshes_into_a_working_one_as_the_document_shows(
    client: TestClient, make_user: Any, settings: Settings
) -> None:
    user = make_user()
    login_data = (await (await login(client, user.username)).json())["data"]
    token = login_data["access_token"]
    for _ in range(2):  # and its successor again: a chain
        response = await refresh_with(client, token)
        assert response.status == 200, await response.text()
        data = (await response.json())["data"]
        assert set(data) == {"access_token", "token_type", "expires_in", "user"}
        assert data["expires_in"] == 3600 and data["user"]["id"] == user.id
        assert data["access_token"] != token
        before, after = claims_of(settings, token), claims_of(settings, data["access_token"])
        assert after["iat"] == before["iat"]  # dated by the login it descends from
        assert after["exp"] >= before["exp"] and after["jti"] != before["jti"]
        token = data["access_token"]
        info = await client.get("/api/system/info", headers={"Authorization": f"Bearer {token}"})
        assert info.status == 200
    # the login's refresh token was not spent by any of that: it still rotates
    rotated = await refresh_with(client, login_data["refresh_token"])
    assert rotated.status == 200 and (await rotated.json())["data"]["refresh_token"]


async def test_access_refreshes_extend_a_login_for_refresh_token_ttl_at_most(
    client: TestClient, make_user: Any, settings: Settings
) -> None:
    user = make_user()
    ttl = dt.timedelta(seconds=settings.refresh_token_ttl)
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    young = issue_access(settings, user, issued_at=now - ttl + dt.timedelta(minutes=5))
    assert (await refresh_with(client, young)).status == 200
    old = issue_access(settings, user, issued_at=now - ttl - dt.timedelta(seconds=1))
    assert (await client.get("/api/system/info", headers={"Authorization": f"Bearer {old}"})).ok
    response = await refresh_with(client, old)
    assert response.status == 401
    assert (await response.json())["error"]["code"] == "AUTH_TOKEN_INVALID"


async def test_the_body_takes_refresh_tokens_only_and_nothing_is_missing(
    client: TestClient, make_user: Any, headers: Any
) -> None:
    access = headers(make_user())["Authorization"].removeprefix("Bearer ")
    response = await client.post("/api/auth/refresh", json={"refresh_token": access})
    assert response.status == 401
    assert (await response.json())["error"]["code"] == "AUTH_TOKEN_INVALID"
    response = await client.post("/api/auth/refresh")
    assert (await response.json())["error"]["code"] == "AUTH_TOKEN_MISSING"
    response = await client.post("/api/auth/logout", headers=headers(make_user()))
    assert response.status == 401  # logout still takes the login's refresh token


async def test_viewer_cannot_write(client: TestClient, make_user: Any, headers: Any) -> None:
    response = await client.post(
        "/api/projects/", json={"name": "nope"}, headers=headers(make_user("viewer"))
    )
    assert response.status == 403
    assert (await response.json())["error"]["code"] == "AUTH_INSUFFICIENT_PERMISSIONS"
