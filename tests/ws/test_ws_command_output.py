"""An ad-hoc command's output over the socket follows the REST rule: its owner or an admin."""

from __future__ import annotations

from pathlib import Path

from aiohttp.test_utils import TestClient

from tests.support.commands import execute, poll, text_of
from tests.support.fixtures.app import ApiOn
from tests.support.ws_client import Socket, watch

WAITS_FOR_GO = "echo one; while [ ! -e go ]; do sleep 0.05; done; echo two"


def outputs(socket: Socket) -> list[tuple[str, bool]]:
    """(content, replayed) of each command_output the socket received."""
    return [
        (m["data"]["content"], bool(m.get("replayed")))
        for m in socket.seen
        if m["type"] == "command_output"
    ]


async def test_only_the_owner_and_an_admin_follow_or_replay_a_command(
    live_client: TestClient, api_on: ApiOn
) -> None:
    owner, viewer, admin = api_on(live_client), api_on(live_client), api_on(live_client, "admin")
    assert viewer.user is not None
    project = await owner.project_id()
    member = {"user_id": viewer.user.id, "role": "viewer"}
    await owner.post(f"/api/projects/{project}/members", member, expect=201)
    watcher = await watch(viewer, project)
    await watcher.subscribe("project_updates", project_id=project)  # where ids were announced

    started = await execute(live_client, owner.auth, command=WAITS_FOR_GO, project_id=project)
    command = started["command_id"]
    await poll(live_client, owner.auth, command, lambda d: text_of(d) == "one\n")
    hidden = await viewer.get(f"/api/commands/{command}/status", expect=404)  # the REST rule
    for since in ({}, {"since": -1}):
        refused = await watcher.subscribe("command_output", command_id=command, **since)
        assert refused["type"] == "error", refused
        assert refused["data"]["code"] == hidden["code"] == "RESOURCE_NOT_FOUND"

    followers = [await watch(owner, project), await watch(admin)]
    for socket in followers:
        ack = await socket.subscribe("command_output", command_id=command, since=-1)
        assert ack["type"] == "subscribed" and ack["data"]["stream"] == f"output:{command}"
        await socket.until(lambda m: m["type"] == "command_output")  # "one", replayed
    (Path(started["working_directory"]) / "go").touch()
    for socket in followers:
        done = await socket.expect("command_completed")
        assert done["data"] == {"command_id": command, "status": "completed", "exit_code": 0}
        assert outputs(socket) == [("one\n", True), ("two\n", False)]
        await socket.close()

    # the command's events reached this process's sockets before the followers saw its end
    assert (await watcher.request("ping", "pong", timestamp=1))["type"] == "pong"
    assert {m["type"] for m in watcher.seen} == {"authenticated", "subscribed", "error", "pong"}
    await watcher.close()
