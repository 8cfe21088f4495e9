"""The data plane: each event reaches this process once and is written to each socket holding it.

A Connection owns a bounded queue and one writer task; a full queue means a client too slow to
keep up: it gets an error and is disconnected, and nobody else waits for it. A Subscription
delivers a stream in seq order exactly once: when it starts from `since`, or when it sees a
gap, it catches up from storage while live events only raise the mark it must reach.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from actors.messages import Event
from storage.error_codes import ErrorCode
from storage.live import event_log
from storage.live.protocol import (
    COMMAND_KINDS,
    CloseCode,
    EventKind,
    ServerMessage,
    TopicKind,
    topic,
    topic_id,
)
from storage.runs import output
from web.http.offload import OffLoop
from web.ws import protocol

log = logging.getLogger(__name__)
REPLAY_BATCH = 200
CLOSE_WAIT_SECONDS = 5.0
Reader = Callable[[int], list[tuple[int, str]]]


class Connection:
    """One socket's outgoing side."""

    def __init__(
        self, ws: web.WebSocketResponse, limit: int, sent: Callable[[], None] | None = None
    ) -> None:
        self.id = str(uuid.uuid4())
        self.ws = ws
        self.limit = limit
        self.sent = sent  # told of each message written to the peer (this process's figures)
        self.queue: asyncio.Queue[str | None] = asyncio.Queue()
        self.room = asyncio.Event()
        self.room.set()
        self.subscriptions: dict[str, Subscription] = {}
        # grants withdrawn before their subscription was applied: key → (serial, message)
        self.revoked: dict[str, tuple[int, dict[str, Any]]] = {}
        self.user_id: str | None = None
        self.session_id: str | None = None
        self.joined: str | None = None  # the session its connection is recorded in, once it is
        self.actor_pid = 0
        self.closing = False
        self.closed = asyncio.Event()  # set once a close this side started has finished
        self.writer = asyncio.get_running_loop().create_task(self._write())

    def send(self, text: str) -> bool:
        """Queue a message; past the limit the client is too slow and is disconnected."""
        if self.closing:
            return False
        if self.queue.qsize() >= self.limit:
            self._overflow()
            return False
        self.queue.put_nowait(text)
        if self.queue.qsize() >= self.limit // 2:
            self.room.clear()
        return True

    def send_message(self, body: dict[str, Any]) -> bool:
        return self.send(protocol.encode(body))

    async def close(self, code: CloseCode, reason: str, last: dict[str, Any] | None = None) -> None:
        """Send `last` (if any) after what is queued, then close with code."""
        if self.closing:
            return
        if last is not None:
            self.send_message(last)
        self.closing = True
        await self._shutdown(code, reason)

    async def stop(self) -> None:
        """The handler is done: let a close in progress finish, then end the writer."""
        if self.closing:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.closed.wait(), CLOSE_WAIT_SECONDS * 2)
        self.closing = True
        self.writer.cancel()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await self.writer

    def _overflow(self) -> None:
        log.warning("socket %s: send queue full (%d); disconnecting", self.id, self.limit)
        while not self.queue.empty():
            self.queue.get_nowait()
        error = protocol.message(
            ServerMessage.ERROR,
            {"code": ErrorCode.SYSTEM_OVERLOADED, "message": "Client too slow: send buffer full"},
        )
        self.queue.put_nowait(protocol.encode(error))
        self.closing = True
        slow = self._shutdown(CloseCode.TRY_AGAIN_LATER, "client too slow")
        asyncio.get_running_loop().create_task(slow)

    async def _shutdown(self, code: CloseCode, reason: str) -> None:
        self.queue.put_nowait(None)
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await asyncio.wait_for(asyncio.shield(self.writer), CLOSE_WAIT_SECONDS)
        try:
            with contextlib.suppress(ConnectionError, RuntimeError):
                await self.ws.close(code=code, message=reason.encode()[:120])
        finally:
            self.closed.set()

    async def _write(self) -> None:
        while True:
            text = await self.queue.get()
            if text is None:
                return
            if self.queue.qsize() < self.limit // 2:
                self.room.set()
            try:
                await self.ws.send_str(text)
            except (ConnectionError, RuntimeError):
                self.closing = True  # the peer is gone: nothing more to close
                self.closed.set()
                return
            if self.sent is not None:
                self.sent()


@dataclass(eq=False)
class Subscription:
    """One granted channel of one socket; `last` is the last seq delivered.

    project_id: the project the grant depends on (access changes there re-check it); serial:
    the SessionActor's number of the grant (a withdrawal names the one it withdraws).
    """

    connection: Connection
    key: str
    read: Reader | None
    off_loop: OffLoop
    contiguous: bool
    last: int | None = None
    channel: str = ""
    object_id: str | None = None
    project_id: str | None = None
    serial: int = 0
    catching_up: bool = False
    live_mark: int = -1
    held: list[str] = field(default_factory=list, repr=False)  # unsequenced, during catch-up
    task: asyncio.Task[None] | None = field(default=None, repr=False)

    def offer(self, seq: int | None, text: str) -> None:
        if self.catching_up:
            if seq is None:
                self.held.append(text)  # after the replay (command_completed after its output)
            else:
                self.live_mark = max(self.live_mark, seq)
            return
        if seq is None or self.read is None:
            self.connection.send(text)
            return
        if self.last is not None and seq <= self.last:
            return  # already delivered from storage
        if self.contiguous and self.last is not None and seq > self.last + 1:
            self.live_mark = seq
            self.catch_up()  # something was missed (e.g. while the bridge reconnected)
            return
        self.last = seq
        self.connection.send(text)

    def catch_up(self) -> None:
        self.catching_up = True
        self.task = asyncio.get_running_loop().create_task(self._catch_up())

    async def _catch_up(self) -> None:
        """Replay from storage until past every seq seen live meanwhile, then go live."""
        assert self.read is not None
        empty_rounds = 0
        while not self.connection.closing:
            await self.connection.room.wait()
            batch = await self.off_loop(self.read, -1 if self.last is None else self.last)
            for seq, text in batch:
                if not self.connection.send(text):
                    return
                self.last = seq
            reached = -1 if self.last is None else self.last
            if len(batch) < REPLAY_BATCH and reached >= self.live_mark:
                self._go_live()  # live seqs seen during the read raised live_mark
                return
            empty_rounds = empty_rounds + 1 if not batch else 0
            if empty_rounds > 3:
                log.warning("%s: seq %s seen live but not stored", self.key, self.live_mark)
                self._go_live()
                return
            await asyncio.sleep(0)

    def _go_live(self) -> None:
        self.catching_up = False
        held, self.held = self.held, []
        for text in held:
            self.connection.send(text)


class Fanout:
    """Routes each event to the subscriptions of this process, encoding it once."""

    def __init__(self, off_loop: OffLoop) -> None:
        self.routes: dict[str, set[Subscription]] = {}
        self.off_loop = off_loop  # replays read storage through it

    def subscribe(self, connection: Connection, grant: dict[str, Any], since: int | None) -> None:
        self.unsubscribe(connection, grant["key"])
        read = reader(grant)
        contiguous = read is not None and grant.get("task_id") is None
        subscription = Subscription(
            connection,
            grant["key"],
            read,
            self.off_loop,
            contiguous,
            since,
            grant["channel"],
            grant["object_id"],
            grant.get("project_id"),
            grant.get("serial", 0),
        )
        connection.subscriptions[subscription.key] = subscription
        self.routes.setdefault(subscription.key, set()).add(subscription)
        if since is not None and read is not None:
            subscription.catch_up()

    def unsubscribe(self, connection: Connection, key: str) -> None:
        subscription = connection.subscriptions.pop(key, None)
        if subscription is None:
            return
        if subscription.task is not None:
            subscription.task.cancel()
        routed = self.routes.get(key)
        if routed is not None:
            routed.discard(subscription)
            if not routed:
                del self.routes[key]

    def drop(self, connection: Connection) -> None:
        for key in list(connection.subscriptions):
            self.unsubscribe(connection, key)

    def publish(self, event: Event) -> None:
        if event.kind in COMMAND_KINDS:  # only to the output stream's grant holders
            keys: tuple[str, ...] = (topic(TopicKind.OUTPUT, str(event.stream)),)
        else:
            keys = event.channels
        text: str | None = None
        for key in keys:
            for subscription in tuple(self.routes.get(key, ())):
                text = text or protocol.event_text(event)
                subscription.offer(event.seq, text)
        if event.kind == EventKind.TASK_COMPLETED:
            project_id = topic_id(TopicKind.PROJECT, event.channels) or ""
            self.broadcast(
                topic(TopicKind.NOTIFICATIONS, project_id),
                lambda: protocol.notification_text(event),
            )

    def broadcast(self, key: str, render: Callable[[], str]) -> int:
        """Send an unsequenced message to every holder of key; rendered only if anyone holds it."""
        subscriptions = tuple(self.routes.get(key, ()))
        if subscriptions:
            text = render()
            for subscription in subscriptions:
                subscription.connection.send(text)
        return len(subscriptions)

    def holders(self, key: str) -> int:
        return len(self.routes.get(key, ()))


def reader(grant: dict[str, Any]) -> Reader | None:
    """How a granted stream is read back from storage, or None for unsequenced channels."""
    stream = [grant.get("stream") or ""]
    if topic_id(TopicKind.PROJECT, stream) is not None:
        project_id, task_id = grant["project_id"], grant.get("task_id")

        def read_task_events(after: int) -> list[tuple[int, str]]:
            rows = event_log.task_events_since(project_id, after, task_id, REPLAY_BATCH)
            return [protocol.stored_task_event(row) for row in rows]

        return read_task_events
    stream_id = topic_id(TopicKind.OUTPUT, stream)
    if stream_id is not None:
        contexts: list[dict[str, Any]] = []  # what the stream belongs to, read once

        def read_output(after: int) -> list[tuple[int, str]]:
            if not contexts:
                contexts.append(event_log.output_context(stream_id))
            chunks = output.output_of(stream_id, after_seq=after, limit=REPLAY_BATCH)
            return [protocol.stored_chunk(chunk, contexts[0]) for chunk in chunks]

        return read_output
    return None
