"""A reported TaskActor exit fails its execution only once its process is gone
(actors/supervisor/slots.py): Thespian may report one exit twice, and a new child can be given
the address of one that exited, so a late report can name a live runner.

The Supervisor's handler is called directly with real processes: a live one, a zombie and a
reaped one; its wakeups and failures are recorded instead of carried out."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from collections.abc import Iterator

import pytest

from actors import processes
from actors.supervisor import Supervisor
from actors.supervisor.slots import EXIT_RECHECKS, RunnerExitCheck, Running
from storage.statuses import Priority


class RecordingSupervisor(Supervisor):  # type: ignore[misc]  # Thespian's classes are untyped
    def __init__(self) -> None:
        super().__init__()
        self.failed: list[tuple[str, str]] = []
        self.wakeups: list[object] = []

    def _fail(self, execution_id: str, reason: str, kill: bool = False) -> None:
        self.running.pop(execution_id, None)
        self.failed.append((execution_id, reason))

    def wakeupAfter(self, period: dt.timedelta, payload: object = None) -> None:
        self.wakeups.append(payload)


def supervising(pid: int) -> RecordingSupervisor:
    """A Supervisor whose execution e1 runs on the runner at address "runner", process pid."""
    supervisor = RecordingSupervisor()
    supervisor.running["e1"] = Running("runner", "p", Priority.NORMAL, pid)
    return supervisor


@pytest.fixture
def live_process() -> Iterator[subprocess.Popen[bytes]]:
    child = subprocess.Popen([sys.executable, "-c", "import sys; sys.stdin.read()"], stdin=-1)
    yield child
    child.kill()
    child.wait()
    assert child.stdin is not None
    child.stdin.close()


def test_a_process_is_running_until_it_has_exited(live_process: subprocess.Popen[bytes]) -> None:
    assert processes.running(os.getpid())
    assert processes.running(live_process.pid)
    live_process.kill()
    os.waitid(os.P_PID, live_process.pid, os.WEXITED | os.WNOWAIT)  # exited, not reaped
    assert not processes.running(live_process.pid)  # a zombie has exited
    live_process.wait()
    assert not processes.running(live_process.pid)


def test_the_exit_report_of_a_gone_runner_fails_its_execution(
    live_process: subprocess.Popen[bytes],
) -> None:
    live_process.kill()
    live_process.wait()
    supervisor = supervising(live_process.pid)
    supervisor.running["e2"] = Running("other", "p", Priority.NORMAL, os.getpid())
    supervisor._runner_exited("runner")
    assert supervisor.failed == [("e1", "the task runner exited unexpectedly")]
    assert list(supervisor.running) == ["e2"]


def test_the_exit_report_of_a_live_runner_is_looked_at_again_then_ignored(
    live_process: subprocess.Popen[bytes],
) -> None:
    supervisor = supervising(live_process.pid)
    supervisor._runner_exited("runner")
    assert supervisor.failed == [] and supervisor.wakeups == [RunnerExitCheck("runner", 1)]
    for checks in range(1, EXIT_RECHECKS):
        supervisor._runner_exited("runner", checks)
    assert supervisor.failed == [] and len(supervisor.wakeups) == EXIT_RECHECKS
    supervisor._runner_exited("runner", EXIT_RECHECKS)  # still running: a stale report
    assert supervisor.failed == [] and len(supervisor.wakeups) == EXIT_RECHECKS
    assert list(supervisor.running) == ["e1"]


def test_a_runner_gone_by_the_next_look_fails_its_execution(
    live_process: subprocess.Popen[bytes],
) -> None:
    supervisor = supervising(live_process.pid)
    supervisor._runner_exited("runner")  # reported moments before the process is gone
    live_process.kill()
    live_process.wait()
    supervisor._runner_exited("runner", 1)
    assert supervisor.failed == [("e1", "the task runner exited unexpectedly")]


def test_an_exit_report_before_the_runner_told_its_pid_waits_for_it(
    live_process: subprocess.Popen[bytes],
) -> None:
    """A spare's port may be the one of a runner that exited: that runner's late report must
    not fail the execution the spare took before it reports its pid (once its CLI runs)."""
    supervisor = supervising(live_process.pid)
    supervisor.running["e1"].pid = None
    supervisor._runner_exited("runner")
    assert supervisor.failed == [] and supervisor.wakeups == [RunnerExitCheck("runner", 1)]
    supervisor.running["e1"].pid = live_process.pid  # RunnerStarted: alive, so stale
    for checks in range(1, EXIT_RECHECKS + 1):
        supervisor._runner_exited("runner", checks)
    assert supervisor.failed == [] and list(supervisor.running) == ["e1"]


def test_a_runner_that_never_told_its_pid_fails_after_the_looks(
    live_process: subprocess.Popen[bytes],
) -> None:
    supervisor = supervising(live_process.pid)
    supervisor.running["e1"].pid = None
    for checks in range(EXIT_RECHECKS):
        supervisor._runner_exited("runner", checks)
    assert supervisor.failed == []
    supervisor._runner_exited("runner", EXIT_RECHECKS)
    assert supervisor.failed == [("e1", "the task runner exited unexpectedly")]


def test_a_runner_whose_pid_now_names_another_process_is_gone(
    live_process: subprocess.Popen[bytes],
) -> None:
    """pid_max is 32,768 here: the pid of a runner that exited can be given to any process."""
    supervisor = supervising(live_process.pid)
    supervisor.running["e1"].marker = "1"  # started at tick 1: not the process now at that pid
    supervisor._runner_exited("runner")
    assert supervisor.failed == [("e1", "the task runner exited unexpectedly")]


def test_a_runner_with_its_marker_is_the_same_process(
    live_process: subprocess.Popen[bytes],
) -> None:
    supervisor = supervising(live_process.pid)
    supervisor.running["e1"].marker = processes.start_marker(live_process.pid)
    supervisor._runner_exited("runner")
    assert supervisor.failed == [] and supervisor.wakeups == [RunnerExitCheck("runner", 1)]


def test_a_recorded_process_is_killed_only_while_its_pid_still_names_it(
    live_process: subprocess.Popen[bytes],
) -> None:
    marker = processes.start_marker(live_process.pid)
    assert not processes.kill_recorded_process(live_process.pid, "1")  # another process's
    assert processes.running(live_process.pid)
    assert processes.kill_recorded_process(live_process.pid, marker)
    assert live_process.wait(10) == -9
    assert not processes.kill_recorded_process(live_process.pid, marker)  # gone: nothing sent
