"""Web bridge ↔ runtime: requests answered by correlation id, liveness, bridge registration."""

from __future__ import annotations

from dataclasses import dataclass, field

from actors.names import ActorAddress
from actors.sandbox.state import Sandbox


@dataclass(frozen=True)
class Request:
    """Base of bridge requests: the reply goes to reply_to tagged with correlation_id."""

    correlation_id: str
    reply_to: ActorAddress | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Reply:
    correlation_id: str


@dataclass(frozen=True)
class Ping(Request):
    pass


@dataclass(frozen=True)
class Pong(Reply):
    booted: bool
    running: int
    slots: int
    processes: dict[str, int] = field(default_factory=dict)  # "queue:high" → pid, ...
    rejected_frames: int = 0  # forged frames the runtime's processes dropped (actors.wire)
    sandbox: Sandbox | None = None  # None until booted


@dataclass(frozen=True)
class RegisterBridge:
    """Web bridge → Supervisor → EventHub, periodically: an address for replies and events."""

    address: ActorAddress | None = None


@dataclass(frozen=True)
class BridgeRegistered:
    """EventHub → web bridge: registered at `address`; `hub` takes the web's events directly."""

    address: ActorAddress
    hub: ActorAddress | None = None
