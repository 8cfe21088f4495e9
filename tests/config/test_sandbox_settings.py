"""Sandbox settings: the mode, the paths a run may see (never the server's private ones), the
limits and the explicit allowance of unsandboxed commands."""

from __future__ import annotations

from pathlib import Path

import pytest

from config import ConfigError, SandboxMode, load_settings


def test_defaults_sandbox_every_run_when_bubblewrap_works(tmp_path: Path) -> None:
    sandbox = load_settings({"DATA_DIR": str(tmp_path), "HOME": "/home/svc"}).sandbox
    assert sandbox.mode == SandboxMode.AUTO and not sandbox.allow_unsandboxed
    assert "/usr" in sandbox.system_paths and "/etc/passwd" in sandbox.system_paths
    assert "/etc" not in sandbox.system_paths  # root-owned secrets live there
    assert sandbox.read_paths == ()
    assert sandbox.write_paths == ()  # the CLI's state lives in each project's own home
    assert sandbox.command_network
    assert (sandbox.max_processes, sandbox.max_memory_mb, sandbox.max_cpu_seconds) == (
        1024,
        4096,
        7200,
    )


def test_paths_and_limits_come_from_the_environment(tmp_path: Path) -> None:
    sandbox = load_settings(
        {
            "DATA_DIR": str(tmp_path / "data"),
            "HOME": "/home/svc",
            "SANDBOX": "bwrap",
            "SANDBOX_READ_PATHS": "~/.local/share/claude, /opt/node/",
            "SANDBOX_WRITE_PATHS": "~/.cache/shared",
            "SANDBOX_COMMAND_NETWORK": "false",
            "SANDBOX_MAX_PROCESSES": "64",
            "ALLOW_UNSANDBOXED": "yes",
        }
    ).sandbox
    assert sandbox.mode == SandboxMode.BWRAP
    assert sandbox.read_paths == ("/home/svc/.local/share/claude", "/opt/node")
    assert sandbox.write_paths == ("/home/svc/.cache/shared",)
    assert not sandbox.command_network and sandbox.max_processes == 64
    assert sandbox.allow_unsandboxed


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("SANDBOX", "maybe"),
        ("SANDBOX_READ_PATHS", "relative/path"),
        ("SANDBOX_READ_PATHS", "{data}"),
        ("SANDBOX_WRITE_PATHS", "{data}/workspaces/some-project"),
        ("SANDBOX_SYSTEM_PATHS", "/usr,{data}/x"),
        ("SANDBOX_COMMAND_NETWORK", "sometimes"),
        ("SANDBOX_MAX_MEMORY_MB", "0"),
        ("ALLOW_UNSANDBOXED", "please"),
    ],
)
def test_bad_sandbox_values_name_the_variable(tmp_path: Path, name: str, value: str) -> None:
    with pytest.raises(ConfigError) as error:
        load_settings({"DATA_DIR": str(tmp_path), name: value.format(data=tmp_path)})
    assert str(error.value).startswith(f"{name}:")
