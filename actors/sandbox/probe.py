"""The probe at start: does bubblewrap really work here, and which cgroup limits can runs get.

SANDBOX=auto uses bubblewrap when running `true` under the same options as a real run
succeeds; SANDBOX=bwrap refuses to start without it; SANDBOX=off never tries.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile

from actors.sandbox.cgroups import (
    Controller,
    LimitKind,
    RunCgroup,
    remove_stale,
    usable_controllers,
)
from actors.sandbox.policy import RunKind, bwrap_argv
from actors.sandbox.state import Sandbox, cgroup_prefix
from config import SandboxMode, Settings

PROBE_SECONDS = 10.0
PROBE_PATH = "/usr/local/bin:/usr/bin:/bin"
Controllers = tuple[Controller, ...]
CGROUP_REFUSED = "a run cannot join its cgroups"


class SandboxUnavailable(Exception):
    """Raised when SANDBOX=bwrap and bubblewrap does not work here."""


def probe(settings: Settings) -> Sandbox:
    """The sandbox runs of this runtime get; raises SandboxUnavailable when SANDBOX=bwrap
    cannot be honoured."""
    config = settings.sandbox

    def sandbox(bwrap: str | None, detail: str, controllers: Controllers = ()) -> Sandbox:
        return Sandbox(bwrap, detail, controllers, config.command_network, config.allow_unsandboxed)

    if config.mode == SandboxMode.OFF:
        return sandbox(None, "SANDBOX=off")
    bwrap = shutil.which("bwrap")
    failure = "bwrap is not installed (Debian: apt-get install bubblewrap)"
    if bwrap is not None:
        controllers = usable_controllers()
        remove_stale(controllers, cgroup_prefix(settings))
        found = sandbox(bwrap, _version(bwrap), controllers)
        failure = _try(found, settings)
        if failure == CGROUP_REFUSED:  # the cgroups exist but a run cannot join them: rlimits
            found = sandbox(bwrap, found.detail)
            failure = _try(found, settings)
        if not failure:
            return found
    if config.mode == SandboxMode.BWRAP:
        raise SandboxUnavailable(f"SANDBOX=bwrap but {failure}")
    return sandbox(None, failure)


def _try(sandbox: Sandbox, settings: Settings) -> str:
    """Run `true` as a command would run (the stricter network setting, in the run's cgroups);
    why it failed, or ''."""
    program = shutil.which("true", path=PROBE_PATH)
    if program is None:
        return "no `true` program to probe bubblewrap with"
    with tempfile.TemporaryDirectory(prefix="claude-web-probe-") as workdir:
        policy = sandbox.policy(settings, RunKind.COMMAND, workdir, None, "probe")
        assert policy is not None
        limits = {kind: policy.limits.of(kind) for kind in LimitKind}
        cgroup = RunCgroup.create(policy.controllers, policy.cgroup_name, limits)
        try:
            done = subprocess.run(
                bwrap_argv(policy, program, ()),
                capture_output=True,
                timeout=PROBE_SECONDS,
                env={"PATH": PROBE_PATH},
                preexec_fn=cgroup.join,
                check=False,
            )
        except subprocess.SubprocessError as exc:
            if not isinstance(exc, subprocess.TimeoutExpired):
                return CGROUP_REFUSED
            return f"bwrap does not work here: {exc}"
        except OSError as exc:
            return f"bwrap does not work here: {exc}"
        finally:
            cgroup.remove()
    if done.returncode != 0:
        lines = done.stderr.decode(errors="replace").strip().splitlines() or ["no output"]
        return f"bwrap does not work here (exit {done.returncode}: {lines[-1]})"
    return ""


def _version(bwrap: str) -> str:
    try:
        done = subprocess.run(
            [bwrap, "--version"], capture_output=True, timeout=PROBE_SECONDS, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return "bubblewrap"
    return done.stdout.decode(errors="replace").strip() or "bubblewrap"
