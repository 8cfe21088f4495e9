"""A webhook's deliveries as its managers read them, and the ones they ask for: a test
delivery and a redelivery (a new delivery of the same event and data)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

from storage.database import write_transaction
from storage.error_codes import ErrorCode
from storage.errors import Conflict, NotFound
from storage.formats import iso
from storage.models import Delivery, DeliveryAttempt, User, Webhook
from storage.pages import Page, PageRequest, paginate
from storage.statuses import DELIVERY_OPEN
from storage.webhooks.crud import get_webhook
from storage.webhooks.events import TEST_EVENT
from storage.webhooks.outbox import enqueue_for

SORTS = {"created_at": Delivery.created_at}


@dataclass(frozen=True)
class DeliveryFilter:
    status: str | None = None
    event: str | None = None


def list_deliveries(
    user: User, webhook_id: str, where: DeliveryFilter, paging: PageRequest
) -> Page[Delivery]:
    webhook = get_webhook(user, webhook_id)
    query = Delivery.select().where(Delivery.webhook == webhook.id)
    if where.status is not None:
        query = query.where(Delivery.status == where.status)
    if where.event is not None:
        query = query.where(Delivery.event == where.event)
    return paginate(query, paging, SORTS)


def attempts_of(delivery_ids: Sequence[str]) -> dict[str, list[DeliveryAttempt]]:
    """The attempts of each delivery, first first, in one query."""
    found: dict[str, list[DeliveryAttempt]] = {d: [] for d in delivery_ids}
    rows = (
        DeliveryAttempt.select()
        .where(DeliveryAttempt.delivery.in_(list(delivery_ids)))
        .order_by(DeliveryAttempt.delivery, DeliveryAttempt.number, DeliveryAttempt.id)
    )
    for attempt in rows:
        found[attempt.delivery_id].append(attempt)
    return found


def get_delivery(user: User, webhook_id: str, delivery_id: str) -> Delivery:
    webhook = get_webhook(user, webhook_id)
    delivery = Delivery.get_or_none((Delivery.id == delivery_id) & (Delivery.webhook == webhook.id))
    if delivery is None:
        raise NotFound("delivery", delivery_id)
    return delivery


def send_test(user: User, webhook_id: str) -> Delivery:
    """A webhook.test delivery to this webhook alone, whatever it subscribed to."""
    with write_transaction():
        webhook = _active(get_webhook(user, webhook_id))
        data = {"message": "Test delivery", "requested_by": user.id, "url": webhook.url}
        return enqueue_for(webhook.id, TEST_EVENT, data)


def redeliver(user: User, webhook_id: str, delivery_id: str) -> Delivery:
    """A new delivery of an ended one's event and data (with its own delivery_id)."""
    with write_transaction():
        original = get_delivery(user, webhook_id, delivery_id)
        _active(original.webhook)
        if original.status in DELIVERY_OPEN:
            raise Conflict(
                ErrorCode.RESOURCE_IN_USE,
                "The delivery has not ended yet: its next attempt is scheduled",
                id=original.id,
                status=original.status,
                next_attempt_at=iso(original.next_attempt_at),
            )
        body = json.loads(original.payload)
        return enqueue_for(
            original.webhook_id, original.event, body["data"], body["timestamp"], original.id
        )


def _active(webhook: Webhook) -> Webhook:
    if not webhook.active:
        raise Conflict(ErrorCode.WEBHOOK_INACTIVE, "The webhook is inactive", id=webhook.id)
    return webhook
