"""A storage stall never freezes the web process: while another process holds SQLite's write
lock, health checks, reads and open sockets keep answering, and writers get a bounded wait
and a clear 503 instead of taking the threads everyone else needs (web.http.offload)."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from storage.database import BUSY
from storage.live.protocol import CloseCode
from tests.support.api import Api
from tests.support.fixtures.app import ApiOn, LiveApp
from tests.support.fixtures.database import TEST_DATABASE
from tests.support.locks import write_lock_held
from tests.support.ws_client import authenticated, connect, open_session, token_of, watch
from web.keys import settings_key

pytestmark = pytest.mark.skipif(
    TEST_DATABASE != "sqlite", reason="SQLite's database-wide write lock"
)
WRITERS = 12  # more than the database threads of the web process


async def create(api: Api, project_id: str, n: int) -> Any:
    async with api.client.post(
        "/api/tasks/", json={"title": f"w{n}", "project_id": project_id}, headers=api.auth
    ) as response:
        return response.status, (await response.json())["error"]


async def test_reads_health_and_sockets_answer_while_writers_wait_for_the_lock(
    live_app: LiveApp, api_on: ApiOn
) -> None:
    client = await live_app(DATABASE_LOCK_TIMEOUT=120)  # writers wait past the assertions
    api = api_on(client)
    project_id = await api.project_id()
    socket = await watch(api, project_id)
    database = client.app[settings_key].sqlite_path
    assert database is not None
    with write_lock_held(database) as holder:
        writers = [asyncio.create_task(create(api, project_id, n)) for n in range(WRITERS)]
        assert (await client.get("/api/health/")).status == 200
        detailed = await (await client.get("/api/health/detailed")).json()
        assert detailed["data"]["checks"]["database"]["status"] == "healthy"
        assert (await api.get("/api/tasks/", project_id=project_id))["total"] == 0
        assert (await api.get("/api/projects/"))["total"] == 1
        assert (await socket.request("ping", "pong", timestamp=7))["timestamp"] == 7
        assert not any(writer.done() for writer in writers)  # still waiting for the lock
        assert holder.poll() is None  # ... which is still held
    assert [status for status, _ in await asyncio.gather(*writers)] == [201] * WRITERS


async def test_writers_get_a_clear_503_after_a_bounded_wait(
    live_app: LiveApp, api_on: ApiOn
) -> None:
    client = await live_app(DATABASE_LOCK_TIMEOUT=0.5)
    api = api_on(client)
    project_id = await api.project_id()
    database = client.app[settings_key].sqlite_path
    assert database is not None
    with write_lock_held(database) as holder:
        answers = await asyncio.gather(*(create(api, project_id, n) for n in range(WRITERS)))
        assert {status for status, _ in answers} == {503}
        assert {(e["code"], e["message"]) for _, e in answers} == {("DATABASE_ERROR", BUSY)}
        assert holder.poll() is None
    assert (await create(api, project_id, 0))[0] == 201


async def test_a_socket_joining_while_the_lock_is_held_past_the_timeout_is_told_to_try_later(
    live_app: LiveApp, api_on: ApiOn
) -> None:
    client = await live_app(DATABASE_LOCK_TIMEOUT=0.5)
    api = api_on(client)
    assert api.user is not None
    session_id = await open_session(api)
    database = client.app[settings_key].sqlite_path
    assert database is not None
    with write_lock_held(database) as holder:
        socket = await connect(client, session_id)
        await socket.send(type="authenticate", token=token_of(client, api.user))
        error = await socket.receive()
        assert error is not None and error["type"] == "error", socket.seen
        assert (error["data"]["code"], error["data"]["message"]) == ("DATABASE_ERROR", BUSY)
        assert await socket.closed() == CloseCode.TRY_AGAIN_LATER
        assert holder.poll() is None
    await (await authenticated(client, session_id, token_of(client, api.user))).close()
