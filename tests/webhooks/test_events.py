"""Which changes become which events, for whom: read from the outbox right after each call
(no runtime runs here, so nothing is attempted). The rows are written in the change's own
transaction: a refused change leaves none."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from aiohttp.test_utils import TestClient

from storage.models import Delivery, User
from tests.support.api import Api
from tests.support.fixtures.accounts import MakeUser
from tests.webhooks.conftest import ALL_EVENTS

URL = "https://93.184.216.34/hook"  # stored only: nothing delivers in these tests


async def hook(api: Api, events: list[str] | None = None, **fields: Any) -> str:
    body = {"url": URL, "events": events or ALL_EVENTS, **fields}
    return str((await api.fetch("POST", "/api/webhooks/", body, expect=201))["id"])


def outbox(webhook_id: str) -> list[dict[str, Any]]:
    """The payloads written for a webhook, oldest first."""
    rows = Delivery.select().where(Delivery.webhook == webhook_id).order_by(Delivery.created_at)
    return [json.loads(row.payload) for row in rows]


def events(webhook_id: str) -> list[str]:
    return [payload["event"] for payload in outbox(webhook_id)]


async def test_task_and_project_changes_become_their_events(api: Api) -> None:
    mine = await hook(api)
    project_id = await api.project_id("p")
    task_id = await api.task_id(project_id, "t")
    await api.put(f"/api/tasks/{task_id}", {"title": "t2", "priority": 1})
    await api.put(f"/api/tasks/{task_id}", {"title": "t2"})  # no change: no event
    await api.put(f"/api/tasks/{task_id}", {"status": "completed"})
    await api.put(f"/api/tasks/{task_id}", {"status": "failed"})
    await api.put(f"/api/projects/{project_id}", {"name": "p2"})
    await api.delete(f"/api/projects/{project_id}")
    assert events(mine) == [
        "project.created",
        "task.created",
        "task.updated",
        "task.completed",
        "task.failed",
        "project.updated",
        "project.updated",
    ]
    created, task_created, updated, completed, failed, renamed, deleted = outbox(mine)
    assert created["data"]["name"] == "p" and created["data"]["project_id"] == project_id
    assert task_created["data"]["title"] == "t" and task_created["data"]["status"] == "pending"
    assert updated["data"]["changes"] == {
        "title": {"old": "t", "new": "t2"},
        "priority": {"old": 0, "new": 1},
    }
    assert updated["data"]["updated_by"] == (api.user.id if api.user else None)
    assert completed["data"]["status"] == "completed" and completed["data"]["duration"] is None
    assert failed["data"]["changes"]["status"] == {"old": "completed", "new": "failed"}
    assert renamed["data"]["changes"] == {"name": {"old": "p", "new": "p2"}}
    assert deleted["data"]["deleted"] is True
    for payload in outbox(mine):
        assert payload["webhook_id"] == mine and payload["timestamp"].endswith("Z")
    assert len({p["delivery_id"] for p in outbox(mine)}) == 7


async def test_bulk_changes_are_one_event_per_task(api: Api) -> None:
    mine = await hook(api, ["task.updated"])
    project_id = await api.project_id()
    ids = [await api.task_id(project_id, f"t{n}") for n in range(3)]
    body = {"operation": "add_tags", "task_ids": ids, "data": {"tags": ["x"]}}
    await api.post("/api/tasks/bulk", body)
    assert sorted(p["data"]["task_id"] for p in outbox(mine)) == sorted(ids)


async def test_events_follow_who_may_read_the_project(
    api_as: Callable[[User], Api], make_user: MakeUser
) -> None:
    owner, member, stranger, admin = (
        api_as(make_user(role)) for role in ("developer", "developer", "developer", "admin")
    )
    people = {"owner": owner, "member": member, "stranger": stranger, "admin": admin}
    hooks = {name: await hook(api) for name, api in people.items()}
    project_id = await owner.project_id("shared")
    other_id = await owner.project_id("other")
    assert member.user is not None
    member_body = {"user_id": member.user.id, "role": "viewer"}
    await owner.fetch("POST", f"/api/projects/{project_id}/members", member_body, expect=201)
    hooks["project"] = await hook(owner, project_id=project_id)
    await owner.task_id(project_id, "seen by the member")
    await owner.task_id(other_id, "not seen by the member")

    def titles(name: str) -> list[str]:
        return [p["data"]["title"] for p in outbox(hooks[name]) if p["event"] == "task.created"]

    both = ["seen by the member", "not seen by the member"]
    assert titles("owner") == both and titles("admin") == both
    assert titles("member") == ["seen by the member"]
    assert titles("project") == ["seen by the member"]
    assert outbox(hooks["stranger"]) == []


async def test_maintenance_reaches_every_subscriber_once_per_change(
    client: TestClient, api_as: Callable[[User], Api], make_user: MakeUser
) -> None:
    admin, developer = api_as(make_user("admin")), api_as(make_user())
    mine = await hook(developer, ["system.maintenance"])
    only_tasks = await hook(developer, ["task.created"])
    window = {"enabled": True, "message": "soon"}
    await admin.post("/api/system/maintenance", window)
    await admin.post("/api/system/maintenance", window)  # the same window: not news
    await admin.post("/api/system/maintenance", {"enabled": False})
    told = outbox(mine)
    assert [p["data"]["enabled"] for p in told] == [True, False]
    assert told[0]["data"]["message"] == "soon" and told[0]["data"]["active"] is True
    assert outbox(only_tasks) == []


async def test_an_inactive_webhook_and_a_refused_change_write_nothing(api: Api) -> None:
    inactive = await hook(api, active=False)
    active = await hook(api, ["task.created"])
    project_id = await api.project_id()
    await api.put(f"/api/projects/{project_id}", {"status": "archived"})
    body = {"title": "refused", "project_id": project_id}
    assert (await api.fetch("POST", "/api/tasks/", body, expect=409))["code"] == "PROJECT_ARCHIVED"
    assert outbox(inactive) == [] and outbox(active) == []
