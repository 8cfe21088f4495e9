"""A socket that starts an execution follows it without subscribing (API.md's streaming
example): the task's updates from then on and the execution's output from its first line, each
once."""

from __future__ import annotations

from aiohttp.test_utils import TestClient

from tests.support.fixtures.app import ApiOn
from tests.support.ws_client import watch
from web.keys import sockets_key


async def test_execute_task_streams_the_execution_to_the_socket_that_started_it(
    live_client: TestClient, api_on: ApiOn
) -> None:
    api = api_on(live_client)
    project = (await api.project())["id"]
    task = (await api.task(project, "followed [lines=3]"))["id"]
    socket = await watch(api, project)  # no subscription at all
    queued = await socket.request("execute_task", "task_queued", task_id=task)
    execution = queued["data"]["execution_id"]
    await socket.until(lambda m: m["type"] == "task_completed")
    kinds = [m["type"] for m in socket.seen]
    assert "subscribed" not in kinds  # followed quietly
    updates = [m["data"]["status"] for m in socket.seen if m["type"] == "task_update"]
    assert updates[:2] == ["queued", "running"]
    events = [m["seq"] for m in socket.seen if m["type"] in ("task_update", "task_completed")]
    assert events == list(range(events[0], events[0] + len(events)))  # each once, none missed
    output = [m for m in socket.seen if m["type"] == "command_output"]
    assert [m["seq"] for m in output] == list(range(len(output)))  # from the first chunk
    assert {m["data"]["execution_id"] for m in output} == {execution}
    assert "".join(m["data"]["content"] for m in output).count("\n") >= 3
    assert kinds.count("task_completed") == 1
    await socket.close()


async def test_a_refused_execution_leaves_no_subscription_behind(
    live_client: TestClient, api_on: ApiOn
) -> None:
    owner, stranger = api_on(live_client), api_on(live_client)
    foreign = (await owner.task(await owner.project_id()))["id"]
    socket = await watch(stranger)
    refused = await socket.request("execute_task", "task_queued", task_id=foreign)
    assert refused["type"] == "error"
    (connection,) = live_client.app[sockets_key].connections.values()
    assert not connection.subscriptions
    await socket.close()
