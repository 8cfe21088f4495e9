"""The pieces of a throwaway deployment that tests and benchmarks share: ports, environment,
and the `python -m actors` process."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FAKE_CLI = ROOT / "tests" / "support" / "fake_claude.py"


def free_port() -> int:
    """A TCP port on loopback that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def deployment_env(data_dir: Path, **variables: str) -> dict[str, str]:
    """The environment of the processes under test: their own data directory, admin port and
    the fake CLI, which the sandbox shows read-only with the Python that runs it (as an
    operator exposes the real CLI's install); nothing of the developer's leaks in but PATH and
    HOME."""
    return {
        "DATA_DIR": str(data_dir),
        "ACTOR_ADMIN_PORT": str(free_port()),
        "CLAUDE_CLI": f"{sys.executable} {FAKE_CLI}",
        "SANDBOX_READ_PATHS": f"{FAKE_CLI},{sys.base_prefix}",
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", "/root"),
        **variables,
    }


def start_process(module: str, env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    """Start `python -m <module>` (actors or web) with env, its output going to the file log
    (never a pipe: orphans would hold it open)."""
    with log.open("wb") as output:
        return subprocess.Popen(
            [sys.executable, "-m", module],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
