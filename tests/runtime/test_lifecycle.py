"""Execution lifecycle through the real runtime: cancel, timeout, retries."""

from __future__ import annotations

from typing import Any

from storage.models import Execution, OutputChunk, TaskEvent
from tests.support.api import Api
from tests.support.processes import group_alive
from tests.support.waiting import eventually, wait_for
from web.keys import bridge_key


def cli_has_spoken(execution_id: str) -> bool:
    """The fake CLI prints its first line after setting up (signal handlers, children)."""
    return OutputChunk.select().where(OutputChunk.stream_id == execution_id).exists()


async def test_cancel_a_queued_execution(live_app: Any, make_user: Any, headers: Any) -> None:
    api = Api(await live_app(MAX_CONCURRENT_TASKS=1), headers(make_user()))
    project = await api.project_id()
    blocker, waiting = (
        await api.task_id(project, "Block [sleep=30]"),
        await api.task_id(project, "Wait"),
    )
    await api.execute(blocker)
    await api.wait(blocker, ("running",))
    await api.execute(waiting)
    cancelled = await api.call(
        "POST", f"/api/tasks/{waiting}/cancel", {"reason": "Requirements changed"}, expect=200
    )
    assert cancelled["status"] == "cancelled" and cancelled["reason"] == "Requirements changed"
    task = await api.detail(waiting)
    assert task["status"] == "cancelled"
    assert task["latest_execution"]["started_at"] is None
    assert task["latest_execution"]["cancel_reason"] == "Requirements changed"
    again = await api.call("POST", f"/api/tasks/{waiting}/cancel", {}, expect=409)
    assert again["code"] == "TASK_NOT_RUNNING"
    await api.call("POST", f"/api/tasks/{blocker}/cancel", {}, expect=200)
    await eventually(lambda: _ended(blocker))


async def _ended(task_id: str) -> bool:
    execution = Execution.select().where(Execution.task == task_id).get()
    return execution.completed_at is not None


async def test_cancel_kills_a_tree_that_ignores_sigterm(
    live_app: Any, make_user: Any, headers: Any
) -> None:
    api = Api(await live_app(CANCEL_GRACE_PERIOD=1), headers(make_user()))
    task_id = await api.task_id(await api.project_id(), "Stubborn [ignore-term] [sleep=60]")
    await api.execute(task_id)
    await api.wait(task_id, ("running",))
    execution = wait_for(
        lambda: Execution.get_or_none((Execution.task == task_id) & Execution.pgid.is_null(False))
    )
    wait_for(lambda: cli_has_spoken(execution.id))  # its SIGTERM handler is installed by now
    await api.call("POST", f"/api/tasks/{task_id}/cancel", {"reason": "stop"}, expect=200)
    finished = await eventually(lambda: _execution_if_ended(execution.id))
    assert finished.status == "cancelled"
    assert finished.exit_code == -9  # SIGTERM was ignored: SIGKILL after the grace period
    assert not group_alive(execution.pgid)
    task = await api.detail(task_id)
    assert task["status"] == "cancelled"
    statuses = [h["new_value"] for h in task["history"] if h["action"] == "status_changed"]
    assert statuses == ["queued", "running", "cancelled"]


async def _execution_if_ended(execution_id: str) -> Execution | None:
    execution = Execution.get_by_id(execution_id)
    return execution if execution.completed_at is not None else None


async def test_cancel_exit_code_is_minus_15_when_sigterm_works(
    live_app: Any, make_user: Any, headers: Any
) -> None:
    api = Api(await live_app(), headers(make_user()))
    task_id = await api.task_id(await api.project_id(), "Polite [sleep=60]")
    await api.execute(task_id)
    execution = wait_for(
        lambda: Execution.get_or_none((Execution.task == task_id) & Execution.pgid.is_null(False))
    )
    await api.call("POST", f"/api/tasks/{task_id}/cancel", {}, expect=200)
    finished = await eventually(lambda: _execution_if_ended(execution.id))
    assert finished.exit_code == -15


async def test_timeout_kills_the_group_and_fails(
    live_app: Any, make_user: Any, headers: Any
) -> None:
    api = Api(await live_app(CANCEL_GRACE_PERIOD=1), headers(make_user()))
    task_id = await api.task_id(await api.project_id(), "Slow [ignore-term] [sleep=60]")
    await api.execute(task_id, timeout=2)
    task = await api.wait(task_id)
    execution = task["latest_execution"]
    assert task["status"] == "failed"
    assert execution["error"]["code"] == "TASK_TIMEOUT"
    assert execution["exit_code"] == -9
    assert not group_alive(Execution.get_by_id(execution["id"]).pgid)


async def test_automatic_retries_are_each_visible(
    live_app: Any, make_user: Any, headers: Any
) -> None:
    api = Api(await live_app(RETRY_BACKOFF_SECONDS=0.2), headers(make_user()))
    task_id = await api.task_id(await api.project_id(), "Flaky [fail]")
    await api.execute(task_id, retry_attempts=2)
    await eventually(lambda: _attempts_ended(api, task_id, 3))
    attempts = await api.attempts(task_id)
    assert [a["attempt"] for a in attempts] == [3, 2, 1]
    assert all(a["status"] == "failed" for a in attempts)
    assert [a["retry_attempts_left"] for a in attempts] == [0, 1, 2]
    assert attempts[1]["not_before"] is not None  # waited for its backoff
    task = await api.detail(task_id)
    assert task["status"] == "failed"
    retries = [h for h in task["history"] if h["action"] == "retry_scheduled"]
    assert [r["details"]["attempt"] for r in retries] == [2, 3]
    assert [r["details"]["after_seconds"] for r in retries] == [0.2, 0.4]


async def _attempts_ended(api: Api, task_id: str, count: int) -> bool:
    attempts = await api.attempts(task_id)
    return len(attempts) == count and all(a["completed_at"] for a in attempts)


async def test_manual_retry(live_app: Any, make_user: Any, headers: Any) -> None:
    api = Api(await live_app(), headers(make_user()))
    project = await api.project_id()
    failing = await api.task_id(project, "Broken [fail]")
    await api.execute(failing, priority="high")
    await api.wait(failing)
    retried = await api.call("POST", f"/api/tasks/{failing}/retry", expect=200)
    assert retried["status"] == "queued" and retried["retry_attempt"] == 2
    assert retried["execution_id"] != (await api.attempts(failing))[1]["id"]
    await api.wait(failing)
    attempts = await api.attempts(failing)
    assert [(a["attempt"], a["priority"]) for a in attempts] == [(2, "high"), (1, "high")]

    fine = await api.task_id(project, "Fine")
    await api.execute(fine)
    await api.wait(fine)
    refused = await api.call("POST", f"/api/tasks/{fine}/retry", expect=409)
    assert refused["code"] == "TASK_NOT_RETRYABLE"
    pending = await api.task_id(project, "Never ran")
    await api.call("POST", f"/api/tasks/{pending}/retry", expect=409)


async def test_lifecycle_endpoints_follow_access_rules(
    live_app: Any, make_user: Any, headers: Any
) -> None:
    client = await live_app()
    owner = Api(client, headers(make_user()))
    task_id = await owner.task_id(await owner.project_id(), "Mine [sleep=30]")
    await owner.execute(task_id)
    stranger, viewer = Api(client, headers(make_user())), Api(client, headers(make_user("viewer")))
    for path in ("cancel", "retry", "execute"):
        body = await stranger.call("POST", f"/api/tasks/{task_id}/{path}", {}, expect=404)
        assert body["code"] == "TASK_NOT_FOUND"
        await viewer.call("POST", f"/api/tasks/{task_id}/{path}", {}, expect=403)
    await stranger.call("GET", f"/api/tasks/{task_id}/executions", expect=404)
    await owner.call("POST", f"/api/tasks/{task_id}/cancel", {}, expect=200)


async def test_a_blocked_task_waits_for_its_dependency(
    live_app: Any, make_user: Any, headers: Any
) -> None:
    api = Api(await live_app(), headers(make_user()))
    project = await api.project_id()
    schema = await api.task_id(project, "Set up the schema")
    blocked = (
        await api.call(
            "POST",
            "/api/tasks/",
            {
                "title": "Use the schema",
                "project_id": project,
                "dependencies": [{"depends_on_task_id": schema, "dependency_type": "blocks"}],
            },
            expect=201,
        )
    )["id"]
    refused = await api.call("POST", f"/api/tasks/{blocked}/execute", {}, expect=409)
    assert refused["code"] == "TASK_DEPENDENCY_NOT_MET"
    assert refused["details"]["blocked_by"] == [
        {"task_id": schema, "title": "Set up the schema", "status": "pending"}
    ]
    await api.execute(schema)
    await api.wait(schema)
    await api.execute(blocked)
    assert (await api.wait(blocked))["status"] == "completed"


async def test_a_task_that_continues_resumes_its_cli_session(
    live_app: Any, make_user: Any, headers: Any
) -> None:
    api = Api(await live_app(), headers(make_user()))
    project = await api.project_id()
    task_id = (
        await api.call(
            "POST",
            "/api/tasks/",
            {"title": "Keep going", "project_id": project, "metadata": {"continue_session": True}},
            expect=201,
        )
    )["id"]
    await api.execute(task_id)
    first = (await api.wait(task_id))["latest_execution"]["cli_session_id"]
    await api.execute(task_id)
    second = (await api.wait(task_id))["latest_execution"]
    assert first and second["cli_session_id"] == first  # the CLI got --resume <first>
    one_shot = await api.task_id(project, "Fresh each time")
    await api.execute(one_shot)
    initial = (await api.wait(one_shot))["latest_execution"]["cli_session_id"]
    await api.execute(one_shot)
    assert (await api.wait(one_shot))["latest_execution"]["cli_session_id"] != initial


async def test_a_web_process_that_does_not_know_the_hub_yet_still_starts_its_execution(
    live_app: Any, make_user: Any, headers: Any
) -> None:
    """Its notice and its `queued` event both go to the Supervisor, which passes the event to
    the hub: the execution starts and its stream still says `queued` first."""
    client = await live_app()
    bridge = client.app[bridge_key]
    api = Api(client, headers(make_user()))
    task_id = await api.task_id(await api.project_id(), "Through the Supervisor")
    bridge.hub = None  # as right after the bridge connected, before BridgeRegistered
    await api.execute(task_id)
    assert (await api.wait(task_id))["status"] == "completed"
    rows = TaskEvent.select().where(TaskEvent.task_id == task_id).order_by(TaskEvent.seq)
    statuses = [row.data["status"] for row in rows if row.kind == "task_update"]
    assert statuses[:2] == ["queued", "running"], statuses
