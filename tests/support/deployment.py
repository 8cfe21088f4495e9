"""The pieces of a throwaway deployment that tests and benchmarks share: ports, environment,
and the `python -m actors` process."""

from __future__ import annotations

import os
import random
import socket
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FAKE_CLI = ROOT / "tests" / "support" / "fake_claude.py"


LOWEST_CHOSEN_PORT = 10_000


def _ephemeral_ports() -> range:
    """The range the kernel hands out for port 0 and outgoing connections."""
    try:
        low, high = Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()
    except (OSError, ValueError):
        return range(32768, 61000)
    return range(int(low), int(high) + 1)


def free_port() -> int:
    """A TCP port on loopback that nothing listens on right now, chosen below the kernel's
    ephemeral range: a port the kernel picked for us could be handed to a process that binds
    port 0 (every Thespian actor does) before ours binds it."""
    ephemeral = _ephemeral_ports()
    candidates = [port for port in range(LOWEST_CHOSEN_PORT, 65536) if port not in ephemeral]
    for port in random.sample(candidates, 200):
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free loopback port outside the ephemeral range")


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
