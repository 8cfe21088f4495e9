"""GET /metrics with 100k executions in storage, next to computing the same execution figures
from the executions table itself (what a collector without stored counters would do).

(a) the whole scrape through the app (token check, the Supervisor's Pong, the storage reads,
    the exposition of every family), sequential requests, p50/p99;
(b) the storage part of a scrape alone (stored counters, queue gauges, deliveries);
(c) the baseline: executions by final status and the duration histogram aggregated over the
    executions table (one GROUP BY with a CASE per bucket), p50/p99.
EXECUTIONS in the environment overrides the count; BENCH_DATABASE_URL runs it on PostgreSQL.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import time
from collections import Counter
from collections.abc import Callable

from peewee import SQL, Case, PostgresqlDatabase, fn

from benchmarks._harness import Deployment, deployment, percentile
from storage import metrics
from storage.database import open_database
from storage.metrics import DURATION_BUCKETS, Counted
from storage.models import Execution, Project, Task, User, database, new_id, utcnow
from storage.statuses import EXECUTION_FINAL
from web.metrics.collectors import StorageCollector

EXECUTIONS = int(os.environ.get("EXECUTIONS", "100000"))
SCRAPES = 200
BASELINE_RUNS = 20
PER_TASK = 100


def main() -> None:
    asyncio.run(_main())


async def _main() -> None:
    overrides = {}
    if os.environ.get("BENCH_DATABASE_URL"):
        overrides["DATABASE_URL"] = os.environ["BENCH_DATABASE_URL"]
    async with deployment(**overrides) as system:
        open_database(system.settings.database_url)
        _seed(EXECUTIONS)
        kind = "PostgreSQL" if isinstance(database.obj, PostgresqlDatabase) else "SQLite"
        scrape = await _scrapes(system, SCRAPES)
        stored = _timed(lambda: list(StorageCollector().collect()), SCRAPES)
        baseline = _timed(_aggregate_over_executions, BASELINE_RUNS)
    print(f"{EXECUTIONS} executions in storage, {kind}")
    print(f"(a) GET /metrics, whole scrape: {_figures(scrape)}")
    print(f"(b) its storage part (stored counters, queue gauges, deliveries): {_figures(stored)}")
    print(
        f"(c) baseline, the same execution figures aggregated over the executions table: "
        f"{_figures(baseline)}; ratio (c)/(b) at p50 "
        f"{percentile(baseline, 0.5) / percentile(stored, 0.5):.0f}x"
    )


async def _scrapes(system: Deployment, count: int) -> list[float]:
    took = []
    for _ in range(count):
        started = time.perf_counter()
        async with system.session.get(system.base_url + "/metrics") as response:
            await response.read()
            assert response.status == 200
        took.append(time.perf_counter() - started)
    return took


def _timed(work: Callable[[], object], runs: int) -> list[float]:
    took = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        took.append(time.perf_counter() - started)
    return took


def _figures(samples: list[float]) -> str:
    p50, p99 = percentile(samples, 0.5) * 1000, percentile(samples, 0.99) * 1000
    return f"p50 {p50:.2f} ms, p99 {p99:.2f} ms"


def _aggregate_over_executions() -> list[tuple[object, ...]]:
    """What a collector without stored counters would run on each scrape."""
    if isinstance(database.obj, PostgresqlDatabase):
        seconds = fn.EXTRACT(SQL("EPOCH FROM completed_at - started_at"))
    else:
        seconds = (
            fn.julianday(Execution.completed_at) - fn.julianday(Execution.started_at)
        ) * 86400
    buckets = [
        fn.SUM(Case(None, [(seconds <= bound, 1)], 0))
        for bound in DURATION_BUCKETS
        if bound != float("inf")
    ]
    query = (
        Execution.select(Execution.status, fn.COUNT(Execution.id), fn.SUM(seconds), *buckets)
        .where(Execution.status.in_(EXECUTION_FINAL))
        .group_by(Execution.status)
        .tuples()
    )
    return list(query)


def _seed(count: int) -> None:
    """count finished executions of tasks in one project, and the counters the runtime would
    have written for them."""
    user = User.get()
    project = Project.create(name="bench", created_by=user, working_directory="/tmp/bench")
    now = utcnow()
    statuses = [*EXECUTION_FINAL]
    totals: Counter[tuple[str, str]] = Counter()
    with database.atomic():
        for first in range(0, count, PER_TASK * 10):
            tasks = [new_id() for _ in range(10)]
            Task.insert_many(
                {"id": t, "project": project.id, "created_by": user.id, "title": "bench"}
                for t in tasks
            ).execute()
            rows = []
            for i in range(first, min(first + PER_TASK * 10, count)):
                status = statuses[i % 3]
                seconds = (i % 600) + 0.5
                started = now - dt.timedelta(seconds=i)
                rows.append(
                    {
                        "id": new_id(),
                        "task": tasks[(i - first) // PER_TASK],
                        "status": status,
                        "attempt": i % PER_TASK + 1,
                        "queued_at": started,
                        "started_at": started,
                        "completed_at": started + dt.timedelta(seconds=seconds),
                    }
                )
                bound = next(b for b in DURATION_BUCKETS if seconds <= b)
                totals[(status, metrics.bucket_key(bound))] += 1
            Execution.insert_many(rows).execute()
        for (status, le), n in totals.items():  # as the runtime would have counted them
            metrics.add(Counted.EXECUTIONS, n, status=status)
            metrics.add(Counted.EXECUTION_DURATION, n, status=status, le=le)
