"""Projects: CRUD, lists, statistics, activity, clone and analytics on known data."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from storage.models import Project, Task, utcnow
from tests.support.api import Api

LIMITS = {"max_tasks": 500, "max_concurrent_tasks": 5, "storage_limit": "1GB"}


async def test_create_details_update_delete(api: Api, settings: Any) -> None:
    created = await api.project(
        "E-commerce", description="shop", settings={"theme": "dark"}, resource_limits=LIMITS
    )
    assert created["status"] == "active" and created["created_by"] == api.user.id
    assert created["resource_limits"] == LIMITS and created["settings"] == {"theme": "dark"}
    assert created["statistics"]["total_tasks"] == 0 and created["your_role"] == "owner"
    assert Path(created["working_directory"]).parent == settings.workspace_root
    path = f"/api/projects/{created['id']}"
    task = await api.task(created["id"], "Setup user authentication")
    await api.put(f"/api/tasks/{task['id']}", {"status": "completed"})
    Task.update(actual_duration=3600).where(Task.id == task["id"]).execute()
    await api.task(created["id"], "pending one")
    details = await api.get(path)
    stats = details["statistics"]
    assert (stats["total_tasks"], stats["completed_tasks"], stats["pending_tasks"]) == (2, 1, 1)
    assert stats["completion_rate"] == 0.5 and stats["average_task_duration"] == "01:00:00"
    activity = details["recent_activity"]
    assert activity[0]["action"] == "task_created" and activity[0]["task_title"] == "pending one"
    assert any(a["action"] == "task_completed" for a in activity)
    assert activity[0]["user_name"] == api.user.username

    updated = await api.put(path, {"name": "E-commerce v2", "settings": {"theme": "light"}})
    assert updated["name"] == "E-commerce v2" and updated["settings"] == {"theme": "light"}
    assert updated["description"] == "shop" and updated["resource_limits"] == LIMITS
    deleted = await api.delete(path)
    assert (
        deleted["deleted_at"] and (await api.get(path, expect=404))["code"] == "PROJECT_NOT_FOUND"
    )
    assert (await api.get(f"/api/tasks/{task['id']}", expect=404))["code"] == "TASK_NOT_FOUND"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": ""}, "name"),
        ({"name": "x" * 201}, "name"),
        ({"name": "p", "settings": "dark"}, "settings"),
        ({"name": "p", "resource_limits": {"max_tasks": 0}}, "resource_limits.max_tasks"),
        (
            {"name": "p", "resource_limits": {"storage_limit": "lots"}},
            "resource_limits.storage_limit",
        ),
        ({"name": "p", "resource_limits": {"cpus": 2}}, "resource_limits.cpus"),
        ({"name": "p", "status": "archived"}, "status"),
        ({"name": "p", "created_by": "me"}, "created_by"),
    ],
)
async def test_create_validation(api: Api, body: dict[str, Any], field: str) -> None:
    error = await api.post("/api/projects/", body, expect=422)
    assert error["details"]["field"] == field


async def test_running_tasks_keep_a_project(api: Api) -> None:
    project = await api.project()
    task = await api.task(project["id"])
    Task.update(status="running").where(Task.id == task["id"]).execute()
    error = await api.delete(f"/api/projects/{project['id']}", expect=409)
    assert error["code"] == "RESOURCE_IN_USE"


async def test_list_filters_search_sort(api: Api, api_as: Any, make_user: Any) -> None:
    names = ["Alpha shop", "Beta api", "Gamma shop"]
    ids = [(await api.project(n, description=f"{n} description"))["id"] for n in names]
    await api.put(f"/api/projects/{ids[1]}", {"status": "archived"})
    Project.update(created_at=dt.datetime(2025, 1, 1)).where(Project.id == ids[0]).execute()
    await api_as(make_user()).project("Someone else's shop")

    async def listed(**params: Any) -> list[str]:
        return [p["name"] for p in (await api.get("/api/projects/", **params))["items"]]

    assert await listed() == ["Gamma shop", "Beta api", "Alpha shop"]
    assert await listed(sort="name", order="asc") == names
    assert await listed(status="archived") == ["Beta api"]
    assert await listed(status="active,completed") == ["Gamma shop", "Alpha shop"]
    assert await listed(search="shop") == ["Gamma shop", "Alpha shop"]
    assert await listed(search="name:beta OR status:archived") == ["Beta api"]
    assert await listed(created_before="2025-06-01") == ["Alpha shop"]
    assert await listed(created_by=api.user.id, page_size=1) == ["Gamma shop"]
    page = await api.get("/api/projects/", page_size=2, page=2)
    assert page["total"] == 3 and page["pages"] == 2 and page["has_previous"]
    assert page["items"][0]["statistics"]["total_tasks"] == 0
    assert (await api.get("/api/projects/", expect=422, status="gone"))["details"][
        "field"
    ] == "status"


async def test_clone_with_and_without_tasks(api: Api) -> None:
    source = await api.project("Source", settings={"theme": "dark"}, resource_limits=LIMITS)
    first = await api.task(
        source["id"], "first", tags=["a"], priority=3, estimated_duration="01:00:00"
    )
    second = await api.task(
        source["id"],
        "second",
        assigned_to=api.user.id,
        dependencies=[{"depends_on_task_id": first["id"]}],
    )
    await api.put(f"/api/tasks/{second['id']}", {"status": "completed"})
    gone = await api.task(source["id"], "deleted")
    await api.delete(f"/api/tasks/{gone['id']}")

    bare = await api.post(f"/api/projects/{source['id']}/clone", {"include_settings": False}, 201)
    assert bare["name"] == "Source (copy)" and bare["settings"] == {}
    assert bare["statistics"]["total_tasks"] == 0 and bare["id"] != source["id"]
    assert bare["working_directory"] != source["working_directory"]

    full = await api.post(
        f"/api/projects/{source['id']}/clone", {"name": "Full", "include_tasks": True}, 201
    )
    assert full["settings"] == {"theme": "dark"} and full["resource_limits"] == LIMITS
    tasks = (await api.get(f"/api/projects/{full['id']}/tasks", sort="title", order="asc"))["items"]
    assert [t["title"] for t in tasks] == ["first", "second"]
    assert {t["status"] for t in tasks} == {"pending"} and tasks[1]["assigned_to"] is None
    assert tasks[0]["tags"] == ["a"] and tasks[0]["priority"] == 3
    assert tasks[0]["estimated_duration"] == "01:00:00"
    copied = await api.get(f"/api/tasks/{tasks[1]['id']}")
    assert copied["dependencies"][0]["depends_on_task_id"] == tasks[0]["id"]
    assert copied["history"][0]["details"]["cloned_from"] == second["id"]
    assert await api.ids("/api/tasks/", project_id=full["id"], tags="a") == [tasks[0]["id"]]
    assert await api.ids("/api/tasks/", project_id=full["id"], search="second") == [tasks[1]["id"]]

    await api.put(f"/api/projects/{source['id']}", {"resource_limits": {"max_tasks": 1}})
    error = await api.post(f"/api/projects/{source['id']}/clone", {"include_tasks": True}, 409)
    assert error["code"] == "PROJECT_LIMIT_EXCEEDED"


async def test_analytics_on_known_data(api: Api, make_user: Any) -> None:
    mate = make_user(full_name="Mate")
    project = await api.project()
    await api.post(
        f"/api/projects/{project['id']}/members", {"user_id": mate.id, "role": "developer"}, 201
    )
    today = utcnow().replace(hour=12, minute=0, second=0, microsecond=0)
    day = dt.timedelta(days=1)
    rows = [
        # created (days ago), status, completed (days ago), actual s, estimated s, assignee
        (3, "completed", 2, 3600, 7200, mate.id),
        (3, "completed", 1, 7200, 3600, mate.id),
        (2, "failed", 1, None, None, None),
        (1, "completed", 0, 1800, 1800, None),
        (0, "pending", None, None, None, mate.id),
        (40, "completed", 35, 100, None, None),
    ]
    for created, status, completed, actual, estimated, assignee in rows:
        task = await api.task(project["id"], assigned_to=assignee)
        Task.update(
            status=status,
            created_at=today - created * day,
            completed_at=None if completed is None else today - completed * day,
            actual_duration=actual,
            estimated_duration=estimated,
        ).where(Task.id == task["id"]).execute()
    data = await api.get(f"/api/projects/{project['id']}/analytics", period="7d")
    assert data["project_id"] == project["id"] and data["period"] == "7d"
    assert data["summary"] == {
        "total_tasks": 5,
        "completed_tasks": 3,
        "average_completion_time": "32:00:00",
        "productivity_score": 0.75,
    }
    trends = data["task_trends"]
    assert len(trends["dates"]) == 7 and trends["dates"][-1] == today.date().isoformat()
    assert trends["created_per_day"] == [0, 0, 0, 2, 1, 1, 1]
    assert trends["completed_per_day"] == [0, 0, 0, 0, 1, 1, 1]
    assert data["performance_metrics"] == {
        "average_task_duration": "01:10:00",
        "median_task_duration": "01:00:00",
        "completion_rate": 0.6,
        "on_time_completion_rate": 0.667,
    }
    team = {row["user_name"]: row for row in data["team_performance"]}
    assert team["Mate"] == {
        "user_id": mate.id,
        "user_name": "Mate",
        "tasks_assigned": 3,
        "tasks_completed": 2,
        "average_duration": "01:30:00",
        "completion_rate": 0.667,
    }
    assert team[api.user.username]["tasks_completed"] == 1
    year = await api.get(f"/api/projects/{project['id']}/analytics", period="1y")
    assert year["summary"]["total_tasks"] == 6 and len(year["task_trends"]["dates"]) == 365
    error = await api.get(f"/api/projects/{project['id']}/analytics", expect=422, period="2w")
    assert error["details"]["field"] == "period"
