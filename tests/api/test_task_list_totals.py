"""A task list's `total` stays exact through changes, for every filter and for any number of
visible projects; lists of the same shape for different callers each get their own rows."""

from __future__ import annotations

from typing import Any

from storage.tasks.listing import INLINE_PROJECTS
from tests.support.api import Api
from tests.support.fixtures.app import ApiOn

FILTERS: list[dict[str, Any]] = [
    {},
    {"status": "pending"},
    {"status": "completed,failed"},
    {"status": "pending,pending"},
    {"priority": 4},
    {"status": "pending", "priority": 2},
    {"tags": "x"},
    {"search": "second"},
    {"created_after": "2000-01-01T00:00:00Z"},
]


async def every_item(api: Api, **params: Any) -> tuple[int, list[str]]:
    """The list's total and all its items' ids, page by page."""
    ids: list[str] = []
    page = 1
    while True:
        data = await api.get("/api/tasks/", page=page, page_size=7, **params)
        ids += [item["id"] for item in data["items"]]
        if not data["has_next"]:
            return data["total"], ids
        page += 1


async def test_totals_stay_exact_through_changes(api: Api) -> None:
    first, second = await api.project_id("first"), await api.project_id("second")
    tasks = [
        await api.task(project, f"task {n} of {name}", priority=n % 5, tags=["x"] if n % 3 else [])
        for project, name in ((first, "first"), (second, "second"))
        for n in range(9)
    ]
    for task, status in zip(tasks[:6], ["completed", "failed", "cancelled"] * 2, strict=True):
        await api.put(f"/api/tasks/{task['id']}", {"status": status})
    await api.put(f"/api/tasks/{tasks[7]['id']}", {"priority": 10})
    for task in tasks[10:13]:
        await api.delete(f"/api/tasks/{task['id']}")
    for params in FILTERS:
        for scope in ({}, {"project_id": first}):
            total, ids = await every_item(api, **params, **scope)
            assert total == len(ids) == len(set(ids)), (params, scope)
    assert (await every_item(api))[0] == 15
    assert (await every_item(api, status="pending"))[0] == 15 - 6


async def test_callers_of_the_same_shape_see_their_own_tasks(api: Api, api_on: ApiOn) -> None:
    other = api_on(api.client)
    mine = {(await api.task(await api.project_id("mine"), "mine"))["id"]}
    theirs = {(await other.task(await other.project_id("theirs"), "theirs"))["id"]}
    for params in ({}, {"status": "pending"}):
        assert set((await every_item(api, **params))[1]) == mine
        assert set((await every_item(other, **params))[1]) == theirs


async def test_more_projects_than_are_listed_inline(api: Api, api_on: ApiOn) -> None:
    """Past INLINE_PROJECTS visible projects the list filters through a subquery."""
    admin = api_on(api.client, "admin")
    created = []
    for n in range(INLINE_PROJECTS + 2):
        project = await api.project_id(f"p{n}")
        created.append((await api.task(project, f"t{n}", priority=n % 2))["id"])
    total, ids = await every_item(api)
    assert total == len(created) and ids == created[::-1]
    assert (await every_item(api, priority=1))[0] == len(created) // 2
    assert set((await every_item(admin))[1]) == set(created)
