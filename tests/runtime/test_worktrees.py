"""Worktree isolation: each execution of a git project works in its own worktree on its own
branch, parallel runs never write over each other, and the execution records the diff."""

from __future__ import annotations

import asyncio
import fcntl
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

from actors.runs.worktrees import project_root
from tests.support.api import Api
from tests.support.cli_runs import init_event
from tests.support.fixtures.app import ApiOn
from tests.support.sandbox import plain_lines
from tests.support.waiting import eventually
from web.keys import settings_key

WORKTREE = {"cli": {"isolation": "worktree"}}


def git(directory: str, *args: str) -> str:
    env = {**os.environ, "GIT_CONFIG_GLOBAL": "/dev/null", "GIT_CONFIG_NOSYSTEM": "1"}
    identity = ("-c", "user.name=t", "-c", "user.email=t@t")
    done = subprocess.run(
        ["git", *identity, *args], cwd=directory, env=env, capture_output=True, check=True
    )
    return done.stdout.decode()


async def git_project(api: Api) -> dict[str, Any]:
    project = await api.project("repo", settings=WORKTREE)
    directory = project["working_directory"]
    git(directory, "init", "--quiet", "-b", "main")
    Path(directory, "README.md").write_text("hello\n")
    git(directory, "add", "README.md")
    git(directory, "commit", "--quiet", "-m", "start")
    return project


async def test_parallel_runs_each_get_a_worktree_a_branch_and_a_diff(
    live_client: Any, api_on: ApiOn
) -> None:
    api = api_on(live_client)
    project = await git_project(api)
    directory = project["working_directory"]
    base = git(directory, "rev-parse", "HEAD").strip()
    first = await api.task_id(project["id"], "First [write=notes.txt] [sleep=1]")
    second = await api.task_id(project["id"], "Second [write=notes.txt] [run]git log --oneline")
    await asyncio.gather(api.execute(first), api.execute(second))
    runs = [(await api.wait(t))["latest_execution"] for t in (first, second)]
    for task_id, execution, title in zip((first, second), runs, ("First", "Second"), strict=True):
        assert execution["status"] == "completed", execution
        tree = execution["worktree"]
        assert tree["branch"] == f"claude/{task_id[:8]}-1" and tree["base_commit"] == base
        assert init_event(execution)["cwd"] == tree["path"] != directory
        diff = await api.get(f"/api/tasks/{task_id}/executions/{execution['id']}/diff")
        assert diff["head_commit"] == tree["head_commit"] and diff["truncated"] is False
        assert (
            "notes.txt" in diff["stat"]
            and f"+written by fake claude for: {title}" in (diff["patch"])
        )
        shown = git(directory, "show", f"{tree['branch']}:notes.txt")
        assert shown.startswith(f"written by fake claude for: {title}")
    assert not Path(directory, "notes.txt").exists()  # the project's own checkout is untouched
    output = plain_lines("".join(c["content"] for c in runs[1]["output"]))
    assert f"{base[:7]} start" in output  # git works inside the sandboxed worktree


async def test_the_repository_cannot_make_the_servers_git_run_its_commands(
    live_client: Any, api_on: ApiOn, tmp_path: Path
) -> None:
    api = api_on(live_client)
    project = await git_project(api)
    directory = project["working_directory"]
    hooked, filtered = tmp_path / "hooked", tmp_path / "filtered"
    hook = Path(directory, ".git", "hooks", "pre-commit")
    hook.write_text(f"#!/bin/sh\ntouch {hooked}\n")
    hook.chmod(0o755)
    git(directory, "config", "filter.evil.clean", f"sh -c 'touch {filtered}; cat'")
    Path(directory, ".gitattributes").write_text("* filter=evil\n")
    git(directory, "add", ".gitattributes")
    git(directory, "commit", "--quiet", "--no-verify", "-m", "attributes")
    hooked.unlink(missing_ok=True)
    filtered.unlink(missing_ok=True)
    task_id = await api.task_id(project["id"], "Change [write=b.txt]")
    await api.execute(task_id)
    execution = (await api.wait(task_id))["latest_execution"]
    assert execution["status"] == "completed" and execution["worktree"]["head_commit"]
    assert not hooked.exists()  # hooks are off
    if shutil.which("bwrap"):
        assert not filtered.exists()  # the filter ran confined to the project and its worktrees


async def test_a_project_that_is_not_a_repository_cannot_run_isolated(
    client: Any, api_on: ApiOn
) -> None:
    api = api_on(client)
    project = await api.project("plain", settings=WORKTREE)
    task_id = await api.task_id(project["id"], "Anything")
    error = await api.post(f"/api/tasks/{task_id}/execute", {}, 409)
    assert error["code"] == "PROJECT_NOT_A_REPOSITORY"


async def test_an_execution_without_a_worktree_has_no_diff(live_client: Any, api_on: ApiOn) -> None:
    api = api_on(live_client)
    task_id = await api.task_id(await api.project_id(), "Plain")
    await api.execute(task_id)
    execution = (await api.wait(task_id))["latest_execution"]
    assert execution["worktree"] is None
    path = f"/api/tasks/{task_id}/executions/{execution['id']}/diff"
    assert (await api.get(path, expect=404))["code"] == "RESOURCE_NOT_FOUND"


async def test_expired_worktrees_are_removed_and_their_branches_stay(
    live_client: Any, api_on: ApiOn
) -> None:
    api = api_on(live_client)
    project = await git_project(api)
    old = await api.task_id(project["id"], "Old [write=a.txt]")
    await api.execute(old)
    tree = (await api.wait(old))["latest_execution"]["worktree"]
    assert Path(tree["path"]).is_dir()
    retention = live_client.app[settings_key].worktree_retention_hours
    past = Path(tree["path"]).stat().st_mtime - retention * 3600 - 60
    os.utime(tree["path"], (past, past))
    new = await api.task_id(project["id"], "New")
    await api.execute(new)
    assert (await api.wait(new))["status"] == "completed"
    assert not Path(tree["path"]).exists()
    assert tree["branch"] in git(project["working_directory"], "branch", "--list")


async def test_a_projects_worktrees_are_made_one_run_at_a_time(
    live_client: Any, api_on: ApiOn
) -> None:
    """While another run holds the project's worktree lock (here: the test), a run makes no
    worktree; it makes its own once the lock is let go (`git worktree prune` beside another
    run's `worktree add` could remove the new worktree's entry)."""
    api = api_on(live_client)
    project = await git_project(api)
    root = project_root(live_client.app[settings_key].data_dir, project["id"])
    task = await api.task_id(project["id"], "Waits [write=a.txt]")
    with root.with_suffix(".lock").open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        await api.execute(task)

        async def claimed() -> bool:
            return bool((await api.get(f"/api/tasks/{task}"))["status"] == "running")

        await eventually(claimed)
        await asyncio.sleep(0.5)  # a bounded check that nothing happens while the lock is held
        assert list(root.iterdir()) == []
        fcntl.flock(lock, fcntl.LOCK_UN)
    run = (await api.wait(task))["latest_execution"]
    assert run["status"] == "completed" and Path(run["worktree"]["path"]).parent == root
