"""Suggestions: a catalog by context, merged with your history by frequency and recency."""

from __future__ import annotations

import datetime as dt
from typing import Any

from aiohttp.test_utils import TestClient

from storage.models import Command, User, utcnow
from web.commands.suggestions import CATALOG, CONTEXTS, category_of, suggest


def ran(user: User, command: str, days_ago: float, times: int = 1) -> None:
    for _ in range(times):
        Command.create(
            user=user,
            command=command,
            working_directory="/tmp",
            status="completed",
            created_at=utcnow() - dt.timedelta(days=days_ago),
        )


async def suggestions(client: TestClient, auth: dict[str, str], query: str) -> list[dict[str, Any]]:
    response = await client.get(f"/api/commands/suggestions?{query}", headers=auth)
    payload = await response.json()
    assert response.status == 200, payload
    return payload["data"]["suggestions"]


async def test_the_catalog_answers_by_context_and_prefix(
    client: TestClient, make_user: Any, headers: Any
) -> None:
    auth = headers(make_user())
    found = await suggestions(client, auth, "context=git&prefix=git%20c")
    assert [s["command"] for s in found] == ["git commit -m", "git checkout -b"]
    assert found[0] == {
        "command": "git commit -m",
        "description": "Commit staged changes with message",
        "category": "git",
        "source": "catalog",
    }
    for context in ("npm", "pip", "pytest", "make", "docker", "claude", "shell"):
        found = await suggestions(client, auth, f"context={context}")
        assert found and {s["category"] for s in found} == {context}


async def test_history_comes_first_ranked_by_frequency_and_recency(
    client: TestClient, make_user: Any, headers: Any
) -> None:
    user, stranger = make_user(), make_user()
    ran(user, "git log --stat", days_ago=0.1, times=3)  # frequent and recent
    ran(user, "git status", days_ago=0.01)  # recent, once; also in the catalog
    ran(user, "git fetch --all", days_ago=60, times=10)  # frequent, long ago
    ran(user, "sudo git gc", days_ago=0.01)  # unsafe: never suggested
    ran(stranger, "git secret-command", days_ago=0)
    found = await suggestions(client, headers(user), "context=git&prefix=git&limit=5")
    assert [s["command"] for s in found] == [
        "git log --stat",
        "git status",
        "git fetch --all",
        "git add .",
        "git commit -m",
    ]
    assert found[0]["source"] == "history" and found[0]["use_count"] == 3
    assert found[1]["source"] == "history"  # not repeated from the catalog
    shell = await suggestions(client, headers(user), "prefix=sudo")
    assert shell == []


async def test_unknown_context_and_bad_limits_are_refused(
    client: TestClient, make_user: Any, headers: Any
) -> None:
    auth = headers(make_user())
    for query in ("context=cobol", "limit=0", "limit=101", "prefix=" + "x" * 201):
        response = await client.get(f"/api/commands/suggestions?{query}", headers=auth)
        assert response.status == 422, query


def test_every_catalog_entry_is_in_its_own_context() -> None:
    assert set(CONTEXTS) == {"git", "npm", "pip", "pytest", "make", "docker", "claude", "shell"}
    for entry in CATALOG:
        assert category_of(entry.command) == entry.category, entry


def test_prefix_filters_history_and_catalog_alike() -> None:
    now = utcnow()
    history = [("make docs", 2, now), ("make tags", 1, now)]
    found = suggest(history, now, None, "make t", 10)
    assert [s["command"] for s in found] == ["make tags", "make test"]
    assert suggest([], now, "make", "zzz", 10) == []
