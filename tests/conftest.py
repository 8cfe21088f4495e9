"""Fixtures that start the real thing (database, actor system, web app) and tear it down.

The pytest process makes itself a child subreaper, so every process a test starts, including the
Thespian admin that daemonizes, stays its descendant: after each test none may be left alive.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg2
import pytest
from aiohttp.test_utils import TestClient

from actors.launcher import admin_listening
from actors.processes import become_subreaper, descendants, reap_children
from config import Settings, load_settings
from storage.accounts.passwords import hash_password
from storage.database import close_database, migrate, open_database
from storage.models import User
from web.app import create_app
from web.http.jwt_tokens import issue_access
from web.keys import bridge_key

pytest_plugins = ["tests.support.compact_api"]

ROOT = Path(__file__).resolve().parents[1]
FAKE_CLI = ROOT / "tests" / "support" / "fake_claude.py"
TEST_DATABASE = os.environ.get("TEST_DATABASE", "sqlite")
POSTGRES_URL = os.environ.get("TEST_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/test")
PASSWORD = "correct horse battery"
STARTUP_SECONDS = 30.0


def pytest_configure(config: pytest.Config) -> None:
    become_subreaper()


def pytest_report_header(config: pytest.Config) -> str:
    return f"database: {TEST_DATABASE}"


def wait_for(predicate: Callable[[], Any], timeout: float = 20.0, interval: float = 0.05) -> Any:
    """Poll predicate until it returns something truthy, or fail after timeout seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not met within {timeout}s: {predicate}")
        time.sleep(interval)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def living_descendants() -> list[int]:
    reap_children()
    alive = []
    for pid in descendants(os.getpid()):
        try:
            with open(f"/proc/{pid}/stat") as handle:
                state = handle.read().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z":
            alive.append(pid)
    return alive


@pytest.fixture(autouse=True)
def no_process_left() -> Iterator[None]:
    """Every test leaves no process behind (actors, admin, logger, CLI subprocesses)."""
    yield
    left = living_descendants()
    if left:
        for pid in left:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        pytest.fail(f"processes left behind: {left}")


@pytest.fixture(scope="session")
def password_hash() -> str:
    return hash_password(PASSWORD)


@pytest.fixture
def database_url(tmp_path: Path) -> Iterator[str]:
    if TEST_DATABASE == "sqlite":
        yield f"sqlite:///{tmp_path / 'test.sqlite3'}"
        return
    name = f"t_{uuid.uuid4().hex[:16]}"
    _postgres_admin(f'CREATE DATABASE "{name}"')
    yield POSTGRES_URL.rsplit("/", 1)[0] + "/" + name
    close_database()
    _postgres_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _postgres_admin(statement: str) -> None:
    connection = psycopg2.connect(POSTGRES_URL)
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute(statement)
    finally:
        connection.close()


@pytest.fixture
def env(tmp_path: Path, database_url: str) -> dict[str, str]:
    """The environment of the processes under test; nothing of the developer's leaks in."""
    return {
        "DATA_DIR": str(tmp_path / "data"),
        "DATABASE_URL": database_url,
        "JWT_SECRET": "test-secret-" + "x" * 40,
        "ACTOR_ADMIN_PORT": str(free_port()),
        "PORT": str(free_port()),
        "CLAUDE_CLI": f"{sys.executable} {FAKE_CLI}",
        "CANCEL_GRACE_PERIOD": "2",
        "LOG_LEVEL": "INFO",
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", "/root"),
    }


@pytest.fixture
def settings(env: dict[str, str]) -> Settings:
    return load_settings(env)


@pytest.fixture
def db(settings: Settings) -> Iterator[Any]:
    database = open_database(settings.database_url)
    migrate(database)
    yield database
    close_database()


@pytest.fixture
def make_user(db: Any, password_hash: str) -> Callable[..., User]:
    """Create users cheaply (one scrypt hash per session), all with password PASSWORD."""

    def make(role: str = "developer", username: str | None = None, **fields: Any) -> User:
        return User.create(
            username=username or f"{role}-{uuid.uuid4().hex[:8]}",
            password_hash=password_hash,
            role=role,
            **fields,
        )

    return make


@pytest.fixture
def headers(settings: Settings) -> Callable[[User], dict[str, str]]:
    def for_user(user: User) -> dict[str, str]:
        return {"Authorization": f"Bearer {issue_access(settings, user)}"}

    return for_user


@dataclass
class Runtime:
    """A running `python -m actors` process."""

    process: subprocess.Popen[bytes]
    settings: Settings
    log: Path

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 30.0) -> int:
        if self.process.poll() is None:
            self.process.send_signal(sig)
        return self.process.wait(timeout)


@pytest.fixture
def start_runtime(env: dict[str, str], db: Any, tmp_path: Path) -> Iterator[Callable[[], Runtime]]:
    """Factory: start the actors process; every one started is stopped at teardown."""
    started: list[Runtime] = []

    def start() -> Runtime:
        log = tmp_path / f"actors-{len(started)}.log"
        with log.open("wb") as output:
            process = subprocess.Popen(
                [sys.executable, "-m", "actors"],
                cwd=ROOT,
                env=env,
                stdout=output,
                stderr=subprocess.STDOUT,
            )
        runtime = Runtime(process, load_settings(env), log)
        started.append(runtime)
        wait_for(
            lambda: b"actor system ready" in log.read_bytes() or process.poll() is not None,
            STARTUP_SECONDS,
        )
        assert process.poll() is None, log.read_text()
        return runtime

    yield start
    for runtime in started:
        runtime.stop()
    assert not admin_listening(int(env["ACTOR_ADMIN_PORT"]))


@pytest.fixture
def runtime(start_runtime: Callable[[], Runtime]) -> Runtime:
    return start_runtime()


@pytest.fixture
async def client(aiohttp_client: Any, settings: Settings, db: Any) -> AsyncIterator[TestClient]:
    """The real aiohttp app on a real port (its bridge connects if a runtime is up)."""
    yield await aiohttp_client(create_app(settings))


@pytest.fixture
async def live_client(runtime: Runtime, client: TestClient) -> TestClient:
    """A client whose app is connected to a running actor system."""
    assert await client.app[bridge_key].wait_connected(STARTUP_SECONDS)
    return client


@pytest.fixture
def live_app(
    start_runtime: Callable[[], Runtime], env: dict[str, str], aiohttp_client: Any
) -> Callable[..., Any]:
    """Factory: start a runtime with extra settings and a connected client on the same ones."""

    async def start(**overrides: Any) -> TestClient:
        env.update({name: str(value) for name, value in overrides.items()})
        start_runtime()
        client = await aiohttp_client(create_app(load_settings(env)))
        assert await client.app[bridge_key].wait_connected(STARTUP_SECONDS)
        return client

    return start
