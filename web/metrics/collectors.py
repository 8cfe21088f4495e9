"""Custom collectors: figures read where they are durable at scrape time, never kept here.

StorageCollector reads what the runtime counted in storage (from any process, so every web
process shows the same) and the queues' gauges; RuntimeCollector shows the Supervisor's state
from its Pong; SocketsCollector this process's open sockets. Storage is read in the database
executor (the scrape runs there), with one small query per kind of figure.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from prometheus_client.core import (
    CounterMetricFamily,
    GaugeMetricFamily,
    HistogramMetricFamily,
    Metric,
)
from prometheus_client.registry import Collector

from actors.messages import Pong
from storage import metrics
from storage.metrics import DURATION_BUCKETS, Counted, RestartedActor, RunKind, Series
from storage.runs.usage import TOKEN_FIELDS
from storage.statuses import COMMAND_FINAL, EXECUTION_FINAL
from web.metrics.figures import PREFIX

TOKEN_KINDS = tuple(field.removesuffix("_tokens") for field in TOKEN_FIELDS)


class Scrape(Collector):
    """Several collectors exposed as one (the registry of this process and those of a scrape)."""

    def __init__(self, *parts: Collector) -> None:
        self.parts = parts

    def collect(self) -> Iterator[Metric]:
        for part in self.parts:
            yield from part.collect()


class StorageCollector(Collector):
    """The runtime's counters and the queues as stored: the same from every web process."""

    def collect(self) -> Iterator[Metric]:
        counted = metrics.read_counters()
        runs = metrics.run_figures()
        yield _counter(
            counted,
            Counted.EXECUTIONS,
            "Executions that reached a final status, by that status",
            "status",
            EXECUTION_FINAL,
        )
        yield _histogram(
            counted,
            Counted.EXECUTION_DURATION,
            "Time from an execution's start to its end, by final status",
            EXECUTION_FINAL,
        )
        yield _counter(
            counted,
            Counted.COMMANDS,
            "Ad-hoc commands that ended, by how they ended",
            "status",
            COMMAND_FINAL,
        )
        yield _counter(
            counted,
            Counted.ACTOR_RESTARTS,
            "Actors of the runtime started again after they died (supervisor: by the launcher)",
            "actor",
            RestartedActor,
        )
        yield _counter(
            counted,
            Counted.LEASE_EXPIRIES,
            "Runs failed because their runner stopped renewing its lease",
            "kind",
            RunKind,
        )
        yield _counter(
            counted,
            Counted.BOOT_RECOVERIES,
            "Runs a booting runtime found left running by one that died, and failed",
            "kind",
            RunKind,
        )
        yield _counter(
            counted,
            Counted.CLI_COST,
            "What the Claude CLI reported its runs cost, in USD, by model",
            "model",
            (),
        )
        yield _counter(
            counted,
            Counted.CLI_TOKENS,
            "Tokens the Claude CLI reported its runs used, by kind",
            "kind",
            TOKEN_KINDS,
        )
        queued = GaugeMetricFamily(
            PREFIX + "queue_size", "Executions waiting in each queue", labels=["queue"]
        )
        paused = GaugeMetricFamily(
            PREFIX + "queue_paused", "1 while a queue is paused", labels=["queue"]
        )
        for priority, size in runs.queued.items():
            queued.add_metric([priority], size)
            paused.add_metric([priority], int(runs.paused[priority]))
        yield queued
        yield paused
        yield GaugeMetricFamily(
            PREFIX + "executions_running", "Executions running (as stored)", value=runs.running
        )
        deliveries = CounterMetricFamily(
            PREFIX + "webhook_deliveries",
            "Webhook deliveries, by outcome",
            labels=["outcome"],
        )
        for outcome, count in sorted(metrics.delivery_outcomes().items()):
            deliveries.add_metric([outcome], count)
        yield deliveries


class RuntimeCollector(Collector):
    """The Supervisor's state from one Pong (None: the runtime did not answer), and the forged
    actor frames dropped by the runtime and by this web process."""

    def __init__(self, pong: Pong | None, web_rejected_frames: int) -> None:
        self.pong = pong
        self.web_rejected_frames = web_rejected_frames

    def collect(self) -> Iterator[Metric]:
        pong = self.pong
        up = pong is not None and pong.booted
        yield GaugeMetricFamily(
            PREFIX + "runtime_up",
            "1 when the actor runtime's Supervisor answered this scrape and has booted",
            value=int(up),
        )
        rejected = CounterMetricFamily(
            PREFIX + "actor_rejected_frames",
            "Actor transport frames dropped for a missing or wrong HMAC, by the processes that "
            "dropped them (runtime: every actor process, counted since the runtime started; "
            "web: this web process's bridge)",
            labels=["process"],
        )
        if pong is not None:
            rejected.add_metric(["runtime"], pong.rejected_frames)
        rejected.add_metric(["web"], self.web_rejected_frames)
        yield rejected
        if pong is None or not up:
            return
        yield GaugeMetricFamily(
            PREFIX + "worker_slots", "Worker slots (MAX_CONCURRENT_TASKS)", value=pong.slots
        )
        yield GaugeMetricFamily(
            PREFIX + "worker_slots_free",
            "Worker slots not running an execution (the Supervisor's view)",
            value=max(0, pong.slots - pong.running),
        )


class SocketsCollector(Collector):
    """The authenticated WebSockets open in this web process."""

    def __init__(self, count: Callable[[], int]) -> None:
        self.count = count

    def collect(self) -> Iterator[Metric]:
        yield GaugeMetricFamily(
            PREFIX + "websocket_connections",
            "Authenticated WebSockets open in this web process",
            value=self.count(),
        )


def _counter(
    counted: dict[str, list[Series]],
    name: Counted,
    documentation: str,
    label: str,
    known: Iterable[str],
) -> CounterMetricFamily:
    """A stored counter with every known label value (0 until counted) and any other stored."""
    values = {str(value): 0.0 for value in known}
    for series in counted.get(name, []):
        values[series.labels.get(label, "")] = series.value
    family = CounterMetricFamily(PREFIX + name, documentation, labels=[label])
    for value, total in values.items():
        family.add_metric([value], total)
    return family


def _histogram(
    counted: dict[str, list[Series]],
    name: Counted,
    documentation: str,
    statuses: Iterable[str],
) -> HistogramMetricFamily:
    """A histogram stored as one counter per (status, bucket) and a sum per status."""
    per_bucket: dict[str, dict[str, float]] = {str(status): {} for status in statuses}
    for series in counted.get(name, []):
        status, le = series.labels.get("status", ""), series.labels.get("le", "")
        per_bucket.setdefault(status, {})[le] = series.value
    sums = {s.labels.get("status", ""): s.value for s in counted.get(metrics.sum_series(name), [])}
    family = HistogramMetricFamily(PREFIX + name, documentation, labels=["status"])
    for status, buckets in per_bucket.items():
        cumulative, total = [], 0.0
        for bound in DURATION_BUCKETS:
            le = metrics.bucket_key(bound)  # written as Prometheus writes it: 30.0, +Inf
            total += buckets.get(le, 0.0)
            cumulative.append((le, total))
        family.add_metric([status], cumulative, sums.get(status, 0.0))
    return family
