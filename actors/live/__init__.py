"""Live: the EventHub, SessionActors and their registry, the figures they report."""

from actors.live import metrics
from actors.live.hub import EventHub, task_status_event
from actors.live.registry import SessionRegistry
from actors.live.session import SessionActor

__all__ = ["EventHub", "SessionActor", "SessionRegistry", "metrics", "task_status_event"]
