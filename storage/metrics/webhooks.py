"""Webhook deliveries by outcome, read from the deliveries outbox (storage.webhooks).

One grouped query over the ended deliveries (an index on status serves it); a counter of
storage.metrics added where a delivery's end is written would make it a read of a few rows,
whatever the outbox's size.
"""

from __future__ import annotations

from typing import cast

from peewee import fn

from storage.models import Delivery
from storage.statuses import DeliveryStatus

OUTCOMES = (DeliveryStatus.DELIVERED, DeliveryStatus.FAILED, DeliveryStatus.CANCELLED)


def delivery_outcomes() -> dict[str, int]:
    """How many deliveries ended in each outcome (pending and delivering are not outcomes)."""
    rows = cast(
        "list[tuple[str, int]]",
        Delivery.select(Delivery.status, fn.COUNT(Delivery.id))
        .where(Delivery.status.in_(OUTCOMES))
        .group_by(Delivery.status)
        .tuples(),
    )
    found = dict.fromkeys((str(outcome) for outcome in OUTCOMES), 0)
    found.update({str(status): int(count) for status, count in rows})
    return found
