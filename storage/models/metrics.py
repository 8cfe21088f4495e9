"""Counters the runtime keeps in storage, so figures of processes that exit are not lost."""

from __future__ import annotations

from peewee import CharField, CompositeKey, DoubleField, Model

from storage.models.base import database


class MetricCounter(Model):
    """One series of a counter: its name, its labels (canonical JSON) and the running total.

    Incremented by an upsert in the transaction of what it counts; read whole by /metrics.
    """

    name = CharField(max_length=64)
    labels = CharField(max_length=255)
    value = DoubleField(default=0)

    class Meta:
        database = database
        legacy_table_names = False
        primary_key = CompositeKey("name", "labels")
