"""Queues: a QueueActor per priority and the pure dispatch decision."""

from actors.queues.dispatch import QueueView, plan_dispatch
from actors.queues.queue import QueueActor

__all__ = ["QueueActor", "QueueView", "plan_dispatch"]
