"""WebSocket sessions end to end: real server, real actor system, real aiohttp clients."""

from __future__ import annotations

from typing import Any

import aiohttp
import pytest
from aiohttp.test_utils import TestClient

from tests.support.api import Api
from tests.support.fixtures.app import ApiOn
from tests.support.ws_client import connect, open_session, token_of, watch
from web.keys import sockets_key


async def test_ping_pong_and_a_task_seen_from_queued_to_completed(
    live_client: TestClient, api_on: ApiOn
) -> None:
    api = api_on(live_client)
    project = (await api.project())["id"]
    task = (await api.task(project, "watched [lines=3]"))["id"]
    socket = await watch(api, project)

    pong = await socket.request("ping", "pong", timestamp=1690725600000)
    assert pong["timestamp"] == 1690725600000

    ack = await socket.request(
        "subscribe", "subscribed", channel="project_updates", project_id=project
    )
    assert ack["data"]["stream"] == f"project:{project}"
    queued = await socket.request("execute_task", "task_queued", task_id=task, priority="high")
    assert queued["data"]["status"] == "queued"
    await socket.until(lambda m: m["type"] == "task_completed")
    got = socket.seen  # the queued update may come before the task_queued answer
    updates = [m for m in got if m["type"] == "task_update"]
    assert [u["data"]["status"] for u in updates][:2] == ["queued", "running"]
    seqs = [m["seq"] for m in got if m["type"] in ("task_update", "task_completed")]
    assert seqs == list(range(1, len(seqs) + 1))
    completed = got[-1]["data"]
    assert completed["status"] == "completed" and completed["exit_code"] == 0
    assert completed["duration"].count(":") == 2
    await socket.close()


async def test_a_socket_that_never_authenticates_gets_errors_then_4401(
    live_app: Any, api_on: ApiOn
) -> None:
    client = await live_app(WS_AUTH_TIMEOUT=1)
    api = api_on(client)
    socket = await connect(client, await open_session(api))
    await socket.send(type="subscribe", channel="performance")
    await socket.send(type="ping", timestamp=1)
    errors = [await socket.receive(), await socket.receive()]
    assert [e["data"]["code"] for e in errors] == ["AUTH_TOKEN_MISSING"] * 2
    assert await socket.closed() == 4401
    assert socket.seen[-1]["data"]["code"] == "AUTH_TOKEN_MISSING"
    assert not client.app[sockets_key].connections


async def test_a_foreign_origin_is_refused_at_the_handshake(
    live_client: TestClient, api_on: ApiOn
) -> None:
    api = api_on(live_client)
    session_id = await open_session(api)
    with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
        await connect(live_client, session_id, headers={"Origin": "http://evil.example"})
    assert refused.value.status == 403
    own = f"http://{live_client.host}:{live_client.port}"
    socket = await connect(live_client, session_id, headers={"Origin": own})
    await socket.send(type="authenticate", token=token_of(live_client, api.user))
    assert (await socket.receive())["type"] == "authenticated"
    await socket.close()


async def test_bad_tokens_and_foreign_sessions_are_closed_with_clear_codes(
    live_client: TestClient, make_user: Any, headers: Any
) -> None:
    owner, stranger = make_user(), make_user()
    api = Api(live_client, headers(owner), owner)
    session_id = await open_session(api)
    socket = await connect(live_client, session_id)
    await socket.send(type="authenticate", token="not-a-token")
    assert (await socket.receive())["data"]["code"] == "AUTH_TOKEN_INVALID"
    assert await socket.closed() == 4401
    socket = await connect(
        live_client, session_id, params={"token": token_of(live_client, stranger)}
    )
    assert (await socket.receive())["type"] == "error"
    assert await socket.closed() == 4404
    socket = await connect(live_client, session_id, params={"token": token_of(live_client, owner)})
    assert (await socket.receive())["type"] == "authenticated"  # token at the handshake
    await api.delete(f"/api/sessions/{session_id}")
    assert await socket.closed() == 4409
    socket = await connect(live_client, session_id, params={"token": token_of(live_client, owner)})
    assert (await socket.receive())["data"]["code"] == "SESSION_NOT_ACTIVE"
    assert await socket.closed() == 4409


async def test_another_users_project_and_task_are_refused_and_send_nothing(
    live_client: TestClient, make_user: Any, headers: Any
) -> None:
    me, other = make_user(), make_user()
    mine, theirs = Api(live_client, headers(me), me), Api(live_client, headers(other), other)
    project, foreign = (await mine.project())["id"], (await theirs.project())["id"]
    foreign_task = (await theirs.task(foreign, "secret [lines=2]"))["id"]
    socket = await watch(mine, project)
    refused = await socket.request(
        "subscribe", "subscribed", channel="project_updates", project_id=foreign
    )
    assert refused["type"] == "error" and refused["data"]["code"] == "PROJECT_NOT_FOUND"
    refused = await socket.request(
        "subscribe", "subscribed", channel="task_updates", task_id=foreign_task
    )
    assert refused["data"]["code"] == "TASK_NOT_FOUND"
    refused = await socket.request("execute_task", "task_queued", task_id=foreign_task)
    assert refused["data"]["code"] == "TASK_NOT_FOUND"
    await theirs.post(f"/api/tasks/{foreign_task}/execute", {})
    execution = (await theirs.get(f"/api/tasks/{foreign_task}"))["latest_execution"]["id"]
    refused = await socket.request(
        "subscribe", "subscribed", channel="command_output", command_id=execution
    )
    assert refused["data"]["code"] == "RESOURCE_NOT_FOUND"
    await theirs.wait(foreign_task)
    await socket.request("ping", "pong")
    assert {m["type"] for m in socket.seen} == {"authenticated", "error", "pong"}
    await socket.close()


async def test_metrics_performance_and_notifications(live_app: Any, api_on: ApiOn) -> None:
    client = await live_app(WS_PERFORMANCE_INTERVAL="0.2")
    api = api_on(client)
    project = (await api.project())["id"]
    socket = await watch(api, project)
    metrics = await socket.request(
        "get_metrics", "performance_data", metrics=["performance", "queue_status", "system_health"]
    )
    data = metrics["data"]
    assert 0 <= data["cpu_usage"] <= 100 and 0 < data["memory_usage"] < 100
    assert data["active_connections"] == 1 and set(data["queue_sizes"]) == {"high", "normal", "low"}
    assert data["queue_status"]["high"]["paused"] is False
    assert data["system_health"]["status"] == "healthy"
    await socket.request("subscribe", "subscribed", channel="performance")
    periodic = await socket.expect("performance_data")
    assert "request_id" not in periodic and periodic["data"]["active_connections"] == 1
    await socket.request("subscribe", "subscribed", channel="notifications")
    task = (await api.task(project, "fails [fail]"))["id"]
    await socket.request("execute_task", "task_queued", task_id=task)
    notice = await socket.expect("notification")
    assert notice["data"]["level"] == "error" and notice["data"]["task_id"] == task
    assert notice["data"]["actions"][1]["url"] == f"/api/tasks/{task}"
    unsubscribed = await socket.request("unsubscribe", "unsubscribed", channel="performance")
    assert unsubscribed["type"] == "unsubscribed"
    health = await api.get("/api/health/detailed")
    assert health["checks"]["websocket"]["active_connections"] == 1
    assert health["checks"]["websocket"]["avg_latency"] > 0
    await socket.close()
