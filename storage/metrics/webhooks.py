"""Webhook deliveries by outcome, read from the deliveries table once webhooks exist.

Until the webhooks' migration has made that table, there is nothing to count: {}. The table
and column named here are the contract with the webhooks' storage; counting with a counter of
storage.metrics where a delivery's outcome is written would make this a read of a few rows.
"""

from __future__ import annotations

from typing import cast

from peewee import SQL, Table, fn

from storage.models import database

DELIVERY_TABLE = "webhook_delivery"
OUTCOME_COLUMN = "status"


def delivery_outcomes() -> dict[str, int]:
    """How many deliveries ended in each outcome; {} when there is no deliveries table."""
    db = database.obj
    if not db.table_exists(DELIVERY_TABLE):
        return {}
    deliveries = Table(DELIVERY_TABLE, (OUTCOME_COLUMN,)).bind(db)
    outcome = getattr(deliveries, OUTCOME_COLUMN)
    rows = deliveries.select(outcome, fn.COUNT(SQL("*"))).group_by(outcome).tuples()
    return {str(name): int(count) for name, count in cast("list[tuple[str, int]]", rows)}
