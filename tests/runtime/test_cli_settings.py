"""A project's settings.cli and a run's options.cli reach the CLI as its own flags; the
execution records what it used; bypassPermissions only where an admin allowed it."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from tests.support.api import Api
from tests.support.cli_runs import init_event, invocation
from tests.support.fixtures.app import ApiOn
from web.keys import settings_key

MCP = {"mcpServers": {"files": {"command": "mcp-files", "args": ["--root", "."]}}}
PROJECT_CLI = {
    "model": "sonnet",
    "permission_mode": "acceptEdits",
    "allowed_tools": ["Bash(git diff:*)", "Edit"],
    "disallowed_tools": ["WebFetch"],
    "max_turns": 7,
    "append_system_prompt": "-- be brief",
    "add_dirs": ["docs"],
    "mcp_config": MCP,
}


async def run(api: Api, project_id: str, title: str, **options: Any) -> dict[str, Any]:
    task_id = await api.task_id(project_id, title)
    await api.execute(task_id, **options)
    return await api.wait(task_id)


async def test_project_settings_and_run_options_become_the_cli_flags(
    live_client: Any, api_on: ApiOn
) -> None:
    api = api_on(live_client)
    project = await api.project("cli", settings={"theme": "dark", "cli": PROJECT_CLI})
    assert project["settings"] == {"theme": "dark", "cli": PROJECT_CLI}
    Path(project["working_directory"], "docs").mkdir()
    task = await run(api, project["id"], "Edit things", cli={"model": "opus", "max_turns": 3})
    execution = task["latest_execution"]
    assert task["status"] == "completed", execution
    argv, stdin = invocation(execution)
    docs = os.path.realpath(Path(project["working_directory"], "docs"))
    for flag in (
        "--model=opus",
        "--permission-mode=acceptEdits",
        "--allowedTools=Bash(git diff:*)",
        "--allowedTools=Edit",
        "--disallowedTools=WebFetch",
        "--max-turns=3",
        "--append-system-prompt=-- be brief",
        f"--add-dir={docs}",
    ):
        assert flag in argv, (flag, argv)
    assert "--model=sonnet" not in argv and stdin == "Edit things"
    assert init_event(execution)["mcp_servers"] == [{"name": "files", "status": "connected"}]
    assert execution["cli"] == {**PROJECT_CLI, "model": "opus", "max_turns": 3}
    runs = live_client.app[settings_key].data_dir / "cli-runs"
    assert not (runs / execution["id"]).exists()  # the per-run MCP file is gone


async def test_a_run_without_cli_settings_gets_no_extra_flags(
    live_client: Any, api_on: ApiOn
) -> None:
    api = api_on(live_client)
    task = await run(api, await api.project_id(), "Plain")
    argv, _ = invocation(task["latest_execution"])
    assert argv == ["-p", "--output-format", "stream-json", "--verbose"]
    assert task["latest_execution"]["cli"] == {}


async def test_bypass_permissions_needs_an_admin_or_a_project_an_admin_allowed(
    live_client: Any, api_on: ApiOn
) -> None:
    developer, admin = api_on(live_client), api_on(live_client, "admin")
    project = await developer.project("p")
    path = f"/api/projects/{project['id']}"
    bypass = {"permission_mode": "bypassPermissions"}
    denied = await developer.put(path, {"settings": {"cli": bypass}}, expect=403)
    assert denied["code"] == "AUTH_INSUFFICIENT_PERMISSIONS"
    allow = {"cli": {"allow_bypass_permissions": True}}
    await developer.put(path, {"settings": allow}, expect=403)
    task_id = await developer.task_id(project["id"], "Risky")
    refused = await developer.post(
        f"/api/tasks/{task_id}/execute", {"options": {"cli": bypass}}, expect=403
    )
    assert refused["code"] == "AUTH_INSUFFICIENT_PERMISSIONS"
    await admin.put(path, {"settings": allow})
    await developer.execute(task_id, cli=bypass)
    task = await developer.wait(task_id)
    assert "--permission-mode=bypassPermissions" in invocation(task["latest_execution"])[0]
    # the developer may change other settings, but not take the admin's permission away
    await developer.put(path, {"settings": {"cli": {**allow["cli"], "model": "haiku"}}})
    await developer.put(path, {"settings": {"cli": {"model": "haiku"}}}, expect=403)
    clone = await developer.post(f"{path}/clone", {"include_settings": True}, expect=201)
    assert clone["settings"] == {"cli": {"model": "haiku"}}  # not copied to a non-admin


async def test_an_admin_runs_bypass_permissions_anywhere(live_client: Any, api_on: ApiOn) -> None:
    admin = api_on(live_client, "admin")
    task = await run(
        admin, await admin.project_id(), "Admin", cli={"permission_mode": "bypassPermissions"}
    )
    assert task["status"] == "completed"
    assert task["latest_execution"]["cli"] == {"permission_mode": "bypassPermissions"}


async def test_cli_settings_are_validated(client: Any, api_on: ApiOn) -> None:
    api = api_on(client)
    for cli, field in (
        ({"permission_mode": "yolo"}, "permission_mode"),
        ({"allowed_tools": ["--dangerously-skip-permissions"]}, "allowed_tools"),
        ({"max_turns": 0}, "max_turns"),
        ({"model": "-x"}, "model"),
        ({"mcp_config": "servers.json"}, "mcp_config"),
        ({"unknown": 1}, "unknown"),
    ):
        error = await api.post("/api/projects/", {"name": "p", "settings": {"cli": cli}}, 422)
        assert field in str(error), (cli, error)
    project = await api.project("p")
    error = await api.put(
        f"/api/projects/{project['id']}", {"settings": {"cli": {"add_dirs": ["../x"]}}}, 422
    )
    assert error["code"] == "VALIDATION_ERROR" and "add_dirs" in error["message"]
    task_id = await api.task_id(project["id"], "t")
    outside = {"options": {"cli": {"add_dirs": ["/etc"]}}}
    await api.post(f"/api/tasks/{task_id}/execute", outside, 422)


async def test_an_add_dir_that_leads_outside_through_a_symlink_fails_the_run(
    live_client: Any, api_on: ApiOn, tmp_path: Path
) -> None:
    api = api_on(live_client)
    project = await api.project("p")
    Path(project["working_directory"], "out").symlink_to(tmp_path)
    task = await run(api, project["id"], "Escape", cli={"add_dirs": ["out"]})
    assert task["status"] == "failed"
    error = task["latest_execution"]["error"]
    assert error["code"] == "TASK_EXECUTION_FAILED" and "outside" in error["message"]


async def test_a_retry_uses_the_cli_options_of_the_run_it_repeats(
    live_client: Any, api_on: ApiOn
) -> None:
    api = api_on(live_client)
    task = await run(api, await api.project_id(), "Flaky [fail]", cli={"model": "haiku"})
    assert task["status"] == "failed"
    await api.post(f"/api/tasks/{task['id']}/retry")
    again = await api.wait(task["id"])
    assert again["latest_execution"]["attempt"] == 2
    assert "--model=haiku" in invocation(again["latest_execution"])[0]
