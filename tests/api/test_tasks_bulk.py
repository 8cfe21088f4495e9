"""Bulk operations: all six, each task on its own, partial failure reported per task."""

from __future__ import annotations

from typing import Any

import pytest

from storage.models import Task
from tests.support.api import Api

MISSING = "00000000-0000-0000-0000-000000000000"


async def bulk(api: Api, operation: str, ids: list[str], data: Any = None, **kw: Any) -> Any:
    body = {"operation": operation, "task_ids": ids, **({"data": data} if data is not None else {})}
    return await api.post("/api/tasks/bulk", body, **kw)


async def three(api: Api) -> tuple[str, list[str]]:
    project = await api.project()
    ids = [(await api.task(project["id"], f"t{i}", tags=["keep"]))["id"] for i in range(3)]
    return project["id"], ids


async def test_each_operation(api: Api, make_user: Any) -> None:
    project_id, ids = await three(api)
    result = await bulk(api, "update_status", ids, {"status": "completed"})
    assert result == {
        "operation": "update_status",
        "affected_count": 3,
        "successful": ids,
        "failed": [],
        "errors": [],
    }
    assert {Task.get_by_id(i).status for i in ids} == {"completed"}
    assert {Task.get_by_id(i).progress_percentage for i in ids} == {100}

    await bulk(api, "assign", ids[:2], {"assigned_to": api.user.id})
    assert [Task.get_by_id(i).assigned_to_id for i in ids] == [api.user.id, api.user.id, None]
    await bulk(api, "assign", ids[:1], {"assigned_to": None})
    assert Task.get_by_id(ids[0]).assigned_to_id is None

    await bulk(api, "add_tags", ids, {"tags": ["New", "keep"]})
    assert {tuple(Task.get_by_id(i).tags) for i in ids} == {("keep", "new")}
    assert await api.ids("/api/tasks/", tags="new") != []
    await bulk(api, "remove_tags", ids[1:], {"tags": ["KEEP"]})
    assert [Task.get_by_id(i).tags for i in ids] == [["keep", "new"], ["new"], ["new"]]
    assert len(await api.ids("/api/tasks/", tags="keep")) == 1

    await bulk(api, "set_priority", ids, {"priority": 7})
    assert {Task.get_by_id(i).priority for i in ids} == {7}
    history = (await api.get(f"/api/tasks/{ids[2]}/history"))["history"]
    assert {"status", "tags", "priority"} <= {h["field"] for h in history}

    result = await bulk(api, "delete", ids)
    assert result["affected_count"] == 3
    assert await api.ids("/api/tasks/", project_id=project_id) == []


async def test_one_bad_id_never_spoils_the_others(api: Api, api_as: Any, make_user: Any) -> None:
    _, ids = await three(api)
    other = api_as(make_user())
    their_task = (await other.task((await other.project())["id"]))["id"]
    Task.update(status="running").where(Task.id == ids[1]).execute()
    result = await bulk(
        api,
        "update_status",
        [ids[0], MISSING, ids[1], their_task, ids[2], ids[0]],
        {"status": "cancelled"},
    )
    assert result["successful"] == [ids[0], ids[2]] and result["affected_count"] == 2
    assert result["failed"] == [MISSING, ids[1], their_task]
    assert [e["code"] for e in result["errors"]] == [
        "TASK_NOT_FOUND",
        "TASK_ALREADY_RUNNING",
        "TASK_NOT_FOUND",
    ]
    assert all(e["task_id"] and e["message"] for e in result["errors"])
    assert Task.get_by_id(their_task).status == "pending"
    assert [Task.get_by_id(i).status for i in ids] == ["cancelled", "running", "cancelled"]


async def test_ids_that_are_not_uuids_or_name_no_task_fail_alone(api: Api) -> None:
    _, ids = await three(api)
    sent = [ids[0], "not-a-uuid", MISSING, "", ids[1]]
    result = await bulk(api, "add_tags", sent, {"tags": ["bulk"]})
    assert result["successful"] == [ids[0], ids[1]] and result["affected_count"] == 2
    assert result["failed"] == ["not-a-uuid", MISSING, ""]
    assert [(e["task_id"], e["code"]) for e in result["errors"]] == [
        ("not-a-uuid", "VALIDATION_INVALID_FORMAT"),
        (MISSING, "TASK_NOT_FOUND"),
        ("", "VALIDATION_INVALID_FORMAT"),
    ]
    assert result["errors"][0]["message"] == "task_id: must be a UUID"
    assert [Task.get_by_id(i).tags for i in ids] == [["keep", "bulk"], ["keep", "bulk"], ["keep"]]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"operation": "archive", "task_ids": [MISSING]}, "operation"),
        ({"task_ids": [MISSING]}, "operation"),
        ({"operation": "delete", "task_ids": []}, "task_ids"),
        ({"operation": "delete"}, "task_ids"),
        ({"operation": "delete", "task_ids": [7]}, "task_ids[0]"),
        ({"operation": "delete", "task_ids": ["x" * 101]}, "task_ids[0]"),
        ({"operation": "delete", "task_ids": [MISSING] * 101}, "task_ids"),
        ({"operation": "update_status", "task_ids": [MISSING]}, "data.status"),
        (
            {"operation": "update_status", "task_ids": [MISSING], "data": {"status": "running"}},
            "data.status",
        ),
        (
            {"operation": "set_priority", "task_ids": [MISSING], "data": {"priority": 99}},
            "data.priority",
        ),
        ({"operation": "assign", "task_ids": [MISSING], "data": {}}, "data.assigned_to"),
        ({"operation": "add_tags", "task_ids": [MISSING], "data": {"tags": []}}, "data.tags"),
        ({"operation": "add_tags", "task_ids": [MISSING], "data": {"tags": ["a,b"]}}, "tags"),
        ({"operation": "delete", "task_ids": [MISSING], "data": {"force": True}}, "data.force"),
    ],
)
async def test_invalid_requests_are_refused_whole(
    api: Api, body: dict[str, Any], field: str
) -> None:
    error = await api.post("/api/tasks/bulk", body, expect=422)
    assert error["details"]["field"] == field, error


async def test_viewer_account_cannot_bulk(api_as: Any, make_user: Any) -> None:
    viewer = api_as(make_user("viewer"))
    error = await bulk(viewer, "delete", [MISSING], expect=403)
    assert error["code"] == "AUTH_INSUFFICIENT_PERMISSIONS"
