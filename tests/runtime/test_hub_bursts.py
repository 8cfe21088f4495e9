"""The EventHub's bursts (actors/live/hub.py): an event that finds the hub idle goes out at once;
what follows within FLUSH_EVERY waits for one flush, which sequences its task events in one
transaction and sends each bridge one Events message, in arrival order; an execution's `queued`
goes out ahead of its run's events, once.

The hub's handlers are called directly (its storage is real): the coalescing window is a
matter of timing, so the test holds it open instead of racing it."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from peewee import Database

from actors.live import hub as hub_module
from actors.live.hub import EventHub, FlushDue, stored_event, task_status_event
from actors.messages import AccessChanged, Event, Events
from actors.names import ActorAddress
from config import Settings
from storage.live import event_log
from storage.live.protocol import AccessChange, EventKind
from storage.models import TaskEvent, User
from storage.projects.crud import create_project
from storage.statuses import TaskStatus
from tests.support.fixtures.accounts import MakeUser


class RecordingHub(EventHub):  # type: ignore[misc]  # Thespian's classes are untyped
    """The hub with Thespian's send and wakeup recorded instead of carried out."""

    def __init__(self) -> None:
        super().__init__()
        self.sent: list[tuple[object, object]] = []
        self.wakeups: list[object] = []
        self.sequencing = True
        self.bridges = [hub_module._Bridge("bridge", float("inf"))]

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


def _running(project_id: str, n: int) -> Event:
    return task_status_event(f"task-{n}", project_id, TaskStatus.RUNNING, f"execution-{n}")


def test_a_run_that_overtakes_its_queued_event_has_it_sent_first_and_the_late_copy_dropped(
    project_id: str, hub: RecordingHub
) -> None:
    """The web stores an execution's `queued` and sends it beside the notice that starts the
    run: the run's `running` can reach the hub first."""
    queued = stored_event(_queued(project_id, 1))  # as the web stores it, seq 1
    hub.receiveMsg_Event(_running(project_id, 1), "task")  # idle: stored (seq 2) and sent
    assert [(e.data["status"], e.seq) for _, e in _delivered(hub)] == [
        ("queued", 1), ("running", 2),
    ]  # fmt: skip
    (_, first), _ = _delivered(hub)
    assert first.data == queued.data and first.channels == queued.channels
    assert first.stream == queued.stream
    hub.receiveMsg_Event(queued, "web")  # the web's copy, late
    hub.deliver_flush()
    assert len(hub.sent) == 1  # dropped: it went out ahead of the run


def test_a_queued_event_that_comes_first_goes_once_and_nothing_is_read_back(
    project_id: str, hub: RecordingHub, monkeypatch: pytest.MonkeyPatch
) -> None:
    def unread(*args: object, **kwargs: object) -> None:
        raise AssertionError("read back although the hub sent it")

    monkeypatch.setattr(event_log, "queued_event", unread)
    hub.receiveMsg_Event(stored_event(_queued(project_id, 1)), "web")
    hub.receiveMsg_Event(_running(project_id, 1), "task")
    hub.deliver_flush()
    assert [(e.data["status"], e.seq) for _, e in _delivered(hub)] == [
        ("queued", 1), ("running", 2),
    ]  # fmt: skip


def test_a_queued_event_the_log_does_not_show_near_its_run_still_goes_out_late(
    project_id: str, hub: RecordingHub
) -> None:
    """Further back than the hub looks (or not stored where it looked): the run's events go
    out without waiting, and the `queued` when it comes (late, not lost)."""
    queued = stored_event(_queued(project_id, 1))
    for n in range(2, 3 + event_log.QUEUED_LOOKBACK):
        stored_event(_queued(project_id, n))  # other tasks' events in between
    hub.receiveMsg_Event(_running(project_id, 1), "task")
    hub.receiveMsg_Event(queued, "web")
    hub.deliver_flush()
    delivered = [(e.data["task_id"], e.data["status"]) for _, e in _delivered(hub)]
    assert delivered == [("task-1", "running"), ("task-1", "queued")]
