"""RATE_LIMIT_STORAGE=redis://…: two `python -m web` processes count one caller together (the
Redis at 127.0.0.1:6379); a Redis that does not answer limits nothing and stops nothing."""

from __future__ import annotations

import logging
import random
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import aiohttp
import pytest
from peewee import Database
from pytest_aiohttp import AiohttpClient

from config import load_settings
from tests.support.deployment import free_port, start_process
from tests.support.fixtures.runtime import STARTUP_SECONDS
from tests.support.waiting import eventually
from web.app import create_app

REDIS = "redis://127.0.0.1:6379/0"
StartWeb = Callable[..., str]


@pytest.fixture
def start_web(env: dict[str, str], db: Database, tmp_path: Path) -> Iterator[StartWeb]:
    """Factory: `python -m web` on a port of its own with env and the settings given; its URL.
    Every one started is stopped at teardown."""
    started: list[subprocess.Popen[bytes]] = []

    def start(**overrides: str) -> str:
        port = str(free_port())
        log = tmp_path / f"web-{len(started)}.log"
        settings = {k: v for k, v in env.items() if not k.startswith("RATE_LIMIT")}
        started.append(start_process("web", {**settings, **overrides, "PORT": port}, log))
        return f"http://127.0.0.1:{port}"

    yield start
    for process in started:
        process.terminate()
        try:
            process.wait(STARTUP_SECONDS)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


async def serving(http: aiohttp.ClientSession, url: str) -> None:
    async def up() -> bool:
        try:
            async with http.get(f"{url}/api/health/", headers={"X-Forwarded-For": "192.0.2.99"}):
                return True
        except aiohttp.ClientConnectionError:
            return False

    await eventually(up, STARTUP_SECONDS)


@pytest.mark.slow
@pytest.mark.parametrize("strategy", ["fixed-window", "moving-window"])
async def test_two_web_processes_share_one_callers_count_in_redis(
    start_web: StartWeb, strategy: str
) -> None:
    shared = {
        "RATE_LIMIT_STORAGE": REDIS,
        "RATE_LIMIT_STRATEGY": strategy,
        "RATE_LIMIT_ANONYMOUS": "5/minute",
        "TRUSTED_PROXIES": "127.0.0.1",  # so that each run is a caller of its own in Redis
    }
    first, second = start_web(**shared), start_web(**shared)
    caller = {"X-Forwarded-For": f"198.18.{random.randrange(256)}.{random.randrange(1, 255)}"}
    async with aiohttp.ClientSession() as http:
        await serving(http, first)
        await serving(http, second)
        seen = []
        for url in (first, first, first, second, second, first, second):
            async with http.get(f"{url}/api/health/", headers=caller) as response:
                seen.append((response.status, response.headers.get("X-RateLimit-Remaining")))
    assert seen == [
        (200, "4"),
        (200, "3"),
        (200, "2"),
        (200, "1"),
        (200, "0"),
        (429, "0"),
        (429, "0"),
    ]


async def test_an_unreachable_redis_limits_nothing_and_says_so(
    aiohttp_client: AiohttpClient,
    env: dict[str, str],
    db: Database,
    caplog: pytest.LogCaptureFixture,
) -> None:
    nowhere = f"redis://127.0.0.1:{free_port()}/0"
    settings = load_settings(
        {**env, "RATE_LIMIT_STORAGE": nowhere, "RATE_LIMIT_ANONYMOUS": "1/hour"}
    )
    client = await aiohttp_client(create_app(settings))
    with caplog.at_level(logging.WARNING, logger="web.ratelimits.limiter"):
        for _ in range(3):
            async with client.get("/api/health/") as response:
                assert response.status == 200
                assert "X-RateLimit-Limit" not in response.headers
    warnings = [r for r in caplog.records if "rate-limit storage unavailable" in r.getMessage()]
    assert len(warnings) == 1  # once, not once per request
