"""Data for the browser tests, made through the API of the real `python -m web` (as an admin
or another user would), so each test drives only the part of the UI it is about."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx

from tests.support.fixtures.web import WebProcess
from tests.support.waiting import wait_for

PASSWORD = "browser test password"
NOBODY_LISTENS = "http://127.0.0.1:9/hook"  # allowed (conftest); every attempt is refused


@dataclass
class Seed:
    """One signed-in API client (bearer token) of the web process under test."""

    http: httpx.Client
    username: str

    def call(self, method: str, path: str, expect: int = 200, **body: Any) -> Any:
        response = self.http.request(method, path, json=body or None)
        assert response.status_code == expect, (method, path, response.text)
        return response.json()["data"]

    def project(self, name: str) -> str:
        return str(self.call("POST", "/api/projects/", 201, name=name)["id"])

    def task(self, project_id: str, title: str, description: str = "") -> str:
        created = self.call(
            "POST", "/api/tasks/", 201, title=title, project_id=project_id, description=description
        )
        return str(created["id"])

    def run_to_end(self, task_id: str) -> dict[str, Any]:
        self.call("POST", f"/api/tasks/{task_id}/execute")

        def ended() -> dict[str, Any] | None:
            task = self.call("GET", f"/api/tasks/{task_id}")
            return task if task["status"] in ("completed", "failed", "cancelled") else None

        return wait_for(ended, 60, 0.2)

    def failing_webhook(self) -> str:
        """A webhook to NOBODY_LISTENS with a test delivery whose first attempt has failed."""
        hook = self.call("POST", "/api/webhooks/", 201, url=NOBODY_LISTENS, events=["task.failed"])
        deliveries = f"/api/webhooks/{hook['id']}/deliveries"
        self.call("POST", f"/api/webhooks/{hook['id']}/test", 202)
        wait_for(lambda: self.call("GET", deliveries)["items"][0]["attempts"], 30)
        return str(hook["id"])

    def user(self, role: str, username: str) -> Seed:
        """A new account of role (as this admin), and its own client."""
        self.call("POST", "/api/users/", 201, username=username, password=PASSWORD, role=role)
        return signed_in(self.http.base_url.__str__(), username, PASSWORD)

    def close(self) -> None:
        self.http.close()


def signed_in(base_url: str, username: str, password: str) -> Seed:
    http = httpx.Client(base_url=base_url, timeout=30)
    response = http.post("/api/auth/login", json={"username": username, "password": password})
    assert response.status_code == 200, response.text
    http.headers["Authorization"] = f"Bearer {response.json()['data']['access_token']}"
    return Seed(http, username)


def admin_of(web: WebProcess) -> Seed:
    return signed_in(web.base_url, "admin", web.admin_password)
