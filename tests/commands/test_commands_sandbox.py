"""Ad-hoc commands of a developer run in the sandbox: what they cannot reach, what dies with
them, the limits that stop them, and what happens without a sandbox."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.support.api import Api, AppClient
from tests.support.commands import execute, poll, text_of, wait_final
from tests.support.fixtures.app import LiveApp
from tests.support.processes import running, unique_nap
from tests.support.sandbox import (
    assert_contained,
    deploy,
    forbidden_paths,
    needs_bwrap,
    reach,
    run_cgroups,
)

pytestmark = needs_bwrap


async def run(api: Api, command: str, **body: Any) -> dict[str, Any]:
    """Execute command and return its final state."""
    started = await execute(api.client, api.auth, command=command, **body)
    return await wait_final(api.client, api.auth, started["command_id"])


async def test_a_command_cannot_reach_secrets_other_projects_or_server_processes(
    live_app: LiveApp, make_user: Any
) -> None:
    deployment = await deploy(live_app)
    developer, other = deployment.api(make_user()), deployment.api(make_user())
    own = await developer.project("mine")
    theirs = await other.project("theirs")
    Path(theirs["working_directory"], "private.txt").write_text("not yours\n")
    paths = forbidden_paths(deployment.settings, theirs["working_directory"])
    attempt = reach(paths, await deployment.server_pids(), own["working_directory"])
    done = await run(developer, attempt.script, project_id=own["id"])
    assert done["status"] == "completed", done
    assert_contained(text_of(done), deployment, attempt, paths, own["working_directory"])
    assert "not yours" not in text_of(done)


async def test_a_setsid_grandchild_that_ignores_sigterm_dies_with_the_cancel(
    live_app: LiveApp, make_user: Any
) -> None:
    deployment = await deploy(live_app)
    developer = deployment.api(make_user())
    await developer.project()
    nap = unique_nap()
    started = await execute(
        developer.client,
        developer.auth,
        command=f"setsid sh -c \"trap '' TERM; exec sleep {nap}\" & echo started; wait",
    )
    await poll(developer.client, developer.auth, started["command_id"], lambda _: running_nap(nap))
    cancelled = await developer.fetch("POST", f"/api/commands/{started['command_id']}/cancel")
    assert cancelled["status"] == "cancelled" and cancelled["exit_code"] == -15
    assert not running(["sleep", nap])  # it left its session: only the namespace's end got it


def running_nap(nap: str) -> bool:
    return bool(running(["sleep", nap]))


SPAWNER = """python3 -c '
import subprocess, time
spawned = 0
try:
    while spawned < 200:
        subprocess.Popen(["sleep", "{nap}"])
        spawned += 1
except OSError:
    print("stopped after", spawned, flush=True)
else:
    print("spawned all", spawned, flush=True)
time.sleep(300)
'"""


async def test_a_fork_bomb_is_stopped_by_the_process_limit_and_the_server_stays_responsive(
    live_app: LiveApp, make_user: Any
) -> None:
    deployment = await deploy(live_app, SANDBOX_MAX_PROCESSES=40)
    await require_cgroup(deployment.client, "processes")
    developer = deployment.api(make_user())
    await developer.project()
    nap = unique_nap()
    bomb = await execute(developer.client, developer.auth, command=SPAWNER.format(nap=nap))
    shown = await poll(developer.client, developer.auth, bomb["command_id"], spoke)
    assert "stopped after" in text_of(shown), text_of(shown)
    assert 0 < int(text_of(shown).split("stopped after")[1].split()[0]) < 40
    assert run_cgroups(deployment.settings, bomb["command_id"])  # the run's own
    health = await developer.client.get("/api/health/")
    assert health.status == 200
    other = await run(developer, "echo still here")  # a run of its own: its own budget
    assert other["status"] == "completed" and text_of(other) == "still here\n"
    await developer.fetch("POST", f"/api/commands/{bomb['command_id']}/cancel")
    assert not running(["sleep", nap])
    assert not run_cgroups(deployment.settings, bomb["command_id"])  # removed after the run


def spoke(status: dict[str, Any]) -> bool:
    return "stopped after" in text_of(status) or "spawned all" in text_of(status)


async def test_the_cpu_time_limit_ends_a_busy_command(live_app: LiveApp, make_user: Any) -> None:
    deployment = await deploy(live_app, SANDBOX_MAX_CPU_SECONDS=1)
    developer = deployment.api(make_user())
    await developer.project()
    done = await run(developer, "while :; do :; done", timeout=60)
    assert done["status"] == "failed", done
    assert "CPU time limit of 1 s" in (done["error"] or "") + text_of(done)


async def test_the_memory_limit_ends_a_hungry_command(live_app: LiveApp, make_user: Any) -> None:
    deployment = await deploy(live_app, SANDBOX_MAX_MEMORY_MB=64)
    developer = deployment.api(make_user())
    await developer.project()
    hungry = "python3 -c 'x = bytearray(512 * 1024 * 1024); print(\"allocated\")'"
    done = await run(developer, hungry)
    assert done["status"] == "failed" and "allocated" not in text_of(done), done


CONNECT = (
    'python3 -c \'import socket; socket.create_connection(("127.0.0.1", {port}), 5); '
    'print("connected")\''
)


async def test_commands_reach_the_network_by_default(live_app: LiveApp, make_user: Any) -> None:
    deployment = await deploy(live_app)
    developer = deployment.api(make_user())
    await developer.project()
    done = await run(developer, CONNECT.format(port=port_of(deployment.client)))
    assert done["status"] == "completed" and text_of(done, "stdout") == "connected\n", done


async def test_commands_without_network_when_the_operator_says_so(
    live_app: LiveApp, make_user: Any
) -> None:
    deployment = await deploy(live_app, SANDBOX_COMMAND_NETWORK="false")
    developer = deployment.api(make_user())
    await developer.project()
    done = await run(developer, CONNECT.format(port=port_of(deployment.client)))
    assert done["status"] == "failed" and "connected" not in text_of(done, "stdout"), done
    health = await developer.fetch("GET", "/api/health/detailed")
    assert health["checks"]["sandbox"]["command_network"] is False


def port_of(client: AppClient) -> int:
    assert client.server.port is not None
    return client.server.port


async def test_health_shows_the_sandbox(live_app: LiveApp, make_user: Any) -> None:
    deployment = await deploy(live_app)
    health = await deployment.api(make_user()).fetch("GET", "/api/health/detailed")
    sandbox = health["checks"]["sandbox"]
    assert sandbox["status"] == "enabled" and sandbox["mode"] == "bwrap"
    assert sandbox["detail"].startswith("bubblewrap") and sandbox["command_network"] is True
    assert health["status"] == "healthy"


async def test_without_a_sandbox_only_admins_run_commands(
    live_app: LiveApp, make_user: Any
) -> None:
    deployment = await deploy(live_app, SANDBOX="off")
    developer, admin = deployment.api(make_user()), deployment.api(make_user("admin"))
    await developer.project()
    refused = await execute(developer.client, developer.auth, expect=403, command="echo hi")
    assert refused["code"] == "SANDBOX_UNAVAILABLE", refused
    assert "administrators" in refused["message"]
    history = await developer.fetch("GET", "/api/commands/history")
    assert history["commands"][0]["status"] == "failed"  # recorded, never run
    await admin.project()
    done = await run(admin, "echo admin")
    assert done["status"] == "completed" and text_of(done) == "admin\n"
    health = await admin.fetch("GET", "/api/health/detailed")
    sandbox = health["checks"]["sandbox"]
    assert sandbox["status"] == "disabled" and sandbox["mode"] == "off"
    assert sandbox["unsandboxed_commands"] == "admins" and health["status"] == "healthy"


async def test_the_operator_may_allow_unsandboxed_commands(
    live_app: LiveApp, make_user: Any
) -> None:
    deployment = await deploy(live_app, SANDBOX="off", ALLOW_UNSANDBOXED="true")
    developer = deployment.api(make_user())
    await developer.project()
    done = await run(developer, "echo allowed")
    assert done["status"] == "completed" and text_of(done) == "allowed\n"
    health = await developer.fetch("GET", "/api/health/detailed")
    assert health["checks"]["sandbox"]["unsandboxed_commands"] == "everyone"


async def require_cgroup(client: AppClient, limit: str) -> None:
    """Skip unless this host gives runs a cgroup for limit (as root, rlimits do not bind)."""
    response = await client.get("/api/health/detailed")
    sandbox = (await response.json())["data"]["checks"]["sandbox"]
    if limit not in (sandbox.get("cgroup_limits") or []):
        pytest.skip(f"no {limit} cgroup for runs on this host")
