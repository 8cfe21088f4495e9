"""Figures for /metrics that storage holds: counters the runtime keeps (an upsert in the
transaction of what they count, so nothing is lost when an actor process exits), and the
gauges read from the runs' own rows with indexed queries."""

from storage.metrics.counters import (
    DURATION_BUCKETS,
    Counted,
    RestartedActor,
    RunKind,
    Series,
    add,
    bucket_key,
    observe,
    read_counters,
    sum_series,
)
from storage.metrics.runs import RunFigures, run_figures
from storage.metrics.webhooks import delivery_outcomes

__all__ = [
    "DURATION_BUCKETS",
    "Counted",
    "RunKind",
    "RestartedActor",
    "RunFigures",
    "Series",
    "add",
    "bucket_key",
    "delivery_outcomes",
    "observe",
    "read_counters",
    "run_figures",
    "sum_series",
]
