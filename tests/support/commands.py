"""Helpers shared by the command tests: a project, execute, and polling a command's state."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from storage.statuses import COMMAND_FINAL
from tests.support.api import Api, AppClient
from tests.support.waiting import eventually


async def new_project(
    client: AppClient, auth: dict[str, str], name: str = "cmds"
) -> dict[str, Any]:
    return await Api(client, auth).project(name)


async def execute(
    client: AppClient, auth: dict[str, str], expect: int = 200, **body: Any
) -> dict[str, Any]:
    """POST /api/commands/execute; returns data, or the error when expect is not 200."""
    return await Api(client, auth).fetch("POST", "/api/commands/execute", body, expect=expect)


async def status(client: AppClient, auth: dict[str, str], command_id: str) -> dict[str, Any]:
    return await Api(client, auth).fetch("GET", f"/api/commands/{command_id}/status")


async def poll(
    client: AppClient,
    auth: dict[str, str],
    command_id: str,
    until: Callable[[dict[str, Any]], bool],
    timeout: float = 30.0,
) -> dict[str, Any]:
    """The command's status once until(status) holds; fails after timeout seconds."""

    async def reached() -> dict[str, Any] | None:
        data = await status(client, auth, command_id)
        return data if until(data) else None

    return await eventually(reached, timeout)


async def wait_final(
    client: AppClient, auth: dict[str, str], command_id: str, timeout: float = 30.0
) -> dict[str, Any]:
    return await poll(client, auth, command_id, lambda d: d["status"] in COMMAND_FINAL, timeout)


def text_of(data: dict[str, Any], stream: str | None = None) -> str:
    return "".join(c["content"] for c in data["output"] if stream in (None, c["stream"]))
