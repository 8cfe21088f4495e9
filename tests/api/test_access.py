"""Per-object access: a BOLA matrix over every id-bearing endpoint, and project roles."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from storage.models import ProjectMember, Task
from tests.support.api import Api


@dataclass
class World:
    owner: Api
    project: str
    task: str
    member: str  # a developer member's user id, target of member endpoints


@pytest.fixture
async def world(api: Api, make_user: Any) -> World:
    project = await api.project("private")
    task = await api.task(project["id"], "secret")
    member = make_user()
    ProjectMember.create(project=project["id"], user=member, role="developer")
    return World(api, project["id"], task["id"], member.id)


# (method, path, body, what the project role needs)
ENDPOINTS = [
    ("GET", "/api/projects/{p}", None, "read"),
    ("PUT", "/api/projects/{p}", {"name": "taken"}, "manage"),
    ("DELETE", "/api/projects/{p}", None, "manage"),
    ("GET", "/api/projects/{p}/tasks", None, "read"),
    ("POST", "/api/projects/{p}/clone", {}, "clone"),
    ("GET", "/api/projects/{p}/analytics", None, "read"),
    ("GET", "/api/projects/{p}/members", None, "read"),
    ("POST", "/api/projects/{p}/members", {"user_id": "{m}", "role": "viewer"}, "manage"),
    ("PUT", "/api/projects/{p}/members/{m}", {"role": "viewer"}, "manage"),
    ("DELETE", "/api/projects/{p}/members/{m}", None, "manage"),
    ("POST", "/api/tasks/", {"title": "x", "project_id": "{p}"}, "write"),
    ("GET", "/api/tasks/{t}", None, "read"),
    ("PUT", "/api/tasks/{t}", {"title": "taken"}, "write"),
    ("DELETE", "/api/tasks/{t}", None, "write"),
    ("GET", "/api/tasks/{t}/history", None, "read"),
    ("POST", "/api/tasks/{t}/execute", {}, "execute"),
]
NOT_FOUND = {"{t}": "TASK_NOT_FOUND", "{p}": "PROJECT_NOT_FOUND"}


def fill(value: Any, world: World) -> Any:
    if isinstance(value, dict):
        return {k: fill(v, world) for k, v in value.items()}
    if isinstance(value, str):
        return (
            value.replace("{p}", world.project)
            .replace("{t}", world.task)
            .replace("{m}", world.member)
        )
    return value


async def attempt(client: Api, world: World, method: str, path: str, body: Any) -> Any:
    response = await client.client.request(
        method, fill(path, world), json=fill(body, world), headers=client.auth
    )
    return response.status, await response.json()


def unchanged(world: World) -> None:
    task = Task.get_by_id(world.task)
    assert task.title == "secret" and task.deleted_at is None
    assert ProjectMember.get(ProjectMember.user == world.member).role == "developer"


@pytest.mark.parametrize(("method", "path", "body", "need"), ENDPOINTS)
async def test_a_stranger_gets_404(
    world: World, api_as: Any, make_user: Any, method: str, path: str, body: Any, need: str
) -> None:
    status, answer = await attempt(api_as(make_user()), world, method, path, body)
    expected = NOT_FOUND["{t}" if "{t}" in path else "{p}"]
    assert (status, answer["error"]["code"]) == (404, expected), answer
    unchanged(world)


@pytest.mark.parametrize(("method", "path", "body", "need"), ENDPOINTS)
async def test_a_viewer_member_reads_only(
    world: World, api_as: Any, make_user: Any, method: str, path: str, body: Any, need: str
) -> None:
    viewer = make_user()
    ProjectMember.create(project=world.project, user=viewer, role="viewer")
    status, answer = await attempt(api_as(viewer), world, method, path, body)
    if need in ("read", "clone"):
        assert status in (200, 201), answer
    else:
        assert (status, answer["error"]["code"]) == (403, "PROJECT_ACCESS_DENIED"), answer
        assert answer["error"]["details"]["project_role"] == "viewer"
    unchanged(world)


@pytest.mark.parametrize(("method", "path", "body", "need"), ENDPOINTS)
async def test_a_viewer_account_never_writes(
    world: World, api_as: Any, make_user: Any, method: str, path: str, body: Any, need: str
) -> None:
    viewer = make_user("viewer")
    ProjectMember.create(project=world.project, user=viewer, role="maintainer")
    status, answer = await attempt(api_as(viewer), world, method, path, body)
    if need == "read":
        assert status == 200, answer
    else:
        assert (status, answer["error"]["code"]) == (403, "AUTH_INSUFFICIENT_PERMISSIONS")
    unchanged(world)


async def test_lists_and_bulk_hide_other_users_objects(
    world: World, api_as: Any, make_user: Any
) -> None:
    stranger = api_as(make_user())
    assert (await stranger.get("/api/tasks/", project_id=world.project))["total"] == 0
    assert (await stranger.get("/api/tasks/"))["total"] == 0
    assert (await stranger.get("/api/projects/"))["total"] == 0
    result = await stranger.post(
        "/api/tasks/bulk", {"operation": "delete", "task_ids": [world.task]}
    )
    assert result["failed"] == [world.task] and result["errors"][0]["code"] == "TASK_NOT_FOUND"
    viewer = make_user()
    ProjectMember.create(project=world.project, user=viewer, role="viewer")
    result = await api_as(viewer).post(
        "/api/tasks/bulk",
        {"operation": "set_priority", "task_ids": [world.task], "data": {"priority": 9}},
    )
    assert result["errors"][0]["code"] == "PROJECT_ACCESS_DENIED"
    unchanged(world)


async def test_admin_sees_everything(world: World, api_as: Any, make_user: Any) -> None:
    admin = api_as(make_user("admin"))
    assert (await admin.get(f"/api/tasks/{world.task}"))["title"] == "secret"
    assert world.project in await admin.ids("/api/projects/")
    details = await admin.get(f"/api/projects/{world.project}")
    assert details["your_role"] == "owner"


async def test_members_and_their_roles(world: World, api_as: Any, make_user: Any) -> None:
    owner, path = world.owner, f"/api/projects/{world.project}/members"
    newcomer = make_user(username="newcomer-x")
    added = await owner.post(path, {"username": "newcomer-x", "role": "maintainer"}, 201)
    assert added["user_id"] == newcomer.id and added["role"] == "maintainer"
    listing = await owner.get(path)
    assert listing["owner"]["user_id"] == owner.user.id
    assert {m["user_id"]: m["role"] for m in listing["members"]} == {
        world.member: "developer",
        newcomer.id: "maintainer",
    }
    for body in (
        {"user_id": newcomer.id, "role": "viewer"},
        {"user_id": owner.user.id, "role": "viewer"},
    ):
        assert (await owner.post(path, body, 409))["code"] == "RESOURCE_ALREADY_EXISTS"
    error = await owner.post(path, {"username": "nobody-here", "role": "viewer"}, 422)
    assert error["details"]["field"] == "username"
    error = await owner.post(path, {"role": "viewer"}, 422)
    assert error["details"]["field"] == "user_id"

    maintainer = api_as(newcomer)
    await maintainer.put(f"/api/projects/{world.project}", {"description": "by maintainer"})
    await maintainer.put(f"{path}/{world.member}", {"role": "viewer"})
    developer = api_as(ProjectMember.get(ProjectMember.user == world.member).user)
    error = await developer.put(f"/api/tasks/{world.task}", {"title": "x"}, 403)
    assert error["code"] == "PROJECT_ACCESS_DENIED"
    await maintainer.put(f"{path}/{world.member}", {"role": "developer"})
    await developer.put(f"/api/tasks/{world.task}", {"title": "by developer"})
    error = await developer.put(f"/api/projects/{world.project}", {"name": "x"}, 403)
    assert error["code"] == "PROJECT_ACCESS_DENIED"
    await developer.delete(f"{path}/{world.member}")  # leaving is always allowed
    assert (await developer.get(f"/api/tasks/{world.task}", expect=404))["code"] == "TASK_NOT_FOUND"
    error = await owner.delete(f"{path}/{world.member}", expect=404)
    assert error["code"] == "RESOURCE_NOT_FOUND"
