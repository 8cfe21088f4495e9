"""No token or password reaches a log line: `python -m web` and the runtime serve real requests
(logins with passwords, a token refresh, a WebSocket with ?token=), then their logs are grepped."""

from __future__ import annotations

import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import aiohttp
import pytest

from tests.support.deployment import start_process
from tests.support.fixtures.accounts import PASSWORD, MakeUser
from tests.support.fixtures.runtime import STARTUP_SECONDS, Runtime
from tests.support.waiting import eventually


@pytest.fixture
def web_process(env: dict[str, str], runtime: Runtime, tmp_path: Path) -> Iterator[Path]:
    """`python -m web` on env's PORT with a chosen admin password; its log file."""
    env["ADMIN_PASSWORD"] = f"admin-{uuid.uuid4().hex}"
    log = tmp_path / "web.log"
    process = start_process("web", env, log)
    yield log
    process.terminate()
    try:
        process.wait(STARTUP_SECONDS)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


async def test_tokens_and_passwords_stay_out_of_the_logs(
    env: dict[str, str], runtime: Runtime, web_process: Path, make_user: MakeUser
) -> None:
    async with aiohttp.ClientSession(f"http://127.0.0.1:{env['PORT']}") as http:

        async def serving() -> bool:
            try:
                async with http.get("/api/health/") as response:
                    return response.status == 200
            except aiohttp.ClientConnectionError:
                return False

        await eventually(serving, STARTUP_SECONDS)  # the admin exists by now; then a user
        user = make_user()
        admin = {"username": "admin", "password": env["ADMIN_PASSWORD"]}
        async with http.post("/api/auth/login", json=admin) as response:
            assert response.status == 200, await response.text()
        login = {"username": user.username, "password": PASSWORD}
        async with http.post("/api/auth/login", json=login) as response:
            tokens = (await response.json())["data"]
        access, refresh = tokens["access_token"], tokens["refresh_token"]
        async with http.post("/api/auth/refresh", json={"refresh_token": refresh}) as response:
            assert response.status == 200, await response.text()
        auth = {"Authorization": f"Bearer {access}"}
        async with http.post("/api/projects/", json={"name": "logs"}, headers=auth) as response:
            project_id = (await response.json())["data"]["id"]
        body = {"project_id": project_id, "settings": {}}
        async with http.post("/api/sessions/", json=body, headers=auth) as response:
            session_id = (await response.json())["data"]["session_id"]
        async with http.ws_connect(f"/ws/{session_id}", params={"token": access}) as socket:
            assert (await socket.receive_json())["type"] == "authenticated"

    async def socket_logged() -> str | None:  # logged once the server's handler has returned
        text = web_process.read_text(errors="replace")
        return text if f"/ws/{session_id}" in text else None

    web_log = await eventually(socket_logged, STARTUP_SECONDS)
    assert f"/ws/{session_id}?token=REDACTED" in web_log
    runtime_log = runtime.log.read_text(errors="replace")
    for secret in (access, refresh, PASSWORD, env["ADMIN_PASSWORD"]):
        assert secret not in web_log
        assert secret not in runtime_log
