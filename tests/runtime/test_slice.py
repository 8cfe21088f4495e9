"""One task end to end: HTTP → Supervisor → TaskActor → CommandActor → the CLI → storage."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from aiohttp.test_utils import TestClient

from storage.models import Execution
from tests.support.api import Api
from web.keys import settings_key


async def create_task(
    client: TestClient, auth: dict[str, str], title: str, description: str = ""
) -> tuple[str, str]:
    api = Api(client, auth)
    project_id = await api.project_id()
    return project_id, await api.task_id(project_id, title, description)


async def wait_final(client: TestClient, auth: dict[str, str], task_id: str) -> dict[str, Any]:
    return await Api(client, auth).wait(task_id)


async def run(
    client: TestClient, auth: dict[str, str], title: str, description: str = ""
) -> dict[str, Any]:
    _, task_id = await create_task(client, auth, title, description)
    response = await client.post(
        f"/api/tasks/{task_id}/execute", json={"priority": "high"}, headers=auth
    )
    assert response.status == 200, await response.text()
    queued = (await response.json())["data"]
    assert queued["status"] == "queued" and queued["queue_position"] >= 1
    assert queued["estimated_start_time"].endswith("Z")
    return await wait_final(client, auth, task_id)


async def test_a_task_runs_to_completion(
    live_client: TestClient, make_user: Any, headers: Any
) -> None:
    auth = headers(make_user())
    task = await run(live_client, auth, "Say hello [todos=2] [lines=2]", "in detail")
    execution = task["latest_execution"]
    assert task["status"] == "completed" and task["progress_percentage"] == 100
    assert execution["exit_code"] == 0 and execution["error"] is None
    assert task["started_at"] and task["completed_at"] and task["actual_duration"]
    output = "".join(chunk["content"] for chunk in execution["output"])
    assert "plain line 1" in output and '"type": "result"' in output
    assert [c["seq"] for c in execution["output"]] == list(range(len(execution["output"])))
    assert "Say hello [todos=2] [lines=2]\\n\\nin detail" in output, output
    assert execution["cli_session_id"]
    workdir = Path(execution["result"].removeprefix("done in "))  # the CLI ran in there
    assert workdir == live_client.app[settings_key].workspace_root / task["project_id"]
    statuses = [h["new_value"] for h in task["history"] if h["action"] == "status_changed"]
    assert statuses == ["queued", "running", "completed"]


async def test_a_failing_cli_fails_the_task(
    live_client: TestClient, make_user: Any, headers: Any
) -> None:
    task = await run(live_client, headers(make_user()), "Break [fail]")
    execution = task["latest_execution"]
    assert task["status"] == "failed"
    assert execution["exit_code"] == 1
    assert execution["error"] == {"code": "TASK_EXECUTION_FAILED", "message": "fake failure"}


async def test_an_error_result_with_exit_zero_still_fails(
    live_client: TestClient, make_user: Any, headers: Any
) -> None:
    task = await run(live_client, headers(make_user()), "Odd [fail] [exit=0]")
    assert task["status"] == "failed"
    assert task["latest_execution"]["exit_code"] == 0


async def test_executing_twice_is_a_conflict(
    live_client: TestClient, make_user: Any, headers: Any
) -> None:
    auth = headers(make_user())
    _, task_id = await create_task(live_client, auth, "Slow [sleep=2]")
    first = await live_client.post(f"/api/tasks/{task_id}/execute", headers=auth)
    assert first.status == 200
    second = await live_client.post(f"/api/tasks/{task_id}/execute", headers=auth)
    assert second.status == 409
    assert (await second.json())["error"]["code"] == "TASK_ALREADY_RUNNING"
    assert (await wait_final(live_client, auth, task_id))["status"] == "completed"


async def test_another_users_task_is_not_found(
    live_client: TestClient, make_user: Any, headers: Any
) -> None:
    owner, stranger = headers(make_user()), headers(make_user())
    project_id, task_id = await create_task(live_client, owner, "Private")
    for method, path in (
        ("GET", f"/api/tasks/{task_id}"),
        ("POST", f"/api/tasks/{task_id}/execute"),
        ("GET", f"/api/projects/{project_id}"),
    ):
        response = await live_client.request(method, path, headers=stranger)
        assert response.status == 404, path
        assert (await response.json())["error"]["code"] in ("TASK_NOT_FOUND", "PROJECT_NOT_FOUND")
    response = await live_client.post(
        "/api/tasks/", headers=stranger, json={"title": "sneak", "project_id": project_id}
    )
    assert response.status == 404
    listed = await (await live_client.get("/api/tasks/", headers=stranger)).json()
    assert listed["data"]["total"] == 0


async def test_a_viewer_cannot_execute(
    live_client: TestClient, make_user: Any, headers: Any
) -> None:
    _, task_id = await create_task(live_client, headers(make_user()), "Mine")
    response = await live_client.post(
        f"/api/tasks/{task_id}/execute", headers=headers(make_user("viewer"))
    )
    assert response.status == 403


async def test_a_missing_cli_fails_with_the_reason_in_the_output(
    live_app: Any, make_user: Any, headers: Any
) -> None:
    client = await live_app(CLAUDE_CLI="/nonexistent/claude")
    task = await run(client, headers(make_user()), "Anything")
    execution = task["latest_execution"]
    assert task["status"] == "failed" and execution["exit_code"] == 127
    assert "command not found" in execution["error"]["message"]
    assert any("command not found" in c["content"] for c in execution["output"])


async def test_output_is_capped_with_a_marker(live_app: Any, make_user: Any, headers: Any) -> None:
    client = await live_app(MAX_OUTPUT_BYTES="2000")
    task = await run(client, headers(make_user()), "Big [bytes=50000]")
    execution = task["latest_execution"]
    assert task["status"] == "completed"  # the result is still parsed past the cap
    assert execution["output_truncated"] and execution["output_bytes"] == 2000
    assert execution["output"][-1]["stream"] == "system"
    assert "output truncated" in execution["output"][-1]["content"]
    assert Execution.get_by_id(execution["id"]).output_bytes == 2000
