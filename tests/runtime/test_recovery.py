"""Faults: a crashed runner, command, queue, a stuck runner, and a host-like crash of it all."""

from __future__ import annotations

import asyncio
import os
import signal
from typing import Any

from aiohttp.test_utils import TestClient

from actors.messages import Ping, Pong
from actors.processes import descendants
from storage.models import Execution
from tests.runtime.test_lifecycle import cli_has_spoken
from tests.support.api import Api
from tests.support.commands import execute, new_project, poll, text_of
from tests.support.processes import alive, group_alive, host_pid, parent_of
from tests.support.waiting import eventually, wait_for
from web.keys import bridge_key
from web.runtime.bridge import ActorSystemUnavailable

UNSANDBOXED = {"SANDBOX": "off", "ALLOW_UNSANDBOXED": "true"}


async def processes(client: TestClient) -> dict[str, int]:
    pong: Pong = await client.app[bridge_key].ask(lambda cid, to: Ping(cid, to), 10)
    return pong.processes


async def running_execution(api: Api, title: str, **options: Any) -> tuple[str, Execution]:
    task_id = await api.task_id(await api.project_id(), title)
    await api.execute(task_id, **options)
    execution = await asyncio.to_thread(
        wait_for,
        lambda: Execution.get_or_none((Execution.task == task_id) & Execution.pgid.is_null(False)),
    )
    await asyncio.to_thread(wait_for, lambda: cli_has_spoken(execution.id))
    return task_id, execution


async def test_a_killed_task_runner_fails_its_execution_and_frees_the_slot(
    live_app: Any, make_user: Any, headers: Any
) -> None:
    client = await live_app(MAX_CONCURRENT_TASKS=1, RETRY_BACKOFF_SECONDS=0.1)
    api = Api(client, headers(make_user()))
    task_id, execution = await running_execution(
        api, "Doomed [ignore-term] [sleep=60]", retry_attempts=1
    )
    runner = (await processes(client))[f"execution:{execution.id}"]
    os.kill(runner, signal.SIGKILL)
    failed = await eventually(lambda: _if_status(execution.id, "failed"))
    assert failed.error_message == "the task runner exited unexpectedly"
    assert not group_alive(execution.pgid)  # its CLI did not outlive it
    attempts = await api.attempts(task_id)  # the crash counted as an attempt: retried
    assert [a["attempt"] for a in attempts] == [2, 1]
    second = await eventually(lambda: _pid_of(attempts[0]["id"]))
    assert second.status == "running"  # the slot was freed for the retry
    await api.call("POST", f"/api/tasks/{task_id}/cancel", {}, expect=200)


async def _if_status(execution_id: str, status: str) -> Execution | None:
    execution = Execution.get_by_id(execution_id)
    return execution if execution.status == status else None


async def _pid_of(execution_id: str) -> Execution | None:
    execution = Execution.get_by_id(execution_id)
    return execution if execution.pgid else None


async def test_a_killed_command_runner_fails_the_execution(
    live_app: Any, make_user: Any, headers: Any
) -> None:
    api = Api(await live_app(), headers(make_user()))
    task_id, execution = await running_execution(api, "Doomed [ignore-term] [sleep=60]")
    os.kill(parent_of(execution.pid), signal.SIGKILL)  # the CommandActor owning the CLI
    failed = await eventually(lambda: _if_status(execution.id, "failed"))
    assert failed.error_message == "the command runner exited unexpectedly"
    assert await eventually(lambda: _group_gone(execution.pgid))
    assert (await api.detail(task_id))["status"] == "failed"


async def _group_gone(pgid: int) -> bool:
    return not group_alive(pgid)


async def test_a_killed_queue_restarts_from_storage(
    live_app: Any, make_user: Any, headers: Any
) -> None:
    client = await live_app(MAX_CONCURRENT_TASKS=1)
    api = Api(client, headers(make_user()))
    project = await api.project_id()
    blocker = await api.task_id(project, "Blocker [sleep=60]")
    await api.execute(blocker)
    await api.wait(blocker, ("running",))
    queued = [await api.task_id(project, f"queued {i}") for i in range(3)]
    for task_id in queued:
        await api.execute(task_id)
    old = (await processes(client))["queue:normal"]
    os.kill(old, signal.SIGKILL)
    restarted = await eventually(lambda: _new_queue_pid(client, old))
    assert restarted != old
    await api.call("POST", f"/api/tasks/{blocker}/cancel", {}, expect=200)
    for task_id in queued:
        assert (await api.wait(task_id))["status"] == "completed"


async def _new_queue_pid(client: TestClient, old: int) -> int | None:
    pid = (await processes(client)).get("queue:normal")
    return pid if pid and pid != old else None


async def test_a_stuck_runner_is_found_by_its_lease(
    live_app: Any, make_user: Any, headers: Any
) -> None:
    client = await live_app(EXECUTION_LEASE_SECONDS=2)
    api = Api(client, headers(make_user()))
    task_id, execution = await running_execution(api, "Hangs [sleep=60]")
    runner = (await processes(client))[f"execution:{execution.id}"]
    os.kill(runner, signal.SIGSTOP)  # alive to the OS, silent to everyone else
    failed = await eventually(lambda: _if_status(execution.id, "failed"), timeout=20)
    assert failed.error_message == "the task runner stopped renewing its lease"
    assert await eventually(lambda: _group_gone(execution.pgid))
    assert await eventually(lambda: _process_gone(runner))


async def _process_gone(pid: int) -> bool:
    return not alive(pid)


async def test_recovery_after_the_whole_runtime_is_killed(
    start_runtime: Any, env: dict[str, str], aiohttp_client: Any, make_user: Any, headers: Any
) -> None:
    from config import load_settings
    from web.app import create_app

    # unsandboxed, a run's processes can outlive the runtime: recovery must kill them
    env.update(MAX_CONCURRENT_TASKS="1", RETRY_BACKOFF_SECONDS="0.1", **UNSANDBOXED)
    runtime = start_runtime()
    client = await aiohttp_client(create_app(load_settings(env)))
    assert await client.app[bridge_key].wait_connected(30)
    api = Api(client, headers(make_user()))
    task_id, execution = await running_execution(
        api, "Interrupted [ignore-term] [sleep=60]", retry_attempts=1
    )
    project = (await api.detail(task_id))["project_id"]
    queued = [await api.task_id(project, f"queued {i}") for i in range(3)]
    for task_id_ in queued:
        await api.execute(task_id_)

    # a host failure: SIGKILL to the launcher, the admin, every actor and the logger at once
    runtime_pids = [runtime.process.pid] + [
        pid for pid in descendants(runtime.process.pid) if os.getpgid(pid) != execution.pgid
    ]
    for pid in runtime_pids:
        os.kill(pid, signal.SIGKILL)
    runtime.process.wait()
    assert group_alive(execution.pgid)  # the CLI's own child survived the crash...

    start_runtime()
    failed = await eventually(lambda: _if_status(execution.id, "failed"))
    assert failed.error_message == "interrupted by service disruption"
    assert await eventually(lambda: _group_gone(execution.pgid))  # ...recovery killed it
    for task_id_ in queued:
        assert (await api.wait(task_id_, timeout=60))["status"] == "completed"
    order = [
        row[0]
        for row in Execution.select(Execution.task)
        .where(Execution.task.in_(queued))
        .order_by(Execution.started_at)
        .tuples()
    ]
    assert order == queued  # still queued, in the same order
    attempts = await api.attempts(task_id)
    assert [a["attempt"] for a in attempts] == [2, 1]  # the interrupted one was retried
    await api.call("POST", f"/api/tasks/{task_id}/cancel", {}, expect=200)


async def test_a_killed_supervisor_is_recreated_by_the_launcher(
    live_app: Any, make_user: Any, headers: Any
) -> None:
    client = await live_app()
    api = Api(client, headers(make_user()))
    before = await eventually(lambda: _with_queues(client))  # each queue has reported
    old = before["supervisor"]
    os.kill(old, signal.SIGKILL)
    await eventually(lambda: _new_supervisor(client, old), timeout=60)
    for name in ("queue:high", "queue:normal", "queue:low"):  # the old children left too
        assert await eventually(lambda pid=before[name]: _process_gone(pid))
    task_id = await api.task_id(await api.project_id(), "After the restart")
    await api.execute(task_id)
    assert (await api.wait(task_id))["status"] == "completed"


async def _with_queues(client: TestClient) -> dict[str, int] | None:
    found = await processes(client)
    return found if all(f"queue:{p}" in found for p in ("high", "normal", "low")) else None


async def _new_supervisor(client: TestClient, old: int) -> int | None:
    try:
        pid = (await processes(client)).get("supervisor")
    except (TimeoutError, ActorSystemUnavailable):
        return None
    return pid if pid and pid != old else None


async def _running_command(client: TestClient, auth: dict[str, str]) -> tuple[str, int, int]:
    """A shell command with a child that ignores SIGTERM; returns its id, pid and the child."""
    await new_project(client, auth)
    started = await execute(
        client, auth, command="trap '' TERM; sleep 300 & echo child=$!; wait; wait"
    )
    shown = await poll(client, auth, started["command_id"], lambda d: "child=" in text_of(d))
    child = host_pid(int(text_of(shown).split("child=")[1].split()[0]), started["pid"])
    return started["command_id"], started["pid"], child


async def test_a_killed_command_owner_fails_the_command_and_kills_its_group(
    live_client: TestClient, make_user: Any, headers: Any
) -> None:
    auth = headers(make_user())
    command_id, pid, child = await _running_command(live_client, auth)
    os.kill(parent_of(parent_of(pid)), signal.SIGKILL)  # shell ← CommandActor ← its owner
    failed = await poll(live_client, auth, command_id, lambda d: d["status"] == "failed")
    assert failed["error"] == "the command runner exited unexpectedly"
    assert await eventually(lambda: _both_gone(pid, child))


async def _both_gone(*pids: int) -> bool:
    return all([await _process_gone(pid) for pid in pids])


async def test_commands_left_running_by_a_crash_are_failed_and_killed_at_start(
    start_runtime: Any, env: dict[str, str], aiohttp_client: Any, make_user: Any, headers: Any
) -> None:
    from config import load_settings
    from web.app import create_app

    env.update(
        UNSANDBOXED
    )  # in the sandbox nothing outlives the crash (tests/runtime/test_sandbox.py)
    runtime = start_runtime()
    client = await aiohttp_client(create_app(load_settings(env)))
    assert await client.app[bridge_key].wait_connected(30)
    auth = headers(make_user())
    command_id, pid, child = await _running_command(client, auth)
    group = os.getpgid(pid)
    for victim in [runtime.process.pid] + [
        p for p in descendants(runtime.process.pid) if os.getpgid(p) != group
    ]:
        os.kill(victim, signal.SIGKILL)
    runtime.process.wait()
    assert not await _process_gone(child)  # the ignoring child outlived the crash...
    start_runtime()
    failed = await poll(client, auth, command_id, lambda d: d["status"] == "failed", 60)
    assert failed["error"] == "interrupted by service disruption"
    assert await eventually(lambda: _both_gone(pid, child))  # ...not the start


async def test_watchers_see_a_runner_crash_and_its_retry(
    live_app: Any, make_user: Any, headers: Any
) -> None:
    from tests.support.ws_client import authenticated, session, token_of

    client = await live_app(RETRY_BACKOFF_SECONDS=0.1)
    user = make_user()
    api = Api(client, headers(user))
    task_id, execution = await running_execution(api, "Crashes [sleep=60]", retry_attempts=1)
    project = (await api.detail(task_id))["project_id"]
    socket = await authenticated(
        client, await session(client, api.auth, project), token_of(client, user)
    )
    await socket.request("subscribe", "subscribed", channel="task_updates", task_id=task_id)
    os.kill((await processes(client))[f"execution:{execution.id}"], signal.SIGKILL)
    seen = await socket.until(
        lambda m: m["type"] == "task_update" and m["data"]["status"] == "queued"
    )
    updates = [
        (m["data"]["status"], m["data"]["execution_id"]) for m in seen if m["type"] == "task_update"
    ]
    assert updates[0] == ("failed", execution.id)
    assert updates[-1][0] == "queued" and updates[-1][1] != execution.id
    failed = next(m for m in seen if m["type"] == "task_update")
    assert failed["data"]["error"] == "the task runner exited unexpectedly"
    await socket.close()
    await api.call("POST", f"/api/tasks/{task_id}/cancel", {}, expect=200)
