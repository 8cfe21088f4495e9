"""The one API client of the tests: each call checks the status and returns data or error."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from aiohttp.test_utils import TestClient
from aiohttp.web import Application, Request

from storage.models import User
from storage.statuses import TASK_FINAL
from tests.support.waiting import eventually

AppClient = TestClient[Request, Application]
"""A test client of the real app on a real port."""


@dataclass
class Api:
    """One user's view of the API through a real HTTP client (auth: that user's headers)."""

    client: AppClient
    auth: dict[str, str]
    user: User | None = None

    async def call(
        self,
        method: str,
        path: str,
        json: Any = None,
        params: dict[str, Any] | None = None,
        expect: int = 200,
    ) -> Any:
        """data of a success, or error of a failure; asserts the expected status."""
        response = await self.client.request(
            method, path, json=json, params=params, headers=self.auth
        )
        body = await response.json()
        assert response.status == expect, (method, path, response.status, body)
        return body["data"] if response.status < 400 else body["error"]

    async def fetch(
        self, method: str, path: str, json: Any = None, expect: int = 200, **params: Any
    ) -> dict[str, Any]:
        """Like call, for the many endpoints whose data (or error) is an object."""
        result = await self.call(method, path, json=json, params=params or None, expect=expect)
        assert isinstance(result, dict), result
        return result

    async def get(self, path: str, expect: int = 200, **params: Any) -> Any:
        return await self.call("GET", path, params=params or None, expect=expect)

    async def post(self, path: str, json: Any = None, expect: int = 200) -> Any:
        return await self.call("POST", path, json=json if json is not None else {}, expect=expect)

    async def put(self, path: str, json: Any, expect: int = 200) -> Any:
        return await self.call("PUT", path, json=json, expect=expect)

    async def delete(self, path: str, expect: int = 200) -> Any:
        return await self.call("DELETE", path, expect=expect)

    async def project(self, name: str = "demo", **fields: Any) -> dict[str, Any]:
        return await self.fetch("POST", "/api/projects/", {"name": name, **fields}, expect=201)

    async def task(self, project_id: str, title: str = "a task", **fields: Any) -> dict[str, Any]:
        body = {"title": title, "project_id": project_id, **fields}
        return await self.fetch("POST", "/api/tasks/", body, expect=201)

    async def project_id(self, name: str = "demo", **fields: Any) -> str:
        """Create a project; its id."""
        return str((await self.project(name, **fields))["id"])

    async def task_id(self, project_id: str, title: str, description: str = "") -> str:
        """Create a task (with a description, empty by default); its id."""
        return str((await self.task(project_id, title, description=description))["id"])

    async def ids(self, path: str, **params: Any) -> list[str]:
        """Ids of the first page of a list."""
        return [item["id"] for item in (await self.get(path, page_size=100, **params))["items"]]

    async def execute(
        self, task_id: str, priority: str = "normal", **options: Any
    ) -> dict[str, Any]:
        body = {"priority": priority, "options": options} if options else {"priority": priority}
        return await self.fetch("POST", f"/api/tasks/{task_id}/execute", body)

    async def detail(self, task_id: str) -> dict[str, Any]:
        return await self.fetch("GET", f"/api/tasks/{task_id}")

    async def attempts(self, task_id: str) -> list[dict[str, Any]]:
        return list((await self.fetch("GET", f"/api/tasks/{task_id}/executions"))["executions"])

    async def wait(
        self, task_id: str, statuses: tuple[str, ...] = TASK_FINAL, timeout: float = 30.0
    ) -> dict[str, Any]:
        """The task once its status is one of statuses; fails after timeout seconds."""

        async def reached() -> dict[str, Any] | None:
            task = await self.detail(task_id)
            return task if task["status"] in statuses else None

        return await eventually(reached, timeout)
