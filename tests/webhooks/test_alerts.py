"""system.alert: the runtime unreachable from a web process, a queue paused too long with work
waiting, each announced once when it fires and once when it clears."""

from __future__ import annotations

import json

import pytest
from aiohttp.test_utils import TestClient

from storage.models import Alert, Delivery
from storage.webhooks import AlertKind
from storage.webhooks.alerts import Condition, clear, fire
from tests.support.fixtures.app import ApiOn
from tests.support.fixtures.runtime import StartRuntime
from tests.support.receiver import Receiver
from tests.support.waiting import eventually
from tests.webhooks.conftest import Subscribe


@pytest.mark.env(ALERT_RUNTIME_UNREACHABLE_SECONDS="0.3")
async def test_an_unreachable_runtime_raises_an_alert_delivered_once_it_is_back(
    client: TestClient,
    start_runtime: StartRuntime,
    api_on: ApiOn,
    receiver: Receiver,
    subscribe: Subscribe,
) -> None:
    admin, developer = api_on(client, "admin"), api_on(client)
    await subscribe(admin, ["system.alert"])
    await subscribe(developer, ["system.alert"])  # not an admin: not told

    async def stored() -> list[Delivery] | None:
        rows = list(Delivery.select().where(Delivery.event == "system.alert"))
        return rows or None

    (waiting,) = await eventually(stored, 15)  # written by this web process, no runtime yet
    assert waiting.status == "pending"
    assert Alert.get_by_id(AlertKind.RUNTIME_UNREACHABLE).firing
    start_runtime()
    # two deliveries sent by the delivery threads side by side: they may arrive in either order
    by_state = {d.payload["data"]["state"]: d for d in await receiver.wait("system.alert", 2)}
    assert sorted(by_state) == ["firing", "resolved"]
    firing, resolved = by_state["firing"], by_state["resolved"]
    assert firing.payload["data"]["alert"] == "runtime_unreachable"
    assert firing.payload["data"]["level"] == "critical"
    assert firing.verified and resolved.verified
    assert not Alert.get_by_id(AlertKind.RUNTIME_UNREACHABLE).firing
    assert len(receiver.deliveries("system.alert")) == 2


@pytest.mark.env(ALERT_QUEUE_PAUSED_SECONDS="0.5")
async def test_a_queue_paused_too_long_with_work_waiting_raises_an_alert(
    live_client: TestClient, api_on: ApiOn, receiver: Receiver, subscribe: Subscribe
) -> None:
    admin, developer = api_on(live_client, "admin"), api_on(live_client)
    await subscribe(admin, ["system.alert"])
    await admin.post("/api/queues/pause", {"queue_name": "low", "reason": "upgrade"})
    task_id = await developer.task_id(await developer.project_id(), "waits")
    await developer.execute(task_id, "low")
    (firing,) = await receiver.wait("system.alert")
    data = firing.payload["data"]
    assert (data["alert"], data["subject"], data["state"]) == ("queue_paused", "low", "firing")
    assert data["details"]["waiting"] == 1 and data["details"]["reason"] == "upgrade"
    await admin.post("/api/queues/resume", {"queue_name": "low"})
    firing, resolved = await receiver.wait("system.alert", 2)
    assert resolved.payload["data"]["state"] == "resolved"
    await developer.wait(task_id)
    assert len(receiver.deliveries("system.alert")) == 2


async def test_a_condition_is_announced_once_until_it_clears(
    client: TestClient, api_on: ApiOn, subscribe: Subscribe
) -> None:
    await subscribe(api_on(client, "admin"), ["system.alert"])
    condition = Condition(AlertKind.QUEUE_PAUSED, "high")
    assert fire(condition, "paused") and not fire(condition, "paused")
    assert clear(condition, "resumed") and not clear(condition, "resumed")
    assert fire(condition, "paused again")
    rows = Delivery.select().order_by(Delivery.created_at)
    states = [json.loads(d.payload)["data"]["state"] for d in rows]
    assert states == ["firing", "resolved", "firing"]
