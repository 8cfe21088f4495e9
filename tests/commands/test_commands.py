"""Ad-hoc commands end to end: HTTP → Supervisor → AdhocCommandActor → bash → storage, events."""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path
from typing import Any

from aiohttp.test_utils import TestClient

from actors.messages import Event
from storage.models import Command, utcnow
from tests.support.commands import execute, new_project, poll, status, text_of, wait_final
from tests.support.processes import alive, host_pid, running, unique_nap
from web.keys import bridge_key


async def test_a_command_runs_and_its_output_is_stored_in_order(
    live_client: TestClient, make_user: Any, headers: Any
) -> None:
    auth = headers(make_user())
    project = await new_project(live_client, auth)
    started = await execute(
        live_client, auth, command="echo hello; echo oops >&2; echo $PWD; exit 3"
    )
    assert started["status"] == "running" and isinstance(started["pid"], int)
    assert started["started_at"].endswith("Z") and started["project_id"] == project["id"]
    done = await wait_final(live_client, auth, started["command_id"])
    assert done["status"] == "failed" and done["exit_code"] == 3
    assert done["error"] == "exited with code 3" and done["completed_at"]
    assert text_of(done, "stdout") == f"hello\n{os.path.realpath(project['working_directory'])}\n"
    assert text_of(done, "stderr") == "oops\n"
    assert [c["seq"] for c in done["output"]] == list(range(len(done["output"])))
    later = await status(live_client, auth, started["command_id"])
    tail = await live_client.get(
        f"/api/commands/{started['command_id']}/status?after_seq=0", headers=auth
    )
    assert (await tail.json())["data"]["output"] == later["output"][1:]


async def test_the_environment_is_clean_and_the_working_directory_is_chosen(
    live_client: TestClient, make_user: Any, headers: Any
) -> None:
    auth = headers(make_user())
    project = await new_project(live_client, auth)
    Path(project["working_directory"], "sub").mkdir()
    started = await execute(
        live_client,
        auth,
        command="env; pwd",
        working_directory="sub",
        environment={"GREETING": "hi there"},
    )
    done = await wait_final(live_client, auth, started["command_id"])
    output = text_of(done)
    assert done["status"] == "completed" and done["exit_code"] == 0
    assert "GREETING=hi there\n" in output
    assert "JWT_SECRET" not in output and "DATABASE_URL" not in output
    assert output.endswith(os.path.realpath(Path(project["working_directory"], "sub")) + "\n")
    assert done["environment"] == {"GREETING": "hi there"}


async def test_cancel_kills_a_tree_that_ignores_sigterm(
    live_client: TestClient, make_user: Any, headers: Any
) -> None:
    auth = headers(make_user())
    await new_project(live_client, auth)
    started = await execute(
        live_client, auth, command="trap '' TERM; sleep 300 & echo child=$!; wait; wait"
    )
    command_id = started["command_id"]
    shown = await poll(live_client, auth, command_id, lambda d: "child=" in text_of(d))
    child_inside = int(re.search(r"child=(\d+)", text_of(shown)).group(1))  # type: ignore[union-attr]
    child = host_pid(child_inside, started["pid"])
    assert alive(child) and alive(started["pid"])
    response = await live_client.post(f"/api/commands/{command_id}/cancel", headers=auth)
    cancelled = (await response.json())["data"]
    assert response.status == 200, cancelled
    assert cancelled["status"] == "cancelled" and cancelled["exit_code"] == -9
    assert cancelled["cancelled_at"].endswith("Z")
    assert not alive(child) and not alive(started["pid"])
    again = await live_client.post(f"/api/commands/{command_id}/cancel", headers=auth)
    assert (await again.json())["data"] == cancelled  # repeating a cancel does no harm


async def test_cancel_ends_a_polite_command_with_sigterm_and_finished_ones_conflict(
    live_client: TestClient, make_user: Any, headers: Any
) -> None:
    auth = headers(make_user())
    await new_project(live_client, auth)
    started = await execute(live_client, auth, command="sleep 300")
    response = await live_client.post(f"/api/commands/{started['command_id']}/cancel", headers=auth)
    assert (await response.json())["data"]["exit_code"] == -15
    done = await execute(live_client, auth, command="true")
    await wait_final(live_client, auth, done["command_id"])
    late = await live_client.post(f"/api/commands/{done['command_id']}/cancel", headers=auth)
    assert late.status == 409
    assert (await late.json())["error"]["code"] == "COMMAND_NOT_RUNNING"


async def test_a_timeout_kills_the_group_and_is_recorded(
    live_client: TestClient, make_user: Any, headers: Any
) -> None:
    auth = headers(make_user())
    await new_project(live_client, auth)
    nap = unique_nap()
    started = await execute(live_client, auth, command=f"sleep {nap} & wait", timeout=1)
    done = await wait_final(live_client, auth, started["command_id"])
    assert done["status"] == "timeout" and done["exit_code"] == -15
    assert done["error"] == "timed out after 1 s" and done["timeout"] == 1
    assert not running(["sleep", nap])


async def test_commands_that_cannot_start_fail_with_the_reason_in_their_output(
    live_client: TestClient, make_user: Any, headers: Any
) -> None:
    auth = headers(make_user())
    await new_project(live_client, auth)
    missing_dir = await execute(live_client, auth, command="ls", working_directory="nowhere")
    assert missing_dir["status"] == "failed" and missing_dir["pid"] is None
    done = await status(live_client, auth, missing_dir["command_id"])
    assert done["status"] == "failed" and done["exit_code"] == 127
    assert "does not exist" in text_of(done, "stderr") and "does not exist" in done["error"]
    missing_program = await execute(live_client, auth, command="no-such-program-here --x")
    done = await wait_final(live_client, auth, missing_program["command_id"])
    assert done["status"] == "failed" and done["exit_code"] == 127
    assert "command not found" in text_of(done, "stderr")


async def test_running_and_history_show_your_own_and_admins_see_all(
    live_client: TestClient, make_user: Any, headers: Any
) -> None:
    owner, stranger, admin = (headers(make_user(r)) for r in ("developer", "developer", "admin"))
    await new_project(live_client, owner)
    slow = await execute(live_client, owner, command="sleep 300")
    quick = await execute(live_client, owner, command="echo quick")
    await wait_final(live_client, owner, quick["command_id"])

    async def get(path: str, auth: dict[str, str]) -> dict[str, Any]:
        response = await live_client.get(path, headers=auth)
        assert response.status == 200
        return (await response.json())["data"]

    running = await get("/api/commands/running", owner)
    assert [c["command_id"] for c in running["commands"]] == [slow["command_id"]]
    assert running["total_running"] == 1 and running["commands"][0]["duration"] >= 0
    history = await get("/api/commands/history?limit=1&offset=0", owner)
    assert history["total"] == 2 and history["limit"] == 1
    assert [c["command_id"] for c in history["commands"]] == [quick["command_id"]]
    page_two = await get("/api/commands/history?limit=1&offset=1", owner)
    assert [c["command_id"] for c in page_two["commands"]] == [slow["command_id"]]
    assert (await get("/api/commands/history", stranger))["total"] == 0
    assert (await get("/api/commands/running", stranger))["total_running"] == 0
    hidden = await live_client.get(f"/api/commands/{slow['command_id']}/status", headers=stranger)
    assert hidden.status == 404
    hidden = await live_client.post(f"/api/commands/{slow['command_id']}/cancel", headers=stranger)
    assert hidden.status == 404
    assert (await get("/api/commands/running", admin))["total_running"] == 1
    assert (await get("/api/commands/history", admin))["total"] == 2
    response = await live_client.post(f"/api/commands/{slow['command_id']}/cancel", headers=admin)
    assert (await response.json())["data"]["status"] == "cancelled"
    assert (await get("/api/commands/running", owner))["total_running"] == 0


async def test_output_is_published_as_events_when_streaming(
    live_client: TestClient, make_user: Any, headers: Any
) -> None:
    seen: list[Event] = []
    live_client.app[bridge_key].on_event(seen.append)
    auth = headers(make_user())
    await new_project(live_client, auth)  # where the commands run
    streamed = await execute(live_client, auth, command="echo one; echo two >&2")
    quiet = await execute(live_client, auth, command="echo hush", stream_output=False)
    for started in (streamed, quiet):
        await wait_final(live_client, auth, started["command_id"])
    done = await status(live_client, auth, streamed["command_id"])
    await poll(
        live_client,
        auth,
        streamed["command_id"],
        lambda _: any(e.kind == "command_completed" for e in seen),
    )
    mine = [e for e in seen if e.stream == streamed["command_id"]]
    outputs = [e for e in mine if e.kind == "command_output"]
    assert [(e.seq, e.data["stream"], e.data["content"]) for e in outputs] == [
        (c["seq"], c["stream"], c["content"]) for c in done["output"]
    ]
    # never on the project's topic: its other watchers may not see this command (REST: 404)
    assert outputs[0].channels == (f"command:{streamed['command_id']}",)
    assert set(outputs[0].data) == {"command_id", "stream", "content", "timestamp"}
    assert mine[-1].kind == "command_completed" and mine[-1].data["status"] == "completed"
    assert not [e for e in seen if e.stream == quiet["command_id"]]


async def test_stopping_the_runtime_records_running_commands_as_interrupted(
    runtime: Any, client: TestClient, make_user: Any, headers: Any
) -> None:
    assert await client.app[bridge_key].wait_connected(30)
    auth = headers(make_user())
    await new_project(client, auth)
    started = await execute(client, auth, command="sleep 300")
    runtime.stop()
    command = Command.get_by_id(started["command_id"])
    assert command.status == "failed" and command.error_message == "interrupted by service shutdown"
    assert not alive(started["pid"])


async def test_a_command_whose_lease_ran_out_is_reported_lost(
    client: TestClient, make_user: Any, headers: Any
) -> None:
    user = make_user()
    lost = Command.create(
        user=user,
        command="sleep 300",
        working_directory="/tmp",
        status="running",
        lease_expires_at=utcnow() - dt.timedelta(seconds=1),
    )
    data = await status(client, headers(user), lost.id)
    assert data["status"] == "failed" and data["error"].startswith("lost:")
