"""QueueActor: the ordered queued executions of one priority, mirrored from storage."""

from __future__ import annotations

import logging
import os

from actors.messages import Enqueue, LoadQueue, QueueSnapshot, ReloadQueue, Taken
from actors.names import ActorAddress
from actors.orphans import ExitsWhenOrphaned
from config import current_settings
from storage.database import open_database
from storage.runs import queues
from storage.runs.queues import QueuedEntry
from storage.statuses import Priority

log = logging.getLogger(__name__)


class QueueActor(ExitsWhenOrphaned):
    """Keeps the head of its queue in memory; storage stays the truth and reloads it."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.priority: Priority | None = None
        self.head_size = 100
        self.supervisor: ActorAddress | None = None
        self.paused = False
        self.entries: list[QueuedEntry] = []
        self.more_in_storage = False
        self.reloads = 0

    def receiveMsg_LoadQueue(self, msg: LoadQueue, sender: ActorAddress) -> None:
        open_database(current_settings().database_url)
        self.priority, self.head_size, self.supervisor = msg.priority, msg.head_size, sender
        self.watch_parent()
        self._reload()

    def receiveMsg_ReloadQueue(self, msg: ReloadQueue, sender: ActorAddress) -> None:
        self.reloads += 1
        if self.priority is not None:
            self._reload()

    def receiveMsg_Enqueue(self, msg: Enqueue, sender: ActorAddress) -> None:
        if self.priority is None or any(e.execution_id == msg.execution_id for e in self.entries):
            return
        if len(self.entries) >= self.head_size:
            self.more_in_storage = True  # it is behind the head; a later reload brings it
            return
        entry = queues.queued_entry(msg.execution_id)
        if entry is not None:
            self.entries.append(entry)
            self._announce()

    def receiveMsg_Taken(self, msg: Taken, sender: ActorAddress) -> None:
        taken = set(msg.execution_ids)
        self.entries = [e for e in self.entries if e.execution_id not in taken]
        if self.more_in_storage and len(self.entries) < self.head_size // 2:
            self._reload()
        else:
            self._announce()

    def _reload(self) -> None:
        assert self.priority is not None
        state = queues.pause_state(self.priority)
        self.paused = bool(state and state.paused)
        self.entries = queues.load_queue(self.priority, self.head_size + 1)
        self.more_in_storage = len(self.entries) > self.head_size
        del self.entries[self.head_size :]
        self._announce()

    def _announce(self) -> None:
        assert self.priority is not None and self.supervisor is not None
        self.send(
            self.supervisor,
            QueueSnapshot(
                self.priority,
                self.paused,
                tuple(self.entries),
                os.getpid(),
                whole=not self.more_in_storage,
                reloads=self.reloads,
            ),
        )
