"""Maintenance mode: while the window is active, writes by non-admins get 503
SYSTEM_MAINTENANCE, over REST and over a socket; reads, signing in and admins go through; every
socket is told; a window stored by another web process is seen within seconds."""

from __future__ import annotations

import datetime as dt

from aiohttp.test_utils import TestClient

from storage.formats import iso
from storage.models import utcnow
from storage.system import save_maintenance
from tests.support.api import Api
from tests.support.fixtures.accounts import PASSWORD
from tests.support.fixtures.app import ApiOn
from tests.support.ws_client import watch

MESSAGE = "Upgrading the database"


async def create_project(api: Api, expect: int = 201) -> dict[str, object]:
    return await api.fetch("POST", "/api/projects/", {"name": "m"}, expect=expect)


async def test_writes_by_non_admins_wait_for_the_end_of_maintenance(
    client: TestClient, api_on: ApiOn
) -> None:
    admin, developer = api_on(client, "admin"), api_on(client)
    ends = utcnow() + dt.timedelta(minutes=30)
    window = await admin.fetch(
        "POST",
        "/api/system/maintenance",
        {"enabled": True, "message": MESSAGE, "ends_at": iso(ends)},
    )
    assert window["active"] is True and window["message"] == MESSAGE

    response = await client.post("/api/projects/", json={"name": "x"}, headers=developer.auth)
    body = await response.json()
    assert response.status == 503
    assert body["error"]["code"] == "SYSTEM_MAINTENANCE"
    assert body["error"]["message"] == MESSAGE
    assert body["error"]["details"]["ends_at"] == iso(ends)
    assert 1700 < int(response.headers["Retry-After"]) <= 1800

    await developer.get("/api/projects/")  # reads go on
    assert developer.user is not None
    login = {"username": developer.user.username, "password": PASSWORD}
    await Api(client, {}).post("/api/auth/login", login)  # so does signing in
    await create_project(admin)  # and admins
    info = await developer.fetch("GET", "/api/system/info")
    assert info["maintenance"]["active"] is True

    await admin.post("/api/system/maintenance", {"enabled": False})
    await create_project(developer)


async def test_a_scheduled_window_refuses_only_within_its_times(
    client: TestClient, api_on: ApiOn
) -> None:
    admin, developer = api_on(client, "admin"), api_on(client)
    later = {"enabled": True, "starts_at": iso(utcnow() + dt.timedelta(hours=1))}
    window = await admin.fetch("POST", "/api/system/maintenance", later)
    assert window["enabled"] is True and window["active"] is False
    await create_project(developer)
    over = {
        "enabled": True,
        "starts_at": iso(utcnow() - dt.timedelta(hours=2)),
        "ends_at": iso(utcnow() - dt.timedelta(hours=1)),
    }
    assert (await admin.fetch("POST", "/api/system/maintenance", over))["active"] is False
    await create_project(developer)


async def test_only_admins_set_maintenance_and_its_times_are_checked(
    client: TestClient, api_on: ApiOn
) -> None:
    admin, developer = api_on(client, "admin"), api_on(client)
    refused = await developer.fetch("POST", "/api/system/maintenance", {"enabled": True}, 403)
    assert refused["code"] == "AUTH_INSUFFICIENT_PERMISSIONS"
    now = utcnow()
    backwards = {"enabled": True, "starts_at": iso(now), "ends_at": iso(now - dt.timedelta(1))}
    error = await admin.fetch("POST", "/api/system/maintenance", backwards, 422)
    assert error["details"]["field"] == "ends_at"
    assert (await developer.fetch("GET", "/api/system/maintenance"))["enabled"] is False


async def test_sockets_are_told_and_execute_task_waits(
    live_client: TestClient, api_on: ApiOn
) -> None:
    admin, developer = api_on(live_client, "admin"), api_on(live_client)
    project_id = await developer.project_id()
    task = await developer.task(project_id)
    socket = await watch(developer, project_id)
    await admin.post("/api/system/maintenance", {"enabled": True, "message": MESSAGE})
    notice = await socket.expect("notification")
    assert notice["data"]["level"] == "warning" and notice["data"]["message"] == MESSAGE
    answer = await socket.request("execute_task", "task_queued", task_id=task["id"])
    assert answer["type"] == "error" and answer["data"]["code"] == "SYSTEM_MAINTENANCE"
    await admin.post("/api/system/maintenance", {"enabled": False})
    assert (await socket.expect("notification"))["data"]["title"] == "Maintenance ended"
    queued = await socket.request("execute_task", "task_queued", task_id=task["id"])
    assert queued["type"] == "task_queued"
    await socket.close()


async def test_a_window_stored_elsewhere_is_seen_within_seconds(
    live_client: TestClient, api_on: ApiOn
) -> None:
    developer = api_on(live_client)
    socket = await watch(developer)
    save_maintenance(True, MESSAGE, None, None, None)  # as another web process would
    notice = await socket.expect("notification")  # the poll found it
    assert notice["data"]["message"] == MESSAGE
    error = await create_project(developer, expect=503)
    assert error["code"] == "SYSTEM_MAINTENANCE"
    await socket.close()
