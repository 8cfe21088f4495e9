"""The sync client against the live server: typed answers, errors as the exceptions of their
codes, lists walked page by page, tokens renewed before they expire and after a 401, and
transport failures (timeouts, refused connections) as the SDK's own exceptions."""

from __future__ import annotations

import datetime as dt
import socket
import uuid
from collections import Counter
from collections.abc import Iterator
from typing import Any, cast

import httpx
import pytest
from claude_cli_sdk import ClaudeCliClient, RequestTimeout, TransportError, errors

from tests.sdk.conftest import Seeded, Server
from tests.support.deployment import free_port
from tests.support.fixtures.accounts import PASSWORD
from tests.support.waiting import wait_for


@pytest.fixture
def calls() -> Iterator[tuple[httpx.Client, Counter[str]]]:
    """An httpx client for the SDK that counts the requests it sends, by method and path."""
    counted: Counter[str] = Counter()

    def count(request: httpx.Request) -> None:
        counted[f"{request.method} {request.url.path}"] += 1

    with httpx.Client(event_hooks={"request": [count]}) as http:
        yield http, counted


def finished(client: ClaudeCliClient, task_id: str) -> str | None:
    status = client.tasks.get(task_id).status
    return status if status in ("completed", "failed", "cancelled") else None


def test_answers_are_typed_models(seeded: Seeded) -> None:
    client, project = seeded.client, seeded.project
    task = client.tasks.create(
        title="Typed", project_id=project.id, priority=3, tags=["SDK", "typed"]
    )
    assert (task.title, task.priority, task.status, task.tags) == (
        "Typed",
        3,
        "pending",
        ["sdk", "typed"],
    )
    assert isinstance(task.created_at, dt.datetime) and task.created_at.tzinfo is not None
    changed = client.tasks.update(task.id, description="now described", assigned_to=seeded.user.id)
    assert (changed.description, changed.assigned_to) == ("now described", seeded.user.id)
    history = client.tasks.history(task.id).history
    assert {entry.action for entry in history} >= {"created"}
    assert client.users.profile().username == "sdk-dev"
    listed = client.tasks.list(status=["pending", "running"], assigned_to=seeded.user.id)
    assert [item.id for item in listed.items] == [task.id] and listed.total == 1
    assert client.tasks.list(status="completed", project_id=project.id).total == 0
    deleted = client.tasks.delete(task.id)
    assert deleted.id == task.id
    with pytest.raises(errors.TaskNotFound) as missing:
        client.tasks.get(task.id)
    assert (missing.value.status, missing.value.code) == (404, "TASK_NOT_FOUND")
    assert missing.value.request_id


def test_errors_are_the_exceptions_of_their_codes(server: Server, seeded: Seeded) -> None:
    client = seeded.client
    with pytest.raises(errors.ProjectNotFound):
        client.projects.get(str(uuid.uuid4()))
    with pytest.raises(errors.ValidationRequiredField) as required:
        client.tasks.create(**cast(Any, {"project_id": seeded.project.id}))
    assert required.value.status == 422 and required.value.details["field"] == "title"
    with pytest.raises(errors.ValidationValueTooLong):
        client.tasks.create(title="x" * 501, project_id=seeded.project.id)
    with pytest.raises(errors.AuthInsufficientPermissions):
        client.users.list()  # admins only
    with pytest.raises(errors.AuthTokenMissing):
        ClaudeCliClient(server.api).tasks.list()
    with pytest.raises(errors.AuthInvalidCredentials) as refused:
        ClaudeCliClient(server.api, username="sdk-dev", password="not the password").tasks.list()
    assert isinstance(refused.value, errors.ApiError) and refused.value.status == 401


def test_iterators_walk_every_page(
    seeded: Seeded, calls: tuple[httpx.Client, Counter[str]]
) -> None:
    created = {
        seeded.client.tasks.create(title=f"Task {n}", project_id=seeded.project.id).id
        for n in range(7)
    }
    http, counted = calls
    client = ClaudeCliClient(seeded.client.config.base_url, seeded.client.token, http_client=http)
    walked = [task.id for task in client.tasks.iterate(project_id=seeded.project.id, page_size=3)]
    assert sorted(walked) == sorted(created) and len(walked) == 7
    assert counted["GET /api/tasks/"] == 3  # pages 1, 2 and 3 (has_next false)
    in_project = client.projects.iterate_tasks(
        seeded.project.id, page_size=5, sort="title", order="asc"
    )
    assert [task.title for task in in_project] == sorted(f"Task {n}" for n in range(7))
    assert counted[f"GET /api/projects/{seeded.project.id}/tasks"] == 2
    assert [
        task.id for task in client.tasks.iterate(project_id=seeded.project.id, page=3, page_size=3)
    ] == walked[6:]


def test_output_is_walked_by_sequence_number(seeded: Seeded) -> None:
    client = seeded.client
    task = client.tasks.create(
        title="Chatty [lines=6] [interval=0.15]", project_id=seeded.project.id
    )
    execution = client.tasks.execute(task.id)
    assert wait_for(lambda: finished(client, task.id), 60) == "completed"
    whole = client.executions.output(task.id, execution.execution_id, limit=1000).output
    walked = list(client.executions.iterate_output(task.id, execution.execution_id, limit=2))
    assert [chunk.seq for chunk in walked] == [chunk.seq for chunk in whole]
    assert sum("line" in chunk.content for chunk in walked) >= 1 and len(whole) > 2
    transcript = list(
        client.executions.iterate_transcript(task.id, execution.execution_id, limit=1)
    )
    assert transcript and [m.seq for m in transcript] == sorted(m.seq for m in transcript)
    assert transcript[-1].kind == "result"


@pytest.mark.env(ACCESS_TOKEN_TTL=20)
def test_a_token_about_to_expire_is_renewed_before_the_request(
    server: Server, calls: tuple[httpx.Client, Counter[str]]
) -> None:
    http, counted = calls
    client = ClaudeCliClient(
        server.api, username="admin", password=server.admin_password, http_client=http
    )

    def held() -> tuple[str | None, str | None]:
        return client.token, client.refresh_token

    client.health.check()  # public: no login needed
    assert held() == (None, None) and counted["POST /api/auth/login"] == 0
    client.users.profile()
    first, first_refresh = held()
    assert first is not None and first_refresh is not None
    assert counted["POST /api/auth/login"] == 1
    # it expires within the client's margin (30 s): the next request renews it first
    assert client.users.profile().username == "admin"
    assert counted["POST /api/auth/refresh"] == 1
    token, refresh = held()
    assert token not in (None, first) and refresh not in (None, first_refresh)


def test_a_refused_token_is_renewed_once_and_the_request_sent_again(
    server: Server, calls: tuple[httpx.Client, Counter[str]]
) -> None:
    login = ClaudeCliClient(server.api).auth.login(username="admin", password=server.admin_password)
    assert login.refresh_token is not None
    http, counted = calls
    client = ClaudeCliClient(
        server.api, "not-a-valid-token", refresh_token=login.refresh_token, http_client=http
    )
    assert client.users.profile().username == "admin"
    assert counted["GET /api/users/profile"] == 2 and counted["POST /api/auth/refresh"] == 1
    assert client.token not in ("not-a-valid-token", login.access_token)

    lone = ClaudeCliClient(server.api, "not-a-valid-token", http_client=http)
    with pytest.raises(errors.AuthTokenInvalid):
        lone.users.profile()  # nothing can renew it: one refresh tried, then the 401 raised

    latest = client.refresh_token
    assert latest is not None
    client.auth.logout()
    assert client.token is None and client.refresh_token is None
    with pytest.raises(errors.AuthTokenInvalid):  # the login is over
        ClaudeCliClient(server.api, refresh_token=latest).auth.refresh()


def test_timeouts_and_refused_connections_are_the_sdks_exceptions() -> None:
    with socket.create_server(("127.0.0.1", 0)) as silent:  # accepts, never answers
        port = silent.getsockname()[1]
        client = ClaudeCliClient(f"http://127.0.0.1:{port}/api", "token", timeout=0.2)
        with pytest.raises(RequestTimeout):
            client.health.check()
        client.close()
    nowhere = ClaudeCliClient(f"http://127.0.0.1:{free_port()}/api", "token")
    with pytest.raises(TransportError) as refused:
        nowhere.tasks.list()
    assert not isinstance(refused.value, RequestTimeout)
    nowhere.close()


def test_a_developer_account_logs_in_with_its_password(server: Server, seeded: Seeded) -> None:
    client = ClaudeCliClient(server.api)
    pair = client.auth.login(username="sdk-dev", password=PASSWORD)
    assert pair.user.username == "sdk-dev" and client.token == pair.access_token
    assert [p.id for p in client.projects.iterate()] == [seeded.project.id]
