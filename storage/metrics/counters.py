"""Counters kept in storage: each series is one row, incremented by an upsert.

Each is added to in one place, inside the transaction that writes what it counts where there
is one (an execution's end, a command's), so a counter and its cause commit together. Callers
add their increments last in their transaction, always in the same order (executions, then
the duration histogram), so on PostgreSQL no two writers wait on each other's counter rows in
a cycle. Reading is one query over a table of a few dozen rows, whatever the history's size.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import cast

from peewee import EXCLUDED

from storage.models import MetricCounter


class Counted(StrEnum):
    """Every counter kept in storage, by the name /metrics shows (after its prefix)."""

    EXECUTIONS = "executions_total"  # status: the final status an execution reached
    EXECUTION_DURATION = "execution_duration_seconds"  # histogram by final status
    COMMANDS = "commands_total"  # status: how an ad-hoc command ended
    ACTOR_RESTARTS = "actor_restarts_total"  # actor: which one was started again
    LEASE_EXPIRIES = "lease_expiries_total"  # kind: whose lease ran out
    BOOT_RECOVERIES = "boot_recoveries_total"  # kind: what a boot found left running and failed
    CLI_COST = "cli_cost_usd_total"  # model: what the CLI reported its runs cost
    CLI_TOKENS = "cli_tokens_total"  # kind: input, output, cache_creation_input, cache_read_input


class RestartedActor(StrEnum):
    SUPERVISOR = "supervisor"  # recreated by the launcher
    QUEUE = "queue"
    EVENT_HUB = "event_hub"


class RunKind(StrEnum):
    """What ran: an execution of a task, or an ad-hoc command."""

    EXECUTION = "execution"
    COMMAND = "command"


# upper bounds (seconds) of the execution duration histogram's buckets
DURATION_BUCKETS: tuple[float, ...] = (
    1,
    5,
    10,
    30,
    60,
    120,
    300,
    600,
    1800,
    3600,
    7200,
    math.inf,
)
SUM_SUFFIX = "_sum"


@dataclass(frozen=True)
class Series:
    """One labelled series of a counter and its total."""

    labels: Mapping[str, str]
    value: float


def add(name: Counted, amount: float = 1, **labels: str) -> None:
    """Add amount to the series of name with these labels (created at its first increment)."""
    _add(name, amount, labels)


def observe(name: Counted, seconds: float, **labels: str) -> None:
    """One observation of a histogram kept as counters: its own bucket (not cumulative) and
    the sum of what was observed."""
    bound = next(b for b in DURATION_BUCKETS if seconds <= b)
    _add(name, 1, {**labels, "le": bucket_key(bound)})
    _add(sum_series(name), max(0.0, seconds), labels)


def bucket_key(bound: float) -> str:
    """How a bucket's upper bound is stored in its `le` label."""
    return "+Inf" if math.isinf(bound) else repr(float(bound))


def read_counters() -> dict[str, list[Series]]:
    """Every stored series, by counter name (a histogram's sum under name + `_sum`)."""
    rows = MetricCounter.select(
        MetricCounter.name, MetricCounter.labels, MetricCounter.value
    ).tuples()
    found: dict[str, list[Series]] = {}
    for name, labels, value in cast("list[tuple[str, str, float]]", rows):
        found.setdefault(name, []).append(Series(json.loads(labels), float(value)))
    return found


def sum_series(name: Counted) -> str:
    """The name a histogram's sum is stored under."""
    return name + SUM_SUFFIX


def _add(name: str, amount: float, labels: Mapping[str, str]) -> None:
    if amount <= 0:
        return
    key = json.dumps({k: str(v) for k, v in labels.items()}, sort_keys=True, separators=(",", ":"))
    MetricCounter.insert(name=name, labels=key, value=amount).on_conflict(
        conflict_target=[MetricCounter.name, MetricCounter.labels],
        update={MetricCounter.value: MetricCounter.value + EXCLUDED.value},
    ).execute()
