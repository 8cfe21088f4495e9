"""GET /api/tasks/?page_size=50 at 100k tasks (SQLite, PostgreSQL) and 1M (PostgreSQL).

Each dataset is one developer owning one project of N tasks, served in turn by four servers in
their own process, loaded by the same client in the same run (50 connections):

- full:  the app (envelope, auth with a database lookup, validation, access rule, total from
  task_count, page through the sort order's index, render);
- issue: the code the issue measured its 121 req/s on (commit ISSUE_COMMIT, taken from this
  repository's history with `git archive`), serving the same database: the goal's baseline;
- old:   today's app with the list's total counted row by row (`paginate` without a total:
  the query path before task_count), a stricter baseline (it has every other speed-up);
- bare:  a bare aiohttp handler running the app's list query and dumping the rows.

Printed: requests/s, p50, p99 per server, then full/issue (goal: ≥ 5×, p99 ≤ 100 ms),
full/old, full/bare, and full at 1M against full at 100k on PostgreSQL (goal: within 2×, a
ratio ≥ 0.5). Without the repository's history (a shallow clone) the issue server is left out.
BENCH_TASKS (default 100000) and BENCH_LARGE_TASKS (1000000) size the datasets; BENCH_SECONDS
(10) is each server's load time; PostgreSQL comes from TEST_DATABASE_URL and is skipped when
it does not answer.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import aiohttp
import psutil

from benchmarks._databases import postgres_answers, postgres_database
from config import load_settings
from tests.support.deployment import ROOT, deployment_env, free_port

TASKS = int(os.environ.get("BENCH_TASKS", "100000"))
LARGE_TASKS = int(os.environ.get("BENCH_LARGE_TASKS", "1000000"))
SECONDS = float(os.environ.get("BENCH_SECONDS", "10"))
CONNECTIONS = 50
KINDS = ("bare", "issue", "old", "full")
PATH = "/api/tasks/?page_size=50"
ISSUE_COMMIT = "301f9ba3f5384ff6fb7e2e5b5ce7c7071a7549bf"  # main when issue 12 was filed


@dataclass(frozen=True)
class Figures:
    rps: float
    p50: float
    p99: float
    errors: int
    cpu_ms: float = 0.0  # the server process's CPU time per request (steadier on a busy box)

    def __str__(self) -> str:
        return (
            f"{self.rps:8.1f} req/s  p50 {self.p50:7.1f} ms  p99 {self.p99:7.1f} ms"
            f"  server CPU {self.cpu_ms:5.2f} ms/request  errors {self.errors}"
        )


def main() -> None:
    full: dict[str, Figures] = {}
    for label, url, tasks in _datasets():
        with url as database_url:
            results = _measure(database_url, tasks)
        print(f"{label}: {tasks} tasks, {CONNECTIONS} connections, {SECONDS:g} s per server")
        for kind, figures in results.items():
            print(f"  {kind:5} {figures}")
        if "issue" in results:
            print(
                f"  ratio full/issue: {results['full'].rps / results['issue'].rps:.2f}× the"
                f" throughput (goal ≥ 5, p99 ≤ 100 ms: p99 {results['full'].p99:.0f} ms)"
            )
        print(f"  ratio full/old: {results['full'].rps / results['old'].rps:.2f}")
        print(f"  ratio full/bare: {results['full'].rps / results['bare'].rps:.2f}")
        full[label] = results["full"]
        sys.stdout.flush()
    if "PostgreSQL 1M" in full:
        ratio = full["PostgreSQL 1M"].rps / full["PostgreSQL 100k"].rps
        print(f"PostgreSQL full at 1M / at 100k: {ratio:.2f} of the throughput (goal ≥ 0.5)")


def _datasets() -> Iterator[tuple[str, Any, int]]:
    yield "SQLite 100k", _sqlite_database(), TASKS
    if not postgres_answers():
        print("PostgreSQL at TEST_DATABASE_URL does not answer: its datasets are skipped")
        return
    yield "PostgreSQL 100k", postgres_database(), TASKS
    yield "PostgreSQL 1M", postgres_database(), LARGE_TASKS


def _measure(database_url: str, tasks: int) -> dict[str, Figures]:
    with tempfile.TemporaryDirectory(prefix="bench-tasks-") as tmp:
        env = deployment_env(
            Path(tmp) / "data",
            DATABASE_URL=database_url,
            JWT_SECRET="bench-secret-" + "x" * 40,
            LOG_LEVEL="WARNING",
            RATE_LIMITS="off",  # a benchmark is one caller sending far more than 200/min
        )
        token = _seed(env, tasks)
        issue_tree = _issue_code(Path(tmp) / "issue")
        return {
            kind: _serve_and_load(kind, env, token, issue_tree if kind == "issue" else ROOT)
            for kind in KINDS
            if kind != "issue" or issue_tree is not None
        }


def _issue_code(folder: Path) -> Path | None:
    """The source tree of ISSUE_COMMIT, or None (said once) without the history."""
    folder.mkdir()
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", ISSUE_COMMIT], capture_output=True, check=False
    )
    if archive.returncode != 0:
        print(f"  (no commit {ISSUE_COMMIT[:7]} in this clone: the issue's baseline is left out)")
        return None
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive.stdout, check=True)
    return folder


def _serve_and_load(kind: str, env: dict[str, str], token: str, tree: Path) -> Figures:
    port = free_port()
    serving = "full" if kind == "issue" else kind  # the issue's code serves its own full app
    server = subprocess.Popen(
        [sys.executable, "-c", f"from benchmarks.task_list import serve; serve({serving!r})"],
        cwd=tree,
        env={**env, "PORT": str(port), "PYTHONPATH": str(tree)},
    )
    try:
        url = f"http://127.0.0.1:{port}{PATH}"
        headers = {"Authorization": f"Bearer {token}"}
        asyncio.run(_wait_ready(url, headers))
        process = psutil.Process(server.pid)
        before = process.cpu_times()
        figures = asyncio.run(_load(url, headers))
        after = process.cpu_times()
        cpu = after.user + after.system - before.user - before.system
        return replace(figures, cpu_ms=cpu * 1000 / max(1, figures.rps * SECONDS))
    finally:
        server.terminate()
        server.wait(30)


def serve(kind: str) -> None:
    """Run one server in this process until terminated (started by main)."""
    from aiohttp import web

    from storage.database import open_database
    from web.app import create_app, freeze_startup_heap

    settings = load_settings()
    open_database(settings.database_url)
    if kind == "old":
        _use_counted_total()
    app = _bare_app() if kind == "bare" else create_app(settings)
    app.on_startup.append(freeze_startup_heap)  # as python -m web does
    web.run_app(app, host="127.0.0.1", port=settings.port, access_log=None, print=None)


def _use_counted_total() -> None:
    """The app's task list as it was before task_count: the total counted over the rows."""
    from storage.pages import Page, PageRequest
    from storage.tasks import listing
    from web.api import task_lists

    def counted(user: Any, where: listing.TaskFilter, paging: PageRequest) -> Page[Any]:
        matching = replace(listing.matching_tasks(user, where), counted=None)
        total = matching.total()
        return Page(matching.page(paging), total, paging.page, paging.page_size)

    task_lists.list_tasks = counted  # type: ignore[assignment]


def _bare_app() -> Any:
    from aiohttp import web

    from storage.models import User
    from storage.pages import PageRequest
    from storage.tasks.listing import TaskFilter, list_tasks
    from web.api.schemas.tasks import TaskOut

    user = User.get()

    async def handler(request: web.Request) -> web.Response:
        page = list_tasks(user, TaskFilter(), PageRequest(page_size=50))
        items = [t.model_dump(mode="json") for t in TaskOut.read_all(page.items)]
        return web.json_response({"items": items})

    app = web.Application()
    app.router.add_get("/api/tasks/", handler)
    return app


async def _load(url: str, headers: dict[str, str]) -> Figures:
    latencies: list[float] = []
    errors = 0
    async with aiohttp.ClientSession(
        connector=aiohttp.TCPConnector(limit=CONNECTIONS), headers=headers
    ) as session:
        deadline = time.perf_counter() + SECONDS

        async def worker() -> None:
            nonlocal errors
            while time.perf_counter() < deadline:
                started = time.perf_counter()
                async with session.get(url) as response:
                    await response.read()
                    errors += response.status != 200
                latencies.append(time.perf_counter() - started)

        began = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(CONNECTIONS)))
        elapsed = time.perf_counter() - began
    cuts = statistics.quantiles(latencies, n=100)
    return Figures(len(latencies) / elapsed, cuts[49] * 1000, cuts[98] * 1000, errors)


async def _wait_ready(url: str, headers: dict[str, str]) -> None:
    deadline = time.monotonic() + 60
    while True:
        try:
            async with (
                aiohttp.ClientSession(headers=headers) as session,
                session.get(url) as response,
            ):
                if response.status == 200:
                    return
        except aiohttp.ClientConnectionError:
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(f"server at {url} did not start")
        await asyncio.sleep(0.1)


def _seed(env: dict[str, str], tasks: int) -> str:
    """A developer owning one project of `tasks` tasks; returns an access token."""
    from benchmarks._task_rows import insert_tasks
    from storage.accounts.passwords import hash_password
    from storage.database import close_database, migrate, open_database
    from storage.models import User
    from storage.projects.crud import create_project
    from web.http.jwt_tokens import issue_access

    settings = load_settings(env)
    db = open_database(settings.database_url)
    migrate(db)
    user = User.create(username="bench", password_hash=hash_password("bench password"))
    project = create_project(user, "bench", settings.workspace_root)
    started = time.perf_counter()
    insert_tasks(db, project.id, user.id, tasks)
    print(f"  (seeded {tasks} tasks in {time.perf_counter() - started:.1f} s)", flush=True)
    token = issue_access(settings, user)
    close_database()
    return token


@contextmanager
def _sqlite_database() -> Iterator[str]:
    with tempfile.TemporaryDirectory(prefix="bench-sqlite-") as tmp:
        yield f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
