"""WebSocket sessions end to end: real server, real actor system, real aiohttp clients."""

from __future__ import annotations

from typing import Any

from aiohttp.test_utils import TestClient

from tests.fixtures_api import Api
from tests.ws_client import authenticated, session
from web.keys import settings_key
from web.tokens import issue_access


def token_of(client: TestClient, user: Any) -> str:
    return issue_access(client.app[settings_key], user)


async def test_ping_pong_and_a_task_seen_from_queued_to_completed(
    live_client: TestClient, make_user: Any, headers: Any
) -> None:
    user = make_user()
    api = Api(live_client, user, headers(user))
    project = (await api.project())["id"]
    task = (await api.task(project, "watched [lines=3]"))["id"]
    socket = await authenticated(
        live_client, await session(live_client, api.auth, project), token_of(live_client, user)
    )

    pong = await socket.request("ping", "pong", timestamp=1690725600000)
    assert pong["timestamp"] == 1690725600000

    ack = await socket.request(
        "subscribe", "subscribed", channel="project_updates", project_id=project
    )
    assert ack["data"]["stream"] == f"project:{project}"
    queued = await socket.request("execute_task", "task_queued", task_id=task, priority="high")
    assert queued["data"]["status"] == "queued"
    got = await socket.until(lambda m: m["type"] == "task_completed")
    updates = [m for m in got if m["type"] == "task_update"]
    assert [u["data"]["status"] for u in updates][:2] == ["queued", "running"]
    seqs = [m["seq"] for m in got if m["type"] in ("task_update", "task_completed")]
    assert seqs == list(range(1, len(seqs) + 1))
    completed = got[-1]["data"]
    assert completed["status"] == "completed" and completed["exit_code"] == 0
    assert completed["duration"].count(":") == 2
    await socket.close()
