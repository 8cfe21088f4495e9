"""This web process's open sockets: per-user limits, routing of session notices and access
changes, health."""

from __future__ import annotations

import asyncio
import collections
import uuid
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

from actors.messages import AccessChanged, Event, GrantRevoked, RecheckGrants, SessionNotice
from storage.error_codes import ErrorCode
from storage.formats import iso_ms, utcnow
from storage.live.protocol import AccessChange, CloseCode, EventKind, ServerMessage
from web.http.offload import OffLoop
from web.ws import grants, protocol
from web.ws.fanout import Connection, Fanout

LATENCY_SAMPLES = 200
LOGINS_ENDED = "logins ended: password or account changed"
Tell = Callable[[object], Awaitable[None]]  # a message to one socket's SessionActor


class Sockets:
    """Every authenticated socket of this process, by connection, user and session."""

    def __init__(self, per_user: int, off_loop: OffLoop) -> None:
        self.per_user = per_user
        self.origin = uuid.uuid4().hex  # names this process in the access changes it publishes
        self.fanout = Fanout(off_loop)
        self.connections: dict[str, Connection] = {}
        self.opening: dict[str, Connection] = {}  # counted for their user, not yet open
        self.sessions: dict[str, Tell] = {}  # by connection id: its line to its SessionActor
        self.per_user_count: collections.Counter[str] = collections.Counter()
        self.latencies: collections.deque[float] = collections.deque(maxlen=LATENCY_SAMPLES)
        self.tasks: set[asyncio.Task[Any]] = set()

    def reserve(self, connection: Connection, user_id: str) -> bool:
        """Count the socket against its user's limit (synchronously: no race between sockets).

        From here on the user's logins ending closes it, even before it is open.
        """
        if connection.user_id == user_id:
            return True
        if self.per_user_count[user_id] >= self.per_user:
            return False
        self.per_user_count[user_id] += 1
        connection.user_id = user_id
        self.opening[connection.id] = connection
        return True

    def add(self, connection: Connection, session_id: str, session: Tell) -> None:
        connection.session_id = session_id
        self.opening.pop(connection.id, None)
        self.connections[connection.id] = connection
        self.sessions[connection.id] = session

    def remove(self, connection: Connection) -> None:
        self.fanout.drop(connection)
        self.connections.pop(connection.id, None)
        self.opening.pop(connection.id, None)
        self.sessions.pop(connection.id, None)
        if connection.user_id is not None:
            self.per_user_count[connection.user_id] -= 1
            if self.per_user_count[connection.user_id] <= 0:
                del self.per_user_count[connection.user_id]
            connection.user_id = None

    def on_message(self, message: object) -> None:
        """Bridge handler: events to the fan-out, notices to their socket, access changes of
        other web processes applied here."""
        if isinstance(message, Event):
            self.fanout.publish(message)
        elif isinstance(message, SessionNotice):
            connection = self.connections.get(message.connection_id)
            if connection is None:
                return
            if message.message is not None:
                connection.send_message(message.message | _stamp())
            if message.close_code is not None:
                self._spawn(connection.close(CloseCode(message.close_code), message.reason))
        elif isinstance(message, GrantRevoked):
            connection = self.connections.get(message.connection_id)
            if connection is not None:
                grants.withdraw(self.fanout, connection, message)
        elif isinstance(message, AccessChanged) and message.origin != self.origin:
            self._spawn(self.apply(message))

    async def apply(self, change: AccessChanged) -> None:
        """Act on an access change for this process's sockets: close the sockets of a user
        whose logins ended, or have the SessionActors concerned check their grants again."""
        if change.change == AccessChange.LOGINS_ENDED:
            if change.user_id is not None:
                await self.close_user(change.user_id, LOGINS_ENDED)
            return
        concerned = grants.concerned(self.connections.values(), change)
        lines = [self.sessions[c.id] for c in concerned if c.id in self.sessions]
        await asyncio.gather(*(tell(RecheckGrants()) for tell in lines))

    async def close_session(self, session_id: str, code: CloseCode, reason: str) -> None:
        closing = [c for c in self.connections.values() if c.session_id == session_id]
        error = {"code": ErrorCode.SESSION_NOT_ACTIVE, "message": reason}
        last = {"type": ServerMessage.ERROR, "data": error}
        await asyncio.gather(*(c.close(code, reason, last | _stamp()) for c in closing))

    async def close_user(self, user_id: str, reason: str) -> None:
        """Close every socket of a user whose logins ended (new password, disabled account),
        those still opening included."""
        everyone = (*self.connections.values(), *self.opening.values())
        closing = [c for c in everyone if c.user_id == user_id]
        error = {"code": ErrorCode.AUTH_TOKEN_INVALID, "message": reason}
        last = {"type": ServerMessage.ERROR, "data": error}
        await asyncio.gather(
            *(c.close(CloseCode.AUTH_FAILED, reason, last | _stamp()) for c in closing)
        )

    def notify_all(self, notice: dict[str, Any]) -> None:
        """A `notification` to every open socket of this process (system-wide news)."""
        text = protocol.encode(protocol.message(EventKind.NOTIFICATION, notice))
        for connection in list(self.connections.values()):
            connection.send(text)

    async def close_all(self, code: CloseCode, reason: str) -> None:
        await asyncio.gather(*(c.close(code, reason) for c in list(self.connections.values())))

    def health(self) -> dict[str, Any]:
        average = sum(self.latencies) / len(self.latencies) if self.latencies else None
        return {
            "status": "healthy",
            "active_connections": len(self.connections),
            "avg_latency": None if average is None else round(average, 2),
            "latency_of": "SessionActor request round trips, ms (last 200)",
        }

    def _spawn(self, work: Coroutine[Any, Any, None]) -> None:
        task = asyncio.get_running_loop().create_task(work)
        self.tasks.add(task)  # held until done (the loop keeps only weak references)
        task.add_done_callback(self.tasks.discard)


def _stamp() -> dict[str, Any]:
    return {"timestamp": iso_ms(utcnow())}
