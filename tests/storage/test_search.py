"""The search syntax, every form, against the database's own full-text matching."""

from __future__ import annotations

from typing import Any

import pytest

from tests.support.api import Api

TASKS = [
    ("Implement user authentication", "Add JWT tokens to the API", ["security", "backend"]),
    ("Authenticate webhooks", "Sign deliveries with HMAC", ["security"]),
    ("Fix login page", "The user authentication form breaks on Safari", ["frontend"]),
    ("Write documentation", "Explain authorization and auth flows", ["docs"]),
    ("Tune database", "Add an index for search", ["backend", "performance"]),
]


@pytest.fixture
async def project_id(api: Api) -> str:
    project = await api.project("search")
    for title, description, tags in TASKS:
        await api.task(project["id"], title, description=description, tags=tags)
    done = await api.task(project["id"], "Finished auth work", description="done")
    await api.put(f"/api/tasks/{done['id']}", {"status": "completed"})
    return str(project["id"])


async def found(api: Api, project_id: str, search: str) -> set[str]:
    data = await api.get("/api/tasks/", project_id=project_id, search=search, page_size=100)
    return {item["title"] for item in data["items"]}


@pytest.mark.parametrize(
    ("search", "expected"),
    [
        ("authentication", {"Implement user authentication", "Fix login page"}),
        ("AUTHENTICATION", {"Implement user authentication", "Fix login page"}),
        ("auth", {"Write documentation", "Finished auth work"}),
        (
            "auth*",
            {
                "Implement user authentication",
                "Authenticate webhooks",
                "Fix login page",
                "Write documentation",
                "Finished auth work",
            },
        ),
        ('"user authentication"', {"Implement user authentication", "Fix login page"}),
        ('"authentication user"', set()),
        ("auth* AND security", set()),
        ("auth* AND tags:security", {"Implement user authentication", "Authenticate webhooks"}),
        ("user authentication", {"Implement user authentication", "Fix login page"}),
        ("webhooks OR database", {"Authenticate webhooks", "Tune database"}),
        ("authentication NOT title:fix", {"Implement user authentication"}),
        ("NOT auth* AND NOT tags:docs", {"Tune database"}),
        ("(webhooks OR login) AND tags:frontend", {"Fix login page"}),
        ("title:authentication", {"Implement user authentication"}),
        ("description:authentication", {"Fix login page"}),
        ('description:"user authentication"', {"Fix login page"}),
        (
            "title:auth*",
            {"Implement user authentication", "Authenticate webhooks", "Finished auth work"},
        ),
        ("tags:backend", {"Implement user authentication", "Tune database"}),
        ("tags:BACK*", {"Implement user authentication", "Tune database"}),
        ("status:completed", {"Finished auth work"}),
        ("status:completed OR tags:docs", {"Finished auth work", "Write documentation"}),
        ("jwt", {"Implement user authentication"}),
        ('"JWT tokens"*', {"Implement user authentication"}),
        ("and", {"Write documentation"}),
    ],
)
async def test_search_forms(api: Api, project_id: str, search: str, expected: set[str]) -> None:
    assert await found(api, project_id, search) == expected


async def test_search_combines_with_filters_and_is_per_user(
    api: Api, project_id: str, api_as: Any, make_user: Any
) -> None:
    data = await api.get("/api/tasks/", search="auth*", status="completed")
    assert [item["title"] for item in data["items"]] == ["Finished auth work"]
    stranger = api_as(make_user())
    assert (await stranger.get("/api/tasks/", search="auth*"))["total"] == 0


@pytest.mark.parametrize(
    ("search", "issue"),
    [
        ('"unterminated', "unterminated quote"),
        ("auth AND", "expected a search term after 'AND'"),
        ("OR auth", "expected a search term at the start"),
        ("(auth OR jwt", "missing ')'"),
        ("auth)", "unmatched ')'"),
        ("()", "empty parentheses"),
        ("owner:me", "unknown field 'owner:'"),
        ("title:", "'title:' needs a value"),
        ("*", "has no letters or digits"),
        ("a*b", "'*' may only end a word"),
        ("status:done", "status:done is not one of"),
        (" ".join(["w"] * 21), "at most 20 search terms"),
        ("(" * 11 + "a" + ")" * 11, "nest deeper than 10"),
    ],
)
async def test_malformed_queries_name_the_problem(api: Api, search: str, issue: str) -> None:
    error = await api.get("/api/tasks/", expect=422, search=search)
    assert error["code"] == "VALIDATION_ERROR"
    assert error["details"]["field"] == "search"
    assert issue in error["details"]["issue"], error


async def test_updates_reach_the_index(api: Api, project_id: str) -> None:
    task_id = (await api.ids("/api/tasks/", project_id=project_id, search="webhooks"))[0]
    await api.put(f"/api/tasks/{task_id}", {"title": "Rotate signing keys"})
    assert await found(api, project_id, "webhooks") == set()
    assert await found(api, project_id, "signing") == {"Rotate signing keys"}
    await api.delete(f"/api/tasks/{task_id}")
    assert await found(api, project_id, "signing") == set()
