"""A seeded live deployment for the JavaScript SDK's tests: `python -m web` beside a real runtime
(the web_process fixture), a second web process with low rate limits, users, a project, tasks
and a session; what Node needs to know about them is handed over as environment variables."""

from __future__ import annotations

import subprocess
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import aiohttp
import pytest

from tests.support.deployment import free_port, start_process
from tests.support.fixtures.accounts import PASSWORD, Headers, MakeUser
from tests.support.fixtures.runtime import STARTUP_SECONDS
from tests.support.fixtures.web import WebProcess
from tests.support.waiting import eventually

SEEDED_TASKS = 7  # more than two pages of 3: the iterator must walk three
USER_RATE_LIMIT = "3/5seconds"  # the limited web process: a burst of 4 is refused


@pytest.fixture
def env(env: dict[str, str]) -> dict[str, str]:
    """The deployment's environment, with webhooks allowed to a receiver on this host."""
    env["WEBHOOK_ALLOWED_HOSTS"] = "127.0.0.1"
    return env


@pytest.fixture
def limited_web(env: dict[str, str], web_process: WebProcess, tmp_path: Path) -> Iterator[str]:
    """A second `python -m web` of the same deployment whose users get USER_RATE_LIMIT; its URL."""
    port = str(free_port())
    limited = {**env, "PORT": port, "RATE_LIMIT_USER": USER_RATE_LIMIT}
    process = start_process("web", limited, tmp_path / "web-limited.log")
    yield f"http://127.0.0.1:{port}"
    process.terminate()
    try:
        process.wait(STARTUP_SECONDS)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


async def answering(http: aiohttp.ClientSession, url: str) -> None:
    async def up() -> bool:
        try:
            async with http.get(f"{url}/api/health/") as response:
                return response.status == 200
        except aiohttp.ClientConnectionError:
            return False

    await eventually(up, STARTUP_SECONDS)


class Seeder:
    """REST calls of one user against the live server; each returns data, checking the status."""

    def __init__(self, http: aiohttp.ClientSession, base_url: str, authorization: str) -> None:
        self.http, self.base_url, self.auth = http, base_url, {"Authorization": authorization}

    async def post(self, path: str, body: dict[str, object], expect: int = 201) -> dict[str, str]:
        url = f"{self.base_url}{path}"
        async with self.http.post(url, json=body, headers=self.auth) as response:
            envelope = await response.json()
            assert response.status == expect, envelope
            data: dict[str, str] = envelope["data"]
            return data


@pytest.fixture
async def js_env(
    web_process: WebProcess, limited_web: str, make_user: MakeUser, headers: Headers
) -> AsyncIterator[dict[str, str]]:
    """What the Node tests read (testkit/env.js): URLs, tokens and the seeded ids."""
    developer, admin, other = make_user(), make_user("admin"), make_user()
    auth = headers(developer)["Authorization"]
    async with aiohttp.ClientSession() as http:
        await web_process.serving("/api/health/detailed")  # the bridge is up too
        await answering(http, limited_web)
        seeder = Seeder(http, web_process.base_url, auth)
        project = await seeder.post("/api/projects/", {"name": "sdk-js"})
        tasks = [
            await seeder.post(
                "/api/tasks/",
                {"title": f"seeded {n}", "project_id": project["id"], "assigned_to": developer.id},
            )
            for n in range(SEEDED_TASKS)
        ]
        session = await seeder.post("/api/sessions/", {"project_id": project["id"]})
        yield {
            "API_BASE_URL": f"{web_process.base_url}/api",
            "LIMITED_BASE_URL": f"{limited_web}/api",
            "API_TOKEN": _token(auth),
            "ADMIN_TOKEN": _token(headers(admin)["Authorization"]),
            "API_USERNAME": str(developer.username),
            "API_PASSWORD": PASSWORD,
            "USER_ID": str(developer.id),
            "OTHER_USERNAME": str(other.username),
            "OTHER_USER_ID": str(other.id),
            "PROJECT_ID": project["id"],
            "SESSION_ID": session["session_id"],
            "TASK_IDS": ",".join(task["id"] for task in tasks),
            "USER_RATE_LIMIT": USER_RATE_LIMIT,
        }


def _token(authorization: str) -> str:
    return authorization.removeprefix("Bearer ")
