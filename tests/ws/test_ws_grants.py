"""Live grants follow access: a member removed, an account demoted, a project archived or deleted
loses its streams within seconds, with a SUBSCRIPTION_REVOKED error for each; notifications are
granted like the other channels."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import pytest
from aiohttp.test_utils import TestClient

from storage.models import ProjectMember
from storage.statuses import TaskStatus
from tests.support.api import Api
from tests.support.fixtures.app import ApiOn, LiveApp
from tests.support.ws_client import Message, Socket, authenticated, open_session, token_of, watch
from web.runtime import announce

DEADLINE = 10.0  # event-driven: well inside the periodic re-check's 30 s


@dataclass
class Scene:
    """A watcher with four grants that depend on `project` and one on a project of its own."""

    client: TestClient
    owner: Api
    watcher: Api
    project: str
    task: str
    execution: str
    own_project: str
    own_task: str
    socket: Socket

    def grants(self) -> dict[str, dict[str, str]]:
        """The subscriptions on `project`, by channel: the fields naming their object."""
        return {
            "project_updates": {"project_id": self.project},
            "task_updates": {"task_id": self.task},
            "command_output": {"command_id": self.execution},
            "notifications": {},
        }


async def watching(client: TestClient, owner: Api, watcher: Api, member: str | None) -> Scene:
    """watcher (a member with role `member`, or an admin when None) follows owner's project."""
    assert watcher.user is not None
    project = await owner.project_id("watched")
    if member is not None:
        body = {"user_id": watcher.user.id, "role": member}
        await owner.post(f"/api/projects/{project}/members", body, expect=201)
    task = await owner.task_id(project, "ran once [lines=2]")
    await owner.execute(task)
    execution = (await owner.wait(task))["latest_execution"]["id"]
    own_project = await watcher.project_id("mine")
    own_task = await watcher.task_id(own_project, "control")
    socket = await watch(watcher, project)
    scene = Scene(client, owner, watcher, project, task, execution, own_project, own_task, socket)
    for channel, target in scene.grants().items():
        ack = await socket.subscribe(channel, **target)
        assert ack["type"] == "subscribed", ack
    await socket.subscribe("project_updates", project_id=own_project)
    return scene


def revocations(socket: Socket) -> dict[str, Message]:
    """The SUBSCRIPTION_REVOKED errors received, by channel."""
    return {
        m["data"]["channel"]: m["data"]
        for m in socket.seen
        if m["type"] == "error" and m["data"]["code"] == "SUBSCRIPTION_REVOKED"
    }


async def revoked(scene: Scene) -> dict[str, Message]:
    """Every grant on the project withdrawn (waited for up to DEADLINE)."""
    expected = set(scene.grants())
    await scene.socket.until(lambda _: set(revocations(scene.socket)) >= expected, DEADLINE)
    return revocations(scene.socket)


async def no_more_events_from(scene: Scene) -> None:
    """An event on the project, then one on the watcher's own: only the second arrives."""
    app, start = scene.client.app, len(scene.socket.seen)
    await announce.task_status(app, scene.task, scene.project, TaskStatus.PENDING)
    await announce.task_status(app, scene.own_task, scene.own_project, TaskStatus.PENDING)
    await scene.socket.until(
        lambda m: m["type"] == "task_update" and m["data"]["task_id"] == scene.own_task
    )
    after = scene.socket.seen[start:]  # in order: the first event would have come first
    assert not [m for m in after if (m.get("data") or {}).get("task_id") == scene.task], after


Change = Callable[[Scene, ApiOn], Awaitable[Any]]


async def remove_member(scene: Scene, api_on: ApiOn) -> Any:
    assert scene.watcher.user is not None
    return await scene.owner.delete(
        f"/api/projects/{scene.project}/members/{scene.watcher.user.id}"
    )


async def demote_admin(scene: Scene, api_on: ApiOn) -> Any:
    assert scene.watcher.user is not None
    other_admin = api_on(scene.client, "admin")
    return await other_admin.put(f"/api/users/{scene.watcher.user.id}", {"role": "developer"})


async def archive(scene: Scene, api_on: ApiOn) -> Any:
    return await scene.owner.put(f"/api/projects/{scene.project}", {"status": "archived"})


async def delete(scene: Scene, api_on: ApiOn) -> Any:
    return await scene.owner.delete(f"/api/projects/{scene.project}")


NOT_FOUND = {
    "project_updates": "PROJECT_NOT_FOUND",
    "task_updates": "TASK_NOT_FOUND",
    "command_output": "RESOURCE_NOT_FOUND",
    "notifications": "PROJECT_NOT_FOUND",
}
ARCHIVED = dict.fromkeys(NOT_FOUND, "PROJECT_ARCHIVED")


@pytest.mark.parametrize(
    ("change", "member", "causes"),
    [
        (remove_member, "developer", NOT_FOUND),
        (demote_admin, None, NOT_FOUND),
        (archive, "viewer", ARCHIVED),
        (delete, "viewer", NOT_FOUND),
    ],
    ids=["member removed", "admin demoted", "project archived", "project deleted"],
)
async def test_a_change_of_access_ends_the_streams_it_no_longer_allows(
    live_client: TestClient,
    api_on: ApiOn,
    change: Change,
    member: str | None,
    causes: dict[str, str],
) -> None:
    owner, watcher = api_on(live_client), api_on(live_client, "developer" if member else "admin")
    scene = await watching(live_client, owner, watcher, member)
    await change(scene, api_on)
    withdrawn = await revoked(scene)
    for channel, target in scene.grants().items():
        data = withdrawn[channel]
        assert data["details"]["cause"] == causes[channel], data
        assert {name: data[name] for name in target} == target
        assert data["message"].startswith("Subscription revoked")
    await no_more_events_from(scene)
    refused = await scene.socket.subscribe("task_updates", task_id=scene.task)
    assert refused["type"] == "error" and refused["data"]["code"] == causes["task_updates"]
    await scene.socket.close()


async def test_a_lower_project_role_that_still_reads_keeps_its_streams(
    live_client: TestClient, api_on: ApiOn
) -> None:
    owner, watcher = api_on(live_client), api_on(live_client)
    assert watcher.user is not None
    scene = await watching(live_client, owner, watcher, "maintainer")
    path = f"/api/projects/{scene.project}/members/{watcher.user.id}"
    await owner.put(path, {"role": "viewer"})
    # answered by the SessionActor after it checked its grants again: nothing was withdrawn
    assert (await scene.socket.subscribe("performance"))["type"] == "subscribed"
    assert not revocations(scene.socket)
    await announce.task_status(live_client.app, scene.task, scene.project, TaskStatus.PENDING)
    await scene.socket.until(
        lambda m: m["type"] == "task_update" and m["data"]["task_id"] == scene.task
    )
    await scene.socket.close()


async def test_the_periodic_check_withdraws_what_no_event_announced(
    live_app: LiveApp, api_on: ApiOn
) -> None:
    client = await live_app(WS_GRANT_RECHECK="0.5")
    owner, watcher = api_on(client), api_on(client)
    assert watcher.user is not None
    scene = await watching(client, owner, watcher, "viewer")
    ProjectMember.delete().where(ProjectMember.user == watcher.user.id).execute()  # no REST
    withdrawn = await revoked(scene)
    assert withdrawn["project_updates"]["details"]["cause"] == "PROJECT_NOT_FOUND"
    await no_more_events_from(scene)
    await scene.socket.close()


async def test_notifications_need_the_sessions_project(
    live_client: TestClient, api_on: ApiOn
) -> None:
    owner, member = api_on(live_client), api_on(live_client)
    assert member.user is not None
    project = await owner.project_id()
    body = {"user_id": member.user.id, "role": "viewer"}
    await owner.post(f"/api/projects/{project}/members", body, expect=201)
    session_id = await open_session(member, project)
    await owner.delete(f"/api/projects/{project}/members/{member.user.id}")
    socket = await authenticated(live_client, session_id, token_of(live_client, member.user))
    refused = await socket.subscribe("notifications")
    assert refused["type"] == "error" and refused["data"]["code"] == "PROJECT_NOT_FOUND"
    await owner.put(f"/api/projects/{project}", {"status": "archived"})
    archived = await watch(owner, project)
    refused = await archived.subscribe("notifications")
    assert refused["type"] == "error" and refused["data"]["code"] == "PROJECT_ARCHIVED"
    for each in (socket, archived):
        await each.close()
