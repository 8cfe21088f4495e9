"""Webhooks: their records and access (crud), the durable outbox every event is written to
(outbox, notify: one function per kind of change), deliveries as their managers read and
repeat them, the runtime's claims and attempts (attempts, backoff), and system alerts."""

from storage.webhooks.crud import (
    WebhookFilter,
    create_webhook,
    delete_webhook,
    get_webhook,
    list_webhooks,
    update_webhook,
)
from storage.webhooks.events import TEST_EVENT, AlertKind, AlertState, WebhookEvent

__all__ = [
    "TEST_EVENT",
    "AlertKind",
    "AlertState",
    "WebhookEvent",
    "WebhookFilter",
    "create_webhook",
    "delete_webhook",
    "get_webhook",
    "list_webhooks",
    "update_webhook",
]
