"""Webhooks: the Supervisor starts the WebhookActor (which reads its settings and every
webhook's secret from storage itself: nothing secret crosses the transport)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class StartWebhooks:
    """Supervisor → WebhookActor: open storage and deliver from the outbox (idempotent)."""


@dataclass(frozen=True)
class WebhooksStarted:
    """WebhookActor → Supervisor: delivering, from this process (Pong lists it)."""

    pid: int
