"""Fixtures of the SDK tests: the real server (`python -m web` beside a real runtime), its
admin as an SDK client, and a seeded developer with a project and a session."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import httpx
import pytest
from claude_cli_sdk import ClaudeCliClient
from claude_cli_sdk.models import ProjectDetails, UserOut

from tests.support.fixtures.accounts import PASSWORD
from tests.support.fixtures.runtime import STARTUP_SECONDS
from tests.support.fixtures.web import WebProcess
from tests.support.waiting import wait_for


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "env(**variables): settings of this test's processes")


@pytest.fixture(autouse=True)
def marked_env(request: pytest.FixtureRequest, env: dict[str, str]) -> dict[str, str]:
    """Before any process starts: the settings the test's `env` marker names."""
    marker = request.node.get_closest_marker("env")
    if marker is not None:
        env.update({name: str(value) for name, value in marker.kwargs.items()})
    return env


@dataclass
class Server:
    """The running server: where its API is, and its admin's password."""

    process: WebProcess

    @property
    def root(self) -> str:
        return self.process.base_url

    @property
    def api(self) -> str:
        return f"{self.process.base_url}/api"

    @property
    def admin_password(self) -> str:
        return self.process.admin_password


@pytest.fixture
def server(web_process: WebProcess) -> Server:
    """`python -m web` serving, its bridge connected to the runtime."""

    def healthy() -> bool:
        assert web_process.process.poll() is None, web_process.log.read_text(errors="replace")
        try:
            return httpx.get(f"{web_process.base_url}/api/health/detailed").status_code == 200
        except httpx.TransportError:
            return False

    wait_for(healthy, STARTUP_SECONDS, interval=0.5)  # under the anonymous rate limit
    return Server(web_process)


@pytest.fixture
def admin(server: Server) -> Iterator[ClaudeCliClient]:
    """The admin, logged in with username and password at its first request."""
    with ClaudeCliClient(server.api, username="admin", password=server.admin_password) as client:
        yield client


@dataclass
class Seeded:
    """A developer (an SDK client logged in as them), their project and a session of it."""

    client: ClaudeCliClient
    user: UserOut
    project: ProjectDetails
    session_id: str


@pytest.fixture
def seeded(server: Server, admin: ClaudeCliClient) -> Iterator[Seeded]:
    user = admin.users.create(username="sdk-dev", password=PASSWORD, role="developer")
    with ClaudeCliClient(server.api, username="sdk-dev", password=PASSWORD) as client:
        project = client.projects.create(name="SDK project")
        session = client.sessions.create(project_id=project.id)
        yield Seeded(client, user, project, session.session_id)
