"""Limits and lifetimes: 50 sockets per user, dead peers, token expiry, slow clients."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import textwrap
import time
import urllib.parse
from pathlib import Path
from typing import Any

import psutil
from aiohttp.test_utils import TestClient

from actors.messages import Ping
from storage.live.protocol import CloseCode
from tests.support.fixtures.app import ApiOn
from tests.support.processes import alive
from tests.support.waiting import eventually
from tests.support.ws_client import authenticated, connect, open_session, token_of, watch
from web.keys import bridge_key, settings_key, sockets_key
from web.ws.fanout import Connection


async def sessions_in_actor_system(client: TestClient) -> int:
    pong = await client.app[bridge_key].ask(lambda cid, to: Ping(cid, to), 5)
    return sum(1 for name in pong.processes if name.startswith("session:"))


async def test_the_51st_socket_of_a_user_is_refused(live_client: TestClient, api_on: ApiOn) -> None:
    api = api_on(live_client)
    session_id = await open_session(api)
    token = token_of(live_client, api.user)
    sockets = await asyncio.gather(
        *(authenticated(live_client, session_id, token) for _ in range(50))
    )
    extra = await connect(live_client, session_id, params={"token": token})
    refused = await extra.receive()
    assert refused["data"]["code"] == "RATE_LIMIT_EXCEEDED"  # API.md, Rate Limiting
    assert refused["data"]["details"] == {"limit": 50, "window": None, "reset_at": None}
    assert await extra.closed() == 4429
    assert await sessions_in_actor_system(live_client) == 50
    await sockets[0].close()
    again = await authenticated(live_client, session_id, token)  # a freed place is reusable
    await asyncio.gather(*(s.close() for s in [*sockets[1:], again]))

    async def all_gone() -> bool:
        return await sessions_in_actor_system(live_client) == 0

    await eventually(all_gone, 20.0)


CLIENT = textwrap.dedent(
    """
    import asyncio, json, sys, aiohttp
    async def main(url, token):
        async with aiohttp.ClientSession() as http:
            async with http.ws_connect(url, autoping=False) as ws:
                await ws.send_str(json.dumps({"type": "authenticate", "token": token}))
                print((await ws.receive()).data, flush=True)
                await asyncio.sleep(3600)
    asyncio.run(main(sys.argv[1], sys.argv[2]))
    """
)


async def test_a_dead_client_is_found_by_heartbeat_and_its_session_actor_stops(
    live_app: Any, api_on: ApiOn
) -> None:
    client = await live_app(WS_HEARTBEAT="0.5")
    api = api_on(client)
    session_id = await open_session(api)
    url = f"ws://{client.host}:{client.port}/ws/{session_id}"
    peer = subprocess.Popen(
        [sys.executable, "-c", CLIENT, url, token_of(client, api.user)], stdout=subprocess.PIPE
    )
    try:
        line = await asyncio.to_thread(peer.stdout.readline)  # type: ignore[union-attr]
        assert b'"authenticated"' in line
        (connection,) = client.app[sockets_key].connections.values()
        assert alive(connection.actor_pid) and await sessions_in_actor_system(client) == 1
        os.kill(peer.pid, signal.SIGSTOP)  # alive to TCP, silent to pings

        async def cleaned_up() -> bool:
            return (
                not client.app[sockets_key].connections
                and not alive(connection.actor_pid)
                and await sessions_in_actor_system(client) == 0
            )

        await eventually(cleaned_up, 20.0)
        history = await api.get(f"/api/sessions/{session_id}/history")
        assert [e["action"] for e in history["history"]] == ["created", "connected", "disconnected"]
    finally:
        peer.kill()
        peer.wait()
        peer.stdout.close()  # type: ignore[union-attr]


async def test_the_socket_closes_when_its_token_expires(live_app: Any, api_on: ApiOn) -> None:
    client = await live_app(ACCESS_TOKEN_TTL=2)
    api = api_on(client)
    socket = await watch(api)
    started = time.monotonic()
    assert await socket.closed() == 4401
    assert socket.seen[-1]["data"]["code"] == "AUTH_TOKEN_INVALID"
    assert 0.5 < time.monotonic() - started < 5


class _Stuck:
    """A socket whose peer never reads: every send waits forever."""

    def __init__(self) -> None:
        self.sent: list[str] = []
        self.closed_with: int | None = None

    async def send_str(self, text: str) -> None:
        self.sent.append(text)
        await asyncio.Event().wait()

    async def close(self, code: int, message: bytes) -> None:
        self.closed_with = code


async def test_a_slow_client_is_told_and_disconnected_without_growing_memory() -> None:
    stuck = _Stuck()
    connection = Connection(stuck, limit=10)  # type: ignore[arg-type]
    accepted = [connection.send(f"event {i}") for i in range(1000)]
    assert accepted[:10] == [True] * 10 and not any(accepted[11:])
    assert connection.queue.qsize() <= 10
    await asyncio.wait_for(connection.closed.wait(), 10)
    assert stuck.closed_with == CloseCode.TRY_AGAIN_LATER
    await connection.stop()


def _database_handles(pid: int, database_url: str) -> set[tuple[str, str]]:
    """(fd, target) of what process pid holds of the database: the SQLite file (or its WAL)
    open, or a TCP socket to the PostgreSQL server's port."""
    fds = {fd.name: os.readlink(fd) for fd in Path(f"/proc/{pid}/fd").iterdir()}
    if database_url.startswith("sqlite:///"):
        path = database_url[len("sqlite:///") :]
        return {(fd, target) for fd, target in fds.items() if target.startswith(path)}
    port = urllib.parse.urlsplit(database_url).port or 5432
    to_server = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            if int(fields[2].rsplit(":", 1)[1], 16) == port:
                to_server.add(f"socket:[{fields[9]}]")
    return {(fd, target) for fd, target in fds.items() if target in to_server}


def _own_database_handles(pid: int, database_url: str) -> set[tuple[str, str]]:
    """Those not inherited from its parent (storage.database sets an inherited connection
    aside, open but never used)."""
    parent = psutil.Process(pid).ppid()
    return _database_handles(pid, database_url) - _database_handles(parent, database_url)


async def test_quiet_sockets_hold_no_database_connection(
    live_client: TestClient, api_on: ApiOn
) -> None:
    """A SessionActor opens a connection per message and closes it after: a thousand sockets
    on PostgreSQL are not a thousand server connections (nor, on SQLite, page caches)."""
    api = api_on(live_client)
    project_id = await api.project_id()
    session_id = await open_session(api, project_id)
    token = token_of(live_client, api.user)
    sockets = await asyncio.gather(
        *(authenticated(live_client, session_id, token) for _ in range(12))
    )
    for socket in sockets:
        acked = await socket.subscribe("project_updates", project_id=project_id)
        assert acked["type"] == "subscribed"
    pids = [c.actor_pid for c in live_client.app[sockets_key].connections.values()]
    assert len(pids) == 12 and all(pids)
    database_url = live_client.app[settings_key].database_url

    async def all_closed() -> bool:
        return not any(_own_database_handles(pid, database_url) for pid in pids)

    await eventually(all_closed, 20.0)
    assert (await sockets[0].request("ping", "pong", timestamp=1))["type"] == "pong"
    await asyncio.gather(*(s.close() for s in sockets))


async def test_a_dead_session_store_is_replaced_and_its_sessions_use_the_new_one(
    live_client: TestClient, api_on: ApiOn
) -> None:
    api = api_on(live_client)
    project_id = await api.project_id()
    socket = await watch(api, project_id)
    acked = await socket.subscribe("project_updates", project_id=project_id)
    assert acked["type"] == "subscribed"
    (connection,) = live_client.app[sockets_key].connections.values()
    host = psutil.Process(connection.actor_pid).parent()
    assert host is not None
    (store,) = [child for child in host.children() if child.pid != connection.actor_pid]
    store.kill()

    async def replaced() -> bool:
        return any(child.pid not in (store.pid, connection.actor_pid) for child in host.children())

    await eventually(replaced, 20.0)
    again = await socket.subscribe("notifications")
    assert again["type"] == "subscribed", again
    await socket.close()
