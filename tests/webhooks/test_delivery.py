"""Deliveries end to end: the real runtime's WebhookActor posts each event to a real receiver
on 127.0.0.1 that verifies both signatures; receivers that fail on purpose see retries with
backoff, no redirect followed, timeouts, bounded attempts, and a restart in the middle."""

from __future__ import annotations

import json
import os
import signal
from typing import Any

import pytest
from aiohttp.test_utils import TestClient

from actors.messages import Ping, Pong
from storage.models import Delivery
from tests.support.api import Api
from tests.support.fixtures.app import ApiOn
from tests.support.fixtures.runtime import Runtime, StartRuntime
from tests.support.receiver import Answer, Receiver
from tests.support.waiting import eventually
from tests.webhooks.conftest import Subscribe
from web.keys import bridge_key


async def deliveries(api: Api, webhook_id: str, **query: Any) -> list[dict[str, Any]]:
    page = await api.fetch("GET", f"/api/webhooks/{webhook_id}/deliveries", **query)
    return list(page["items"])


def delivery_payload(delivery: dict[str, Any]) -> str:
    """The body stored for a delivery, as it was sent."""
    return str(Delivery.get_by_id(delivery["id"]).payload)


async def ended(api: Api, webhook_id: str, delivery_id: str) -> dict[str, Any]:
    """The delivery once it has ended (delivered, failed or cancelled)."""

    async def done() -> dict[str, Any] | None:
        path = f"/api/webhooks/{webhook_id}/deliveries/{delivery_id}"
        delivery = await api.fetch("GET", path)
        return delivery if delivery["status"] in ("delivered", "failed", "cancelled") else None

    return await eventually(done, 30)


async def test_every_event_arrives_signed(
    live_client: TestClient,
    api_on: ApiOn,
    receiver: Receiver,
    subscribe: Subscribe,
    runtime: Runtime,
) -> None:
    admin, developer = api_on(live_client, "admin"), api_on(live_client)
    hook = await subscribe(developer)
    project_id = await developer.project_id("hooked")
    await developer.put(f"/api/projects/{project_id}", {"description": "now described"})
    good = await developer.task_id(project_id, "Say hello")
    bad = await developer.task_id(project_id, "Break [fail]")
    await developer.put(f"/api/tasks/{good}", {"title": "Say hello [lines=1]"})
    await developer.execute(good)
    await developer.execute(bad)
    await developer.wait(good)
    await developer.wait(bad)
    await admin.post("/api/system/maintenance", {"enabled": True, "message": "upgrading"})

    (created,) = await receiver.wait("project.created")
    assert created.payload["data"]["project_id"] == project_id
    (updated,) = await receiver.wait("project.updated")
    assert updated.payload["data"]["changes"]["description"]["new"] == "now described"
    tasks = {r.payload["data"]["task_id"] for r in await receiver.wait("task.created", 2)}
    assert tasks == {good, bad}
    (completed,) = await receiver.wait("task.completed")
    done = completed.payload["data"]
    assert done["task_id"] == good and done["project_id"] == project_id
    assert done["status"] == "completed" and done["exit_code"] == 0
    assert len(done["duration"].split(":")) == 3 and done["execution_id"]
    (failed,) = await receiver.wait("task.failed")
    assert failed.payload["data"]["task_id"] == bad
    assert failed.payload["data"]["error"]["code"] == "TASK_EXECUTION_FAILED"
    (maintenance,) = await receiver.wait("system.maintenance")
    assert maintenance.payload["data"]["enabled"] is True
    assert maintenance.payload["data"]["message"] == "upgrading"
    updates = await receiver.wait("task.updated", 1)
    titled = [
        u for u in receiver.deliveries("task.updated") if "title" in u.payload["data"]["changes"]
    ]
    assert titled and titled[0].payload["data"]["changes"]["title"]["old"] == "Say hello"
    statuses = {u.payload["data"]["status"] for u in receiver.deliveries("task.updated")}
    assert {"queued", "running"} <= statuses, updates

    for received in receiver.received:
        assert received.verified, received.problems
        payload = received.payload
        assert set(payload) == {"event", "timestamp", "data", "webhook_id", "delivery_id"}
        assert payload["webhook_id"] == hook["id"]
        assert received.headers["x-delivery-id"] == payload["delivery_id"]
        assert received.headers["webhook-id"] == payload["delivery_id"]
        assert received.headers["x-event-type"] == payload["event"]
        assert received.headers["content-type"] == "application/json"
    ids = [r.payload["delivery_id"] for r in receiver.received]
    assert len(ids) == len(set(ids))  # each once
    assert hook["secret"] not in runtime.log.read_text()
    # the receiver answers before the actor records the answer: wait until each is recorded
    stored = [
        await ended(developer, hook["id"], d["id"])
        for d in await deliveries(developer, hook["id"], page_size=100)
    ]
    assert len(stored) == len(receiver.received)
    assert {d["status"] for d in stored} == {"delivered"}
    assert all(d["attempts"][0]["response_code"] == 200 for d in stored)


async def test_failures_are_retried_with_growing_waits_until_delivered(
    live_client: TestClient, api: Api, receiver: Receiver, subscribe: Subscribe
) -> None:
    api.client = live_client
    hook = await subscribe(api, ["project.created"])
    receiver.answer(Answer.ERROR, Answer.ERROR, Answer.ERROR)
    await api.project_id()
    (delivery,) = await deliveries(api, hook["id"])
    delivered = await ended(api, hook["id"], delivery["id"])
    assert delivered["status"] == "delivered" and delivered["attempt_count"] == 4
    attempts = delivered["attempts"]
    assert [a["response_code"] for a in attempts] == [500, 500, 500, 200]
    assert [a["status"] for a in attempts] == ["failed", "failed", "failed", "succeeded"]
    assert all(a["error"] == "HTTP 500" and a["next_attempt_at"] for a in attempts[:3])
    assert attempts[3]["error"] is None and attempts[3]["next_attempt_at"] is None
    assert all(a["duration_ms"] >= 0 for a in attempts)
    rows = await receiver.wait("project.created", 4)
    assert {r.payload["delivery_id"] for r in rows} == {delivery["id"]}  # the same delivery
    assert len({r.headers["webhook-id"] for r in rows}) == 1  # one idempotency key
    assert all(r.verified for r in rows)


@pytest.mark.env(WEBHOOK_TIMEOUT="0.5")
async def test_a_redirect_is_not_followed_and_a_silent_receiver_times_out(
    live_client: TestClient, api_on: ApiOn, receiver: Receiver, subscribe: Subscribe
) -> None:
    api = api_on(live_client)
    hook = await subscribe(api, ["project.created"])
    receiver.answer(Answer.REDIRECT, Answer.STALL)
    await api.project_id()
    (delivery,) = await deliveries(api, hook["id"])
    delivered = await ended(api, hook["id"], delivery["id"])
    redirected, silent, answered = delivered["attempts"]
    assert redirected["response_code"] == 302 and "not followed" in redirected["error"]
    assert silent["response_code"] is None and "timed out" in silent["error"]
    assert answered["status"] == "succeeded"
    assert receiver.followed == 0


@pytest.mark.env(WEBHOOK_MAX_ATTEMPTS="3", WEBHOOK_ALERT_FAILURES="2")
async def test_attempts_are_bounded_and_a_failing_webhook_raises_one_alert(
    live_client: TestClient, api_on: ApiOn, receiver: Receiver, subscribe: Subscribe
) -> None:
    admin, developer = api_on(live_client, "admin"), api_on(live_client)
    await subscribe(admin, ["system.alert"])
    body = {"url": receiver.url("/missing"), "events": ["project.created"]}  # always 404
    failing = await developer.fetch("POST", "/api/webhooks/", body, expect=201)
    await developer.project_id()
    (delivery,) = await deliveries(developer, failing["id"])
    given_up = await ended(developer, failing["id"], delivery["id"])
    assert given_up["status"] == "failed" and given_up["attempt_count"] == 3
    assert [a["response_code"] for a in given_up["attempts"]] == [404, 404, 404]
    assert given_up["attempts"][-1]["next_attempt_at"] is None
    (alert,) = await receiver.wait("system.alert")
    data = alert.payload["data"]
    assert data["alert"] == "webhook_failing" and data["state"] == "firing"
    assert data["subject"] == failing["id"] and data["details"]["failures"] == 2
    assert alert.verified
    detail = await developer.fetch("GET", f"/api/webhooks/{failing['id']}")
    assert detail["consecutive_failures"] == 3
    assert len(receiver.deliveries("system.alert")) == 1  # the third failure did not repeat it

    await developer.put(f"/api/webhooks/{failing['id']}", {"url": receiver.url()})
    receiver.secrets[failing["id"]] = failing["secret"]
    redone = await developer.fetch(
        "POST", f"/api/webhooks/{failing['id']}/deliveries/{delivery['id']}/redeliver", expect=202
    )
    assert redone["redelivery_of"] == delivery["id"] and redone["id"] != delivery["id"]
    assert (await ended(developer, failing["id"], redone["id"]))["status"] == "delivered"
    assert receiver.deliveries("project.created")[-1].verified
    resolved = (await receiver.wait("system.alert", 2))[1].payload["data"]
    assert resolved["state"] == "resolved" and resolved["subject"] == failing["id"]
    (again,) = [
        r
        for r in receiver.deliveries("project.created")
        if r.payload["delivery_id"] == redone["id"]
    ]
    assert again.payload["data"] == json.loads(delivery_payload(delivery))["data"]


@pytest.mark.env(WEBHOOK_BACKOFF_SECONDS="1", WEBHOOK_BACKOFF_MAX_SECONDS="2")
async def test_a_delivery_waiting_for_its_retry_survives_a_runtime_restart(
    live_client: TestClient,
    runtime: Runtime,
    start_runtime: StartRuntime,
    api_on: ApiOn,
    receiver: Receiver,
    subscribe: Subscribe,
) -> None:
    api = api_on(live_client)
    hook = await subscribe(api, ["project.created"])
    receiver.answer(then=Answer.ERROR)  # fails until told otherwise
    await api.project_id()
    await receiver.wait("project.created")
    (delivery,) = await deliveries(api, hook["id"])
    assert runtime.stop() == 0
    failed_before = len(receiver.received)
    pending = (await deliveries(api, hook["id"]))[0]
    assert pending["status"] == "pending" and pending["attempt_count"] == failed_before
    receiver.answer(then=Answer.OK)
    start_runtime()
    delivered = await ended(api, hook["id"], delivery["id"])
    assert delivered["status"] == "delivered"
    assert delivered["attempt_count"] == failed_before + 1
    assert receiver.received[-1].answer is Answer.OK and receiver.received[-1].verified


async def test_a_delivery_is_stored_before_any_attempt_and_waits_for_a_runtime(
    client: TestClient,
    start_runtime: StartRuntime,
    api_on: ApiOn,
    receiver: Receiver,
    subscribe: Subscribe,
) -> None:
    api = api_on(client)
    hook = await subscribe(api, ["project.created", "task.created"])
    project_id = await api.project_id()
    await api.task_id(project_id, "queued while nothing delivers")
    stored = await deliveries(api, hook["id"])
    assert [d["event"] for d in stored] == ["task.created", "project.created"]  # newest first
    assert all(d["status"] == "pending" and d["attempt_count"] == 0 for d in stored)
    assert receiver.received == []
    start_runtime()
    for delivery in stored:
        assert (await ended(api, hook["id"], delivery["id"]))["status"] == "delivered"
    assert {r.event for r in receiver.received} == {"project.created", "task.created"}


async def test_the_runtime_checks_the_destination_again_before_each_attempt(
    client: TestClient,
    env: dict[str, str],
    start_runtime: StartRuntime,
    api_on: ApiOn,
    receiver: Receiver,
    subscribe: Subscribe,
) -> None:
    api = api_on(client)  # this web process allows 127.0.0.1 ...
    hook = await subscribe(api, ["project.created"])
    env["WEBHOOK_ALLOWED_HOSTS"] = ""  # ... the runtime no longer does
    env["WEBHOOK_MAX_ATTEMPTS"] = "2"
    start_runtime()
    test = await api.fetch("POST", f"/api/webhooks/{hook['id']}/test", expect=202)
    refused = await ended(api, hook["id"], test["id"])
    assert refused["status"] == "failed"
    for attempt in refused["attempts"]:
        assert attempt["response_code"] is None
        assert "refused" in attempt["error"] and "loopback" in attempt["error"]
    assert receiver.received == []


async def test_a_test_delivery_reaches_the_webhook_alone(
    live_client: TestClient, api_on: ApiOn, receiver: Receiver, subscribe: Subscribe
) -> None:
    api = api_on(live_client)
    hook = await subscribe(api, ["task.failed"])
    other = await subscribe(api, ["task.failed"])
    test = await api.fetch("POST", f"/api/webhooks/{hook['id']}/test", expect=202)
    (received,) = await receiver.wait("webhook.test")
    assert received.verified and received.payload["webhook_id"] == hook["id"] != other["id"]
    assert received.payload["delivery_id"] == test["id"]
    assert received.headers["x-event-type"] == "webhook.test"


async def webhook_actor_pid(client: TestClient, other_than: int | None = None) -> int | None:
    pong: Pong = await client.app[bridge_key].ask(lambda cid, to: Ping(cid, to), 10)
    pid = pong.processes.get("webhooks")
    return pid if pid is not None and pid != other_than else None


async def test_a_killed_webhook_actor_is_started_again_and_delivers(
    live_client: TestClient, api_on: ApiOn, receiver: Receiver, subscribe: Subscribe
) -> None:
    api = api_on(live_client)
    hook = await subscribe(api, ["project.created"])
    old = await eventually(lambda: webhook_actor_pid(live_client))
    os.kill(old, signal.SIGKILL)
    await eventually(lambda: webhook_actor_pid(live_client, other_than=old))
    await api.project_id()
    (received,) = await receiver.wait("project.created")
    assert received.verified and received.payload["webhook_id"] == hook["id"]
