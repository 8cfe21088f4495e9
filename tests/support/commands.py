"""Helpers shared by the command tests: a project, execute, and polling a command's state."""

from __future__ import annotations

import asyncio
import time
from typing import Any

from aiohttp.test_utils import TestClient

FINAL = ("completed", "failed", "cancelled", "timeout")


async def new_project(
    client: TestClient, auth: dict[str, str], name: str = "cmds"
) -> dict[str, Any]:
    response = await client.post("/api/projects/", json={"name": name}, headers=auth)
    assert response.status == 201, await response.text()
    return (await response.json())["data"]


async def execute(
    client: TestClient, auth: dict[str, str], expect: int = 200, **body: Any
) -> dict[str, Any]:
    """POST /api/commands/execute; returns data, or the error when expect is not 200."""
    response = await client.post("/api/commands/execute", json=body, headers=auth)
    payload = await response.json()
    assert response.status == expect, payload
    return payload["data"] if expect == 200 else payload["error"]


async def status(client: TestClient, auth: dict[str, str], command_id: str) -> dict[str, Any]:
    response = await client.get(f"/api/commands/{command_id}/status", headers=auth)
    payload = await response.json()
    assert response.status == 200, payload
    return payload["data"]


async def poll(
    client: TestClient,
    auth: dict[str, str],
    command_id: str,
    until: Any,
    timeout: float = 30.0,
) -> dict[str, Any]:
    """The command's status once until(status) holds; fails after timeout seconds."""
    deadline = time.monotonic() + timeout
    while True:
        data = await status(client, auth, command_id)
        if until(data):
            return data
        assert time.monotonic() < deadline, data
        await asyncio.sleep(0.05)


async def wait_final(
    client: TestClient, auth: dict[str, str], command_id: str, timeout: float = 30.0
) -> dict[str, Any]:
    return await poll(client, auth, command_id, lambda d: d["status"] in FINAL, timeout)


def text_of(data: dict[str, Any], stream: str | None = None) -> str:
    return "".join(c["content"] for c in data["output"] if stream in (None, c["stream"]))


def alive(pid: int) -> bool:
    """True while pid runs (a zombie waiting to be reaped counts as gone)."""
    try:
        with open(f"/proc/{pid}/stat") as handle:
            return handle.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False
