"""Sessions API: CRUD, history, TTL, and restore of settings and tasks."""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import Any

from tests.support.api import Api


def moment() -> str:
    return dt.datetime.now(dt.UTC).isoformat()


async def tick() -> None:
    """Let the clock move past the previous write (history times are microseconds)."""
    await asyncio.sleep(0.01)


async def test_create_list_get_update_delete_and_history(
    api: Api, api_as: Any, make_user: Any
) -> None:
    project = (await api.project("shop"))["id"]
    created = await api.post(
        "/api/sessions/", {"project_id": project, "settings": {"theme": "dark"}}, expect=201
    )
    session_id = created["session_id"]
    assert created["status"] == "active" and created["project_name"] == "shop"
    assert (
        created["settings"] == {"theme": "dark"} and created["expires_at"] > created["created_at"]
    )
    updated = await api.put(f"/api/sessions/{session_id}", {"settings": {"auto_save": True}})
    assert updated["settings"] == {"theme": "dark", "auto_save": True}
    listed = await api.get("/api/sessions/", status="active", project_id=project)
    assert listed["total"] == 1 and listed["sessions"][0]["session_id"] == session_id
    stranger = api_as(make_user())
    await stranger.get(f"/api/sessions/{session_id}", expect=404)
    await stranger.put(f"/api/sessions/{session_id}", {"settings": {}}, expect=404)
    assert (await stranger.get("/api/sessions/"))["total"] == 0
    closed = await api.delete(f"/api/sessions/{session_id}")
    assert closed["status"] == "closed" and closed["closed_at"]
    refused = await api.put(f"/api/sessions/{session_id}", {"settings": {}}, expect=409)
    assert refused["code"] == "SESSION_NOT_ACTIVE"
    history = await api.get(f"/api/sessions/{session_id}/history")
    assert [e["action"] for e in history["history"]] == ["created", "settings_changed", "closed"]
    assert history["history"][1]["details"]["new"] == {"theme": "dark", "auto_save": True}
    await api.post("/api/sessions/", {"project_id": stranger.user.id}, expect=404)


async def test_a_session_past_its_ttl_is_expired(api: Api) -> None:
    project = (await api.project())["id"]
    session_id = (await api.post("/api/sessions/", {"project_id": project}, expect=201))[
        "session_id"
    ]
    from storage.models import Session

    Session.update(expires_at=dt.datetime(2000, 1, 1)).where(Session.id == session_id).execute()
    assert (await api.get(f"/api/sessions/{session_id}"))["status"] == "expired"
    assert (await api.get("/api/sessions/", status="active"))["total"] == 0


async def test_restore_settings_and_tasks_to_a_moment(api: Api) -> None:
    project = (await api.project())["id"]
    kept = (await api.task(project, "kept", priority=1))["id"]
    removed = (await api.task(project, "removed later"))["id"]
    session_id = (
        await api.post(
            "/api/sessions/", {"project_id": project, "settings": {"theme": "dark"}}, expect=201
        )
    )["session_id"]
    await tick()
    point = moment()
    await tick()
    await api.put(f"/api/sessions/{session_id}", {"settings": {"theme": "light"}})
    await api.put(f"/api/tasks/{kept}", {"title": "renamed", "priority": 7, "status": "completed"})
    await api.delete(f"/api/tasks/{removed}")
    added = (await api.task(project, "added later"))["id"]

    restored = await api.post(
        f"/api/sessions/{session_id}/restore",
        {"restore_point": point, "include_tasks": True, "include_settings": True},
    )
    assert restored["settings_restored"] and restored["settings"] == {"theme": "dark"}
    assert {t["task_id"] for t in restored["tasks_restored"]} == {kept, removed, added}
    task = await api.get(f"/api/tasks/{kept}")
    assert (task["title"], task["priority"], task["status"]) == ("kept", 1, "pending")
    assert task["progress_percentage"] == 0 and task["completed_at"] is None
    assert (await api.get(f"/api/tasks/{removed}"))["title"] == "removed later"
    await api.get(f"/api/tasks/{added}", expect=404)
    reverts = [h for h in task["history"] if h["action"] == "restored"]
    assert {h["field"] for h in reverts} == {"title", "priority", "status", "progress_percentage"}
    assert reverts[0]["details"]["session_id"] == session_id
    history = await api.get(f"/api/sessions/{session_id}/history")
    assert [e["action"] for e in history["history"]][-2:] == ["restored", "restore"]
    # restoring settings only leaves tasks alone
    again = await api.post(
        f"/api/sessions/{session_id}/restore", {"restore_point": point, "include_settings": True}
    )
    assert again["tasks_restored"] == [] and not again["settings_restored"]


async def test_restore_is_refused_while_an_affected_task_runs_and_bad_points_are_422(
    api: Api,
) -> None:
    project = (await api.project())["id"]
    task = (await api.task(project, "busy"))["id"]
    session_id = (await api.post("/api/sessions/", {"project_id": project}, expect=201))[
        "session_id"
    ]
    await tick()
    point = moment()
    await tick()
    await api.put(f"/api/tasks/{task}", {"title": "changed"})
    from storage.models import Task

    Task.update(status="running").where(Task.id == task).execute()
    refused = await api.post(
        f"/api/sessions/{session_id}/restore",
        {"restore_point": point, "include_tasks": True},
        expect=409,
    )
    assert refused["code"] == "TASK_ALREADY_RUNNING" and refused["details"]["task_ids"] == [task]
    future = (dt.datetime.now(dt.UTC) + dt.timedelta(hours=1)).isoformat()
    bad = await api.post(
        f"/api/sessions/{session_id}/restore", {"restore_point": future}, expect=422
    )
    assert bad["details"]["field"] == "restore_point"
    await api.post(f"/api/sessions/{session_id}/restore", {}, expect=422)


async def test_restore_to_created_at_as_shown_restores_the_settings_of_that_moment(
    api: Api,
) -> None:
    project = (await api.project())["id"]
    created = await api.post(
        "/api/sessions/", {"project_id": project, "settings": {"theme": "dark"}}, expect=201
    )
    session_id, shown = created["session_id"], created["created_at"]
    assert shown.endswith("Z") and "." not in shown  # second precision, as the API shows times
    from storage.models import Session, SessionHistory

    # the session began a few seconds ago, half a second into a second (later than `shown`
    # says, as every time the API shows is cut to the second)
    began = dt.datetime.fromisoformat(shown).replace(tzinfo=None) - dt.timedelta(seconds=5)
    began += dt.timedelta(microseconds=500_000)
    Session.update(created_at=began).where(Session.id == session_id).execute()
    SessionHistory.update(created_at=began).where(SessionHistory.session == session_id).execute()
    shown = (await api.get(f"/api/sessions/{session_id}"))["created_at"]
    await api.put(f"/api/sessions/{session_id}", {"settings": {"theme": "light"}})

    restored = await api.post(f"/api/sessions/{session_id}/restore", {"restore_point": shown})
    assert restored["settings_restored"] and restored["settings"] == {"theme": "dark"}
    assert restored["restore_point"] == shown
    # a point before the second it was created in is still refused
    earlier = (dt.datetime.fromisoformat(shown) - dt.timedelta(seconds=1)).isoformat()
    bad = await api.post(
        f"/api/sessions/{session_id}/restore", {"restore_point": earlier}, expect=422
    )
    assert bad["details"]["field"] == "restore_point"
