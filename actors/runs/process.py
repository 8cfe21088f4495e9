"""RunProcess: the OS process of one run, in its own process group, inside the sandbox when the
run has a policy.

Sandboxed, the spawned process is bubblewrap: it sets the sandbox up in its own PID namespace
and waits for the program, whose exit status it passes on (death by signal n as 128 + n, turned
back into -n here). Signals go where they mean the same as unsandboxed: SIGTERM to every
process inside (bubblewrap's init in there ignores it; bubblewrap itself would just die), SIGKILL
to bubblewrap and its init, which ends the namespace and so everything the run started, setsid
and double forks included.
"""

from __future__ import annotations

import contextlib
import functools
import os
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Callable, Iterator, Sequence
from typing import IO

from actors.messages import RunCommand
from actors.processes import descendants, die_with_parent, signal_group
from actors.sandbox import (
    LimitKind,
    RunCgroup,
    SandboxPolicy,
    apply_rlimits,
    bwrap_argv,
    fallback_rlimits,
)
from actors.sandbox.cgroups import remove_stale
from actors.sandbox.limits import Rlimits

SIGNALS = frozenset(int(s) for s in signal.valid_signals())
STALE_SECONDS = 60.0


class RunProcess:
    """Spawned by `start`; read its pipes, then `poll`, `terminate`, `kill`, `release`."""

    def __init__(
        self, popen: subprocess.Popen[bytes], policy: SandboxPolicy | None, cgroup: RunCgroup | None
    ) -> None:
        self.popen = popen
        self.policy = policy
        self.sandboxed = policy is not None
        self.cpu_limit = policy.limits.cpu_seconds if policy is not None else None
        self.cgroup = cgroup

    @classmethod
    def start(cls, run: RunCommand, env: dict[str, str]) -> RunProcess:
        """Spawn run with exactly env (raises OSError as Popen does; FileNotFoundError for a
        missing program or working directory)."""
        argv, cgroup = run.argv, None
        rlimits: Rlimits = ()
        if run.sandbox is not None:
            if not os.path.isdir(run.cwd):
                raise FileNotFoundError(2, "No such file or directory", run.cwd)
            program = resolve_program(argv[0], env.get("PATH"))
            argv = bwrap_argv(run.sandbox, program, argv[1:])
            limits = run.sandbox.limits
            cgroup = RunCgroup.create(
                run.sandbox.controllers,
                run.sandbox.cgroup_name,
                {kind: limits.of(kind) for kind in LimitKind},
            )
            rlimits = fallback_rlimits(limits, frozenset(cgroup.kinds))
        preexec: Callable[[], None] | None = functools.partial(_in_child, cgroup, rlimits)
        setpriv = _setpriv()
        if run.sandbox is None and setpriv is not None:
            # no Python in the forked child (which takes Popen off its fast vfork path, ~15×
            # slower here): setpriv asks for the parent-death signal, then runs the program
            _check_program(argv[0], env.get("PATH"), run.cwd)
            argv, preexec = _dies_with_parent(setpriv, argv), None
        try:
            with _input(run.stdin) as stdin:
                popen = subprocess.Popen(
                    argv,
                    cwd=run.cwd,
                    env=env,
                    stdin=stdin,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.PIPE,
                    start_new_session=True,
                    preexec_fn=preexec,
                    close_fds=True,
                )
        except BaseException as exc:
            if cgroup is not None:
                cgroup.remove()
            if isinstance(exc, subprocess.SubprocessError):  # preexec_fn: no cgroup to join
                raise OSError(f"cannot enter the run's sandbox limits: {exc}") from exc
            raise
        return cls(popen, run.sandbox, cgroup)

    @property
    def pid(self) -> int:
        return self.popen.pid

    @property
    def pipes(self) -> tuple[IO[bytes], IO[bytes]]:
        assert self.popen.stdout is not None and self.popen.stderr is not None
        return self.popen.stdout, self.popen.stderr

    def poll(self) -> int | None:
        """The exit code once the process ended (-n: killed by signal n), else None."""
        code = self.popen.poll()
        if code is not None and self.sandboxed and code > 128 and code - 128 in SIGNALS:
            return -(code - 128)
        return code

    def terminate(self) -> None:
        """SIGTERM to the process group, or to everything the sandbox runs (below bubblewrap's
        init); when it runs nothing yet, to bubblewrap itself, which ends the sandbox."""
        inside = descendants(self.pid, below=1) if self.sandboxed else []
        if not inside:
            signal_group(self.pid, signal.SIGTERM)
        for pid in inside:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)

    def kill(self) -> None:
        """SIGKILL to the group and (sandboxed) everything inside it."""
        inside = descendants(self.pid) if self.sandboxed else []
        signal_group(self.pid, signal.SIGKILL)
        for pid in inside:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)

    def limit_exceeded(self) -> str | None:
        """Why the run must stop: the CPU time of all its processes is over the limit (where a
        cgroup accounts it; else RLIMIT_CPU stops each process by itself)."""
        used = self.cgroup.cpu_seconds() if self.cgroup is not None else None
        if used is None or self.cpu_limit is None or used <= self.cpu_limit:
            return None
        return f"sandbox: CPU time limit of {self.cpu_limit} s reached"

    def release(self) -> None:
        """After the end: wait for the process, remove the run's cgroups and any a crashed
        runner of this runtime left."""
        self.popen.wait()
        if self.cgroup is not None:
            self.cgroup.remove()
            self.cgroup = None
        if self.policy is not None:
            remove_stale(self.policy.controllers, self.policy.cgroup_prefix, STALE_SECONDS)


def warm_up() -> None:
    """Spawn `true` as an unsandboxed run is spawned, its standard input a file as a prompt's.
    A forked actor's first Popen took ~2.5 ms in a CommandActor here, later ones ~0.3, and its
    first temporary file ~0.5 ms (tempfile probes its folder once): a pre-started one pays
    both before its run."""
    program = shutil.which("true")
    if program is None:
        return
    setpriv = _setpriv()
    argv = (program,) if setpriv is None else _dies_with_parent(setpriv, (program,))
    with contextlib.suppress(OSError, subprocess.SubprocessError), _input("") as stdin:
        subprocess.run(
            argv,
            stdin=stdin,
            capture_output=True,
            start_new_session=True,
            close_fds=True,
            env={},
            timeout=5,
            check=False,
        )


def _dies_with_parent(setpriv: str, argv: Sequence[str]) -> tuple[str, ...]:
    """argv run by setpriv, which asks for SIGKILL when its parent dies, then execs it."""
    return (setpriv, "--pdeathsig", "KILL", "--", *argv)


def resolve_program(name: str, path: str | None) -> str:
    """The real file a command name runs (PATH searched, symlinks followed): what the sandbox
    shows read-only and executes."""
    found = shutil.which(name, path=path) if os.sep not in name else name
    if found is None or not os.path.isfile(found):
        raise FileNotFoundError(2, "No such file or directory", name)
    return os.path.realpath(found)


@functools.cache
def _setpriv() -> str | None:
    """util-linux's setpriv, which sets the parent-death signal and execs (None: not here)."""
    return shutil.which("setpriv")


def _check_program(name: str, path: str | None, cwd: str) -> None:
    """Raise FileNotFoundError as Popen would for a program that is not there (the wrapper
    would start and fail later, with less to say)."""
    if not os.path.isdir(cwd):
        raise FileNotFoundError(2, "No such file or directory", cwd)
    found = shutil.which(name, path=path) if os.sep not in name else os.path.join(cwd, name)
    if found is None or not os.path.isfile(found):
        raise FileNotFoundError(2, "No such file or directory", name)


@contextlib.contextmanager
def _input(text: str | None) -> Iterator[int | IO[bytes]]:
    """The run's standard input: text in an unnamed temporary file, else nothing."""
    if text is None:
        yield subprocess.DEVNULL
        return
    with tempfile.TemporaryFile() as handle:
        handle.write(text.encode())
        handle.seek(0)
        yield handle


def _in_child(cgroup: RunCgroup | None, rlimits: Rlimits) -> None:
    """In the forked child before exec: die with the parent, join the run's cgroups, limits."""
    die_with_parent()
    if cgroup is not None:
        cgroup.join()
    apply_rlimits(rlimits)
