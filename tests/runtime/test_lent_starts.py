"""Starts on runners lent to the web process, through the real runtime: an idle execute sends
its plan to the lent TaskActor itself, and none is used while the Supervisor would not start
the execution at once (a paused queue, no free slot)."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import pytest

from actors.messages import ExecutionQueued, Permit, StartExecution
from storage.models import OutputChunk, Project
from tests.support.api import Api
from tests.support.deployment import FAKE_CLI
from tests.support.waiting import eventually
from web.keys import bridge_key
from web.runtime.bridge import ActorBridge

STARTS = "cli-starts"  # each start of the wrapper below adds a line, in the project's folder


def told(bridge: ActorBridge, monkeypatch: pytest.MonkeyPatch) -> list[tuple[object, object]]:
    """Every (message, target) the bridge tells from now on."""
    sent: list[tuple[object, object]] = []
    tell = bridge.tell

    async def noting(message: object, to: object = None) -> bool:
        sent.append((message, to))
        return await tell(message, to)  # type: ignore[arg-type]

    monkeypatch.setattr(bridge, "tell", noting)
    return sent


async def lent(bridge: ActorBridge) -> Permit:
    async def held() -> Permit | None:
        return bridge._permit

    return await eventually(held)


def starts(sent: list[tuple[object, object]]) -> list[tuple[StartExecution, object]]:
    return [(m, to) for m, to in sent if isinstance(m, StartExecution)]


async def test_an_idle_execute_starts_on_the_runner_lent_to_the_web(
    live_app: Any, make_user: Any, headers: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = await live_app()
    bridge = client.app[bridge_key]
    api = Api(client, headers(make_user()))
    task_id = await api.task_id(await api.project_id(), "Started by the web")
    permit = await lent(bridge)
    sent = told(bridge, monkeypatch)
    execution_id = (await api.execute(task_id))["execution_id"]
    assert (await api.wait(task_id))["status"] == "completed"
    [(start, runner)] = starts(sent)
    assert runner == permit.runner and start.plan.execution_id == execution_id
    [notice] = [m for m, _ in sent if isinstance(m, ExecutionQueued)]
    assert notice.lent is not None and notice.lent.runner == permit.runner
    assert OutputChunk.select().where(OutputChunk.stream_id == execution_id).exists()
    renewed = await lent(bridge)  # the next spare
    assert renewed.runner != permit.runner


def counting_cli(folder: Path) -> Path:
    """A CLI that notes each start in its working directory, then runs the fake CLI."""
    script = folder / "counting-claude"
    python = os.path.realpath(sys.executable)  # under sys.base_prefix, which the sandbox shows
    script.write_text(f'#!/bin/sh\necho started >> {STARTS}\nexec {python} {FAKE_CLI} "$@"\n')
    script.chmod(0o755)
    return script


def starts_noted(project_id: str) -> int:
    noted = Path(Project.get_by_id(project_id).working_directory) / STARTS
    return len(noted.read_text().splitlines()) if noted.exists() else 0


async def test_a_paused_queue_starts_no_cli_though_its_web_held_a_runner(
    live_app: Any,
    make_user: Any,
    headers: Any,
    env: dict[str, str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    cli = counting_cli(tmp_path)
    client = await live_app(
        CLAUDE_CLI=str(cli), SANDBOX_READ_PATHS=f"{env['SANDBOX_READ_PATHS']},{cli}"
    )
    bridge = client.app[bridge_key]
    api = Api(client, headers(make_user("admin")))
    project = await api.project_id()
    waiting, other = await api.task_id(project, "Waits"), await api.task_id(project, "Other")
    await lent(bridge)
    pause = {"queue_name": "normal", "reason": "Maintenance"}
    await api.call("POST", "/api/queues/pause", pause, expect=200)
    sent = told(bridge, monkeypatch)
    await api.execute(waiting)
    await api.execute(other, priority="high")  # starts, and after the first was handled
    assert (await api.wait(other))["status"] == "completed"
    assert [start.plan.task_id for start, _ in starts(sent)] in ([], [other])
    assert (await api.detail(waiting))["status"] == "queued"
    assert starts_noted(project) == 1  # the other's: none of the paused one, not even killed
    await api.call("POST", "/api/queues/resume", {"queue_name": "normal"}, expect=200)
    assert (await api.wait(waiting))["status"] == "completed"
    assert starts_noted(project) == 2


async def test_no_runner_is_lent_while_every_slot_is_taken(
    live_app: Any, make_user: Any, headers: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = await live_app(MAX_CONCURRENT_TASKS=1)
    bridge = client.app[bridge_key]
    api = Api(client, headers(make_user()))
    project = await api.project_id()
    blocker, second = (
        await api.task_id(project, "Block [sleep=30]"),
        await api.task_id(project, "Next"),
    )
    await lent(bridge)
    await api.execute(blocker)
    await api.wait(blocker, ("running",))

    async def recalled() -> bool:
        return bridge._permit is None

    await eventually(recalled)
    sent = told(bridge, monkeypatch)
    await api.execute(second)
    assert starts(sent) == [] and (await api.detail(second))["status"] == "queued"
    await api.call("POST", f"/api/tasks/{blocker}/cancel", {}, expect=200)
    assert (await api.wait(second))["status"] == "completed"
