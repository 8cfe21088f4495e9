"""Prometheus metrics (GET /metrics): this web process's own figures (HTTP, WebSockets, rate
limits, the process) and, through custom collectors, the figures that are durable elsewhere:
the runtime's counters and gauges in storage, and the Supervisor's state from its Pong."""

from web.metrics.collectors import SocketsCollector
from web.metrics.endpoint import metrics
from web.metrics.figures import Direction, RateLimit, WebFigures
from web.metrics.middleware import metrics_middleware, remember_prepared

__all__ = [
    "Direction",
    "RateLimit",
    "SocketsCollector",
    "WebFigures",
    "metrics",
    "metrics_middleware",
    "remember_prepared",
]
