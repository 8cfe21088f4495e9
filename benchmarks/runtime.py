"""The execution path: throughput, execute-to-start latency, and memory of the actors tree.

The CLI is a one-line shell script that prints a stream-json result (plus, for the latency
figure, a start stamp), so what is measured is the runtime, not a CLI's start-up.

(a) executions per second through the whole path (HTTP execute → completed in storage, every
    execution's output stored and its events sequenced) with 10 worker slots, as a ratio to the
    same script spawned by asyncio.create_subprocess_exec 10 at a time: unsandboxed against bare
    `sh`, sandboxed against bare bubblewrap running the same sandboxed command line; SQLite, and
    PostgreSQL when TEST_DATABASE_URL answers. Beside them, the floor of one actor process per
    execution: bare Thespian creating an actor that spawns the script and exits, 10 at a time;
(b) execute → CLI started p50/p99 on an idle system (each sample waits until the web and the
    actors have used under 2% of a core for 50 ms: a sample's spare fork and event writes
    are done before the next begins), next to a bare spawn → started;
(c) peak RSS/PSS of the actors process tree with 10 running executions.
"""

from __future__ import annotations

import asyncio
import functools
import os
import tempfile
import time
from collections.abc import Callable
from contextlib import nullcontext
from pathlib import Path

from benchmarks._databases import postgres_answers, postgres_database
from benchmarks._harness import (
    Deployment,
    deployment,
    percentile,
    poll,
    pss_kib,
    rss_kib,
    settled,
)
from benchmarks._trivial_actor import actor_floor_rate
from storage.database import close_database, open_database
from storage.models import Execution, OutputChunk

RUNS = int(os.environ.get("RUNS", "300"))
LATENCY_SAMPLES = 200  # p99: the third slowest
SLOTS = 10
RESULT = '{"type":"result","subtype":"success","is_error":false,"result":"ok","num_turns":1}'
# bash for $EPOCHREALTIME: the start stamp costs no extra process
STAMPED = f'#!/bin/bash\necho "{{\\"started_at\\": $EPOCHREALTIME}}"\necho \'{RESULT}\'\n'
TRIVIAL = f"#!/bin/sh\necho '{RESULT}'\n"
SCRIPT_ENV = {"MAX_CONCURRENT_TASKS": str(SLOTS)}  # the harness turns rate limits off


def main() -> None:
    asyncio.run(_main())


async def _main() -> None:
    with tempfile.TemporaryDirectory(prefix="bench-cli-") as folder:
        trivial, stamped = _script(folder, "trivial", TRIVIAL), _script(folder, "stamped", STAMPED)
        sh_rate = await _bare_rate([trivial], RUNS)
        floor = await asyncio.to_thread(actor_floor_rate, trivial, RUNS, SLOTS)
        print(
            f"(a) floor: bare Thespian, an actor per run spawning the script: {floor:.1f}/s "
            f"({floor / sh_rate:.2f}× bare sh {sh_rate:.1f}/s)",
            flush=True,
        )
        await _throughput(folder, trivial, False, sh_rate)
        if postgres_answers():
            await _throughput(folder, trivial, True, sh_rate)
        else:
            print("PostgreSQL at TEST_DATABASE_URL does not answer: its figures are skipped")
        await _latency(folder, stamped)


def _script(folder: str, name: str, text: str) -> str:
    path = Path(folder) / name
    path.write_text(text)
    path.chmod(0o755)
    return str(path)


async def _throughput(folder: str, cli: str, postgres: bool, sh_rate: float) -> None:
    name = "PostgreSQL" if postgres else "SQLite"
    for sandbox in ("off", "bwrap"):
        overrides = {**SCRIPT_ENV, "CLAUDE_CLI": cli, "SANDBOX_READ_PATHS": folder}
        with postgres_database("bench_runtime") if postgres else nullcontext(None) as url:
            if url is not None:
                overrides["DATABASE_URL"] = url
            async with deployment(SANDBOX=sandbox, **overrides) as system:
                if sandbox == "off":
                    baseline, against = sh_rate, "bare sh"
                else:
                    argv = _sandboxed_argv(system, cli)
                    baseline = await _bare_rate(argv, RUNS)
                    against = "bare bwrap of the same command line"
                rate = await _path_rate(system, RUNS)
        print(
            f"(a) {name}, SANDBOX={sandbox}: {rate:.1f} executions/s; {against} "
            f"{baseline:.1f}/s; ratio {rate / baseline:.2f} (goal ≥ 0.30)",
            flush=True,
        )


def _sandboxed_argv(system: Deployment, cli: str) -> list[str]:
    """The bwrap command line a CLI run of this deployment gets (its own workdir and home)."""
    from actors.sandbox import RunKind, bwrap_argv
    from actors.sandbox.probe import probe

    settings = system.settings
    workdir = tempfile.mkdtemp(prefix="bench-workdir-", dir=str(settings.data_dir))
    policy = probe(settings).policy(
        settings, RunKind.CLI, workdir, os.environ.get("HOME", "/root"), "bench", "bench"
    )
    assert policy is not None, "SANDBOX=bwrap without a sandbox"
    return list(bwrap_argv(policy, cli, ()))


async def _bare_rate(argv: list[str], runs: int) -> float:
    gate = asyncio.Semaphore(SLOTS)

    async def one() -> None:
        async with gate:
            process = await asyncio.create_subprocess_exec(
                *argv, stdout=asyncio.subprocess.PIPE, stdin=asyncio.subprocess.DEVNULL
            )
            await process.communicate()

    started = time.perf_counter()
    await asyncio.gather(*(one() for _ in range(runs)))
    return runs / (time.perf_counter() - started)


async def _path_rate(system: Deployment, runs: int) -> float:
    project = await _project(system)
    tasks = [
        (await system.call("POST", "/api/tasks/", {"title": f"t{i}", "project_id": project}))["id"]
        for i in range(runs)
    ]
    open_database(system.settings.database_url)
    try:
        started = time.perf_counter()
        await asyncio.gather(*(system.call("POST", f"/api/tasks/{t}/execute", {}) for t in tasks))

        async def all_ended() -> bool:
            return await asyncio.to_thread(_ended) >= runs

        await poll(all_ended, timeout=900, interval=0.02)
        rate = runs / (time.perf_counter() - started)
        failures = await asyncio.to_thread(_failures)
        if failures:
            raise RuntimeError(f"{len(failures)} of {runs} executions did not complete: {failures}")
        stored = await asyncio.to_thread(_with_output)
        if stored < runs:
            raise RuntimeError(f"only {stored} of {runs} executions have their output stored")
        return rate
    finally:
        close_database()


def _ended() -> int:
    return int(Execution.select().where(Execution.completed_at.is_null(False)).count())


def _failures() -> list[str]:
    ended = Execution.select().where(Execution.status != "completed")
    return [f"{e.status}: {e.error_message}" for e in ended]


def _with_output() -> int:
    return int(
        Execution.select()
        .join(OutputChunk, on=(OutputChunk.stream_id == Execution.id))
        .where(OutputChunk.seq == 0)
        .count()
    )


async def _project(system: Deployment) -> str:
    name = f"bench-{time.monotonic_ns()}"
    return str((await system.call("POST", "/api/projects/", {"name": name}))["id"])


async def _latency(folder: str, stamped: str) -> None:
    bare = [await _bare_start_latency(stamped) for _ in range(LATENCY_SAMPLES)]
    overrides = {**SCRIPT_ENV, "CLAUDE_CLI": stamped, "SANDBOX_READ_PATHS": folder}
    async with deployment(SANDBOX="off", **overrides) as system:
        latencies = await _path_latencies(system, LATENCY_SAMPLES)
    actors_only, proportional = await _peak_memory(folder, 10)
    print(
        f"(b) execute → CLI started (SANDBOX=off): p50 {_ms(latencies, 0.5)}, p99 "
        f"{_ms(latencies, 0.99)} (goal p50 ≤ 15 ms, p99 ≤ 40 ms); bare spawn → started: "
        f"p50 {_ms(bare, 0.5)}, p99 {_ms(bare, 0.99)}",
        flush=True,
    )
    print(
        f"(c) peak with 10 running executions: actors tree RSS {actors_only / 1024:.0f} MiB, "
        f"PSS (shared pages counted once) {proportional / 1024:.0f} MiB",
        flush=True,
    )


def _ms(values: list[float], share: float) -> str:
    return f"{percentile(values, share) * 1000:.1f} ms"


async def _bare_start_latency(cli: str) -> float:
    sent = time.time()
    process = await asyncio.create_subprocess_exec(cli, stdout=asyncio.subprocess.PIPE)
    out, _ = await process.communicate()
    return _stamp(out.decode()) - sent


def _stamp(output: str) -> float:
    first = output.splitlines()[0]
    return float(first.split(":", 1)[1].strip(" }"))


async def _path_latencies(system: Deployment, samples: int) -> list[float]:
    project = await _project(system)
    open_database(system.settings.database_url)

    def with_web() -> list[int]:
        return [os.getpid(), *system.actor_pids()]

    try:
        latencies = []
        for i in range(samples):
            body = {"title": f"latency {i}", "project_id": project}
            task = (await system.call("POST", "/api/tasks/", body))["id"]
            await settled(with_web)  # idle: what the last sample left to do is done
            sent = time.time()
            started = await system.call("POST", f"/api/tasks/{task}/execute", {})
            execution = started["execution_id"]
            output = await _waited(functools.partial(_first_chunk, execution))
            latencies.append(_stamp(output) - sent)
            await _waited(functools.partial(_finished, execution))
        return latencies
    finally:
        close_database()


def _first_chunk(execution_id: str) -> str | None:
    chunk = OutputChunk.get_or_none(
        (OutputChunk.stream_id == execution_id) & (OutputChunk.seq == 0)
    )
    return str(chunk.content) if chunk else None


def _finished(execution_id: str) -> bool:
    return Execution.get_by_id(execution_id).status == "completed"


async def _waited(check: Callable[[], object]) -> str:
    async def ready() -> object:
        return check()

    return str(await poll(ready, timeout=60, interval=0.01))  # the stamp is what is measured


async def _peak_memory(folder: str, count: int) -> tuple[int, int]:
    """The actors tree's peak while count executions hold their slots (a script that sleeps)."""
    hold = _script(folder, "hold", f"#!/bin/sh\nsleep 3\necho '{RESULT}'\n")
    overrides = {**SCRIPT_ENV, "CLAUDE_CLI": hold, "SANDBOX_READ_PATHS": folder}
    async with deployment(SANDBOX="off", **overrides) as system:
        project = await _project(system)
        for i in range(count):
            body = {"title": f"hold {i}", "project_id": project}
            task = (await system.call("POST", "/api/tasks/", body))["id"]
            await system.call("POST", f"/api/tasks/{task}/execute", {})
        open_database(system.settings.database_url)
        try:
            peak_rss = peak_pss = 0
            while await asyncio.to_thread(_unfinished):
                pids = system.actor_pids()
                peak_rss, peak_pss = max(peak_rss, rss_kib(pids)), max(peak_pss, pss_kib(pids))
                await asyncio.sleep(0.05)
            return peak_rss, peak_pss
        finally:
            close_database()


def _unfinished() -> int:
    return int(Execution.select().where(Execution.status != "completed").count())
