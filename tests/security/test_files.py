"""What `python -m storage`, `python -m actors` and `python -m web` create under DATA_DIR
(database, secrets, logs, workspaces) is private to their user, and Thespian's own log is there
rather than in $TMPDIR."""

from __future__ import annotations

import signal
import stat
import subprocess
from collections.abc import Iterator
from pathlib import Path

import aiohttp
import pytest

from config.startup import THESPIAN_LOG
from tests.support.deployment import deployment_env, free_port, start_process
from tests.support.fixtures.runtime import STARTUP_SECONDS
from tests.support.waiting import eventually, wait_for

pytestmark = pytest.mark.slow
PASSWORD = "files-test-password"


@pytest.fixture
def started(tmp_path: Path) -> Iterator[tuple[dict[str, str], list[subprocess.Popen[bytes]]]]:
    """A fresh deployment on SQLite under a DATA_DIR that does not exist yet."""
    (tmp_path / "tmp").mkdir()
    env = deployment_env(
        tmp_path / "data",
        PORT=str(free_port()),
        ADMIN_PASSWORD=PASSWORD,
        TMPDIR=str(tmp_path / "tmp"),
        THESPLOG_THRESHOLD="DEBUG",  # Thespian writes its log from the first message on
    )
    processes: list[subprocess.Popen[bytes]] = []
    yield env, processes
    for process in processes:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
        process.wait(30)


async def test_files_under_data_dir_are_private_and_thespian_logs_there(
    started: tuple[dict[str, str], list[subprocess.Popen[bytes]]], tmp_path: Path
) -> None:
    env, processes = started
    migrate = start_process("storage", env, tmp_path / "migrate.log")  # first, as make run does
    assert migrate.wait(STARTUP_SECONDS) == 0
    actors_log = tmp_path / "actors.log"
    processes.append(start_process("actors", env, actors_log))
    wait_for(lambda: b"actor system ready" in actors_log.read_bytes(), STARTUP_SECONDS)
    processes.append(start_process("web", env, tmp_path / "web.log"))
    base = f"http://127.0.0.1:{env['PORT']}"
    async with aiohttp.ClientSession(base) as http:

        async def healthy() -> bool:
            try:
                async with http.get("/api/health/detailed") as response:
                    return response.status == 200
            except aiohttp.ClientConnectionError:
                return False

        await eventually(healthy, STARTUP_SECONDS)
        login = {"username": "admin", "password": PASSWORD}
        async with http.post("/api/auth/login", json=login) as response:
            token = (await response.json())["data"]["access_token"]
        auth = {"Authorization": f"Bearer {token}"}
        async with http.post("/api/projects/", json={"name": "files"}, headers=auth) as response:
            assert response.status == 201
    for process in processes:
        process.send_signal(signal.SIGTERM)
        assert process.wait(30) == 0
    data_dir = Path(env["DATA_DIR"])
    created = [data_dir, *data_dir.rglob("*")]
    shared = [
        f"{path.relative_to(tmp_path)} {stat.filemode(path.stat().st_mode)}"
        for path in created
        if path.stat().st_mode & 0o077
    ]
    assert shared == []
    assert list((tmp_path / "tmp").glob("thespian.log*")) == []
    names = {path.name for path in created}
    assert {"jwt_secret", "actor_secret", "claude_web.sqlite3", THESPIAN_LOG} <= names
    assert any(path.parent.name == "workspaces" for path in created)  # the project's directory


def test_a_data_dir_made_with_looser_modes_is_closed_at_start(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    data_dir.mkdir(mode=0o755)
    data_dir.chmod(0o755)
    env = deployment_env(data_dir)
    migrate = start_process("storage", env, tmp_path / "migrate.log")
    assert migrate.wait(STARTUP_SECONDS) == 0
    assert stat.S_IMODE(data_dir.stat().st_mode) == 0o700
