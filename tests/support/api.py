"""A small client for tests: create projects and tasks, execute them, wait for states."""

from __future__ import annotations

import asyncio
import time
from typing import Any

from aiohttp.test_utils import TestClient

FINAL = ("completed", "failed", "cancelled")


class Api:
    """One user's view of the API through a real HTTP client."""

    def __init__(self, client: TestClient, headers: dict[str, str]) -> None:
        self.client = client
        self.headers = headers

    async def call(
        self, method: str, path: str, json: Any = None, expect: int | None = None
    ) -> Any:
        response = await self.client.request(method, path, json=json, headers=self.headers)
        body = await response.json()
        if expect is not None:
            assert response.status == expect, (method, path, response.status, body)
        return body["data"] if response.status < 400 else body

    async def project(self, name: str = "demo", **fields: Any) -> str:
        data = await self.call("POST", "/api/projects/", {"name": name, **fields}, expect=201)
        return str(data["id"])

    async def task(self, project_id: str, title: str, description: str = "") -> str:
        data = await self.call(
            "POST",
            "/api/tasks/",
            {"title": title, "description": description, "project_id": project_id},
            expect=201,
        )
        return str(data["id"])

    async def execute(
        self, task_id: str, priority: str = "normal", **options: Any
    ) -> dict[str, Any]:
        body = {"priority": priority, "options": options} if options else {"priority": priority}
        return await self.call("POST", f"/api/tasks/{task_id}/execute", body, expect=200)

    async def detail(self, task_id: str) -> dict[str, Any]:
        return await self.call("GET", f"/api/tasks/{task_id}", expect=200)

    async def attempts(self, task_id: str) -> list[dict[str, Any]]:
        data = await self.call("GET", f"/api/tasks/{task_id}/executions", expect=200)
        return list(data["executions"])

    async def wait(
        self, task_id: str, statuses: tuple[str, ...] = FINAL, timeout: float = 30.0
    ) -> dict[str, Any]:
        """Poll the task until its status is one of statuses, failing after timeout."""
        deadline = time.monotonic() + timeout
        while True:
            task = await self.detail(task_id)
            if task["status"] in statuses:
                return task
            assert time.monotonic() < deadline, f"{task_id} still {task['status']}"
            await asyncio.sleep(0.05)

    async def wait_until(self, predicate: Any, timeout: float = 30.0) -> Any:
        deadline = time.monotonic() + timeout
        while True:
            value = await predicate()
            if value:
                return value
            assert time.monotonic() < deadline, f"condition not met within {timeout}s"
            await asyncio.sleep(0.05)
