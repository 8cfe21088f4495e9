"""Running Node.js from the tests: where the SDK is, and one `node` command with its output."""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.support.deployment import ROOT

SDK = ROOT / "sdk" / "js"
EXAMPLES = ROOT / "sdk" / "examples"


@dataclass(frozen=True)
class NodeRun:
    returncode: int
    output: str


def node_binary(installed: Path = SDK / "node_modules" / "ws") -> str:
    """The `node` on PATH, with `installed` (what `make install` puts in place with npm ci)
    present; skips without node."""
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed: the JavaScript SDK is not tested")
    if not installed.exists():
        pytest.fail(f"{installed.relative_to(ROOT)} is missing: run `make install` (npm ci)")
    return node


def node_major(node: str) -> int:
    version = subprocess.run([node, "--version"], capture_output=True, text=True, check=True)
    return int(version.stdout.strip().lstrip("v").split(".")[0])


def websocket_flags(node: str) -> list[str]:
    """Node 20 and 21 have a global WebSocket only behind a flag (the examples use it)."""
    return ["--experimental-websocket"] if node_major(node) < 22 else []


async def run_node(args: list[str], env: dict[str, str], timeout: float) -> NodeRun:
    """Run node with args in the repository root; its exit code and combined output."""
    process = await asyncio.create_subprocess_exec(
        *args,
        cwd=ROOT,
        env={"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(Path.home()), **env},
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    try:
        output, _ = await asyncio.wait_for(process.communicate(), timeout)
    except TimeoutError:
        process.kill()
        output, _ = await process.communicate()
        return NodeRun(-9, output.decode(errors="replace") + f"\n[killed after {timeout} s]")
    assert process.returncode is not None
    return NodeRun(process.returncode, output.decode(errors="replace"))
