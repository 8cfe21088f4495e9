"""CLI runs in the sandbox: the fake CLI (which runs a `[run]` snippet as the real one runs its
Bash tool) cannot reach what a developer must not, gets its prompt on stdin, and nothing it
starts survives a cancel or a crash of the runtime."""

from __future__ import annotations

import asyncio
import os
import signal
from pathlib import Path
from typing import Any

from actors.processes import descendants
from storage.models import Execution
from tests.support.api import Api
from tests.support.fixtures.app import LiveApp
from tests.support.fixtures.runtime import StartRuntime
from tests.support.processes import parent_of, running, unique_nap
from tests.support.sandbox import (
    assert_contained,
    deploy,
    forbidden_paths,
    needs_bwrap,
    plain_lines,
    reach,
)
from tests.support.waiting import eventually

pytestmark = needs_bwrap


def output_of(task: dict[str, Any]) -> str:
    return "".join(chunk["content"] for chunk in task["latest_execution"]["output"])


async def run_task(api: Api, project_id: str, title: str, description: str = "") -> dict[str, Any]:
    task_id = await api.task_id(project_id, title, description)
    await api.execute(task_id)
    return await api.wait(task_id)


async def test_a_cli_run_cannot_reach_secrets_other_projects_or_server_processes(
    live_app: LiveApp, make_user: Any
) -> None:
    deployment = await deploy(live_app)
    developer, other = deployment.api(make_user()), deployment.api(make_user())
    own = await developer.project("mine")
    theirs = await other.project("theirs")
    Path(theirs["working_directory"], "private.txt").write_text("not yours\n")
    paths = forbidden_paths(deployment.settings, theirs["working_directory"])
    attempt = reach(paths, await deployment.server_pids(), own["working_directory"])
    task = await run_task(developer, own["id"], "Look around", f"[run]{attempt.script}")
    assert task["status"] == "completed", task
    output = plain_lines(output_of(task))
    assert_contained(output, deployment, attempt, paths, own["working_directory"])
    assert "not yours" not in output


async def test_a_private_directory_under_a_configured_path_stays_covered(
    live_app: LiveApp, env: dict[str, str], make_user: Any, tmp_path: Path
) -> None:
    # tmp_path holds DATA_DIR (and on SQLite the database): showing it to the CLI must not show
    # them, nor other projects; the project directory below them is still there and writable
    read_paths = f"{env['SANDBOX_READ_PATHS']},{tmp_path}"
    deployment = await deploy(live_app, SANDBOX_READ_PATHS=read_paths)
    developer = deployment.api(make_user())
    own = await developer.project("mine")
    theirs = await deployment.api(make_user()).project("theirs")
    paths = forbidden_paths(deployment.settings, theirs["working_directory"])
    attempt = reach(paths, [], own["working_directory"])
    settings = deployment.settings
    listing = f"ls -a {settings.data_dir} {settings.workspace_root}"
    task = await run_task(developer, own["id"], "Peek", f"[run]{listing}; {attempt.script}")
    assert task["status"] == "completed", task
    output = plain_lines(output_of(task))
    listed = output.splitlines()
    assert "jwt_secret" not in listed and theirs["id"] not in listed and own["id"] in listed
    assert_contained(output, deployment, attempt, paths, own["working_directory"])


async def test_the_prompt_reaches_the_cli_on_stdin_never_in_its_arguments(
    live_client: Any, make_user: Any, headers: Any
) -> None:
    api = Api(live_client, headers(make_user()))
    project = await api.project_id()
    marker = unique_nap()
    title = f"--version {marker}"  # a leading dash must not read as an option
    task = await run_task(api, project, title, "[run]tr '\\0' ' ' < /proc/$PPID/cmdline; echo")
    assert task["status"] == "completed", task
    argv_line = plain_lines(output_of(task)).strip()
    assert " -p --output-format stream-json --verbose" in argv_line, argv_line
    assert marker not in argv_line
    assert f"Working on: {title}" in output_of(task)  # ...yet the CLI got all of it


async def test_a_cancel_ends_everything_the_cli_started_setsid_included(
    live_app: LiveApp, make_user: Any
) -> None:
    deployment = await deploy(live_app)
    api = deployment.api(make_user())
    project = await api.project_id()
    nap = unique_nap()
    escape = f"setsid sh -c \"trap '' TERM; exec sleep {nap}\" > /dev/null 2>&1 &"
    task_id = await api.task_id(project, "Escape [sleep=120]", f"[run]{escape}")
    await api.execute(task_id)
    await eventually(lambda: _running(nap))
    await api.call("POST", f"/api/tasks/{task_id}/cancel", {}, expect=200)
    assert (await api.wait(task_id))["status"] == "cancelled"
    assert await eventually(lambda: _gone(nap))  # the cancel is recorded before the run ends


async def _running(nap: str) -> bool:
    return bool(running(["sleep", nap]))


async def _gone(nap: str) -> bool:
    return not running(["sleep", nap])


async def test_nothing_of_a_run_outlives_a_crash_of_the_whole_runtime(
    start_runtime: StartRuntime, live_app: LiveApp, make_user: Any
) -> None:
    deployment = await deploy(live_app)
    api = deployment.api(make_user())
    project = await api.project_id()
    nap = unique_nap()
    escape = f"setsid sh -c \"trap '' TERM; exec sleep {nap}\" > /dev/null 2>&1 &"
    task_id = await api.task_id(project, "Stay [ignore-term] [sleep=120]", f"[run]{escape}")
    await api.execute(task_id)
    await eventually(lambda: _running(nap))
    execution = Execution.get(Execution.task == task_id)
    launcher = _launcher_of(execution.pid)
    # a host-like crash of the runtime alone: the run (and the escaped sleep, wherever it sits
    # in the tree) is spared
    spared = {execution.pid, *descendants(execution.pid), *running(["sleep", nap])}
    for pid in [launcher, *descendants(launcher)]:
        if pid not in spared:
            os.kill(pid, signal.SIGKILL)
    assert await eventually(lambda: _gone(nap))  # with no recovery to kill it
    await asyncio.to_thread(start_runtime)  # recovery records it (and finds nothing to kill)
    failed = await api.wait(task_id, ("failed", "queued"), timeout=60)
    assert failed["status"] in ("failed", "queued")


def _launcher_of(pid: int) -> int:
    """The `python -m actors` process above pid (the pytest process's child)."""
    while parent_of(pid) != os.getpid():
        pid = parent_of(pid)
    return pid


async def test_the_cli_state_of_one_project_is_not_seen_by_another(
    live_app: LiveApp, make_user: Any
) -> None:
    # the real CLI keeps settings, hooks and transcripts under ~/.claude: a run that plants a
    # hook there must not reach the runs of another project, and its own project keeps it
    deployment = await deploy(live_app)
    developer, other = deployment.api(make_user()), deployment.api(make_user())
    own = await developer.project("mine")
    theirs = await other.project("theirs")
    plant = '[run]mkdir -p "$HOME/.claude" && echo planted > "$HOME/.claude/settings.json"'
    assert (await run_task(developer, own["id"], "Plant", plant))["status"] == "completed"
    look = '[run]cat "$HOME/.claude/settings.json" 2>/dev/null || echo "no state"'
    elsewhere = await run_task(other, theirs["id"], "Look", look)
    assert "no state" in plain_lines(output_of(elsewhere))
    assert "planted" not in plain_lines(output_of(elsewhere))
    again = await run_task(developer, own["id"], "Look again", look)
    assert "planted" in plain_lines(output_of(again))  # the project's own state persists
