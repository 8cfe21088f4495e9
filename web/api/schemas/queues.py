"""The priority queues (API.md, Queue Management): status, pause, clear, moves, metrics."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Generic, Literal, Self, TypeVar

from pydantic import Field

from storage.formats import duration
from storage.statuses import Priority
from web.api.schemas.executions import UsageTotals
from web.http.models import Body, DurationText, Out, Timestamp, Uuid
from web.http.validation import Query

F = TypeVar("F", bound=Out)
QueueName = Literal[
    Priority.HIGH, Priority.NORMAL, Priority.LOW, "high_priority", "normal_priority", "low_priority"
]
QUEUE_NAME = "high|normal|low, or the API's high_priority|..."


def priority_of(name: QueueName) -> Priority:
    return Priority(name.removesuffix("_priority"))


def queue_name(priority: str) -> str:
    return f"{priority}_priority"


class QueueRequest(Body):
    queue_name: QueueName = Field(description=QUEUE_NAME)


class PauseRequest(QueueRequest):
    reason: str = Field("paused", max_length=1000)


class ClearRequest(QueueRequest):
    confirm: bool = Field(description="must be true")


class MoveRequest(Body):
    task_ids: list[Uuid] = Field(min_length=1, max_length=500)
    priority: Priority


class MetricsQuery(Query):
    period: Literal["1h", "24h", "7d", "30d"] = "24h"  # storage.runs.queues.PERIODS


class QueueFigures(Out):
    size: int
    processing: int
    completed_today: int
    paused: bool
    pause_reason: str | None


class TimeSummary(Out):
    """Seconds."""

    average: float | None
    p50: float | None
    p95: float | None
    max: float | None


class QueueMetrics(Out):
    enqueued: int
    queued: int
    running: int
    completed: int
    failed: int
    cancelled: int
    success_rate: float | None
    wait_time: TimeSummary
    processing_time: TimeSummary


class Queues(Out, Generic[F]):
    """One entry per queue, named `<priority>_priority`."""

    high_priority: F
    normal_priority: F
    low_priority: F

    @classmethod
    def of(cls, by_priority: Mapping[str, Any], render: Callable[[Any], F]) -> Self:
        return cls(**{queue_name(p): render(figures) for p, figures in by_priority.items()})


class Performance(Out):
    tasks_per_minute: float
    success_rate: float | None
    average_processing_time: DurationText | None

    @classmethod
    def of(cls, figures: Mapping[str, Any]) -> Self:
        return cls(
            tasks_per_minute=figures["tasks_per_minute"],
            success_rate=figures["success_rate"],
            average_processing_time=duration(figures["average_processing_seconds"]),
        )


class Workers(Out):
    active: int
    idle: int
    total: int
    runtime: Literal["connected", "unavailable"]


class QueueStatus(Out):
    queues: Queues[QueueFigures]
    workers: Workers
    performance: Performance


class PauseState(Out):
    queue_name: str
    paused: bool
    reason: str | None
    paused_at: Timestamp | None


class Cleared(Out):
    queue_name: str
    cleared: int


class Moved(Out):
    priority: Priority
    moved: list[str]
    not_queued: list[str]
    not_found: list[str]
    forbidden: list[str]


class MetricsOut(Out):
    period: str
    since: Timestamp | None
    queues: Queues[QueueMetrics]
    performance: Performance
    usage: UsageTotals = Field(description="cost and tokens of the period's executions")
