"""Figures for performance_data and get_metrics: this host's CPU and memory, queues, rates."""

from __future__ import annotations

import time
from typing import Any

import psutil

from storage.database import ping
from storage.models import database
from storage.runs import queues


def host_figures() -> dict[str, float]:
    """CPU use since the previous call in this process (prime it once), memory in use, %."""
    return {
        "cpu_usage": float(psutil.cpu_percent(interval=None)),
        "memory_usage": float(psutil.virtual_memory().percent),
    }


def performance(active_connections: int) -> dict[str, Any]:
    status = queues.status()
    return {
        **host_figures(),
        "active_connections": active_connections,
        "tasks_per_minute": status["performance"]["tasks_per_minute"],
        "queue_sizes": {name: queue["size"] for name, queue in status["queues"].items()},
    }


def metrics(wanted: tuple[str, ...], active_connections: int) -> dict[str, Any]:
    """The sections asked for: performance, queue_status, system_health."""
    data: dict[str, Any] = {}
    if "performance" in wanted:
        data.update(performance(active_connections))
    if "queue_status" in wanted:
        data["queue_status"] = queues.status()["queues"]
    if "system_health" in wanted:
        started = time.perf_counter()
        try:
            database_ms = ping(database.obj)
            health = {"status": "healthy", "database_ms": round(database_ms, 2)}
        except Exception as exc:  # reported, not raised: health is what is asked for
            health = {"status": "unhealthy", "error": type(exc).__name__}
        health["checked_in_ms"] = round((time.perf_counter() - started) * 1000, 2)
        data["system_health"] = health
    return data
