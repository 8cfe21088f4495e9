"""This web process's open sockets: per-user limits, routing of session notices, health."""

from __future__ import annotations

import asyncio
import collections
from typing import Any

from actors.messages import Event, SessionNotice
from storage.error_codes import ErrorCode
from storage.formats import iso_ms, utcnow
from storage.live.protocol import CloseCode, ServerMessage
from web.http.offload import OffLoop
from web.ws.fanout import Connection, Fanout

LATENCY_SAMPLES = 200


class Sockets:
    """Every authenticated socket of this process, by connection, user and session."""

    def __init__(self, per_user: int, off_loop: OffLoop) -> None:
        self.per_user = per_user
        self.fanout = Fanout(off_loop)
        self.connections: dict[str, Connection] = {}
        self.per_user_count: collections.Counter[str] = collections.Counter()
        self.latencies: collections.deque[float] = collections.deque(maxlen=LATENCY_SAMPLES)

    def reserve(self, connection: Connection, user_id: str) -> bool:
        """Count the socket against its user's limit (synchronously: no race between sockets)."""
        if connection.user_id == user_id:
            return True
        if self.per_user_count[user_id] >= self.per_user:
            return False
        self.per_user_count[user_id] += 1
        connection.user_id = user_id
        return True

    def add(self, connection: Connection, session_id: str) -> None:
        connection.session_id = session_id
        self.connections[connection.id] = connection

    def remove(self, connection: Connection) -> None:
        self.fanout.drop(connection)
        self.connections.pop(connection.id, None)
        if connection.user_id is not None:
            self.per_user_count[connection.user_id] -= 1
            if self.per_user_count[connection.user_id] <= 0:
                del self.per_user_count[connection.user_id]
            connection.user_id = None

    def on_message(self, message: object) -> None:
        """Bridge handler: events to the fan-out, notices to their socket."""
        if isinstance(message, Event):
            self.fanout.publish(message)
        elif isinstance(message, SessionNotice):
            connection = self.connections.get(message.connection_id)
            if connection is None:
                return
            if message.message is not None:
                connection.send_message(message.message | _stamp())
            if message.close_code is not None:
                asyncio.get_running_loop().create_task(
                    connection.close(CloseCode(message.close_code), message.reason)
                )

    async def close_session(self, session_id: str, code: CloseCode, reason: str) -> None:
        closing = [c for c in self.connections.values() if c.session_id == session_id]
        error = {"code": ErrorCode.SESSION_NOT_ACTIVE, "message": reason}
        last = {"type": ServerMessage.ERROR, "data": error}
        await asyncio.gather(*(c.close(code, reason, last | _stamp()) for c in closing))

    async def close_user(self, user_id: str, reason: str) -> None:
        """Close every socket of a user whose logins ended (new password, disabled account)."""
        closing = [c for c in self.connections.values() if c.user_id == user_id]
        error = {"code": ErrorCode.AUTH_TOKEN_INVALID, "message": reason}
        last = {"type": ServerMessage.ERROR, "data": error}
        await asyncio.gather(
            *(c.close(CloseCode.AUTH_FAILED, reason, last | _stamp()) for c in closing)
        )

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


def _stamp() -> dict[str, Any]:
    return {"timestamp": iso_ms(utcnow())}
