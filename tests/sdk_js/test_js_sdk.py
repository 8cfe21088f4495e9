"""The JavaScript SDK against the real server: Node's test runner over sdk/js/test/, and the API
document's JavaScript example (sdk/examples/js_example.mjs) as written."""

from __future__ import annotations

import re

import pytest

from tests.sdk_js.node import EXAMPLES, SDK, node_binary, run_node, websocket_flags

SUITE_SECONDS = 240.0


@pytest.mark.slow
@pytest.mark.timeout(SUITE_SECONDS + 60)
async def test_the_node_suite_passes_against_the_live_server(js_env: dict[str, str]) -> None:
    node = node_binary()
    args = [node, "--test", "--test-reporter=spec", str(SDK / "test")]
    run = await run_node(args, js_env, SUITE_SECONDS)
    assert run.returncode == 0, run.output
    tests = re.search(r"^\S+ tests (\d+)$", run.output, re.MULTILINE)
    assert tests is not None and int(tests.group(1)) > 0, run.output


@pytest.mark.slow
async def test_the_documents_javascript_example_runs_as_written(js_env: dict[str, str]) -> None:
    node = node_binary(EXAMPLES / "node_modules" / "@claude-cli" / "sdk")
    example = EXAMPLES / "js_example.mjs"
    run = await run_node([node, *websocket_flags(node), str(example)], js_env, 60.0)
    assert run.returncode == 0, run.output
    created = next(line for line in run.output.splitlines() if line.startswith("created task "))
    task_id = created.removeprefix("created task ").strip()
    assert f"Task {task_id} updated: running" in run.output, run.output
    assert f"Task {task_id} completed" in run.output, run.output
