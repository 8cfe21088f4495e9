"""Reconnect without loss: replay from storage with `since`, then live, no gap, no duplicate."""

from __future__ import annotations

from typing import Any

from aiohttp.test_utils import TestClient

from tests.support.fixtures.app import ApiOn
from tests.support.waiting import eventually
from tests.support.ws_client import Socket, authenticated, open_session, token_of, watch

LINES = 40


def output_seqs(messages: list[dict[str, Any]]) -> list[int]:
    return [m["seq"] for m in messages if m["type"] == "command_output"]


async def test_reconnect_with_since_across_a_task_that_kept_printing(
    live_client: TestClient, api_on: ApiOn
) -> None:
    api = api_on(live_client)
    project = (await api.project())["id"]
    task = (await api.task(project, f"printer [lines={LINES}] [interval=0.05]"))["id"]
    session_id = await open_session(api, project)
    token = token_of(live_client, api.user)

    first = await authenticated(live_client, session_id, token)
    await first.request("subscribe", "subscribed", channel="project_updates", project_id=project)
    queued = await first.request("execute_task", "task_queued", task_id=task)
    execution = queued["data"]["execution_id"]
    ack = await first.request(
        "subscribe", "subscribed", channel="command_output", command_id=execution, since=-1
    )
    assert ack["data"]["stream"] == f"output:{execution}"
    before = await first.until(lambda m: m["type"] == "command_output" and m["seq"] >= 3)
    seen_output = output_seqs(first.seen)
    seen_events = [m["seq"] for m in first.seen if m["type"] in ("task_update", "task_completed")]
    await first.close()  # the CLI keeps printing while nobody watches

    async def printed_more() -> bool:
        stored = await api.get(f"/api/tasks/{task}/executions/{execution}/output")
        return len(stored["output"]) > seen_output[-1] + 3

    await eventually(printed_more, 20.0, 0.02)

    second = await authenticated(live_client, session_id, token)
    await second.subscribe("command_output", command_id=execution, since=seen_output[-1])
    await second.subscribe("project_updates", project_id=project, since=seen_events[-1])
    await second.until(lambda m: m["type"] == "task_completed")
    stored = await api.get(f"/api/tasks/{task}/executions/{execution}/output", limit=10_000)
    last_seq = stored["output"][-1]["seq"]
    if not output_seqs(second.seen) or output_seqs(second.seen)[-1] < last_seq:
        await second.until(lambda m: m["type"] == "command_output" and m["seq"] == last_seq)

    # every chunk exactly once, in order, with the stored content
    assert seen_output + output_seqs(second.seen) == list(range(last_seq + 1))
    received = {
        m["seq"]: m["data"]
        for s in (first, second)
        for m in s.seen
        if m["type"] == "command_output"
    }
    for chunk in stored["output"]:
        assert received[chunk["seq"]]["content"] == chunk["content"]
        assert received[chunk["seq"]]["task_id"] == task
    assert before and any(m.get("replayed") for m in second.seen)
    # and every task event of the project's stream exactly once
    events = seen_events + [
        m["seq"] for m in second.seen if m["type"] in ("task_update", "task_completed")
    ]
    assert events == list(range(1, len(events) + 1))
    assert second.seen[-1]["type"] != "error"
    await second.close()


async def test_a_late_subscriber_replays_a_project_stream_and_one_task_of_it(
    live_client: TestClient, api_on: ApiOn
) -> None:
    api = api_on(live_client)
    project = (await api.project())["id"]
    tasks = [(await api.task(project, f"t{i} [todos=2]"))["id"] for i in range(2)]
    for task in tasks:
        await api.post(f"/api/tasks/{task}/execute", {})
        await api.wait(task)
    socket: Socket = await watch(api, project)
    await socket.request(
        "subscribe", "subscribed", channel="project_updates", project_id=project, since=0
    )
    replay = await socket.until(
        lambda m: m["type"] == "task_completed" and m["data"]["task_id"] == tasks[1]
    )
    events = [m for m in replay if "seq" in m]
    assert [m["seq"] for m in events] == list(range(1, len(events) + 1))
    assert [m["data"]["status"] for m in events if m["type"] == "task_completed"] == [
        "completed"
    ] * 2
    task_id = events[-1]["data"]["task_id"]
    await socket.request(
        "subscribe", "subscribed", channel="task_updates", task_id=task_id, since=0
    )
    own = await socket.until(lambda m: m["type"] == "task_completed")
    assert {m["data"]["task_id"] for m in own if "seq" in m} == {task_id}
    await socket.close()
