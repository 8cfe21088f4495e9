"""The execution path: throughput, execute-to-start latency, and memory of the actors tree.

(a) executions per second of a trivial CLI through the whole path (HTTP execute → completed in
    storage) with the default worker slots, next to asyncio.create_subprocess_exec running the
    same command with the same concurrency, as a ratio;
(b) execute-to-process-start latency p50/p99 on an idle system (the CLI stamps its start), next
    to the bare spawn-to-start latency of the same command;
(c) peak RSS of the actors process tree with 10 running executions.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time

from benchmarks._harness import (
    Deployment,
    deployment,
    percentile,
    poll,
    pss_kib,
    rss_kib,
)
from storage.database import open_database
from storage.models import Execution, OutputChunk
from tests.support.deployment import FAKE_CLI

RUNS = 200
LATENCY_SAMPLES = 50
SLOTS = 10


def main() -> None:
    asyncio.run(_main())


async def _main() -> None:
    baseline_rate = await _bare_rate(RUNS, SLOTS)
    bare_latencies = [await _bare_start_latency() for _ in range(LATENCY_SAMPLES)]
    async with deployment() as system:
        open_database(system.settings.database_url)
        project = (await system.call("POST", "/api/projects/", {"name": "bench"}))["id"]
        rate = await _path_rate(system, project, RUNS)
        latencies = await _path_latencies(system, project, LATENCY_SAMPLES)
        actors_only, with_cli, proportional = await _peak_rss(system, project, 10)
    print(
        f"(a) throughput: {rate:.1f} executions/s through HTTP → actors → storage; "
        f"bare asyncio subprocess: {baseline_rate:.1f}/s; ratio {rate / baseline_rate:.2f}"
    )
    print(
        f"(b) execute → process start: p50 {percentile(latencies, 0.5) * 1000:.1f} ms, "
        f"p99 {percentile(latencies, 0.99) * 1000:.1f} ms; bare spawn → start: "
        f"p50 {percentile(bare_latencies, 0.5) * 1000:.1f} ms, "
        f"p99 {percentile(bare_latencies, 0.99) * 1000:.1f} ms"
    )
    print(
        f"(c) peak RSS with 10 running executions: actors tree {actors_only / 1024:.0f} MiB, "
        f"with the CLI processes {with_cli / 1024:.0f} MiB; peak PSS of the actors tree "
        f"(shared pages counted once) {proportional / 1024:.0f} MiB"
    )


def _argv(prompt: str) -> list[str]:
    return [
        sys.executable,
        str(FAKE_CLI),
        "-p",
        prompt,
        "--output-format",
        "stream-json",
        "--verbose",
    ]


async def _bare_rate(runs: int, concurrency: int) -> float:
    gate = asyncio.Semaphore(concurrency)

    async def one() -> None:
        async with gate:
            process = await asyncio.create_subprocess_exec(
                *_argv("trivial"), stdout=asyncio.subprocess.PIPE
            )
            await process.communicate()

    started = time.perf_counter()
    await asyncio.gather(*(one() for _ in range(runs)))
    return runs / (time.perf_counter() - started)


async def _bare_start_latency() -> float:
    sent = time.time()
    process = await asyncio.create_subprocess_exec(
        *_argv("trivial"), stdout=asyncio.subprocess.PIPE
    )
    out, _ = await process.communicate()
    return float(json.loads(out.splitlines()[0])["started_at"]) - sent


async def _path_rate(system: Deployment, project: str, runs: int) -> float:
    tasks = [
        (
            await system.call(
                "POST", "/api/tasks/", {"title": f"trivial {i}", "project_id": project}
            )
        )["id"]
        for i in range(runs)
    ]
    started = time.perf_counter()
    await asyncio.gather(*(system.call("POST", f"/api/tasks/{t}/execute", {}) for t in tasks))

    async def all_done() -> bool:
        return Execution.select().where(Execution.status == "completed").count() >= runs

    await poll(all_done, timeout=600)
    return runs / (time.perf_counter() - started)


async def _path_latencies(system: Deployment, project: str, samples: int) -> list[float]:
    latencies = []
    for i in range(samples):
        task = (
            await system.call(
                "POST", "/api/tasks/", {"title": f"latency {i}", "project_id": project}
            )
        )["id"]
        sent = time.time()
        execution = (await system.call("POST", f"/api/tasks/{task}/execute", {}))["execution_id"]

        async def first_line(execution_id: str = execution) -> str | None:
            chunk = OutputChunk.get_or_none(
                (OutputChunk.stream_id == execution_id) & (OutputChunk.seq == 0)
            )
            return chunk.content.splitlines()[0] if chunk else None

        line = await poll(first_line, timeout=60, interval=0.005)
        latencies.append(float(json.loads(line)["started_at"]) - sent)

        async def done(execution_id: str = execution) -> bool:
            return Execution.get_by_id(execution_id).status == "completed"

        await poll(done, timeout=60)
    return latencies


async def _peak_rss(system: Deployment, project: str, count: int) -> tuple[int, int, int]:
    tasks = [
        (
            await system.call(
                "POST", "/api/tasks/", {"title": f"hold {i} [sleep=4]", "project_id": project}
            )
        )["id"]
        for i in range(count)
    ]
    for task in tasks:
        await system.call("POST", f"/api/tasks/{task}/execute", {})

    async def all_running() -> bool:
        return (
            Execution.select()
            .where((Execution.status == "running") & Execution.pid.is_null(False))
            .count()
            >= count
        )

    await poll(all_running, timeout=60)
    peak_actors = peak_all = peak_pss = 0
    while Execution.select().where(Execution.status == "running").count():
        cli = {e.pid for e in Execution.select(Execution.pid).where(Execution.status == "running")}
        pids = system.actor_pids()
        peak_all = max(peak_all, rss_kib(pids))
        actor_pids = [p for p in pids if p not in cli]
        peak_actors = max(peak_actors, rss_kib(actor_pids))
        peak_pss = max(peak_pss, pss_kib(actor_pids))
        await asyncio.sleep(0.1)
    return peak_actors, peak_all, peak_pss
