"""The API document's Python example (sdk/examples/python_example.py) runs as written against
a seeded live server: it creates, lists and executes a task and follows its updates."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.sdk.conftest import Seeded, Server
from tests.support.deployment import ROOT

EXAMPLE = ROOT / "sdk" / "examples" / "python_example.py"


def test_the_documents_python_example_runs_against_a_live_server(
    server: Server, seeded: Seeded
) -> None:
    assert seeded.client.token is not None
    environment = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "API_BASE_URL": server.api,
        "API_TOKEN": seeded.client.token,
        "PROJECT_ID": seeded.project.id,
        "USER_ID": seeded.user.id,
        "SESSION_ID": seeded.session_id,
    }
    run = subprocess.run(
        [sys.executable, "-W", "error", str(EXAMPLE)],
        env=environment,
        capture_output=True,
        text=True,
        timeout=90,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    (task,) = seeded.client.tasks.list(project_id=seeded.project.id).items
    lines = run.stdout.splitlines()
    assert lines[0].startswith(f"Created task {task.id}; 0 listed; execution ")
    assert f"Task {task.id} updated: queued" in lines
    assert f"Task {task.id} updated: running" in lines
    assert lines[-1] == f"Task {task.id} completed"
    assert seeded.client.tasks.get(task.id).status == "completed"
