"""An execution's transcript: the CLI's stream as structured messages over REST (paged by
after_seq) and live over the WebSocket, unknown events kept verbatim."""

from __future__ import annotations

from typing import Any

from actors.runs.transcript import messages
from storage.runs.transcript import MessageKind
from tests.support.api import Api
from tests.support.fixtures.app import ApiOn, LiveApp
from tests.support.ws_client import watch

EXPECTED_KINDS = [
    "event",  # the fake's own fake_invocation line: an event type nobody knows, kept verbatim
    "system_init",
    "tool_use",  # TodoWrite
    "thinking",
    "tool_use",  # Bash
    "tool_result",
    "tool_use",  # Write
    "tool_result",
    "text",
    "result",
]


async def transcript(api: Api, task_id: str, execution_id: str, **params: Any) -> list[Any]:
    path = f"/api/tasks/{task_id}/executions/{execution_id}/transcript"
    return list((await api.get(path, **params))["messages"])


async def test_the_transcript_holds_every_message_of_the_stream_in_order(
    live_client: Any, api_on: ApiOn
) -> None:
    api = api_on(live_client)
    task_id = await api.task_id(await api.project_id(), "Note it [turns=1] [write=notes.txt]")
    await api.execute(task_id)
    task = await api.wait(task_id)
    execution_id = task["latest_execution"]["id"]
    shown = await transcript(api, task_id, execution_id)
    assert [m["kind"] for m in shown] == EXPECTED_KINDS
    assert [m["seq"] for m in shown] == list(range(len(shown)))
    assert all(m["timestamp"].endswith("Z") for m in shown)
    by_kind = {m["kind"]: m["data"] for m in reversed(shown)}  # the first of each kind
    assert by_kind["event"]["event"]["type"] == "fake_invocation"
    init = by_kind["system_init"]
    assert init["session_id"] == task["latest_execution"]["cli_session_id"]
    assert init["permission_mode"] == "default" and "Write" in init["tools"]
    assert by_kind["thinking"] == {"thinking": "Let me look at the task."}
    bash, write = [m["data"] for m in shown if m["kind"] == "tool_use"][1:]
    assert bash["name"] == "Bash" and bash["input"] == {"command": "echo turn 0"}
    assert write["name"] == "Write" and write["input"]["file_path"].endswith("notes.txt")
    result = [m["data"] for m in shown if m["kind"] == "tool_result"][0]
    assert result == {"tool_use_id": bash["id"], "content": "turn 0", "is_error": False}
    assert by_kind["text"]["text"].startswith("Working on: Note it")
    final = by_kind["result"]
    assert final["subtype"] == "success" and final["num_turns"] == 3
    assert final["total_cost_usd"] == task["latest_execution"]["cost_usd"]
    rest = await transcript(api, task_id, execution_id, after_seq=7, limit=1)
    assert [m["seq"] for m in rest] == [8]


async def test_websocket_subscribers_get_the_same_messages_live(
    live_client: Any, api_on: ApiOn
) -> None:
    api = api_on(live_client)
    project = await api.project_id()
    task_id = await api.task_id(project, "Live [turns=1]")
    socket = await watch(api, project)
    await socket.request("execute_task", "task_queued", task_id=task_id)
    await socket.until(
        lambda m: m["type"] == "transcript_message" and m["data"]["kind"] == "result"
    )
    live = [m for m in socket.seen if m["type"] == "transcript_message"]
    await socket.close()
    execution_id = live[0]["data"]["execution_id"]
    await api.wait(task_id)
    stored = await transcript(api, task_id, execution_id)
    assert [(m["data"]["seq"], m["data"]["kind"], m["data"]["data"]) for m in live] == [
        (m["seq"], m["kind"], m["data"]) for m in stored
    ]
    assert {m["data"]["task_id"] for m in live} == {task_id}


async def test_a_transcript_past_the_output_limit_ends_with_a_marker(
    live_app: LiveApp, api_on: ApiOn
) -> None:
    client = await live_app(MAX_OUTPUT_BYTES="3000")
    api = api_on(client)
    task_id = await api.task_id(await api.project_id(), "Many [todos=20]")
    await api.execute(task_id)
    task = await api.wait(task_id)
    assert task["status"] == "completed"
    shown = await transcript(api, task_id, task["latest_execution"]["id"])
    assert shown[-1]["kind"] == "truncated" and len(shown) < 25
    assert [m["seq"] for m in shown] == list(range(len(shown)))


def test_unknown_blocks_and_user_text_are_kept() -> None:
    user = {"type": "user", "message": {"role": "user", "content": "carry on"}}
    assert [(m.kind, m.data) for m in messages(user)] == [
        (MessageKind.USER_TEXT, {"text": "carry on"})
    ]
    image = {"type": "image", "source": {"data": "..."}}
    mixed = {"type": "assistant", "message": {"content": [image, {"type": "text", "text": "hi"}]}}
    assert [(m.kind, m.data) for m in messages(mixed)] == [
        (MessageKind.EVENT, {"event": image}),
        (MessageKind.TEXT, {"text": "hi"}),
    ]
    other = {"type": "system", "subtype": "compact_boundary", "x": 1}
    assert [(m.kind, m.data) for m in messages(other)] == [(MessageKind.EVENT, {"event": other})]
