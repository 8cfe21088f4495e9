"""The async client is the sync one's twin: the same resources awaited, lists walked with
`async for`, errors raised alike, and concurrent calls that find their token refused renew it
once (a refresh token works once: a second refresh would end the login)."""

from __future__ import annotations

import asyncio
import uuid
from collections import Counter
from collections.abc import AsyncIterator

import httpx
import pytest
from claude_cli_sdk import AsyncClaudeCliClient, errors

from tests.sdk.conftest import Seeded, Server


@pytest.fixture
async def counted() -> AsyncIterator[tuple[httpx.AsyncClient, Counter[str]]]:
    calls: Counter[str] = Counter()

    async def count(request: httpx.Request) -> None:
        calls[f"{request.method} {request.url.path}"] += 1

    async with httpx.AsyncClient(event_hooks={"request": [count]}) as http:
        yield http, calls


async def test_the_async_client_creates_lists_and_fails_like_the_sync_one(seeded: Seeded) -> None:
    base, token = seeded.client.config.base_url, seeded.client.token
    async with AsyncClaudeCliClient(base, token) as client:
        project = await client.projects.get(seeded.project.id)
        tasks = [
            await client.tasks.create(title=f"Async {n}", project_id=project.id, priority=n)
            for n in range(5)
        ]
        page = await client.tasks.list(project_id=project.id, page=1, page_size=2)
        assert (page.total, page.pages, page.has_next) == (5, 3, True)
        walked = [
            task.id async for task in client.tasks.iterate(project_id=project.id, page_size=2)
        ]
        assert sorted(walked) == sorted(task.id for task in tasks)
        queued = await client.tasks.execute(tasks[0].id, priority="low")
        assert queued.status == "queued" and queued.task_id == tasks[0].id
        with pytest.raises(errors.TaskAlreadyRunning):
            await client.tasks.execute(tasks[0].id)
        cancelled = await client.tasks.cancel(tasks[0].id, reason="changed my mind")
        assert cancelled.status == "cancelled" and cancelled.reason == "changed my mind"
        with pytest.raises(errors.TaskNotFound):
            await client.tasks.get(str(uuid.uuid4()))


async def test_concurrent_calls_renew_a_refused_token_once(
    server: Server, counted: tuple[httpx.AsyncClient, Counter[str]]
) -> None:
    async with AsyncClaudeCliClient(server.api) as login:
        pair = await login.auth.login(username="admin", password=server.admin_password)
    http, calls = counted
    client = AsyncClaudeCliClient(
        server.api, "not-a-valid-token", refresh_token=pair.refresh_token, http_client=http
    )
    profiles = await asyncio.gather(*(client.users.profile() for _ in range(6)))
    assert {profile.username for profile in profiles} == {"admin"}
    assert calls["POST /api/auth/refresh"] == 1
    assert calls["GET /api/users/profile"] == 12  # each refused once, then sent again
    assert (await client.auth.refresh()).refresh_token is not None  # the login still stands
