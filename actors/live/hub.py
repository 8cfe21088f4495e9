"""EventHub: each event goes once to each registered web process bridge, never per socket.

So does each access change (AccessChanged): every web process re-authorises its own sockets.

Task events (task_update, task_completed) arrive without a sequence number; the hub, the one
writer of them, stores each in the task event log first (its project's stream gets the next
seq) and then sends it on. Output events already carry their chunk's seq.

An execution's `queued` event is stored where the execution is queued (actors/live/queued.py),
so it comes sequenced, and its publisher sends it here beside the Supervisor's notice: the run's
own events can reach the hub first. The hub sends an execution's `queued` before anything else
of it, once: a run's event that comes first has its `queued` read back from the log and sent
ahead of it, and the late copy is dropped.

Bursts are coalesced: an event that finds the hub idle (nothing sent for FLUSH_EVERY) is
stored and sent at once; what arrives within FLUSH_EVERY of a send waits for the next flush,
which stores the burst's task events in one transaction (group commit) and sends each bridge
one Events message. Thespian sends one message at a time to a destination, each waiting for
its acknowledgement, which the hub only reads between its handlers: sent one by one, a burst
of a run's events reached the web a hundred milliseconds and more after it was stored.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import math
import time
from typing import Any

from actors.base import WakeupMessage
from actors.messages import (
    AccessChanged,
    BridgeRegistered,
    ConfigureEvents,
    Event,
    Events,
    RegisterBridge,
)
from actors.names import ActorAddress
from actors.orphans import ExitsWhenOrphaned
from config import current_settings
from storage.database import open_database, write_transaction
from storage.live import event_log
from storage.live.protocol import TASK_KINDS, EventKind, TopicKind, topic, topic_id
from storage.statuses import TaskStatus

log = logging.getLogger(__name__)
BRIDGE_SILENCE_SECONDS = 30.0  # a bridge re-registers every few seconds while alive
FLUSH_EVERY = dt.timedelta(milliseconds=5)
ANNOUNCED_KEPT = 10_000  # executions whose `queued` was sent, remembered to drop a late copy


@dataclasses.dataclass(frozen=True)
class FlushDue:
    """Wakeup payload: send the events that arrived since the last flush."""


def task_status_event(
    task_id: str,
    project_id: str,
    status: TaskStatus,
    execution_id: str | None,
    **extra: Any,
) -> Event:
    """A task_update for a status the web or a session wrote (queued, cancelled, ...)."""
    data = {
        "task_id": task_id,
        "execution_id": execution_id,
        "status": status,
        "progress_percentage": extra.pop("progress_percentage", 0),
        **extra,
    }
    return Event(EventKind.TASK_UPDATE, data, _task_topics(task_id, project_id))


def _task_topics(task_id: str, project_id: str) -> tuple[str, ...]:
    return (topic(TopicKind.TASK, task_id), topic(TopicKind.PROJECT, project_id))


def stored_event(event: Event) -> Event:
    """A task event stored as the next of its project's stream: with that stream and seq."""
    project_id = topic_id(TopicKind.PROJECT, event.channels)
    if project_id is None:
        raise ValueError(f"a {event.kind} event without a project topic")
    row = event_log.append(project_id, event.data["task_id"], event.kind, event.data)
    stream = topic(TopicKind.PROJECT, project_id)
    return dataclasses.replace(event, data=row.data, stream=stream, seq=row.seq)


@dataclasses.dataclass
class _Bridge:
    """A web process's bridge and when it last registered (monotonic seconds)."""

    address: ActorAddress
    seen: float


class EventHub(ExitsWhenOrphaned):
    """Child of the Supervisor; bridges register here (via the Supervisor), then send their
    events here directly and get every event."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.bridges: list[_Bridge] = []
        self.watching = False
        self.sequencing = False
        self.pending: list[Event] = []
        self.announced: dict[str, int | None] = {}  # execution id → seq of its `queued` sent
        self.flush_due = False
        self.flushed_at = -math.inf  # monotonic seconds of the last flush (never yet)

    def receiveMsg_ConfigureEvents(self, msg: ConfigureEvents, sender: ActorAddress) -> None:
        open_database(current_settings().database_url)
        self.sequencing = True

    def receiveMsg_RegisterBridge(self, msg: RegisterBridge, sender: ActorAddress) -> None:
        if not self.watching:
            self.watching = True
            self.watch_parent()
        self._register(msg.address or sender)

    def receiveMsg_Event(self, msg: Event, sender: ActorAddress) -> None:
        self.pending.append(msg)
        if self.flush_due:
            return
        if time.monotonic() - self.flushed_at >= FLUSH_EVERY.total_seconds():
            self._flush()
        else:
            self.flush_due = True
            self.wakeupAfter(FLUSH_EVERY, payload=FlushDue())

    def receiveMsg_WakeupMessage(self, msg: WakeupMessage, sender: ActorAddress) -> None:
        if isinstance(msg.payload, FlushDue):
            self.flush_due = False
            self._flush()
        else:
            super().receiveMsg_WakeupMessage(msg, sender)

    def receiveMsg_AccessChanged(self, msg: AccessChanged, sender: ActorAddress) -> None:
        self._flush()  # what was published before the change goes first
        self._to_bridges(msg)

    def _flush(self) -> None:
        events, self.pending = self.pending, []
        self.flushed_at = time.monotonic()
        if not events:
            return
        ordered = self._in_order(self._stored(events))
        if ordered:
            self._to_bridges(ordered[0] if len(ordered) == 1 else Events(tuple(ordered)))

    def _stored(self, events: list[Event]) -> list[Event]:
        """The events with the task events sequenced: one transaction for the burst, or, if it
        fails, one per event; an event that cannot be stored goes out unsequenced (a
        publisher's event is never bounced)."""
        if not self.sequencing or not any(_unsequenced(e) for e in events):
            return events
        try:
            with write_transaction():
                return [stored_event(e) if _unsequenced(e) else e for e in events]
        except Exception:
            log.exception(
                "could not store a burst of %d events; storing them one by one", len(events)
            )
        return [self._sequenced_or_not(e) if _unsequenced(e) else e for e in events]

    def _sequenced_or_not(self, msg: Event) -> Event:
        try:
            return stored_event(msg)
        except Exception:
            log.exception("could not store a %s event; sent without a sequence", msg.kind)
            return msg

    def _to_bridges(self, msg: Event | Events | AccessChanged) -> None:
        now = time.monotonic()
        self.bridges = [b for b in self.bridges if now - b.seen < BRIDGE_SILENCE_SECONDS]
        for bridge in self.bridges:
            self.send(bridge.address, msg)

    def _in_order(self, events: list[Event]) -> list[Event]:
        """The events with each execution's `queued` ahead of the rest of it, once. Its
        publisher stored it and sends it beside the notice that starts the run, so the run's
        first event can come first: then the `queued` is read back from the log and sent
        before it, and the copy arriving later is dropped."""
        ordered: list[Event] = []
        for event in events:
            execution_id = event.data.get("execution_id")
            if not execution_id or event.seq is None or event.stream is None:
                ordered.append(event)
            elif _is_queued(event):
                if self.announced.get(execution_id) != event.seq:  # else: read back, sent
                    self._announced(execution_id, event.seq)
                    ordered.append(event)
            else:
                if execution_id not in self.announced:
                    ahead = self._queued_from_log(event, execution_id)
                    self._announced(execution_id, None if ahead is None else ahead.seq)
                    if ahead is not None:
                        ordered.append(ahead)
                ordered.append(event)
        return ordered

    def _announced(self, execution_id: str, seq: int | None) -> None:
        """Remember the `queued` sent of an execution (None: none was found to send)."""
        self.announced.pop(execution_id, None)
        self.announced[execution_id] = seq
        if len(self.announced) > ANNOUNCED_KEPT:
            del self.announced[next(iter(self.announced))]  # the oldest

    def _queued_from_log(self, event: Event, execution_id: str) -> Event | None:
        """The stored `queued` of event's execution, a few events before it in its project's
        stream; None if it is not there (an output event has a stream of its own; the event of
        a run older than this hub may find its `queued` and send it again, which a watcher
        that has it already drops by its seq)."""
        project_id = topic_id(TopicKind.PROJECT, event.channels)
        if project_id is None or event.kind not in TASK_KINDS or event.seq is None:
            return None
        try:
            row = event_log.queued_event(project_id, execution_id, before_seq=event.seq)
        except Exception:
            log.exception("could not read the queued event of %s", execution_id)
            return None  # sent without it: the watchers' replay has it
        if row is None:
            return None
        channels = _task_topics(row.task_id, project_id)
        return Event(EventKind(row.kind), row.data, channels, event.stream, row.seq)

    def _register(self, bridge: ActorAddress) -> None:
        self.bridges = [b for b in self.bridges if b.address != bridge]
        self.bridges.append(_Bridge(bridge, time.monotonic()))
        self.send(bridge, BridgeRegistered(address=bridge, hub=self.myAddress))


def _is_queued(event: Event) -> bool:
    return event.kind == EventKind.TASK_UPDATE and event.data.get("status") == TaskStatus.QUEUED


def _unsequenced(event: Event) -> bool:
    """A task event the hub has yet to give its stream's seq."""
    return event.kind in TASK_KINDS and event.seq is None
