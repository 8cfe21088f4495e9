"""The actor transport: a pickle that would run code, sent to the admin port and to an actor's
port, is dropped unread and counted; the runtime keeps working; every socket is on loopback."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import aiohttp
import psutil
import pytest

from actors import messages
from tests.support.api import AppClient
from tests.support.fixtures.runtime import STARTUP_SECONDS, Runtime
from tests.support.fixtures.web import WebProcess
from tests.support.forged_frames import forged_frames, send_and_wait_close
from tests.support.processes import living_descendants
from tests.support.waiting import eventually, wait_for
from web.keys import bridge_key

pytestmark = pytest.mark.slow


async def pong(client: AppClient) -> messages.Pong:
    bridge = client.app[bridge_key]
    answer = await bridge.ask(lambda cid, to: messages.Ping(cid, to), 10)
    assert isinstance(answer, messages.Pong)
    return answer


async def test_forged_frames_to_the_admin_and_an_actor_run_nothing(
    runtime: Runtime, live_client: AppClient, api_on: Any, tmp_path: Path
) -> None:
    supervisor = live_client.app[bridge_key].supervisor
    assert supervisor is not None
    ports = {
        "admin": runtime.settings.actor_admin_port,
        "supervisor": supervisor.addressDetails.sockname[1],
    }
    before = (await pong(live_client)).rejected_frames
    sent = 0
    for target, port in ports.items():
        for kind, frame in forged_frames(tmp_path / f"pwned-{target}").items():
            await asyncio.to_thread(send_and_wait_close, port, frame)
            sent += kind != "raw"  # a raw pickle is not even a frame: Thespian's parser drops it

    async def all_counted() -> int | None:
        rejected = (await pong(live_client)).rejected_frames - before
        return rejected if rejected >= sent else None

    assert sorted(p.name for p in tmp_path.glob("pwned-*")) == []  # each was read to its end
    assert await eventually(all_counted) == sent

    def logged() -> list[str]:
        lines = runtime.log.read_text().splitlines()
        return [line for line in lines if "dropped an actor transport frame" in line]

    wait_for(lambda: len(logged()) >= len(ports))
    assert len(logged()) == len(ports)  # once per peer in each process, not once per frame
    assert runtime.settings.actor_secret not in runtime.log.read_text()
    api = api_on(live_client)  # the runtime still runs executions
    task_id = await api.task_id(await api.project_id(), "After the attack")
    await api.execute(task_id)
    assert (await api.wait(task_id))["status"] == "completed"


def listening(pids: list[int]) -> list[tuple[int, str, int]]:
    """(pid, address, port) of every TCP socket these processes listen on."""
    found = []
    for pid in pids:
        try:
            connections = psutil.Process(pid).net_connections(kind="inet")
        except psutil.NoSuchProcess:
            continue
        for connection in connections:
            if connection.status == psutil.CONN_LISTEN:
                found.append((pid, connection.laddr.ip, connection.laddr.port))
    return found


async def test_every_socket_of_the_runtime_and_web_is_on_loopback(
    runtime: Runtime, web_process: WebProcess, env: dict[str, str]
) -> None:
    await web_process.serving()
    async with aiohttp.ClientSession(web_process.base_url) as http:

        async def bridge_connected() -> bool:
            async with http.get("/api/health/detailed") as response:
                return response.status == 200

        await eventually(bridge_connected, STARTUP_SECONDS)
    sockets = listening(living_descendants())
    ports = {port for _, _, port in sockets}
    assert {runtime.settings.actor_admin_port, int(env["PORT"])} <= ports
    assert len(ports) > 3  # the admin, the logger, the actors, the web and its bridge
    assert [s for s in sockets if s[1] != "127.0.0.1"] == []


async def test_the_runtime_listens_on_actor_bind_address(
    live_app: Any, api_on: Any, env: dict[str, str]
) -> None:
    client = await live_app(ACTOR_BIND_ADDRESS="127.0.0.2")
    api = api_on(client)
    task_id = await api.task_id(await api.project_id(), "Elsewhere on loopback")
    await api.execute(task_id)
    assert (await api.wait(task_id))["status"] == "completed"
    runtime_sockets = listening(living_descendants())
    assert any(port == int(env["ACTOR_ADMIN_PORT"]) for _, _, port in runtime_sockets)
    assert {address for _, address, _ in runtime_sockets} == {"127.0.0.2"}
