"""Runners lent to web processes (actors/supervisor/permits.py): what the Supervisor lends, on
what terms, when it recalls them, and how it takes a start a web process made on one. The
Supervisor's handlers are driven by hand; what it would send is noted (the real runtime's
side is tests/runtime/test_lent_starts.py)."""

from __future__ import annotations

import asyncio
import dataclasses

import pytest

from actors.base import ActorExitRequest
from actors.messages import (
    ClaimSettled,
    ExecutionEnded,
    ExecutionQueued,
    LentStart,
    Permit,
    PermitRecalled,
    PermitTerms,
    QueuesChanged,
    RegisterBridge,
    Shutdown,
)
from storage.runs import running
from storage.runs.queues import QueuedEntry
from storage.runs.running import ExecutionPlan
from storage.statuses import PRIORITIES, ExecutionStatus, Priority
from tests.support.supervisor import NotingSupervisor
from web.runtime.bridge import ActorBridge

ALL = frozenset(PRIORITIES)


def plan(execution_id: str, project_id: str = "p1") -> ExecutionPlan:
    return ExecutionPlan(execution_id, "t-" + execution_id, project_id, "do", "/tmp", None, None, 1)


def queued(execution_id: str, runner: str | None = None, cap: int | None = None) -> ExecutionQueued:
    entry = QueuedEntry(execution_id, "p1", cap, None)
    lent = LentStart(runner, plan(execution_id)) if runner else None
    return ExecutionQueued(entry, Priority.NORMAL, lent)


@pytest.fixture
def claims(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Claims succeed and are noted; a plan read is a failure of the test (a lent start has
    its plan from the web)."""
    claimed: list[str] = []

    def claim(planned: ExecutionPlan, seconds: int) -> bool:
        claimed.append(planned.execution_id)
        return True

    def no_read(execution_id: str) -> ExecutionPlan:
        return plan(execution_id)

    monkeypatch.setattr(running, "claim", claim)
    monkeypatch.setattr(running, "plan", no_read)
    return claimed


def registered(slots: int = 2) -> NotingSupervisor:
    supervisor = NotingSupervisor(slots)
    supervisor.receiveMessage(RegisterBridge(), "bridge")
    return supervisor


def permits(supervisor: NotingSupervisor) -> list[tuple[object, Permit]]:
    return [(t, m) for t, m in supervisor.sent if isinstance(m, Permit)]


def test_a_bridge_that_registers_is_lent_a_spare_on_the_terms_of_the_moment() -> None:
    supervisor = registered()
    [(bridge, permit)] = permits(supervisor)
    assert bridge == "bridge" and permit.runner == "spare-1"
    assert permit.terms == PermitTerms(ALL, frozenset())
    assert supervisor.spares == ["spare-2"]  # a lent spare is no spare any more
    supervisor.receiveMessage(RegisterBridge(), "bridge")
    assert len(permits(supervisor)) == 1  # one permit per bridge, terms unchanged: nothing new


def test_at_most_as_many_runners_are_lent_as_slots_are_free() -> None:
    supervisor = registered(slots=1)
    supervisor.receiveMessage(RegisterBridge(), "another bridge")
    assert [bridge for bridge, _ in permits(supervisor)] == ["bridge"]


def test_a_lent_start_is_claimed_on_its_runner_without_a_read_or_a_second_start(
    claims: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    supervisor = registered()
    monkeypatch.setattr(running, "plan", lambda execution_id: pytest.fail("read a plan"))
    supervisor.sent.clear()
    supervisor.receiveMessage(queued("e1", runner="spare-1"), "web")
    assert claims == ["e1"]
    assert supervisor.running["e1"].actor == "spare-1"
    assert ("spare-1", "StartExecution") not in supervisor.names()  # the web sent it
    assert [m for t, m in supervisor.sent if t == "spare-1"] == [ClaimSettled("e1", True)]
    assert ("queue-normal", "Enqueue") not in supervisor.names()
    [(_, permit)] = permits(supervisor)  # the bridge is lent the next spare
    assert permit.runner == "spare-2"


def test_a_lent_start_that_cannot_be_admitted_is_stopped_and_waits_in_its_queue(
    claims: list[str],
) -> None:
    supervisor = registered()
    view = supervisor.views[Priority.NORMAL]
    supervisor.views[Priority.NORMAL] = dataclasses.replace(view, paused=True)  # a race
    supervisor.sent.clear()
    supervisor.receiveMessage(queued("e1", runner="spare-1"), "web")
    assert claims == [] and "e1" not in supervisor.running
    sent_to_runner = [m for t, m in supervisor.sent if t == "spare-1"]
    assert sent_to_runner == [ClaimSettled("e1", claimed=False), ActorExitRequest()]
    assert ("queue-normal", "Enqueue") in supervisor.names()


def test_a_start_on_a_recalled_runner_starts_the_normal_way(claims: list[str]) -> None:
    supervisor = registered()
    supervisor.sent.clear()
    supervisor.receiveMessage(queued("e0", runner="stranger"), "web")  # never lent, or recalled
    assert claims == ["e0"]
    assert supervisor.running["e0"].actor == "spare-2"  # spare-1 is the bridge's
    assert ("spare-2", "StartExecution") in supervisor.names()
    assert ("stranger", "ClaimSettled") not in supervisor.names()


def test_no_free_slot_recalls_the_runner_and_a_free_one_lends_again(claims: list[str]) -> None:
    supervisor = registered(slots=1)
    supervisor.sent.clear()
    supervisor.receiveMessage(queued("e1"), "web")  # the last slot: taken by a spare
    assert supervisor._free_slots() == 0
    assert ("bridge", PermitRecalled("spare-1")) in supervisor.sent
    assert ("spare-1", ActorExitRequest()) in supervisor.sent  # never given other work
    supervisor.sent.clear()
    supervisor.spares = ["spare-3"]
    ended = ExecutionEnded("e1", ExecutionStatus.COMPLETED)
    supervisor.receiveMessage(ended, supervisor.running["e1"].actor)
    [(bridge, permit)] = permits(supervisor)
    assert bridge == "bridge" and permit.runner == "spare-3"


def test_terms_leave_out_paused_reloading_queues_and_full_projects(claims: list[str]) -> None:
    supervisor = registered(slots=3)
    supervisor.receiveMessage(QueuesChanged((Priority.LOW,)), "web")  # a reload pending
    assert permits(supervisor)[-1][1].terms == PermitTerms(ALL - {Priority.LOW})
    supervisor.receiveMessage(queued("e1", cap=1), "web")  # its project runs its one
    latest = permits(supervisor)[-1][1]
    assert latest.terms == PermitTerms(ALL - {Priority.LOW}, frozenset({"p1"}))
    assert latest.runner == "spare-1"  # the same runner, new terms


def test_a_new_event_hub_is_sent_to_the_bridges_holding_a_runner() -> None:
    supervisor = registered()
    supervisor.sent.clear()
    supervisor._start_event_hub()  # the hub died and is made again
    [(bridge, permit)] = permits(supervisor)
    assert bridge == "bridge" and permit.runner == "spare-1"
    assert permit.events == supervisor.events == "forked-1"


def test_a_silent_bridge_loses_its_runner(monkeypatch: pytest.MonkeyPatch) -> None:
    supervisor = registered()
    supervisor.bridges[0].seen -= 3600
    supervisor._forget_silent_bridges()
    assert ("bridge", PermitRecalled("spare-1")) in supervisor.sent
    assert ("spare-1", ActorExitRequest()) in supervisor.sent
    assert supervisor.lent == [] and supervisor.bridges == []


def test_shutdown_recalls_every_runner() -> None:
    supervisor = registered()
    supervisor.receiveMessage(Shutdown(), "launcher")
    assert ("bridge", PermitRecalled("spare-1")) in supervisor.sent and supervisor.lent == []
    assert ("spare-1", ActorExitRequest()) in supervisor.sent


class Loop:
    def call_soon_threadsafe(self, callback: object, *args: object) -> None:
        assert callable(callback)
        callback(*args)

    def is_closed(self) -> bool:
        return False


def test_the_bridge_hands_its_permit_out_once_and_only_on_its_terms() -> None:
    bridge = ActorBridge.__new__(ActorBridge)
    bridge._permit, bridge._loop, bridge.connected = None, Loop(), False
    terms = PermitTerms(frozenset({Priority.HIGH}), frozenset({"full"}))
    bridge._permit_changed(Permit("runner", None, None, terms))  # type: ignore[arg-type]
    assert bridge.take_permit(Priority.NORMAL, "p1") is None  # not its priority
    assert bridge.take_permit(Priority.HIGH, "full") is None  # a project at its cap
    taken = bridge.take_permit(Priority.HIGH, "p1")
    assert taken is not None and taken.runner == "runner"
    assert bridge.take_permit(Priority.HIGH, "p1") is None  # one start per permit
    bridge._permit_changed(Permit("second", None, None, terms))  # type: ignore[arg-type]
    bridge._permit_changed(PermitRecalled("runner"))  # an old one's recall: no matter
    assert bridge._permit is not None and bridge._permit.runner == "second"
    bridge._permit_changed(PermitRecalled("second"))
    assert bridge.take_permit(Priority.HIGH, "p1") is None


def test_a_queue_change_this_process_tells_suspends_its_permit() -> None:
    bridge = ActorBridge.__new__(ActorBridge)
    bridge._permit, bridge._loop, bridge.connected = None, Loop(), False
    bridge._permit_changed(Permit("runner", None, None, PermitTerms(ALL)))  # type: ignore[arg-type]
    asyncio.run(bridge.queues_changed((Priority.NORMAL,)))  # a pause, say
    assert bridge.take_permit(Priority.HIGH, "p1") is None  # until the Supervisor's new terms
