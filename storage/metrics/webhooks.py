"""Webhook deliveries by outcome, read from the deliveries outbox once webhooks exist.

Until the webhooks' migration has made that table there is nothing to count: {}. The table,
column and outcomes named here are the contract with the webhooks' storage (table `delivery`,
`status` delivered | failed | cancelled once ended). The count is one grouped query over the
ended deliveries; a counter of storage.metrics added where a delivery's end is written would
make it a read of a few rows, whatever the outbox's size.
"""

from __future__ import annotations

from typing import cast

from peewee import SQL, Table, fn

from storage.models import database

DELIVERY_TABLE = "delivery"
OUTCOME_COLUMN = "status"
OUTCOMES = ("delivered", "failed", "cancelled")  # pending and delivering are not outcomes


def delivery_outcomes() -> dict[str, int]:
    """How many deliveries ended in each outcome; {} when there is no deliveries table."""
    db = database.obj
    if not db.table_exists(DELIVERY_TABLE):
        return {}
    deliveries = Table(DELIVERY_TABLE, (OUTCOME_COLUMN,)).bind(db)
    outcome = getattr(deliveries, OUTCOME_COLUMN)
    rows = (
        deliveries.select(outcome, fn.COUNT(SQL("*")))
        .where(outcome.in_(OUTCOMES))
        .group_by(outcome)
        .tuples()
    )
    found = dict.fromkeys(OUTCOMES, 0)
    found.update({str(name): int(count) for name, count in cast("list[tuple[str, int]]", rows)})
    return found
