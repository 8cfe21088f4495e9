"""Asking the Supervisor how the runtime is (Ping → Pong), for health checks and /metrics."""

from __future__ import annotations

from actors.messages import Ping, Pong
from web.runtime.bridge import ActorBridge, ActorSystemUnavailable


async def runtime_pong(bridge: ActorBridge, timeout: float) -> Pong | None:
    """The Supervisor's Pong, or None when the runtime does not answer within timeout."""
    try:
        pong = await bridge.ask(lambda cid, to: Ping(cid, to), timeout)
    except (ActorSystemUnavailable, TimeoutError):
        return None
    return pong if isinstance(pong, Pong) else None
