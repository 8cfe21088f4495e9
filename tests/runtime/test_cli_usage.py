"""What a run cost and did, from the CLI's init and result events: on the execution, summed on
its task and in the project's analytics; an error subtype fails the run with its reason."""

from __future__ import annotations

from typing import Any

from prometheus_client.parser import text_string_to_metric_families

from tests.support.fixtures.app import ApiOn


async def test_an_execution_shows_model_cost_usage_turns_and_result(
    live_client: Any, api_on: ApiOn
) -> None:
    api = api_on(live_client)
    project_id = await api.project_id()
    task_id = await api.task_id(project_id, "Count [turns=2] [cost=0.25]")
    await api.execute(task_id, cli={"model": "opus"})
    task = await api.wait(task_id)
    execution = task["latest_execution"]
    assert task["status"] == "completed", execution
    assert execution["model"] == "opus" and execution["cost_usd"] == 0.25
    assert execution["num_turns"] == 3 and execution["result_subtype"] == "success"
    assert execution["usage"] == {
        "input_tokens": 500,
        "output_tokens": 250,
        "cache_creation_input_tokens": 50,
        "cache_read_input_tokens": 100,
    }
    assert execution["duration_ms"] is not None and execution["duration_api_ms"] is not None
    assert execution["cli_session_id"] and execution["result"].startswith("done in ")
    init = execution["cli_init"]
    assert init["cwd"] == execution["result"].removeprefix("done in ")
    assert "Bash" in init["tools"] and init["permissionMode"] == "default"
    assert task["cost_usd"] == 0.25
    await api.execute(task_id)
    again = await api.wait(task_id)
    assert again["cost_usd"] == 0.5  # the task sums its executions
    listed = await api.get(f"/api/projects/{project_id}/tasks")
    assert [t["cost_usd"] for t in listed["items"]] == [0.5], listed
    analytics = await api.get(f"/api/projects/{project_id}/analytics", period="7d")
    costs = analytics["costs"]
    assert costs["cost_usd"] == 0.5 and costs["cost_per_day"][-1] == 0.5
    assert sum(costs["cost_per_day"]) == 0.5 and len(costs["cost_per_day"]) == 7
    assert costs["tokens"]["input_tokens"] == 1000
    assert costs["cost_per_completed_task"] == 0.5
    metrics = await api.get("/api/queues/metrics", period="1h")
    assert metrics["usage"]["cost_usd"] >= 0.5
    assert metrics["usage"]["tokens"]["output_tokens"] >= 500
    response = await live_client.get("/metrics")
    scraped = {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(await response.text())
        for sample in family.samples
    }
    cost = {
        labels: value
        for (name, labels), value in scraped.items()
        if name == "claude_web_cli_cost_usd_total"
    }
    assert cost[(("model", "opus"),)] == 0.25 and sum(cost.values()) == 0.5
    assert scraped[("claude_web_cli_tokens_total", (("kind", "input"),))] == 1000


async def test_reaching_max_turns_fails_the_run_with_that_reason(
    live_client: Any, api_on: ApiOn
) -> None:
    api = api_on(live_client)
    task_id = await api.task_id(await api.project_id(), "Long job [turns=5]")
    await api.execute(task_id, cli={"max_turns": 2})
    task = await api.wait(task_id)
    execution = task["latest_execution"]
    assert task["status"] == "failed"
    assert execution["error"] == {
        "code": "TASK_EXECUTION_FAILED",
        "message": "max turns reached (2 turns)",
    }
    assert execution["result_subtype"] == "error_max_turns" and execution["num_turns"] == 2
    assert execution["cost_usd"] == 0.02 and task["cost_usd"] == 0.02


async def test_a_project_without_runs_costs_nothing(client: Any, api_on: ApiOn) -> None:
    api = api_on(client)
    project_id = await api.project_id()
    costs = (await api.get(f"/api/projects/{project_id}/analytics", period="7d"))["costs"]
    assert costs["cost_usd"] == 0 and costs["cost_per_completed_task"] is None
    assert costs["tokens"] == dict.fromkeys(
        ("input_tokens", "output_tokens", "cache_creation_input_tokens", "cache_read_input_tokens"),
        0,
    )
