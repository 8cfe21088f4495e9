"""Priority queues through the real runtime: order, pause, clear, moves, caps, figures."""

from __future__ import annotations

from typing import Any

from storage.models import Execution
from tests.support.api import Api


async def start_order(task_ids: list[str]) -> list[str]:
    rows = (
        Execution.select(Execution.task, Execution.started_at)
        .where(Execution.task.in_(task_ids) & Execution.started_at.is_null(False))
        .order_by(Execution.started_at)
        .tuples()
    )
    return [task_id for task_id, _ in rows]


async def blocked_api(
    live_app: Any, make_user: Any, headers: Any, **settings: Any
) -> tuple[Api, str, str]:
    """One worker slot, taken by a task that runs until cancelled."""
    api = Api(await live_app(MAX_CONCURRENT_TASKS=1, **settings), headers(make_user("admin")))
    project = await api.project_id()
    blocker = await api.task_id(project, "Blocker [sleep=60]")
    await api.execute(blocker)
    await api.wait(blocker, ("running",))
    return api, project, blocker


async def test_higher_priority_starts_first(live_app: Any, make_user: Any, headers: Any) -> None:
    api, project, blocker = await blocked_api(live_app, make_user, headers)
    low, normal, high = [await api.task_id(project, name) for name in ("low", "normal", "high")]
    positions = [
        (await api.execute(t, priority=p))["queue_position"]
        for t, p in ((low, "low"), (normal, "normal"), (high, "high"))
    ]
    assert positions == [1, 1, 1]  # each entered ahead of the lower ones
    assert (await api.execute(await api.task_id(project, "later low"), priority="low"))[
        "queue_position"
    ] == 4
    await api.call("POST", f"/api/tasks/{blocker}/cancel", {}, expect=200)
    for task_id in (low, normal, high):
        await api.wait(task_id)
    assert await start_order([high, normal, low]) == [high, normal, low]


async def test_pause_stops_starts_from_that_queue_only(
    live_app: Any, make_user: Any, headers: Any
) -> None:
    api = Api(await live_app(), headers(make_user("admin")))
    project = await api.project_id()
    running = await api.task_id(project, "Already running [sleep=2]")
    await api.execute(running)
    await api.wait(running, ("running",))
    paused = await api.call(
        "POST",
        "/api/queues/pause",
        {"queue_name": "normal_priority", "reason": "Maintenance"},
        expect=200,
    )
    assert paused["paused"] and paused["reason"] == "Maintenance"
    waiting, other = await api.task_id(project, "Waits"), await api.task_id(project, "Other queue")
    await api.execute(waiting)
    await api.execute(other, priority="high")
    assert (await api.wait(other))["status"] == "completed"
    assert (await api.wait(running))["status"] == "completed"  # running work continued
    status = await api.call("GET", "/api/queues/status", expect=200)
    assert status["queues"]["normal_priority"]["paused"]
    assert status["queues"]["normal_priority"]["size"] == 1
    assert (await api.detail(waiting))["status"] == "queued"
    await api.call("POST", "/api/queues/resume", {"queue_name": "normal"}, expect=200)
    assert (await api.wait(waiting))["status"] == "completed"


async def test_clear_cancels_queued_executions(live_app: Any, make_user: Any, headers: Any) -> None:
    api, project, blocker = await blocked_api(live_app, make_user, headers)
    queued = [await api.task_id(project, f"queued {i}") for i in range(3)]
    for task_id in queued:
        await api.execute(task_id, priority="low")
    refused = await api.call(
        "DELETE", "/api/queues/clear", {"queue_name": "low_priority", "confirm": False}, expect=422
    )
    assert refused["details"]["field"] == "confirm"
    await api.call("DELETE", "/api/queues/clear", {"queue_name": "low_priority"}, expect=422)
    cleared = await api.call(
        "DELETE", "/api/queues/clear", {"queue_name": "low_priority", "confirm": True}, expect=200
    )
    assert cleared["cleared"] == 3
    for task_id in queued:
        assert (await api.detail(task_id))["status"] == "cancelled"
    assert (await api.detail(blocker))["status"] == "running"
    await api.call("POST", f"/api/tasks/{blocker}/cancel", {}, expect=200)


async def test_moving_tasks_between_queues(live_app: Any, make_user: Any, headers: Any) -> None:
    api, project, blocker = await blocked_api(live_app, make_user, headers)
    first, second = await api.task_id(project, "first"), await api.task_id(project, "second")
    await api.execute(first, priority="low")
    await api.execute(second, priority="low")
    unknown = "00000000-0000-4000-8000-000000000000"
    moved = await api.call(
        "POST",
        "/api/queues/priority",
        {"task_ids": [second, blocker, unknown], "priority": "high"},
        expect=200,
    )
    assert moved["moved"] == [second]
    assert moved["not_queued"] == [blocker] and moved["not_found"] == [unknown]
    await api.call("POST", f"/api/tasks/{blocker}/cancel", {}, expect=200)
    await api.wait(first)
    await api.wait(second)
    assert await start_order([first, second]) == [second, first]


async def test_project_cap_holds_while_others_run(
    live_app: Any, make_user: Any, headers: Any
) -> None:
    api = Api(await live_app(MAX_CONCURRENT_TASKS=3), headers(make_user()))
    capped = await api.project_id("capped", resource_limits={"max_concurrent_tasks": 1})
    free = await api.project_id("free")
    a1, a2 = await api.task_id(capped, "a1 [sleep=60]"), await api.task_id(capped, "a2")
    b1 = await api.task_id(free, "b1")
    for task_id in (a1, a2, b1):
        await api.execute(task_id)
    assert (await api.wait(b1))["status"] == "completed"  # started past the capped a2
    assert (await api.detail(a2))["status"] == "queued"
    await api.call("POST", f"/api/tasks/{a1}/cancel", {}, expect=200)
    assert (await api.wait(a2))["status"] == "completed"


async def test_status_and_metrics_from_real_executions(
    live_app: Any, make_user: Any, headers: Any
) -> None:
    api = Api(await live_app(), headers(make_user()))
    project = await api.project_id()
    for title, priority in (("ok one", "high"), ("ok two", "high"), ("bad [fail]", "normal")):
        task_id = await api.task_id(project, title)
        await api.execute(task_id, priority=priority)
        await api.wait(task_id)
    status = await api.call("GET", "/api/queues/status", expect=200)
    assert status["queues"]["high_priority"]["completed_today"] == 2
    assert status["queues"]["normal_priority"]["completed_today"] == 0
    assert status["workers"] == {"active": 0, "idle": 10, "total": 10, "runtime": "connected"}
    performance = status["performance"]
    assert performance["success_rate"] == round(2 / 3, 4)
    assert performance["tasks_per_minute"] == round(2 / 60, 3)
    assert performance["average_processing_time"].count(":") == 2
    metrics = await api.call("GET", "/api/queues/metrics?period=1h", expect=200)
    high = metrics["queues"]["high_priority"]
    assert (high["enqueued"], high["completed"], high["failed"]) == (2, 2, 0)
    assert metrics["queues"]["normal_priority"]["failed"] == 1
    assert high["wait_time"]["max"] >= 0 and high["processing_time"]["average"] > 0
    bad = await api.call("GET", "/api/queues/metrics?period=2h", expect=422)
    assert bad["details"]["field"] == "period"


async def test_queue_administration_needs_admin(
    live_app: Any, make_user: Any, headers: Any
) -> None:
    client = await live_app()
    developer = Api(client, headers(make_user()))
    for method, path, body in (
        ("POST", "/api/queues/pause", {"queue_name": "high"}),
        ("POST", "/api/queues/resume", {"queue_name": "high"}),
        ("DELETE", "/api/queues/clear", {"queue_name": "high", "confirm": True}),
    ):
        refused = await developer.call(method, path, body, expect=403)
        assert refused["code"] == "AUTH_INSUFFICIENT_PERMISSIONS"
    unknown = await Api(client, headers(make_user("admin"))).call(
        "POST", "/api/queues/pause", {"queue_name": "urgent"}, expect=422
    )
    assert unknown["details"]["field"] == "queue_name"
