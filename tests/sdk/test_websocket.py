"""The SDK's WebSocket against the live server: the document's subscription receives a task's
updates as typed messages, refusals raise the exceptions of their codes, and a socket that
drops reconnects by itself and replays what it missed, without a gap or a duplicate."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable

import pytest
from claude_cli_sdk import (
    AsyncClaudeCliClient,
    AsyncWebSocket,
    ClaudeCliClient,
    ReconnectPolicy,
    WebSocket,
    errors,
)
from claude_cli_sdk.live import ServerMessage, TaskCompleted, TaskUpdate

from tests.sdk.conftest import Seeded, Server
from tests.sdk.proxy import Proxy
from tests.support.waiting import eventually, wait_for

QUICK = ReconnectPolicy(attempts=40, backoff=0.05, max_delay=0.5)
Stop = Callable[[ServerMessage], bool]


def completed(task_id: str) -> Stop:
    return lambda message: isinstance(message, TaskCompleted) and message.data.task_id == task_id


def until(ws: WebSocket, stop: Stop, timeout: float = 60.0) -> list[ServerMessage]:
    """Every message up to and including the first that stop accepts."""
    deadline, seen = time.monotonic() + timeout, []
    while True:
        seen.append(ws.receive(timeout=max(0.1, deadline - time.monotonic())))
        if stop(seen[-1]):
            return seen


async def until_async(ws: AsyncWebSocket, stop: Stop, timeout: float = 60.0) -> list[ServerMessage]:
    deadline, seen = time.monotonic() + timeout, []
    while True:
        seen.append(await ws.receive(timeout=max(0.1, deadline - time.monotonic())))
        if stop(seen[-1]):
            return seen


def finished(client: ClaudeCliClient, task_id: str) -> bool:
    return client.tasks.get(task_id).status in ("completed", "failed")


def test_the_documents_subscription_receives_a_tasks_updates(seeded: Seeded) -> None:
    client, project = seeded.client, seeded.project
    with client.websocket.connect(seeded.session_id) as ws:
        ack = ws.subscribe("task_updates", project_id=project.id)  # as in the API document
        assert (ack.channel, ack.stream) == ("project_updates", f"project:{project.id}")
        task = client.tasks.create(title="Followed", project_id=project.id)
        client.tasks.execute(task.id, priority="high")
        messages = until(ws, completed(task.id))
        updates = [m for m in messages if isinstance(m, TaskUpdate)]
        assert updates and all(m.data.task_id == task.id for m in updates)
        assert [m.data.status for m in updates][:2] == ["queued", "running"]
        assert messages[-1].type == "task_completed" and messages[-1].data.exit_code == 0
        assert [m.seq for m in messages] == list(range(1, len(messages) + 1))
        assert ws.ping().type == "pong"
        ws.unsubscribe("task_updates", project_id=project.id)
        own = ws.subscribe("task_updates", task_id=task.id, since=0)  # one task, replayed
        assert own.channel == "task_updates"
        replayed = until(ws, completed(task.id))
        assert all(m.replayed for m in replayed) and [m.seq for m in replayed] == [
            m.seq for m in messages
        ]
        with pytest.raises(errors.ProjectNotFound):
            ws.subscribe("project_updates", project_id=str(uuid.uuid4()))
        assert ws.ping().type == "pong"  # a refusal leaves the socket open


def test_a_socket_of_no_session_is_refused(seeded: Seeded) -> None:
    socket = seeded.client.websocket.connect(str(uuid.uuid4()))
    with pytest.raises(errors.ResourceNotFound):  # the server's error, before it closes (4404)
        socket.open()
    socket.close()


def assert_replayed_without_gaps(
    before: list[ServerMessage], after: list[ServerMessage], missed: str
) -> None:
    """The stream's seqs run 1, 2, ... across the drop, and what the task that ran while the
    socket was away sent came replayed."""
    seqs = [m.seq for m in before + after]
    assert seqs == list(range(1, len(seqs) + 1)), seqs
    assert not any(m.replayed for m in before)
    away = [
        m for m in after if isinstance(m, TaskUpdate | TaskCompleted) and m.data.task_id == missed
    ]
    assert away and all(m.replayed for m in away)
    assert {m.data.status for m in away} >= {"queued", "running", "completed"}


def test_a_dropped_socket_reconnects_and_replays_what_it_missed(
    server: Server, seeded: Seeded
) -> None:
    rest, project = seeded.client, seeded.project
    port = int(server.root.rsplit(":", 1)[1])
    with Proxy(port) as proxy:
        proxied = f"ws://127.0.0.1:{proxy.port}/ws"
        client = ClaudeCliClient(server.api, rest.token, websocket_url=proxied)
        with client.websocket.connect(seeded.session_id, reconnect=QUICK) as ws:
            ws.subscribe("project_updates", project_id=project.id)
            first = rest.tasks.create(title="Before the drop", project_id=project.id)
            rest.tasks.execute(first.id)
            before = until(ws, completed(first.id))

            proxy.cut(refuse=2)  # the connection drops; the next two attempts are refused
            second = rest.tasks.create(title="While away", project_id=project.id)
            rest.tasks.execute(second.id)
            wait_for(lambda: finished(rest, second.id), 60)
            after = until(ws, completed(second.id))
        assert (proxy.refused, proxy.accepted) == (2, 2)
        client.close()
    assert_replayed_without_gaps(before, after, second.id)


async def test_the_async_socket_reconnects_and_replays_too(server: Server, seeded: Seeded) -> None:
    project = seeded.project
    port = int(server.root.rsplit(":", 1)[1])
    with Proxy(port) as proxy:
        proxied = f"ws://127.0.0.1:{proxy.port}/ws"
        async with (
            AsyncClaudeCliClient(server.api, seeded.client.token, websocket_url=proxied) as client,
            client.websocket.connect(seeded.session_id, reconnect=QUICK) as ws,
        ):
            await ws.subscribe("task_updates", project_id=project.id)
            first = await client.tasks.create(title="Before", project_id=project.id)
            await client.tasks.execute(first.id)
            before = await until_async(ws, completed(first.id))

            proxy.cut(refuse=1)
            second = await client.tasks.create(title="Away", project_id=project.id)
            await client.tasks.execute(second.id)

            async def done() -> bool:
                return (await client.tasks.get(second.id)).status == "completed"

            await eventually(done, 60)
            after = await until_async(ws, completed(second.id))
        assert (proxy.refused, proxy.accepted) == (1, 2)
    assert_replayed_without_gaps(before, after, second.id)
