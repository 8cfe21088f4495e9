"""A TaskActor's CLI starts while its claim is written, and nothing of the run is recorded
before the Supervisor says how the claim settled (actors/runs/claim_gate.py).

The gate's handlers, and the Supervisor's start, are driven directly; what each would send
and record is noted."""

from __future__ import annotations

import datetime as dt
import types

import pytest
from peewee import OperationalError

from actors.base import ActorExitRequest, WakeupMessage
from actors.messages import ClaimSettled, CommandOutput, CommandStarted, OutputPiece
from actors.runs.claim_gate import ClaimGate, ClaimWaitOver
from actors.runs.owner import ProcessGroup
from storage.runs import running
from storage.runs.output import OutputStream
from storage.runs.queues import QueuedEntry
from storage.runs.running import ExecutionPlan
from storage.statuses import Priority
from tests.support.supervisor import NotingSupervisor


class Gate(ClaimGate):  # type: ignore[misc]  # Thespian's classes are untyped
    def __init__(self) -> None:
        super().__init__()
        self._myRef = types.SimpleNamespace(address="self")
        self.runner = "runner"
        self.sent: list[tuple[object, object]] = []
        self.done: list[object] = []
        self.killed: list[ProcessGroup | None] = []

    def send(self, target: object, message: object) -> None:
        self.sent.append((target, message))

    def wakeupAfter(self, period: dt.timedelta, payload: object = None) -> None:
        self.done.append(("wakeup", payload))

    def claimed(self) -> None:
        self.done.append("claimed")

    def receiveMsg_CommandStarted(self, msg: CommandStarted, sender: object) -> None:
        self.done.append(msg)

    def receiveMsg_CommandOutput(self, msg: CommandOutput, sender: object) -> None:
        self.done.append(msg)

    def kill_process_group(self) -> None:
        self.killed.append(self.process)

    def interrupted(self) -> None:
        self.done.append("interrupted")


STARTED = CommandStarted(pid=41, pgid=41, process_started="marker")
OUTPUT = CommandOutput((OutputPiece(OutputStream.STDOUT, "hello\n", 0.0),))


def waiting() -> Gate:
    gate = Gate()
    gate.await_claim("e1")
    gate.done.clear()
    gate.receiveMessage(STARTED, "runner")
    gate.receiveMessage(OUTPUT, "runner")
    return gate


def test_what_comes_before_the_claim_is_held_then_handled_in_order_once_claimed() -> None:
    gate = waiting()
    assert gate.done == []  # nothing handled, so nothing recorded
    assert gate.process == ProcessGroup(41, "marker")  # but its group can be killed
    gate.receiveMessage(ClaimSettled("e1", claimed=True), "supervisor")
    assert gate.done == ["claimed", STARTED, OUTPUT]
    gate.receiveMessage(OUTPUT, "runner")
    assert gate.done[-1] == OUTPUT and gate.sent == []


def test_an_unclaimed_run_is_stopped_and_nothing_it_sent_is_handled() -> None:
    gate = waiting()
    gate.receiveMessage(ClaimSettled("e1", claimed=False), "supervisor")
    assert gate.done == [] and gate.ended
    assert gate.killed == [ProcessGroup(41, "marker")]
    stops = [target for target, message in gate.sent if isinstance(message, ActorExitRequest)]
    assert stops == ["runner", "self"]


def test_a_claim_that_does_not_settle_in_time_counts_as_unclaimed() -> None:
    gate = waiting()
    overdue = WakeupMessage(dt.timedelta(seconds=10), ClaimWaitOver())
    gate.receiveMessage(overdue, "self")
    assert gate.ended and gate.done == [] and gate.killed
    gate.receiveMessage(ClaimSettled("e1", claimed=True), "supervisor")  # too late: ignored
    assert gate.done == []


def test_stopped_before_the_claim_settled_it_records_nothing() -> None:
    gate = waiting()
    gate.receiveMessage(ActorExitRequest(), "supervisor")
    assert gate.ended and gate.killed
    assert "interrupted" not in gate.done and gate.done == []
    assert [target for target, _ in gate.sent] == ["runner"]  # it is stopping already


def test_a_claim_settled_before_the_start_came_settles_it_at_once() -> None:
    gate = Gate()  # lent to a web process: the Supervisor's claim can overtake its start
    gate.receiveMessage(ClaimSettled("e1", claimed=True), "supervisor")
    assert gate.done == []
    gate.await_claim("e1")
    assert gate.done == ["claimed"] and not gate.awaiting_claim


def test_the_claim_of_another_execution_settles_nothing() -> None:
    gate = Gate()
    gate.receiveMessage(ClaimSettled("e0", claimed=True), "supervisor")  # before the start
    gate.await_claim("e1")
    gate.receiveMessage(ClaimSettled("e2", claimed=True), "supervisor")
    assert gate.awaiting_claim and "claimed" not in gate.done
    gate.receiveMessage(ClaimSettled("e1", claimed=True), "supervisor")
    assert "claimed" in gate.done and not gate.awaiting_claim


def test_a_refusal_before_the_start_came_stops_the_run_unrecorded() -> None:
    gate = Gate()
    gate.receiveMessage(ClaimSettled("e1", claimed=False), "supervisor")
    gate.await_claim("e1")
    assert gate.ended and gate.done == []
    assert [target for target, _ in gate.sent] == ["runner", "self"]


PLAN = ExecutionPlan("e1", "t1", "p1", "prompt", "/tmp", None, None, 1)
ENTRY = QueuedEntry("e1", "p1", None, None)


def test_the_supervisor_sends_the_plan_then_how_the_claim_settled(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(running, "plan", lambda execution_id: PLAN)
    monkeypatch.setattr(running, "claim", lambda plan, seconds: True)
    supervisor = NotingSupervisor()
    supervisor._start(Priority.NORMAL, ENTRY)
    assert supervisor.names() == [("spare-1", "StartExecution"), ("spare-1", "ClaimSettled")]
    assert "e1" in supervisor.running


def test_a_claim_that_raises_stops_its_runner_and_frees_the_slot(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def locked(plan: ExecutionPlan, seconds: int) -> bool:
        raise OperationalError("database is locked")

    monkeypatch.setattr(running, "plan", lambda execution_id: PLAN)
    monkeypatch.setattr(running, "claim", locked)
    supervisor = NotingSupervisor()
    with pytest.raises(OperationalError):  # Thespian retries the handler: it plans again
        supervisor._start(Priority.NORMAL, ENTRY)
    assert supervisor.names()[1:] == [("spare-1", "ClaimSettled"), ("spare-1", "ActorExitRequest")]
    assert "e1" not in supervisor.running
