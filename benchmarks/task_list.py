"""GET /api/tasks/?page_size=50 on SQLite with 100k tasks, against a bare aiohttp handler.

Both servers run in their own process and answer the same client in the same run: the full
app (envelope, auth with a database lookup, validation, access rule, count, render) and a bare
handler that runs the same peewee list query and dumps the rows. 50 connections; requests per
second, p50 and p99, and the ratio full / bare.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import aiohttp

from config import Settings, load_settings
from tests.support.deployment import ROOT, deployment_env, free_port

TASKS = int(os.environ.get("BENCH_TASKS", "100000"))
SECONDS = float(os.environ.get("BENCH_SECONDS", "10"))
CONNECTIONS = 50


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="bench-tasks-") as tmp:
        env = _environment(Path(tmp))
        token = _seed(load_settings(env))
        results = {}
        for kind in ("bare", "full"):
            port = free_port()
            server = subprocess.Popen(
                [sys.executable, "-c", f"from benchmarks.task_list import serve; serve({kind!r})"],
                cwd=ROOT,
                env={**env, "PORT": str(port)},
            )
            try:
                url = f"http://127.0.0.1:{port}/api/tasks/?page_size=50"
                results[kind] = asyncio.run(_load(url, {"Authorization": f"Bearer {token}"}))
            finally:
                server.terminate()
                server.wait(30)
    print(f"{TASKS} tasks, SQLite, {CONNECTIONS} connections, {SECONDS:g} s per server")
    for kind, (rps, p50, p99, errors) in results.items():
        print(f"  {kind:5} {rps:8.1f} req/s  p50 {p50:7.1f} ms  p99 {p99:7.1f} ms  errors {errors}")
    print(f"  ratio full/bare: {results['full'][0] / results['bare'][0]:.2f} of the throughput")


def serve(kind: str) -> None:
    """Run one server in this process until terminated (started by main)."""
    from aiohttp import web

    from storage.database import open_database
    from web.app import create_app

    settings = load_settings()
    open_database(settings.database_url)
    app = create_app(settings) if kind == "full" else _bare_app()
    web.run_app(app, host="127.0.0.1", port=settings.port, access_log=None, print=None)


def _bare_app() -> Any:
    from aiohttp import web

    from storage.models import User
    from storage.pages import PageRequest
    from storage.tasks.listing import TaskFilter, list_tasks
    from web.api.schemas.tasks import TaskOut

    user = User.get()

    async def handler(request: web.Request) -> web.Response:
        page = list_tasks(user, TaskFilter(), PageRequest(page_size=50))
        items = [TaskOut.read(t).model_dump(mode="json") for t in page.items]
        return web.json_response({"items": items})

    app = web.Application()
    app.router.add_get("/api/tasks/", handler)
    return app


async def _load(url: str, headers: dict[str, str]) -> tuple[float, float, float, int]:
    latencies: list[float] = []
    errors = 0
    async with aiohttp.ClientSession(
        connector=aiohttp.TCPConnector(limit=CONNECTIONS), headers=headers
    ) as session:
        await _wait_ready(session, url)
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
    return len(latencies) / elapsed, cuts[49] * 1000, cuts[98] * 1000, errors


async def _wait_ready(session: aiohttp.ClientSession, url: str) -> None:
    deadline = time.monotonic() + 60
    while True:
        try:
            async with session.get(url) as response:
                if response.status == 200:
                    return
        except aiohttp.ClientConnectionError:
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(f"server at {url} did not start")
        await asyncio.sleep(0.1)


def _seed(settings: Settings) -> str:
    """A developer owning one project of TASKS tasks; returns an access token."""
    from storage.accounts.passwords import hash_password
    from storage.database import close_database, migrate, open_database
    from storage.models import Task, User, database, new_id, utcnow
    from storage.projects.crud import create_project
    from web.http.jwt_tokens import issue_access

    migrate(open_database(settings.database_url))
    user = User.create(username="bench", password_hash=hash_password("bench password"))
    project = create_project(user, "bench", settings.workspace_root)
    now = utcnow()
    with database.atomic():
        for start in range(0, TASKS, 1000):
            Task.insert_many(
                {
                    "id": new_id(),
                    "project": project.id,
                    "created_by": user.id,
                    "title": f"Task {i}: implement feature {i % 97}",
                    "description": f"Benchmark task number {i} with some words to index",
                    "priority": i % 10,
                    "tags": [],
                    "metadata": {},
                    "created_at": now - dt.timedelta(seconds=i),
                    "updated_at": now - dt.timedelta(seconds=i),
                }
                for i in range(start, min(start + 1000, TASKS))
            ).execute()
    token = issue_access(settings, user)
    close_database()
    return token


def _environment(tmp: Path) -> dict[str, str]:
    return deployment_env(
        tmp / "data",
        DATABASE_URL=f"sqlite:///{tmp / 'bench.sqlite3'}",
        JWT_SECRET="bench-secret-" + "x" * 40,
        LOG_LEVEL="WARNING",
        RATE_LIMITS="off",  # a benchmark is one caller sending far more than 200/min
    )
