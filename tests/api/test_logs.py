"""No token or password reaches a log line: `python -m web` and the runtime serve real requests
(logins with passwords, a token refresh, a WebSocket with ?token=), then their logs are grepped;
the web process's lines are JSON objects with the request's fields, the runtime's name the
execution they are about."""

from __future__ import annotations

import json

import aiohttp

from tests.support.fixtures.accounts import PASSWORD, MakeUser
from tests.support.fixtures.runtime import STARTUP_SECONDS, Runtime
from tests.support.fixtures.web import WebProcess
from tests.support.waiting import eventually


async def test_tokens_and_passwords_stay_out_of_the_logs(
    runtime: Runtime, web_process: WebProcess, make_user: MakeUser
) -> None:
    await web_process.serving()
    async with aiohttp.ClientSession(web_process.base_url) as http:
        user = make_user()
        admin = {"username": "admin", "password": web_process.admin_password}
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
            created = await response.json()
            project_id = created["data"]["id"]
        task = {"title": "logged", "project_id": project_id}
        async with http.post("/api/tasks/", json=task, headers=auth) as response:
            task_id = (await response.json())["data"]["id"]
        async with http.post(f"/api/tasks/{task_id}/execute", json={}, headers=auth) as response:
            execution_id = (await response.json())["data"]["execution_id"]
        body = {"project_id": project_id, "settings": {}}
        async with http.post("/api/sessions/", json=body, headers=auth) as response:
            session_id = (await response.json())["data"]["session_id"]
        async with http.ws_connect(f"/ws/{session_id}", params={"token": access}) as socket:
            assert (await socket.receive_json())["type"] == "authenticated"

    async def socket_logged() -> str | None:  # logged once the server's handler has returned
        text = web_process.log.read_text(errors="replace")
        return text if f"/ws/{session_id}" in text else None

    web_log = await eventually(socket_logged, STARTUP_SECONDS)
    assert f"/ws/{session_id}?token=REDACTED" in web_log
    lines = [json.loads(line) for line in web_log.splitlines()]  # every line is one JSON object
    (creation,) = [line for line in lines if line.get("route") == "/api/projects/"]
    assert creation["request_id"] == created["meta"]["request_id"]
    assert creation["user_id"] == user.id
    assert (creation["method"], creation["status"]) == ("POST", 201)
    assert creation["duration_ms"] >= 0 and creation["logger"] == "aiohttp.access"
    health = [line for line in lines if line.get("path") == "/api/health/"]
    assert health and health[0]["user_id"] is None

    async def run_logged() -> list[dict[str, object]] | None:  # the runtime's lines, once ended
        found = [json.loads(line) for line in runtime.log.read_text().splitlines()]
        run = [line for line in found if line.get("execution_id") == execution_id]
        return run if any(line["message"].startswith("run exited") for line in run) else None

    run_lines = await eventually(run_logged, STARTUP_SECONDS)
    assert run_lines[0]["message"].startswith("run started")
    assert {line["task_id"] for line in run_lines} == {task_id}
    assert run_lines[-1]["exit_code"] == 0
    runtime_log = runtime.log.read_text(errors="replace")
    for secret in (access, refresh, PASSWORD, web_process.admin_password):
        assert secret not in web_log
        assert secret not in runtime_log
