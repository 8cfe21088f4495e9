"""Rate limits at their real defaults (API.md, Rate Limiting): 100/min per address without a
token, 200/min per user, 500/min for premium, login throttling; headers on every response."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from aiohttp import ClientResponse
from peewee import Database
from pytest_aiohttp import AiohttpClient

from config import load_settings
from tests.support.api import AppClient
from tests.support.fixtures.accounts import PASSWORD, Headers, MakeUser
from web.app import create_app

LimitedApp = Callable[..., Awaitable[AppClient]]
HEADERS = ("X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset", "X-RateLimit-Window")


@pytest.fixture
def limited_app(aiohttp_client: AiohttpClient, env: dict[str, str], db: Database) -> LimitedApp:
    """Factory: the app with the real default limits (the suite's raised ones dropped) and
    the settings given."""

    async def start(**overrides: str) -> AppClient:
        real = {k: v for k, v in env.items() if not k.startswith("RATE_LIMIT")}
        return await aiohttp_client(create_app(load_settings({**real, **overrides})))

    return start


def figures(response: ClientResponse) -> tuple[int, int, int]:
    """Limit, remaining and window of a response's headers (all four present)."""
    assert all(name in response.headers for name in HEADERS), dict(response.headers)
    headers = response.headers
    return (
        int(headers["X-RateLimit-Limit"]),
        int(headers["X-RateLimit-Remaining"]),
        int(headers["X-RateLimit-Window"]),
    )


async def spend(client: AppClient, count: int, **request: Any) -> list[int]:
    """Statuses of count GET /api/health/ (or request's path) calls, in order."""
    path = request.pop("path", "/api/health/")
    statuses = []
    for _ in range(count):
        async with client.get(path, **request) as response:
            statuses.append(response.status)
    return statuses


async def assert_refused(response: ClientResponse, limit: int, window: int) -> None:
    assert response.status == 429
    error = (await response.json())["error"]
    assert error["code"] == "RATE_LIMIT_EXCEEDED"
    assert error["message"] == "Too many requests. Please try again later."
    assert (error["details"]["limit"], error["details"]["window"]) == (limit, window)
    reset_at = dt.datetime.fromisoformat(error["details"]["reset_at"])
    reset = int(response.headers["X-RateLimit-Reset"])
    assert reset_at.timestamp() == reset and error["details"]["reset_at"].endswith("Z")
    assert 1 <= int(response.headers["Retry-After"]) <= window
    assert reset - window - 1 <= time.time() <= reset  # reset: the window's end, rounded up
    assert figures(response) == (limit, 0, window)


async def test_anonymous_callers_get_100_a_minute_per_address(limited_app: LimitedApp) -> None:
    client = await limited_app()
    seen = []
    for _ in range(100):
        async with client.get("/api/health/") as response:
            assert response.status == 200
            seen.append(figures(response))
    assert seen[0] == (100, 99, 60) and seen[-1] == (100, 0, 60)
    assert [remaining for _, remaining, _ in seen] == list(range(99, -1, -1))
    async with client.get("/api/health/") as refused:
        await assert_refused(refused, 100, 60)
    # every path is counted, errors and unknown routes answer with the figures too
    async with client.get("/api/nowhere") as unknown:
        assert unknown.status == 429 and figures(unknown)[1] == 0


async def test_users_get_200_a_minute_each_apart_from_their_address(
    limited_app: LimitedApp, make_user: MakeUser, headers: Headers
) -> None:
    client = await limited_app()
    first, second = headers(make_user()), headers(make_user())
    assert await spend(client, 200, path="/api/system/info", headers=first) == [200] * 200
    async with client.get("/api/system/info", headers=first) as refused:
        await assert_refused(refused, 200, 60)
    async with client.get("/api/system/info", headers=second) as other:
        assert other.status == 200 and figures(other) == (200, 199, 60)
    async with client.get("/api/health/") as anonymous:  # the address's own count is untouched
        assert anonymous.status == 200 and figures(anonymous) == (100, 99, 60)
    bad_token = {"Authorization": "Bearer not-a-token"}
    async with client.get("/api/system/info", headers=bad_token) as invalid:  # counted as anonymous
        assert invalid.status == 401 and figures(invalid) == (100, 98, 60)


async def test_premium_users_get_500_a_minute(
    limited_app: LimitedApp, make_user: MakeUser, headers: Headers
) -> None:
    client = await limited_app()
    premium = headers(make_user("premium"))
    statuses = await spend(client, 500, path="/api/system/info", headers=premium)
    assert statuses == [200] * 500
    async with client.get("/api/system/info", headers=premium) as refused:
        await assert_refused(refused, 500, 60)


async def test_thirty_wrong_passwords_in_a_row_meet_429_and_lock_the_right_one_out(
    limited_app: LimitedApp, make_user: MakeUser
) -> None:
    client = await limited_app()
    user = make_user()
    statuses = []
    for _ in range(30):
        wrong = {"username": user.username, "password": "not the password"}
        async with client.post("/api/auth/login", json=wrong) as response:
            statuses.append(response.status)
            if response.status == 429:
                await assert_refused(response, 5, 60)
    assert statuses == [401] * 5 + [429] * 25
    right = {"username": user.username, "password": PASSWORD}
    async with client.post("/api/auth/login", json=right) as locked:
        assert locked.status == 429  # refused before the password is checked


async def test_login_counts_per_address_and_per_username_and_a_success_resets_the_username(
    limited_app: LimitedApp, make_user: MakeUser
) -> None:
    client = await limited_app(TRUSTED_PROXIES="127.0.0.1")
    user = make_user()

    async def login(username: str, password: str, address: str) -> int:
        body = {"username": username, "password": password}
        forwarded = {"X-Forwarded-For": address}
        async with client.post("/api/auth/login", json=body, headers=forwarded) as response:
            return response.status

    # one address trying many usernames
    assert [await login(f"nobody-{i}", "x" * 8, "198.51.100.1") for i in range(6)] == [401] * 5 + [
        429
    ]
    # one username tried from many addresses
    guesses = [await login("victim", "x" * 8, f"198.51.100.{10 + i}") for i in range(6)]
    assert guesses == [401] * 5 + [429]
    # four failures, a success, four failures: never five in a row
    for attempt in range(2):
        address = f"203.0.113.{attempt}"  # an address of its own each round: it never resets
        assert [await login(user.username, "x" * 8, address) for _ in range(4)] == [401] * 4
        assert await login(user.username, PASSWORD, "203.0.113.99") == 200


async def test_forwarded_for_is_believed_only_from_a_trusted_proxy(
    limited_app: LimitedApp,
) -> None:
    spoofing = await limited_app(RATE_LIMIT_ANONYMOUS="3/minute")
    statuses = [
        (await spoofing.get("/api/health/", headers={"X-Forwarded-For": f"192.0.2.{i}"})).status
        for i in range(4)
    ]
    assert statuses == [200, 200, 200, 429]  # one peer, whatever it claims

    proxied = await limited_app(RATE_LIMIT_ANONYMOUS="3/minute", TRUSTED_PROXIES="127.0.0.0/8")
    for client_address in ("192.0.2.1", "192.0.2.2"):
        # the client prepends a fake hop; the proxy appends the real address it saw
        chain = {"X-Forwarded-For": f"10.9.9.9, {client_address}"}
        assert await spend(proxied, 3, headers=chain) == [200] * 3
        assert await spend(proxied, 1, headers=chain) == [429]


async def test_rate_limits_off_counts_nothing_and_shows_nothing(limited_app: LimitedApp) -> None:
    client = await limited_app(RATE_LIMITS="off", RATE_LIMIT_ANONYMOUS="1/minute")
    for _ in range(3):
        async with client.get("/api/health/") as response:
            assert response.status == 200
            assert not any(name in response.headers for name in HEADERS)


async def test_limits_in_the_librarys_notation_and_their_tightest_window_shown(
    limited_app: LimitedApp,
) -> None:
    client = await limited_app(RATE_LIMIT_ANONYMOUS="10/minute;2/hour")
    async with client.get("/api/health/") as first:
        assert figures(first) == (2, 1, 3600)
    async with client.get("/api/health/") as second:
        assert figures(second) == (2, 0, 3600)
    async with client.get("/api/health/") as third:
        await assert_refused(third, 2, 3600)


async def test_a_websocket_handshake_is_counted_and_shows_the_figures(
    limited_app: LimitedApp,
) -> None:
    client = await limited_app()
    upgrade = {
        "Upgrade": "websocket",
        "Connection": "Upgrade",
        "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==",
        "Sec-WebSocket-Version": "13",
    }
    async with client.get("/ws/any-session", headers=upgrade) as handshake:
        assert handshake.status == 101
        assert figures(handshake) == (100, 99, 60)


async def test_openapi_documents_the_headers_and_the_refusal(limited_app: LimitedApp) -> None:
    spec = await (await (await limited_app()).get("/openapi.json")).json()
    assert set(spec["components"]["headers"]) == {*HEADERS, "Retry-After"}
    responses = spec["paths"]["/api/tasks/"]["get"]["responses"]
    assert set(responses["200"]["headers"]) == set(HEADERS)
    assert "Retry-After" in responses["default"]["headers"]
    assert "RATE_LIMIT_EXCEEDED" in spec["info"]["description"]
