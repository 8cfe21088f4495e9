"""An execution's `queued` reaches its watchers before anything its run publishes, once, even
when the run's `running` reaches the EventHub first: the web stores the `queued` and sends it
beside the notice that starts the run (actors/live/queued.py), and the hub sends it ahead."""

from __future__ import annotations

import asyncio
from typing import Any

from aiohttp.test_utils import TestClient

from actors.messages import Event
from storage.models import TaskEvent
from tests.support.fixtures.app import ApiOn
from tests.support.waiting import eventually
from tests.support.ws_client import Socket, watch
from web.keys import bridge_key


async def test_a_run_that_overtakes_its_queued_event_still_shows_queued_first(
    live_client: TestClient, api_on: ApiOn
) -> None:
    api = api_on(live_client)
    project = (await api.project())["id"]
    task = (await api.task(project, "overtaken"))["id"]
    by_task, by_project = await watch(api, project), await watch(api, project)
    await by_task.subscribe("task_updates", task_id=task)
    await by_project.subscribe("project_updates", project_id=project)
    bridge = live_client.app[bridge_key]
    publish = bridge.publish

    async def after_the_run(message: object) -> bool:
        """The web's `queued` goes to the hub only once the run's `running` is stored."""
        if isinstance(message, Event) and message.data.get("status") == "queued":

            async def running() -> bool:
                statuses = [row.data.get("status") for row in TaskEvent.filter(task_id=task)]
                return "running" in statuses

            await eventually(running)
        return await publish(message)

    bridge.publish = after_the_run  # type: ignore[method-assign]
    executing = asyncio.ensure_future(api.execute(task))
    for socket in (by_task, by_project):
        await socket.until(lambda m: m["type"] == "task_completed")
        assert _statuses(socket)[:2] == ["queued", "running"]
        seqs = [m["seq"] for m in socket.seen if m["type"] in ("task_update", "task_completed")]
        assert seqs == sorted(set(seqs)), seqs  # in order, each once
    await executing
    stored = [
        row.data.get("status") for row in TaskEvent.filter(task_id=task).order_by(TaskEvent.seq)
    ]
    assert stored[:2] == ["queued", "running"]
    await by_task.close()
    await by_project.close()


def _statuses(socket: Socket) -> list[Any]:
    return [m["data"]["status"] for m in socket.seen if m["type"] == "task_update"]
