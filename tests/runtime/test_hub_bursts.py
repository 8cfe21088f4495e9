"""The EventHub's bursts (actors/live/hub.py): an event that finds the hub idle goes out at once;
what follows within FLUSH_EVERY waits for one flush, which sequences its task events in one
transaction and sends each bridge one Events message, in arrival order.

The hub's handlers are called directly (its storage is real): the coalescing window is a
matter of timing, so the test holds it open instead of racing it."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from peewee import Database

from actors.live import hub as hub_module
from actors.live.hub import EventHub, FlushDue, task_status_event
from actors.messages import AccessChanged, AnnounceQueued, Event, Events, ExecutionQueued
from actors.names import ActorAddress
from config import Settings
from storage.live import event_log
from storage.live.protocol import AccessChange, EventKind
from storage.models import TaskEvent, User
from storage.projects.crud import create_project
from storage.runs.queues import QueuedEntry
from storage.statuses import Priority, TaskStatus
from tests.support.fixtures.accounts import MakeUser


class RecordingHub(EventHub):  # type: ignore[misc]  # Thespian's classes are untyped
    """The hub with Thespian's send and wakeup recorded instead of carried out."""

    def __init__(self) -> None:
        super().__init__()
        self.sent: list[tuple[object, object]] = []
        self.wakeups: list[object] = []
        self.sequencing = True
        self.bridges = [hub_module._Bridge("bridge", float("inf"))]
        self.supervisor = "supervisor"

    def send(self, target: ActorAddress, message: object) -> None:
        self.sent.append((target, message))

    def wakeupAfter(self, period: dt.timedelta, payload: object = None) -> None:
        self.wakeups.append(payload)

    def deliver_flush(self) -> None:
        assert self.wakeups.pop() == FlushDue()
        self.receiveMsg_WakeupMessage(_Wakeup(FlushDue()), "hub")


class _Wakeup:
    def __init__(self, payload: object) -> None:
        self.payload = payload


@pytest.fixture
def project_id(db: Database, make_user: MakeUser, settings: Settings) -> str:
    owner: User = make_user()
    return str(create_project(owner, "bursts", settings.workspace_root).id)


@pytest.fixture
def hub(monkeypatch: pytest.MonkeyPatch) -> RecordingHub:
    """A recording hub whose coalescing window stays open until the test delivers its flush."""
    monkeypatch.setattr(hub_module, "FLUSH_EVERY", dt.timedelta(hours=1))
    return RecordingHub()


def _publish(hub: RecordingHub, project_id: str, *numbers: int) -> None:
    for n in numbers:
        hub.receiveMsg_Event(_queued(project_id, n), "web")


def _queued(project_id: str, n: int) -> Event:
    return task_status_event(f"task-{n}", project_id, TaskStatus.QUEUED, f"execution-{n}")


def _delivered(hub: RecordingHub) -> list[Any]:
    """Every message the bridge was sent, bursts opened up, as (message type, event)."""
    out: list[Any] = []
    for _, message in hub.sent:
        events = message.events if isinstance(message, Events) else (message,)
        out.extend((type(message).__name__, event) for event in events)
    return out


def test_a_burst_goes_out_as_one_message_stored_in_order(
    project_id: str, hub: RecordingHub
) -> None:
    _publish(hub, project_id, 0)
    assert [type(m).__name__ for _, m in hub.sent] == ["Event"]  # idle: at once
    output = Event(EventKind.COMMAND_OUTPUT, {"chunk": "x"}, ("output:e",), "e", 7)
    for n in range(1, 5):
        hub.receiveMsg_Event(_queued(project_id, n), "web")
        if n == 2:
            hub.receiveMsg_Event(output, "task")
    assert len(hub.sent) == 1 and hub.wakeups == [FlushDue()]  # one flush pending
    assert TaskEvent.select().count() == 1  # the burst is not stored before its flush
    hub.deliver_flush()
    assert [type(m).__name__ for _, m in hub.sent] == ["Event", "Events"]
    delivered = [event for _, event in _delivered(hub)]
    assert [e.data.get("task_id") for e in delivered] == [
        "task-0", "task-1", "task-2", None, "task-3", "task-4",
    ]  # fmt: skip
    assert [e.seq for e in delivered] == [1, 2, 3, 7, 4, 5]  # the output keeps its own seq
    stored = event_log.task_events_since(project_id, 0)
    assert [(row.seq, row.task_id) for row in stored] == [(n + 1, f"task-{n}") for n in range(5)]


def test_an_access_change_goes_after_what_was_published_before_it(
    project_id: str, hub: RecordingHub
) -> None:
    _publish(hub, project_id, 0, 1)
    change = AccessChanged(AccessChange.MEMBERSHIP, project_id, None)
    hub.receiveMsg_AccessChanged(change, "web")
    assert [type(m).__name__ for _, m in hub.sent] == ["Event", "Event", "AccessChanged"]
    assert hub.sent[1][1].seq == 2  # type: ignore[attr-defined]
    hub.deliver_flush()  # the flush that was due finds nothing left
    assert len(hub.sent) == 3


def test_a_burst_that_cannot_be_stored_still_goes_out(
    project_id: str, hub: RecordingHub, monkeypatch: pytest.MonkeyPatch
) -> None:
    _publish(hub, project_id, 0, 1)
    _publish(hub, "no-such-project", 2)  # its row cannot be stored

    def refuse(*args: object, **kwargs: object) -> object:
        if args[0] == "no-such-project":
            raise RuntimeError("refused")
        return appended(*args, **kwargs)

    appended = event_log.append
    monkeypatch.setattr(event_log, "append", refuse)
    hub.deliver_flush()
    delivered = [event for _, event in _delivered(hub)]
    assert [e.seq for e in delivered] == [1, 2, None]  # stored one by one; the last unsequenced
    assert [row.seq for row in event_log.task_events_since(project_id, 0)] == [1, 2]


def test_a_queued_executions_notice_goes_at_once_and_its_event_as_any_other(
    project_id: str, hub: RecordingHub
) -> None:
    """Inside a burst's window the notice waits for nothing; the event waits for the flush,
    in its place: whatever the run publishes can only come after it."""
    _publish(hub, project_id, 0, 1)  # task-1 waits for the next flush
    notice = ExecutionQueued(QueuedEntry("execution-2", project_id, None, None), Priority.NORMAL)
    stored: list[int] = []

    def recording_send(target: ActorAddress, message: object) -> None:
        if target == "supervisor":
            stored.append(TaskEvent.select().count())
        hub.sent.append((target, message))

    hub.send = recording_send  # type: ignore[method-assign]
    hub.receiveMsg_AnnounceQueued(AnnounceQueued(_queued(project_id, 2), notice), "web")
    assert stored == [1]  # only task-0's, from before the window
    assert [target for target, _ in hub.sent] == ["bridge", "supervisor"]
    assert hub.sent[1][1] == notice
    hub.deliver_flush()
    delivered = [event for kind, event in _delivered(hub) if kind != "ExecutionQueued"]
    assert [(e.data["task_id"], e.seq) for e in delivered] == [
        ("task-0", 1), ("task-1", 2), ("task-2", 3),
    ]  # fmt: skip
    assert [type(m).__name__ for _, m in hub.sent] == ["Event", "ExecutionQueued", "Events"]
