"""A socket's line to its SessionActor: open it, ask it, close it (all through the bridge)."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from actors.messages import CloseSession, OpenSession, Request, SessionOpened
from actors.names import ActorAddress
from web.runtime.bridge import ActorBridge
from web.ws.sockets import Sockets

ASK_SECONDS = 10.0
MakeRequest = Callable[[str, ActorAddress | None], Request]  # (correlation id, reply_to) → request


class SessionLost(Exception):
    """Raised when the SessionActor does not answer (it or the actor system is gone)."""


class SessionControl:
    def __init__(self, bridge: ActorBridge, sockets: Sockets) -> None:
        self.bridge = bridge
        self.sockets = sockets
        self.address: ActorAddress | None = None
        self.pid = 0

    async def open(
        self,
        connection_id: str,
        session_id: str,
        user_id: str,
        token_expires_at: float,
        project_id: str,
    ) -> None:
        """Create the SessionActor of a session the web has checked (SessionLost if none
        answers)."""

        def make(cid: str, reply_to: ActorAddress | None) -> OpenSession:
            return OpenSession(
                cid, reply_to, connection_id, session_id, user_id, token_expires_at, project_id
            )

        reply: SessionOpened = await self._ask(make, to=None)
        self.address, self.pid = reply.address, reply.pid

    async def request(self, make: MakeRequest) -> dict[str, Any]:
        reply = await self._ask(make, to=self.address)
        if reply.error is not None:
            raise reply.error
        return dict(reply.data or {})

    async def tell(self, message: object) -> None:
        if self.address is not None:
            await self.bridge.tell(message, to=self.address)

    async def close(self, reason: str) -> None:
        await self.tell(CloseSession(reason))
        self.address = None

    async def _ask(self, make: MakeRequest, to: ActorAddress | None) -> Any:
        started = time.perf_counter()
        try:
            reply = await self.bridge.ask(make, ASK_SECONDS, to=to)
        except Exception as exc:  # timeout, or the actor system is unreachable
            raise SessionLost(str(exc) or type(exc).__name__) from exc
        self.sockets.latencies.append((time.perf_counter() - started) * 1000)
        return reply
