"""A compact client for API tests: one call checks the status and returns data or error."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from aiohttp.test_utils import TestClient

from storage.models import User


@dataclass
class Api:
    client: TestClient
    user: User
    auth: dict[str, str]

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

    async def get(self, path: str, expect: int = 200, **params: Any) -> Any:
        return await self.call("GET", path, params=params or None, expect=expect)

    async def post(self, path: str, json: Any = None, expect: int = 200) -> Any:
        return await self.call("POST", path, json=json if json is not None else {}, expect=expect)

    async def put(self, path: str, json: Any, expect: int = 200) -> Any:
        return await self.call("PUT", path, json=json, expect=expect)

    async def delete(self, path: str, expect: int = 200) -> Any:
        return await self.call("DELETE", path, expect=expect)

    async def project(self, name: str = "demo", **fields: Any) -> dict[str, Any]:
        return await self.post("/api/projects/", {"name": name, **fields}, expect=201)

    async def task(self, project_id: str, title: str = "a task", **fields: Any) -> dict[str, Any]:
        body = {"title": title, "project_id": project_id, **fields}
        return await self.post("/api/tasks/", body, expect=201)

    async def ids(self, path: str, **params: Any) -> list[str]:
        """Ids of the first page of a list."""
        return [item["id"] for item in (await self.get(path, page_size=100, **params))["items"]]


@pytest.fixture
def api_as(client: TestClient, headers: Callable[[User], dict[str, str]]) -> Callable[[User], Api]:
    def make(user: User) -> Api:
        return Api(client, user, headers(user))

    return make


@pytest.fixture
def api(api_as: Callable[[User], Api], make_user: Callable[..., User]) -> Api:
    """A developer's client."""
    return api_as(make_user())
