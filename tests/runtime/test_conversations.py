"""A task's executions form its conversation: `options.continue` resumes the CLI session of the
last one (`--resume`), `options.prompt` sends a follow-up instead of the task's text."""

from __future__ import annotations

from typing import Any

from tests.support.cli_runs import invocation
from tests.support.fixtures.app import ApiOn


async def test_a_follow_up_continues_the_session_of_the_last_execution(
    live_client: Any, api_on: ApiOn
) -> None:
    api = api_on(live_client)
    task_id = await api.task_id(await api.project_id(), "Write a poem", "about the sea")
    await api.execute(task_id)
    first = (await api.wait(task_id))["latest_execution"]
    await api.execute(task_id, prompt="Shorter, please", **{"continue": True})
    second = (await api.wait(task_id))["latest_execution"]
    argv, stdin = invocation(second)
    assert argv[-2:] == ["--resume", first["cli_session_id"]] and stdin == "Shorter, please"
    assert second["cli_session_id"] == first["cli_session_id"]
    assert second["prompt"] == "Shorter, please"
    assert second["resume_session_id"] == first["cli_session_id"]
    await api.execute(task_id, prompt="Start over")  # a prompt alone: a new session
    third = (await api.wait(task_id))["latest_execution"]
    assert "--resume" not in invocation(third)[0]
    assert third["cli_session_id"] != first["cli_session_id"]
    conversation = await api.get(f"/api/tasks/{task_id}/conversation")
    turns = conversation["turns"]
    assert [t["id"] for t in turns] == [first["id"], second["id"], third["id"]]
    assert [t["prompt"] for t in turns] == [None, "Shorter, please", "Start over"]
    assert invocation(first)[1] == "Write a poem\n\nabout the sea"


async def test_continuing_without_a_session_is_a_conflict(client: Any, api_on: ApiOn) -> None:
    api = api_on(client)
    task_id = await api.task_id(await api.project_id(), "Never ran")
    body = {"options": {"continue": True, "prompt": "go on"}}
    error = await api.post(f"/api/tasks/{task_id}/execute", body, 409)
    assert error["code"] == "TASK_NO_SESSION"
    await api.post(f"/api/tasks/{task_id}/execute", {"options": {"prompt": ""}}, 422)


async def test_a_retry_repeats_the_turn_it_retries(live_client: Any, api_on: ApiOn) -> None:
    api = api_on(live_client)
    task_id = await api.task_id(await api.project_id(), "Begin")
    await api.execute(task_id)
    first = (await api.wait(task_id))["latest_execution"]
    await api.execute(task_id, prompt="Now break [fail]", **{"continue": True})
    assert (await api.wait(task_id))["status"] == "failed"
    await api.post(f"/api/tasks/{task_id}/retry")
    retried = (await api.wait(task_id))["latest_execution"]
    argv, stdin = invocation(retried)
    assert stdin == "Now break [fail]" and argv[-2:] == ["--resume", first["cli_session_id"]]
