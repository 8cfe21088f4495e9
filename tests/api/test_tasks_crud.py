"""Task create, get, update, delete, history and dependencies through the real app."""

from __future__ import annotations

from typing import Any

import pytest

from storage.models import Task, TaskTag
from tests.support.api import Api

FULL = {
    "title": "Implement user authentication",
    "description": "Add JWT-based authentication to the API",
    "priority": 1,
    "estimated_duration": "02:30:00",
    "tags": ["Authentication", " security ", "authentication"],
    "metadata": {"component": "backend", "complexity": "medium"},
}


async def test_create_with_every_field_and_read_back(api: Api) -> None:
    project = await api.project()
    created = await api.task(project["id"], **{**FULL, "assigned_to": api.user.id})
    assert created["status"] == "pending" and created["progress_percentage"] == 0
    assert created["estimated_duration"] == "02:30:00" and created["actual_duration"] is None
    assert created["tags"] == ["authentication", "security"]
    assert created["assigned_to"] == api.user.id and created["created_by"] == api.user.id
    assert created["created_at"].endswith("Z") and created["completed_at"] is None
    details = await api.get(f"/api/tasks/{created['id']}")
    assert details["metadata"] == FULL["metadata"] and details["dependencies"] == []
    assert [h["action"] for h in details["history"]] == ["created"]
    assert details["history"][0]["details"]["initial_data"]["title"] == FULL["title"]
    assert details["history"][0]["user_name"] == api.user.username
    tags = TaskTag.select(TaskTag.tag).where(TaskTag.task == created["id"]).tuples()
    assert sorted(t for (t,) in tags) == ["authentication", "security"]


@pytest.mark.parametrize(
    ("body", "field", "code"),
    [
        ({"title": ""}, "title", "VALIDATION_VALUE_TOO_SHORT"),
        ({"title": "x" * 501}, "title", "VALIDATION_VALUE_TOO_LONG"),
        ({"title": None}, "title", "VALIDATION_INVALID_FORMAT"),
        ({"priority": 11}, "priority", "VALIDATION_INVALID_FORMAT"),
        ({"priority": "high"}, "priority", "VALIDATION_INVALID_FORMAT"),
        ({"estimated_duration": "2h"}, "estimated_duration", "VALIDATION_INVALID_FORMAT"),
        ({"estimated_duration": "01:60:00"}, "estimated_duration", "VALIDATION_INVALID_FORMAT"),
        ({"assigned_to": "nobody"}, "assigned_to", "VALIDATION_INVALID_FORMAT"),
        ({"tags": "a,b"}, "tags", "VALIDATION_INVALID_FORMAT"),
        ({"tags": [1]}, "tags[0]", "VALIDATION_INVALID_FORMAT"),
        ({"tags": ["a,b"]}, "tags", "VALIDATION_ERROR"),
        ({"tags": ["  "]}, "tags", "VALIDATION_ERROR"),
        ({"metadata": []}, "metadata", "VALIDATION_INVALID_FORMAT"),
        ({"status": "running"}, "status", "VALIDATION_ERROR"),
        ({"created_by": "x"}, "created_by", "VALIDATION_ERROR"),
        ({"id": "x"}, "id", "VALIDATION_ERROR"),
        ({"dependencies": [{}]}, "dependencies[0].depends_on_task_id", "VALIDATION_REQUIRED_FIELD"),
        (
            {
                "dependencies": [
                    {
                        "depends_on_task_id": "0" * 8 + "-0000-0000-0000-" + "0" * 12,
                        "dependency_type": "x",
                    }
                ]
            },
            "dependencies[0].dependency_type",
            "VALIDATION_INVALID_FORMAT",
        ),
    ],
)
async def test_create_validates_each_field(
    api: Api, body: dict[str, Any], field: str, code: str
) -> None:
    project = await api.project()
    error = await api.post(
        "/api/tasks/", {"title": "t", "project_id": project["id"], **body}, expect=422
    )
    assert (error["code"], error["details"]["field"]) == (code, field)


async def test_assignee_must_reach_the_project(api: Api, make_user: Any) -> None:
    project = await api.project()
    stranger = make_user()
    error = await api.post(
        "/api/tasks/",
        {"title": "t", "project_id": project["id"], "assigned_to": stranger.id},
        expect=422,
    )
    assert error["details"]["field"] == "assigned_to"


async def test_update_records_each_field_with_old_and_new(api: Api) -> None:
    project = await api.project()
    task = await api.task(project["id"], title="old", priority=1)
    path = f"/api/tasks/{task['id']}"
    updated = await api.put(
        path,
        {
            "title": "new",
            "priority": 1,
            "progress_percentage": 75,
            "estimated_duration": "01:00:00",
            "metadata": {"notes": "x"},
        },
    )
    assert updated["title"] == "new" and updated["progress_percentage"] == 75
    history = (await api.get(f"{path}/history"))["history"]
    changes = {h["field"]: (h["old_value"], h["new_value"]) for h in history if h["field"]}
    assert changes == {
        "title": ("old", "new"),
        "progress_percentage": (0, 75),
        "estimated_duration": (None, "01:00:00"),
        "metadata": ({}, {"notes": "x"}),
    }
    assert all(h["user_id"] == api.user.id and h["timestamp"].endswith("Z") for h in history)
    status = await api.put(path, {"status": "completed"})
    assert status["status"] == "completed" and status["completed_at"]
    assert status["progress_percentage"] == 100
    change = next(h for h in status["history"] if h["action"] == "status_changed")
    assert (change["old_value"], change["new_value"]) == ("pending", "completed")
    reopened = await api.put(path, {"status": "pending"})
    assert reopened["completed_at"] is None


@pytest.mark.parametrize("runtime_status", ["queued", "running"])
async def test_runtime_statuses_stay_with_the_runtime(api: Api, runtime_status: str) -> None:
    project = await api.project()
    task = await api.task(project["id"])
    path = f"/api/tasks/{task['id']}"
    error = await api.put(path, {"status": runtime_status}, expect=422)
    assert error["details"]["field"] == "status"
    Task.update(status=runtime_status).where(Task.id == task["id"]).execute()
    error = await api.put(path, {"status": "completed"}, expect=409)
    assert error["code"] == "TASK_ALREADY_RUNNING"
    assert (await api.delete(path, expect=409))["code"] == "TASK_ALREADY_RUNNING"
    renamed = await api.put(path, {"title": "renamed while running"})
    assert renamed["status"] == runtime_status and renamed["title"] == "renamed while running"


async def test_soft_delete_keeps_the_audit_trail(api: Api) -> None:
    project = await api.project()
    task = await api.task(project["id"])
    path = f"/api/tasks/{task['id']}"
    deleted = await api.delete(path)
    assert deleted["message"] == "Task deleted successfully" and deleted["deleted_at"]
    assert (await api.get(path, expect=404))["code"] == "TASK_NOT_FOUND"
    assert task["id"] not in await api.ids("/api/tasks/")
    assert (await api.delete(path, expect=404))["code"] == "TASK_NOT_FOUND"
    row = Task.get_by_id(task["id"])
    assert row.deleted_at is not None
    assert sorted(h.action for h in row.history) == ["created", "deleted"]


async def test_dependencies_show_title_and_status_and_refuse_bad_links(api: Api) -> None:
    project = await api.project()
    base = await api.task(project["id"], title="Setup database schema")
    middle = await api.task(project["id"], dependencies=[{"depends_on_task_id": base["id"]}])
    assert middle["dependencies"][0]["depends_on_task_id"] == base["id"]
    assert middle["dependencies"][0]["dependency_type"] == "blocks"
    assert middle["dependencies"][0]["task"] == {
        "title": "Setup database schema",
        "status": "pending",
    }
    top = await api.task(project["id"], dependencies=[{"depends_on_task_id": middle["id"]}])

    async def refused(task_id: str, target: str) -> str:
        body = {"dependencies": [{"depends_on_task_id": target}]}
        error = await api.put(f"/api/tasks/{task_id}", body, expect=422)
        assert error["details"]["field"] == "dependencies"
        return str(error["details"]["issue"])

    assert "cycle" in await refused(base["id"], top["id"])
    assert "itself" in await refused(base["id"], base["id"])
    other = await api.task((await api.project("other"))["id"])
    assert "another project" in await refused(base["id"], other["id"])
    assert "does not exist" in await refused(base["id"], "0" * 8 + "-0000-0000-0000-" + "0" * 12)
    cleared = await api.put(f"/api/tasks/{top['id']}", {"dependencies": []})
    assert cleared["dependencies"] == []
    assert cleared["history"][-1]["action"] == "dependencies_changed"


async def test_max_tasks_and_archived_projects(api: Api) -> None:
    project = await api.project(resource_limits={"max_tasks": 2})
    for _ in range(2):
        await api.task(project["id"])
    error = await api.post("/api/tasks/", {"title": "t", "project_id": project["id"]}, 409)
    assert error["code"] == "PROJECT_LIMIT_EXCEEDED" and error["details"]["max_tasks"] == 2
    task_id = (await api.ids("/api/tasks/", project_id=project["id"]))[0]
    await api.put(f"/api/projects/{project['id']}", {"status": "archived"})
    for error in (
        await api.put(f"/api/tasks/{task_id}", {"title": "x"}, expect=409),
        await api.delete(f"/api/tasks/{task_id}", expect=409),
        await api.put(f"/api/projects/{project['id']}", {"name": "x"}, expect=409),
    ):
        assert error["code"] == "PROJECT_ARCHIVED"
    assert (await api.get(f"/api/tasks/{task_id}"))["id"] == task_id
    await api.put(f"/api/projects/{project['id']}", {"status": "active"})
    await api.put(f"/api/tasks/{task_id}", {"title": "x"})
