"""EventHub: each event goes once to each registered web process bridge, never per socket.

So does each access change (AccessChanged): every web process re-authorises its own sockets.

Task events (task_update, task_completed) arrive without a sequence number; the hub, the one
writer of them, stores each in the task event log first (its project's stream gets the next
seq) and then sends it on. Output events already carry their chunk's seq.

An execution's `queued` event comes with the Supervisor's notice of it (AnnounceQueued): the
hub passes the notice on, then takes the event as any other; the run's own events can only
arrive after that, so they are sequenced after it.

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
    AnnounceQueued,
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
    topics = (topic(TopicKind.TASK, task_id), topic(TopicKind.PROJECT, project_id))
    return Event(EventKind.TASK_UPDATE, data, topics)


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
        self.supervisor: ActorAddress | None = None
        self.flush_due = False
        self.flushed_at = -math.inf  # monotonic seconds of the last flush (never yet)

    def receiveMsg_ConfigureEvents(self, msg: ConfigureEvents, sender: ActorAddress) -> None:
        open_database(current_settings().database_url)
        self.sequencing, self.supervisor = True, sender

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

    def receiveMsg_AnnounceQueued(self, msg: AnnounceQueued, sender: ActorAddress) -> None:
        """The notice first (a start waits on it), then the event as any other: the run's
        events can only come after this handler, so they are sequenced after it."""
        if self.supervisor is None:
            log.error("execution %s queued before the hub was configured", msg.queued.execution_id)
        else:
            self.send(self.supervisor, msg.queued)
        self.receiveMsg_Event(msg.event, sender)

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
        stored = self._stored(events)
        self._to_bridges(stored[0] if len(stored) == 1 else Events(tuple(stored)))

    def _stored(self, events: list[Event]) -> list[Event]:
        """The events with the task events sequenced: one transaction for the burst, or, if it
        fails, one per event; an event that cannot be stored goes out unsequenced (a
        publisher's event is never bounced)."""
        if not self.sequencing or not any(_unsequenced(e) for e in events):
            return events
        try:
            with write_transaction():
                return [self._sequenced(e) if _unsequenced(e) else e for e in events]
        except Exception:
            log.exception(
                "could not store a burst of %d events; storing them one by one", len(events)
            )
        return [self._sequenced_or_not(e) if _unsequenced(e) else e for e in events]

    def _sequenced_or_not(self, msg: Event) -> Event:
        try:
            return self._sequenced(msg)
        except Exception:
            log.exception("could not store a %s event; sent without a sequence", msg.kind)
            return msg

    def _to_bridges(self, msg: Event | Events | AccessChanged) -> None:
        now = time.monotonic()
        self.bridges = [b for b in self.bridges if now - b.seen < BRIDGE_SILENCE_SECONDS]
        for bridge in self.bridges:
            self.send(bridge.address, msg)

    def _sequenced(self, msg: Event) -> Event:
        project_id = topic_id(TopicKind.PROJECT, msg.channels)
        if project_id is None:
            raise ValueError(f"a {msg.kind} event without a project topic")
        row = event_log.append(project_id, msg.data["task_id"], msg.kind, msg.data)
        stream = topic(TopicKind.PROJECT, project_id)
        return dataclasses.replace(msg, data=row.data, stream=stream, seq=row.seq)

    def _register(self, bridge: ActorAddress) -> None:
        self.bridges = [b for b in self.bridges if b.address != bridge]
        self.bridges.append(_Bridge(bridge, time.monotonic()))
        self.send(bridge, BridgeRegistered(address=bridge, hub=self.myAddress))


def _unsequenced(event: Event) -> bool:
    """A task event the hub has yet to give its stream's seq."""
    return event.kind in TASK_KINDS and event.seq is None
