"""Events for watchers: published once to every web process bridge by the EventHub."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from storage.live.protocol import EventKind


@dataclass(frozen=True)
class Event:
    """Something a watcher may want to see, published once to every web process bridge.

    kind is also the WebSocket message type; channels are the topics ("project:<id>",
    "task:<id>", "command:<id>") that say who may receive it; seq orders the events of one
    stream (e.g. output chunks) so a reconnecting client can resume. data is the JSON payload.
    """

    kind: EventKind
    data: dict[str, Any]
    channels: tuple[str, ...]
    stream: str | None = None
    seq: int | None = None


@dataclass(frozen=True)
class ConfigureEvents:
    """Supervisor → EventHub: open storage and sequence task events there."""
