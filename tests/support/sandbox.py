"""What the sandbox tests share: a deployment whose secret is a file, and a shell snippet that
tries to reach what a run must not (its report read back from the run's output)."""

from __future__ import annotations

import glob
import shutil
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest

from actors.messages import Ping, Pong
from config import Settings
from storage.models import User
from tests.support.api import Api, AppClient
from tests.support.fixtures.app import LiveApp
from web.http.jwt_tokens import issue_access
from web.keys import bridge_key, settings_key

needs_bwrap = pytest.mark.skipif(shutil.which("bwrap") is None, reason="bubblewrap not installed")


@dataclass
class Deployment:
    """A runtime and app whose JWT secret is generated into DATA_DIR, and a marker variable
    only the server's own environment holds."""

    client: AppClient
    settings: Settings
    marker: str

    def api(self, user: User) -> Api:
        token = issue_access(self.settings, user)
        return Api(self.client, {"Authorization": f"Bearer {token}"}, user)

    async def server_pids(self) -> list[int]:
        """Processes of the server: this (web) process and every actor of the runtime."""
        pong: Pong = await self.client.app[bridge_key].ask(lambda cid, to: Ping(cid, to), 10)
        return sorted(set(pong.processes.values()))


async def deploy(live_app: LiveApp, **overrides: object) -> Deployment:
    marker = f"server-only-{uuid.uuid4().hex}"
    client = await live_app(JWT_SECRET="", SERVER_ONLY_MARKER=marker, **overrides)
    settings = client.app[settings_key]
    assert (settings.data_dir / "jwt_secret").is_file()
    return Deployment(client, settings, marker)


def run_cgroups(settings: Settings, run_id: str) -> list[str]:
    """The cgroup directories of one run, in every hierarchy."""
    name = f"claude-web-{settings.actor_admin_port}-{run_id}"
    return glob.glob(f"/sys/fs/cgroup/**/{name}", recursive=True)


def forbidden_paths(settings: Settings, other_project: str) -> list[str]:
    """Files a run must not read: the JWT secret, the database, another project's file."""
    paths = [str(settings.data_dir / "jwt_secret"), str(Path(other_project, "private.txt"))]
    if settings.sqlite_path is not None:
        paths.append(str(settings.sqlite_path))
    return paths


@dataclass(frozen=True)
class Reach:
    """The snippet, and the name it writes under /tmp (private to the run, so never found)."""

    script: str
    tmp_name: str


def reach(paths: list[str], pids: list[int], own_dir: str) -> Reach:
    """Shell that reports READ or DENIED per path and server /proc/<pid>/environ, dumps every
    environment it can see, and writes into its own directory, /tmp and /."""
    targets = " ".join([*paths, *(f"/proc/{pid}/environ" for pid in pids)])
    tmp_name = f"from-the-run-{uuid.uuid4().hex}"
    script = (
        f"for f in {targets}; do "
        'if cat "$f" > /dev/null 2>&1; then echo "READ $f"; else echo "DENIED $f"; fi; done; '
        "cat /proc/*/environ 2> /dev/null | tr '\\0' '\\n'; "
        f"echo written > {own_dir}/from-the-run && echo WROTE-OWN; "
        f"echo private > /tmp/{tmp_name} && echo WROTE-TMP; "
        f"touch /{tmp_name} 2> /dev/null || echo ROOT-READ-ONLY"
    )
    return Reach(script, tmp_name)


def plain_lines(output: str) -> str:
    """Output without the CLI's stream-json events (which echo the prompt)."""
    return "".join(line for line in output.splitlines(True) if not line.startswith("{"))


def assert_contained(
    output: str, deployment: Deployment, attempt: Reach, paths: list[str], own_dir: str
) -> None:
    """What the snippet printed shows nothing reached; only its own directory kept a write."""
    assert "READ " not in output, output
    assert output.count("DENIED ") >= len(paths), output
    assert deployment.marker not in output and deployment.settings.jwt_secret not in output
    stray = [p for p in (Path("/tmp", attempt.tmp_name), Path("/", attempt.tmp_name)) if p.exists()]
    for path in stray:
        path.unlink()
    assert not stray  # /tmp is the run's own, / is read-only
    assert "WROTE-OWN" in output and "WROTE-TMP" in output and "ROOT-READ-ONLY" in output
    assert Path(own_dir, "from-the-run").read_text() == "written\n"
