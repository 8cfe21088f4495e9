"""GET /metrics: the exposition parses, METRICS_TOKEN guards it, HTTP figures are per route
template, and the system info says monitoring is on."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Awaitable, Callable

import pytest
from pytest_aiohttp import AiohttpClient, AiohttpServer

from config import load_settings
from tests.support.api import Api, AppClient
from tests.support.fixtures.accounts import Headers, MakeUser
from tests.support.metrics import parse, scrape
from web.app import create_app
from web.http.access_log import access_log_options

TOKEN = "metrics-" + uuid.uuid4().hex


AppWith = Callable[..., Awaitable[AppClient]]


@pytest.fixture
def app_with(
    aiohttp_client: AiohttpClient, aiohttp_server: AiohttpServer, env: dict[str, str], db: object
) -> AppWith:
    """Factory: the app with these settings, logging as `python -m web` does (no runtime: its
    figures show it down)."""

    async def start(**overrides: str) -> AppClient:
        app = create_app(load_settings({**env, **overrides}))
        return await aiohttp_client(await aiohttp_server(app, **access_log_options()))

    return start


@pytest.fixture
async def guarded(app_with: AppWith) -> AppClient:
    return await app_with(METRICS_TOKEN=TOKEN)


async def test_without_the_exact_bearer_a_guarded_scrape_is_401_in_the_envelope(
    guarded: AppClient, make_user: MakeUser, headers: Headers, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    refusals = {
        "AUTH_TOKEN_MISSING": {},
        "AUTH_TOKEN_INVALID": {"Authorization": f"Bearer {TOKEN}x"},
    }
    for code, sent in refusals.items():
        response = await guarded.get("/metrics", headers=sent)
        body = await response.json()
        assert response.status == 401, body
        assert body["data"] is None and body["error"]["code"] == code
        assert response.headers["WWW-Authenticate"] == 'Bearer realm="metrics"'
    for wrong in (f"Basic {TOKEN}", f"Bearer {TOKEN[:-1]}", TOKEN):
        response = await guarded.get("/metrics", headers={"Authorization": wrong})
        assert response.status == 401, wrong
    user_token = headers(make_user("admin"))  # an admin's access token is not the metrics token
    assert (await guarded.get("/metrics", headers=user_token)).status == 401

    scraped = await scrape(guarded, {"Authorization": f"Bearer {TOKEN}"})
    assert scraped.value("claude_web_runtime_up") == 0
    assert TOKEN not in caplog.text


async def test_an_unguarded_scrape_parses_and_counts_requests_by_route_template(
    client: AppClient, api: Api
) -> None:
    project = await api.project_id()
    for _ in range(3):
        await api.get(f"/api/projects/{project}")
    await api.get(f"/api/projects/{uuid.uuid4()}", expect=404)
    assert (await client.get("/no/such/path")).status == 404

    scraped = await scrape(client)
    route = "/api/projects/{project_id}"
    requests = "claude_web_http_requests_total"
    assert scraped.value(requests, route=route, method="GET", status="200") == 3
    assert scraped.value(requests, route=route, method="GET", status="404") == 1
    assert scraped.value(requests, route="unmatched", method="GET", status="404") == 1
    assert not [s for s in scraped.samples if project in str(s.labels)]  # never a raw path
    latency = "claude_web_http_request_duration_seconds"
    assert scraped.value(latency + "_count", route=route, method="GET") == 4
    assert scraped.value(latency + "_bucket", route=route, method="GET", le="+Inf") == 4
    assert scraped.types[latency] == "histogram"
    assert scraped.value("claude_web_runtime_up") == 0  # no runtime in this test
    assert scraped.value("claude_web_build_info", version="1.0.0") == 1

    again = await scrape(client)  # the first scrape is itself counted
    assert again.value(requests, route="/metrics", method="GET", status="200") == 1


async def test_requests_refused_by_a_rate_limit_are_counted_by_limit(
    app_with: AppWith, make_user: MakeUser, headers: Headers
) -> None:
    client = await app_with(RATE_LIMIT_USER="2/minute")
    auth = headers(make_user())
    statuses = [(await client.get("/api/projects/", headers=auth)).status for _ in range(3)]
    assert statuses == [200, 200, 429]
    scraped = await scrape(client)  # anonymous: its own limit
    assert scraped.value("claude_web_rate_limited_requests_total", limit="user") == 1
    assert scraped.value("claude_web_rate_limited_requests_total", limit="anonymous") == 0
    requests = "claude_web_http_requests_total"
    assert scraped.value(requests, route="/api/projects/", method="GET", status="429") == 1


async def test_openmetrics_is_served_to_who_asks_for_it(client: AppClient) -> None:
    response = await client.get("/metrics", headers={"Accept": "application/openmetrics-text"})
    assert response.status == 200
    assert response.headers["Content-Type"].startswith("application/openmetrics-text")
    assert (await response.text()).endswith("# EOF\n")


async def test_system_info_says_monitoring_is_enabled(api: Api) -> None:
    info = await api.get("/api/system/info")
    assert info["features"]["monitoring_enabled"] is True


def test_parse_reads_the_text_exposition() -> None:
    scraped = parse('# TYPE x counter\nx_total{a="b"} 2.0\n')
    assert scraped.value("x_total", a="b") == 2
