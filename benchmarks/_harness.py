"""A throwaway deployment for benchmarks: temp DATA_DIR, `python -m actors`, the web app."""

from __future__ import annotations

import asyncio
import contextlib
import signal
import subprocess
import tempfile
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp
from aiohttp import web

from actors.processes import descendants
from config import Settings, load_settings
from storage.accounts.passwords import hash_password
from storage.database import close_database, migrate, open_database
from storage.models import User
from tests.support.deployment import deployment_env, free_port, start_process
from web.app import create_app
from web.http.jwt_tokens import issue_access
from web.keys import bridge_key


@dataclass
class Deployment:
    settings: Settings
    base_url: str
    session: aiohttp.ClientSession
    actors: subprocess.Popen[bytes]

    async def call(self, method: str, path: str, json: Any = None) -> Any:
        async with self.session.request(method, self.base_url + path, json=json) as response:
            body = await response.json()
            if response.status >= 400:
                raise RuntimeError(f"{method} {path}: {response.status} {body}")
            return body["data"]

    def actor_pids(self) -> list[int]:
        return [self.actors.pid, *descendants(self.actors.pid)]


@contextlib.asynccontextmanager
async def deployment(**overrides: str) -> AsyncIterator[Deployment]:
    with tempfile.TemporaryDirectory(prefix="bench-", ignore_cleanup_errors=True) as data_dir:
        env = deployment_env(
            Path(data_dir),
            JWT_SECRET="bench-secret-" + "x" * 40,
            LOG_LEVEL="WARNING",
            RATE_LIMITS="off",  # a benchmark is one caller sending far more than 200/min
            **overrides,
        )
        settings = load_settings(env)
        migrate(open_database(settings.database_url))
        user = User.create(
            username="bench", password_hash=hash_password("bench-password"), role="admin"
        )
        close_database()
        actors = start_process("actors", env, Path(data_dir) / "actors.log")
        app = create_app(settings)
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        port = free_port()
        await web.TCPSite(runner, "127.0.0.1", port).start()
        headers = {"Authorization": f"Bearer {issue_access(settings, user)}"}
        session = aiohttp.ClientSession(headers=headers, connector=aiohttp.TCPConnector(limit=100))
        try:
            if not await app[bridge_key].wait_connected(30):
                log = (Path(data_dir) / "actors.log").read_text(errors="replace")[-3000:]
                raise RuntimeError(f"the actor system did not come up:\n{log}")
            yield Deployment(settings, f"http://127.0.0.1:{port}", session, actors)
        finally:
            await session.close()
            await runner.cleanup()
            actors.send_signal(signal.SIGTERM)
            await asyncio.to_thread(actors.wait, 60)


async def settled(pids: Callable[[], list[int]], window: float = 0.05) -> None:
    """Wait until the processes are idle: less than 2% of a core's time used over a window
    (from /proc/<pid>/schedstat, in ns), at most 5 s. So "idle" means what it says: the
    work the last sample left (a spare forked, its events stored) is done."""
    deadline = time.monotonic() + 5
    before = _cpu_ns(pids())
    while time.monotonic() < deadline:
        await asyncio.sleep(window)
        now = _cpu_ns(pids())
        if now - before < window * 0.02 * 1e9:
            return
        before = now


def _cpu_ns(pids: list[int]) -> int:
    total = 0
    for pid in pids:
        with contextlib.suppress(OSError), open(f"/proc/{pid}/schedstat") as handle:
            total += int(handle.read().split()[0])
    return total


def rss_kib(pids: list[int]) -> int:
    """Resident set size summed over processes (shared pages counted in each)."""
    return _proc_kib(pids, "status", "VmRSS:")


def pss_kib(pids: list[int]) -> int:
    """Proportional set size: shared pages split among their sharers (what the tree costs)."""
    return _proc_kib(pids, "smaps_rollup", "Pss:")


def _proc_kib(pids: list[int], name: str, key: str) -> int:
    total = 0
    for pid in pids:
        with contextlib.suppress(OSError), open(f"/proc/{pid}/{name}") as handle:
            total += sum(int(line.split()[1]) for line in handle if line.startswith(key))
    return total


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))]


async def poll(predicate: Any, timeout: float, interval: float = 0.01) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        value = await predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise TimeoutError("benchmark condition not met")
        await asyncio.sleep(interval)
