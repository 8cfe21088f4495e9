"""What execute refuses, and why: permissions, escapes, environment, safety, limits, a dead runtime.

Refusals happen before the runtime is involved, so most of these run without one.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestClient

from storage.models import Command
from tests.support.commands import execute, new_project, wait_final
from tests.support.fixtures.app import LiveApp


@pytest.fixture
async def auth(client: TestClient, make_user: Any, headers: Any) -> dict[str, str]:
    """Headers of a developer who owns a project on `client` (commands run in it)."""
    developer: dict[str, str] = headers(make_user())
    await new_project(client, developer)
    return developer


@pytest.mark.parametrize(
    "directory",
    ["..", "../..", "sub/../../..", "/etc", "/", "link-out", "link-up/x", "nul\0byte"],
)
async def test_working_directory_escapes_are_refused(
    client: TestClient, make_user: Any, headers: Any, tmp_path: Path, directory: str
) -> None:
    auth = headers(make_user())
    project = await new_project(client, auth)
    root = Path(project["working_directory"])
    (root / "sub").mkdir()
    (root / "link-out").symlink_to(tmp_path)
    (root / "link-up").symlink_to("..")
    error = await execute(client, auth, 422, command="ls", working_directory=directory)
    assert error["code"] == "VALIDATION_INVALID_FORMAT"
    assert error["details"]["field"] == "working_directory"
    assert Command.select().count() == 0


async def test_other_users_projects_are_out_of_reach(
    client: TestClient, make_user: Any, headers: Any
) -> None:
    mine, theirs = headers(make_user()), headers(make_user())
    await new_project(client, mine)
    other = await new_project(client, theirs)
    error = await execute(
        client, mine, 422, command="ls", working_directory=other["working_directory"]
    )
    assert error["details"]["issue"] == "must be inside a project directory you can access"
    error = await execute(client, mine, 404, command="ls", project_id=other["id"])
    assert error["code"] == "PROJECT_NOT_FOUND"


async def test_project_roles_decide_who_may_run_there(
    client: TestClient, make_user: Any, headers: Any
) -> None:
    owner, member = make_user(), make_user()
    project = await new_project(client, headers(owner))
    added = await client.post(
        f"/api/projects/{project['id']}/members",
        json={"user_id": member.id, "role": "viewer"},
        headers=headers(owner),
    )
    assert added.status in (200, 201), await added.text()
    error = await execute(client, headers(member), 403, command="ls", project_id=project["id"])
    assert error["code"] == "PROJECT_ACCESS_DENIED"
    error = await execute(
        client, headers(member), 403, command="ls", working_directory=project["working_directory"]
    )
    assert error["code"] == "PROJECT_ACCESS_DENIED"
    error = await execute(client, headers(member), 422, command="ls")  # no default to run in
    assert "no project" in error["message"]


async def test_without_a_project_there_is_nowhere_to_run(
    client: TestClient, make_user: Any, headers: Any
) -> None:
    error = await execute(client, headers(make_user()), 422, command="ls")
    assert "no project" in error["message"]


@pytest.mark.parametrize(
    "name",
    [
        "LD_PRELOAD", "LD_LIBRARY_PATH", "ld_preload", "DYLD_INSERT_LIBRARIES", "BASH_ENV", "ENV",
        "IFS", "PYTHONSTARTUP", "PYTHONPATH", "PERL5OPT", "NODE_OPTIONS", "PROMPT_COMMAND",
        "GIT_SSH_COMMAND", "GIT_CONFIG_COUNT", "HOME", "GLIBC_TUNABLES",
    ],
)  # fmt: skip
async def test_variables_that_change_how_programs_run_are_refused(
    client: TestClient, auth: dict[str, str], name: str
) -> None:
    error = await execute(client, auth, 422, command="ls", environment={name: "x"})
    assert error["details"] == {
        "field": "environment",
        "variable": name,
        "issue": error["message"],
    }
    assert error["message"].startswith(f"{name} may not be set: it ")


@pytest.mark.parametrize(
    ("environment", "issue"),
    [({"1BAD": "x"}, "not a valid variable name"), ({"OK": 1}, "must be a string")],
)
async def test_malformed_variables_are_refused(
    client: TestClient, auth: dict[str, str], environment: dict[str, Any], issue: str
) -> None:
    error = await execute(client, auth, 422, command="ls", environment=environment)
    assert issue in error["message"]


async def test_a_viewer_may_not_run_or_cancel(
    client: TestClient, make_user: Any, headers: Any
) -> None:
    viewer = headers(make_user("viewer"))
    error = await execute(client, viewer, 403, command="ls")
    assert error["code"] == "AUTH_INSUFFICIENT_PERMISSIONS"
    response = await client.post(f"/api/commands/{os.urandom(4).hex()}/cancel", headers=viewer)
    assert response.status == 403
    response = await client.get("/api/commands/history", headers=viewer)
    assert response.status == 200  # reading is allowed


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"command": "if then fi"}, "command"),
        ({"command": "   "}, "command"),
        ({"command": "ls", "timeout": 3601}, "timeout"),
        ({"command": "ls", "timeout": 0}, "timeout"),
        ({"command": "ls", "shell": "zsh"}, "shell"),
        ({"command": 42}, "command"),
    ],
)
async def test_bad_input_gets_a_validation_error(
    client: TestClient, auth: dict[str, str], body: dict[str, Any], field: str
) -> None:
    error = await execute(client, auth, 422, **body)
    assert error["details"]["field"] == field


async def test_unsafe_commands_are_refused_and_only_admins_may_force(
    client: TestClient, auth: dict[str, str]
) -> None:
    error = await execute(client, auth, 403, command="rm -rf /")
    assert error["code"] == "COMMAND_UNSAFE"
    assert any("delete" in w for w in error["details"]["warnings"])
    assert error["details"]["suggestions"]
    error = await execute(client, auth, 403, command="rm -rf /", force=True)
    assert error["code"] == "AUTH_INSUFFICIENT_PERMISSIONS"
    assert Command.select().count() == 0


async def test_an_admin_may_force_and_it_is_recorded(
    live_client: TestClient, make_user: Any, headers: Any
) -> None:
    admin = headers(make_user("admin"))
    await new_project(live_client, admin)
    started = await execute(live_client, admin, command="LD_PRELOAD= echo forced", force=True)
    assert started["forced"] is True and "LD_PRELOAD" in started["warnings"][0]
    done = await wait_final(live_client, admin, started["command_id"])
    assert done["status"] == "completed" and done["output"][0]["content"] == "forced\n"
    history = await (await live_client.get("/api/commands/history", headers=admin)).json()
    assert history["data"]["commands"][0]["forced"] is True
    safe = await execute(live_client, admin, command="true", force=True)
    assert safe["forced"] is False  # nothing was overridden


async def test_a_dead_runtime_gives_503_and_the_command_is_recorded_failed(
    client: TestClient, auth: dict[str, str]
) -> None:
    error = await execute(client, auth, 503, command="echo never")
    assert error["code"] == "SYSTEM_OVERLOADED"
    command = Command.get_by_id(error["details"]["command_id"])
    assert command.status == "failed" and command.error_message.startswith("not started")
    response = await client.get("/api/commands/running", headers=auth)
    assert (await response.json())["data"]["total_running"] == 0


async def test_concurrent_commands_per_user_are_limited(
    live_app: LiveApp, make_user: Any, headers: Any
) -> None:
    client = await live_app(MAX_COMMANDS_PER_USER="1")
    auth, other = headers(make_user()), headers(make_user())
    for user in (auth, other):
        await new_project(client, user)
    first = await execute(client, auth, command="sleep 300")
    error = await execute(client, auth, 429, command="echo too many")
    assert error["code"] == "RESOURCE_LIMIT_EXCEEDED" and error["details"] == {"limit": 1}
    theirs = await execute(client, other, command="echo fine")  # the limit is per user
    await wait_final(client, other, theirs["command_id"])
    await client.post(f"/api/commands/{first['command_id']}/cancel", headers=auth)
    after = await execute(client, auth, command="echo room again")
    assert (await wait_final(client, auth, after["command_id"]))["status"] == "completed"


async def test_output_is_capped_with_a_marker(
    live_app: LiveApp, make_user: Any, headers: Any
) -> None:
    client = await live_app(MAX_COMMAND_OUTPUT_BYTES="1000")
    auth = headers(make_user())
    await new_project(client, auth)
    started = await execute(client, auth, command="head -c 50000 /dev/zero | tr '\\0' a")
    done = await wait_final(client, auth, started["command_id"])
    assert done["status"] == "completed"
    assert done["output_truncated"] and done["output_bytes"] == 1000
    assert done["output"][-1]["stream"] == "system"
    assert "truncated" in done["output"][-1]["content"]
    assert sum(len(c["content"]) for c in done["output"][:-1]) == 1000
