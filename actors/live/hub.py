"""EventHub: each event goes once to each registered web process bridge, never per socket.

So does each access change (AccessChanged): every web process re-authorises its own sockets.

Task events (task_update, task_completed) arrive without a sequence number; the hub, the one
writer of them, stores each in the task event log first (its project's stream gets the next
seq) and then sends it on. Output events already carry their chunk's seq.
"""

from __future__ import annotations

import dataclasses
import logging
import time
from typing import Any

from actors.messages import (
    AccessChanged,
    BridgeRegistered,
    ConfigureEvents,
    Event,
    RegisterBridge,
)
from actors.names import ActorAddress
from actors.orphans import ExitsWhenOrphaned
from config import load_settings
from storage.database import open_database
from storage.live import event_log
from storage.live.protocol import TASK_KINDS, EventKind, TopicKind, topic, topic_id
from storage.statuses import TaskStatus

log = logging.getLogger(__name__)
BRIDGE_SILENCE_SECONDS = 30.0  # a bridge re-registers every few seconds while alive


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

    def receiveMsg_ConfigureEvents(self, msg: ConfigureEvents, sender: ActorAddress) -> None:
        open_database(load_settings().database_url)
        self.sequencing = True

    def receiveMsg_RegisterBridge(self, msg: RegisterBridge, sender: ActorAddress) -> None:
        if not self.watching:
            self.watching = True
            self.watch_parent()
        self._register(msg.address or sender)

    def receiveMsg_Event(self, msg: Event, sender: ActorAddress) -> None:
        if msg.kind in TASK_KINDS and msg.seq is None and self.sequencing:
            try:
                msg = self._sequenced(msg)
            except Exception:  # never bounce a publisher's event: it goes out unsequenced
                log.exception("could not store a %s event; sent without a sequence", msg.kind)
        self._to_bridges(msg)

    def receiveMsg_AccessChanged(self, msg: AccessChanged, sender: ActorAddress) -> None:
        self._to_bridges(msg)

    def _to_bridges(self, msg: Event | AccessChanged) -> None:
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
