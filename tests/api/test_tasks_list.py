"""Task lists: each filter, sorting, and pagination with links (API.md, Pagination Response)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from yarl import URL

from storage.models import Task
from tests.support.api import Api


@pytest.fixture
async def known(api: Api, make_user: Any) -> dict[str, Any]:
    """Five tasks of one project with distinct fields, and one task of a second project."""
    project = await api.project("known")
    other = await api.project("other")
    mate = make_user()
    await api.post(
        f"/api/projects/{project['id']}/members", {"user_id": mate.id, "role": "developer"}, 201
    )
    specs = [
        ("alpha", 1, ["backend", "security"], None, "pending"),
        ("bravo", 5, ["backend"], mate.id, "completed"),
        ("charlie", 3, ["security"], mate.id, "failed"),
        ("delta", 9, [], None, "cancelled"),
        ("echo", 0, ["frontend", "backend", "security"], None, "pending"),
    ]
    ids = {}
    for day, (title, priority, tags, assignee, status) in enumerate(specs, start=1):
        task = await api.task(
            project["id"], title, priority=priority, tags=tags, assigned_to=assignee
        )
        if status != "pending":
            await api.put(f"/api/tasks/{task['id']}", {"status": status})
        when = dt.datetime(2025, 7, day, 12)
        Task.update(created_at=when, updated_at=when).where(Task.id == task["id"]).execute()
        ids[title] = task["id"]
    ids["elsewhere"] = (await api.task(other["id"], "foxtrot"))["id"]
    return {"project": project["id"], "mate": mate.id, "ids": ids}


async def titles(api: Api, **params: Any) -> list[str]:
    params.setdefault("project_id", None)
    query = {k: v for k, v in params.items() if v is not None}
    return [item["title"] for item in (await api.get("/api/tasks/", **query))["items"]]


async def test_each_filter(api: Api, known: dict[str, Any]) -> None:
    project = known["project"]
    assert await titles(api, project_id=project) == ["echo", "delta", "charlie", "bravo", "alpha"]
    assert len(await titles(api)) == 6
    assert await titles(api, project_id=project, status="pending") == ["echo", "alpha"]
    assert await titles(api, project_id=project, status="completed,failed") == [
        "charlie",
        "bravo",
    ]
    assert await titles(api, assigned_to=known["mate"]) == ["charlie", "bravo"]
    assert await titles(api, project_id=project, priority=5) == ["delta", "bravo"]
    assert await titles(api, tags="backend,security") == ["echo", "alpha"]
    assert await titles(api, tags="backend,security", tags_match="any") == [
        "echo",
        "charlie",
        "bravo",
        "alpha",
    ]
    assert await titles(api, tags="FRONTEND") == ["echo"]
    assert await titles(
        api, created_after="2025-07-02T00:00:00Z", created_before="2025-07-04T00:00:00+00:00"
    ) == ["charlie", "bravo"]
    assert await titles(api, created_after="2025-07-05") == ["foxtrot", "echo"]


async def test_project_tasks_share_the_filters(api: Api, known: dict[str, Any]) -> None:
    data = await api.get(f"/api/projects/{known['project']}/tasks", status="pending")
    assert [t["title"] for t in data["items"]] == ["echo", "alpha"]
    error = await api.get(
        f"/api/projects/{known['project']}/tasks", expect=422, project_id=known["project"]
    )
    assert error["details"]["field"] == "project_id"


@pytest.mark.parametrize(
    ("sort", "order", "expected"),
    [
        ("priority", "desc", ["delta", "bravo", "charlie", "alpha", "echo"]),
        ("priority", "asc", ["echo", "alpha", "charlie", "bravo", "delta"]),
        ("title", "asc", ["alpha", "bravo", "charlie", "delta", "echo"]),
        ("created_at", "asc", ["alpha", "bravo", "charlie", "delta", "echo"]),
        ("updated_at", "desc", ["echo", "delta", "charlie", "bravo", "alpha"]),
    ],
)
async def test_sorting(
    api: Api, known: dict[str, Any], sort: str, order: str, expected: list[str]
) -> None:
    assert await titles(api, project_id=known["project"], sort=sort, order=order) == expected


async def test_pagination_and_links(api: Api, known: dict[str, Any]) -> None:
    project = known["project"]
    data = await api.get("/api/tasks/", project_id=project, page=2, page_size=2, sort="title")
    assert [t["title"] for t in data["items"]] == ["charlie", "bravo"]
    assert (data["total"], data["page"], data["page_size"], data["pages"]) == (5, 2, 2, 3)
    assert data["has_next"] and data["has_previous"]
    block = data["pagination"]
    assert (block["total"], block["page"], block["pages"]) == (5, 2, 3)
    links = {name: URL(link) if link else None for name, link in block["links"].items()}
    assert links["first"].path == "/api/tasks/" and links["first"].query["page"] == "1"
    assert links["previous"].query["page"] == "1" and links["next"].query["page"] == "3"
    assert links["last"].query["page"] == "3" and links["next"].query["page_size"] == "2"
    assert links["next"].query["project_id"] == project and links["next"].query["sort"] == "title"
    following = await api.get(links["next"].path, **dict(links["next"].query))
    assert [t["title"] for t in following["items"]] == ["alpha"]
    assert not following["has_next"] and following["pagination"]["links"]["next"] is None
    first = await api.get("/api/tasks/", project_id=project, page_size=2)
    assert first["pagination"]["links"]["previous"] is None and not first["has_previous"]
    beyond = await api.get("/api/tasks/", project_id=project, page=9, page_size=2)
    assert beyond["items"] == []
    assert URL(beyond["pagination"]["links"]["previous"]).query["page"] == "3"


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"page_size": 101}, "page_size"),
        ({"page_size": 0}, "page_size"),
        ({"page": 0}, "page"),
        ({"page": "x"}, "page"),
        ({"status": "pending,done"}, "status"),
        ({"sort": "status"}, "sort"),
        ({"order": "up"}, "order"),
        ({"priority": "high"}, "priority"),
        ({"assigned_to": "me"}, "assigned_to"),
        ({"created_after": "yesterday"}, "created_after"),
        ({"tags_match": "some"}, "tags_match"),
        ({"tags": "a,,b", "colour": "red"}, "colour"),
    ],
)
async def test_bad_list_parameters(api: Api, params: dict[str, Any], field: str) -> None:
    error = await api.get("/api/tasks/", expect=422, **params)
    assert error["details"]["field"] == field, error
