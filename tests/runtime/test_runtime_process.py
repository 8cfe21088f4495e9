"""The actors process: starts, answers health checks, stops cleanly, replaces a stale admin."""

from __future__ import annotations

import asyncio
import signal
from typing import Any

from aiohttp.test_utils import TestClient

from actors.launcher import admin_listening
from storage.models import Execution
from tests.runtime.test_slice import create_task
from tests.support.fixtures.runtime import Runtime
from tests.support.processes import living_descendants
from tests.support.waiting import wait_for


async def test_detailed_health_is_503_without_the_actor_system(client: TestClient) -> None:
    response = await client.get("/api/health/detailed")
    body = await response.json()
    assert response.status == 503
    assert body["data"]["status"] == "unhealthy"
    assert body["data"]["checks"]["actor_system"]["status"] == "unhealthy"
    assert body["data"]["checks"]["database"]["status"] == "healthy"


async def test_detailed_health_with_the_actor_system(live_client: TestClient) -> None:
    response = await live_client.get("/api/health/detailed")
    body = await response.json()
    assert response.status == 200, body
    actor = body["data"]["checks"]["actor_system"]
    assert actor == {"status": "healthy", "running_executions": 0, "worker_slots": 10}


def test_sigterm_stops_every_process(runtime: Runtime) -> None:
    assert living_descendants()  # launcher, admin, logger, supervisor
    assert runtime.stop(signal.SIGTERM) == 0
    assert not admin_listening(runtime.settings.actor_admin_port)
    assert living_descendants() == []


def test_sigint_stops_every_process(runtime: Runtime) -> None:
    assert runtime.stop(signal.SIGINT) == 0
    assert living_descendants() == []


def test_repeated_signals_still_stop(runtime: Runtime) -> None:
    for _ in range(5):  # Ctrl-C and the process manager's SIGTERM arrive together
        runtime.process.send_signal(signal.SIGTERM)
        runtime.process.send_signal(signal.SIGINT)
    assert runtime.process.wait(30) == 0
    assert living_descendants() == []


def test_a_stale_admin_is_shut_down_not_reused(start_runtime: Any) -> None:
    first = start_runtime()
    first.process.send_signal(signal.SIGKILL)  # the launcher dies; its admin lives on
    first.process.wait()
    assert admin_listening(first.settings.actor_admin_port)
    second = start_runtime()
    assert b"already running on ACTOR_ADMIN_PORT" in second.log.read_bytes()
    assert second.stop() == 0
    assert living_descendants() == []


async def test_stopping_with_a_running_task_records_it(
    runtime: Runtime, live_client: TestClient, make_user: Any, headers: Any
) -> None:
    auth = headers(make_user())
    _, task_id = await create_task(live_client, auth, "Long [sleep=60]")
    response = await live_client.post(f"/api/tasks/{task_id}/execute", headers=auth)
    execution_id = (await response.json())["data"]["execution_id"]
    await asyncio.to_thread(wait_for, lambda: Execution.get_by_id(execution_id).pid is not None, 20)
    assert await asyncio.to_thread(runtime.stop) == 0
    execution = Execution.get_by_id(execution_id)
    assert execution.status == "failed"
    assert "interrupted" in execution.error_message
    assert living_descendants() == []
