"""A scrape after known activity on the real server and runtime shows its values, those the
actor processes produced (executions, commands, restarts, leases, recoveries, forged frames)
included, and they outlive those processes."""

from __future__ import annotations

import asyncio
import os
import signal
from pathlib import Path
from typing import Any

import pytest

from actors.messages import Ping, Pong
from actors.processes import descendants
from config import load_settings
from storage.models import Execution
from tests.runtime.test_recovery import running_execution
from tests.support.api import Api, AppClient
from tests.support.commands import execute, new_project, wait_final
from tests.support.fixtures.accounts import Headers, MakeUser
from tests.support.fixtures.app import LiveApp
from tests.support.fixtures.runtime import StartRuntime
from tests.support.forged_frames import forged_frames, send_and_wait_close
from tests.support.metrics import Scraped, scrape
from tests.support.waiting import eventually
from tests.support.ws_client import connect, open_session, watch
from web.app import create_app
from web.keys import bridge_key

pytestmark = pytest.mark.slow
P = "claude_web_"


async def pong(client: AppClient) -> Pong:
    answer = await client.app[bridge_key].ask(lambda cid, to: Ping(cid, to), 10)
    assert isinstance(answer, Pong)
    return answer


async def ended(execution_id: str) -> Execution | None:
    execution = Execution.get_by_id(execution_id)
    return execution if execution.completed_at is not None else None


async def test_a_scrape_shows_the_figures_of_known_activity(
    live_app: LiveApp, make_user: MakeUser, headers: Headers, tmp_path: Path
) -> None:
    client = await live_app(
        MAX_CONCURRENT_TASKS=1, RATE_LIMIT_LOGIN="1/minute", WS_MAX_CONNECTIONS_PER_USER=1
    )
    user = make_user()
    api = Api(client, headers(user), user)
    before = await scrape(client)
    project = await api.project_id()

    # one slot, taken by a blocker; one execution waits in the normal queue
    blocker, waiting = (
        await api.task_id(project, "Block [sleep=60]"),
        await api.task_id(project, "Wait"),
    )
    await api.execute(blocker)
    await api.wait(blocker, ("running",))
    await api.execute(waiting)
    busy = await scrape(client)
    assert busy.value(P + "executions_running") == 1
    assert busy.value(P + "queue_size", queue="normal") == 1
    assert busy.value(P + "queue_size", queue="high") == 0
    assert busy.value(P + "worker_slots") == 1 and busy.value(P + "worker_slots_free") == 0
    assert busy.value(P + "runtime_up") == 1

    # cancelled (running), completed, failed: each counted by the process that ended it
    await api.post(f"/api/tasks/{blocker}/cancel", {"reason": "enough"})
    blocked = (await api.detail(blocker))["latest_execution"]["id"]
    await eventually(lambda: ended(blocked))  # its exit recorded: its duration observed
    assert (await api.wait(waiting))["status"] == "completed"
    failing = await api.task_id(project, "Fails [fail]")
    await api.execute(failing)
    assert (await api.wait(failing))["status"] == "failed"

    # an ad-hoc command, run by an AdhocCommandActor
    await new_project(client, api.auth, "commands")
    started = await execute(client, api.auth, command="echo hi")
    assert (await wait_final(client, api.auth, started["command_id"]))["status"] == "completed"

    # a socket: authenticate, two pings
    socket = await watch(api)
    for stamp in (1, 2):
        assert (await socket.request("ping", "pong", timestamp=stamp))["type"] == "pong"
    open_now = await scrape(client)
    assert open_now.value(P + "websocket_connections") == 1
    second = await connect(
        client, await open_session(api), headers={"Authorization": api.auth["Authorization"]}
    )
    assert await second.closed() == 4429  # one socket per user here

    # a login refused by its throttle (1/minute): the second failure meets 429
    wrong = {"username": "nobody", "password": "not the password"}
    assert (await client.post("/api/auth/login", json=wrong)).status == 401
    assert (await client.post("/api/auth/login", json=wrong)).status == 429

    # a forged frame to the admin port; a killed QueueActor, restarted by the Supervisor
    forged = forged_frames(tmp_path / "pwned")["wrong-hmac"]
    admin_port = client.app[bridge_key].admin_port
    await asyncio.to_thread(send_and_wait_close, admin_port, forged)
    old_queue = (await pong(client)).processes["queue:normal"]
    os.kill(old_queue, signal.SIGKILL)

    async def queue_restarted() -> bool:
        pid = (await pong(client)).processes.get("queue:normal")
        return pid is not None and pid != old_queue

    await eventually(queue_restarted)
    await socket.close()

    async def after() -> Scraped | None:
        scraped = await scrape(client)
        settled = (
            scraped.find(P + "http_requests_total", route="/ws/{session_id}")  # socket ended
            and scraped.value(P + "websocket_connections") == 0
            and scraped.value(P + "actor_rejected_frames_total", process="runtime") >= 1
        )
        return scraped if settled else None

    final = await eventually(after)
    executions = P + "executions_total"
    assert final.value(executions, status="completed") == 1
    assert final.value(executions, status="failed") == 1
    assert final.value(executions, status="cancelled") == 1
    duration = P + "execution_duration_seconds"
    assert final.types[duration] == "histogram"
    for status in ("completed", "failed", "cancelled"):
        assert final.value(duration + "_count", status=status) == 1
        assert final.value(duration + "_bucket", status=status, le="+Inf") == 1
        assert final.value(duration + "_sum", status=status) > 0
    assert final.value(P + "commands_total", status="completed") == 1
    assert final.value(P + "commands_total", status="failed") == 0
    assert final.value(P + "actor_restarts_total", actor="queue") == 1
    assert final.value(P + "actor_restarts_total", actor="supervisor") == 0
    assert final.value(P + "actor_rejected_frames_total", process="runtime") == 1
    assert final.value(P + "executions_running") == 0
    assert final.value(P + "queue_size", queue="normal") == 0
    assert final.value(P + "worker_slots_free") == 1

    def grew(name: str, **labels: str) -> float:
        return final.value(name, **labels) - before.value(name, **labels)

    assert grew(P + "websocket_connections_opened_total") == 1
    assert grew(P + "websocket_messages_total", direction="in") == 3  # authenticate, 2 pings
    # authenticated, 2 pongs, and the error of the socket refused for the per-user limit
    assert grew(P + "websocket_messages_total", direction="out") == 4
    assert grew(P + "rate_limited_requests_total", limit="login") == 1
    assert grew(P + "rate_limited_requests_total", limit="websocket_connections") == 1
    assert grew(P + "rate_limited_requests_total", limit="user") == 0
    requests = P + "http_requests_total"
    execute_route = "/api/tasks/{task_id}/execute"
    assert final.value(requests, route=execute_route, method="POST", status="200") == 3
    assert final.value(requests, route="/api/auth/login", method="POST", status="401") == 1
    assert final.value(requests, route="/api/auth/login", method="POST", status="429") == 1
    handshakes = final.value(requests, route="/ws/{session_id}", method="GET", status="101")
    assert handshakes == 2  # the refused one was accepted, then closed with 4429
    assert not final.find(
        P + "http_request_duration_seconds_count", route="/ws/{session_id}"
    )  # a socket's life is not a request's latency
    assert not list(tmp_path.glob("pwned*"))


async def test_the_runtime_counters_outlive_its_processes(
    start_runtime: StartRuntime,
    env: dict[str, str],
    aiohttp_client: Any,
    make_user: MakeUser,
    headers: Headers,
) -> None:
    env.update(EXECUTION_LEASE_SECONDS="2")
    runtime = start_runtime()
    client = await aiohttp_client(create_app(load_settings(env)))
    assert await client.app[bridge_key].wait_connected(30)
    api = Api(client, headers(make_user()))

    # a runner that stops renewing its lease (stopped, alive to the OS)
    _, stuck = await running_execution(api, "Hangs [sleep=60]")
    os.kill((await pong(client)).processes[f"execution:{stuck.id}"], signal.SIGSTOP)
    assert (await eventually(lambda: ended(stuck.id), timeout=20)).status == "failed"

    # the Supervisor killed: the launcher makes a new one
    old = (await pong(client)).processes["supervisor"]
    os.kill(old, signal.SIGKILL)

    async def new_supervisor() -> bool:
        try:
            found = (await pong(client)).processes.get("supervisor")
        except (TimeoutError, Exception):
            return False
        return found is not None and found != old

    await eventually(new_supervisor, timeout=60)

    # a host crash while an execution runs: every process of the runtime killed at once
    _, interrupted = await running_execution(api, "Interrupted [sleep=60]")
    for pid in [runtime.process.pid, *descendants(runtime.process.pid)]:
        os.kill(pid, signal.SIGKILL)
    await asyncio.to_thread(runtime.process.wait)
    start_runtime()
    assert (await eventually(lambda: ended(interrupted.id))).status == "failed"

    async def back() -> Scraped | None:
        scraped = await scrape(client)
        return scraped if scraped.value(P + "runtime_up") == 1 else None

    final = await eventually(back)
    assert final.value(P + "lease_expiries_total", kind="execution") == 1
    assert final.value(P + "actor_restarts_total", actor="supervisor") == 1
    assert final.value(P + "boot_recoveries_total", kind="execution") == 1
    assert final.value(P + "boot_recoveries_total", kind="command") == 0
    assert final.value(P + "executions_total", status="failed") == 2
    assert final.value(P + "execution_duration_seconds_count", status="failed") == 2
