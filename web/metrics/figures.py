"""The figures a web process produces itself: HTTP requests, WebSocket traffic, requests refused
by a rate limit, and the process's own (CPU, memory, file descriptors, GC).

They live in this process's registry (one per application, nothing at import time) and are
exposed by this process only: with several web processes Prometheus scrapes each, and the
`instance` label it adds tells them apart.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from prometheus_client import CollectorRegistry, Counter, Histogram, Info
from prometheus_client.gc_collector import GCCollector
from prometheus_client.platform_collector import PlatformCollector
from prometheus_client.process_collector import ProcessCollector
from prometheus_client.registry import Collector

from config import VERSION

PREFIX = "claude_web_"
UNMATCHED = "unmatched"  # the route label of a request no route matched (never its raw path)
METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
OTHER_METHOD = "other"


class RateLimit(StrEnum):
    """Which limit refused a request (the `limit` label)."""

    ANONYMOUS = "anonymous"  # RATE_LIMIT_ANONYMOUS, per client address
    USER = "user"  # RATE_LIMIT_USER
    PREMIUM = "premium"  # RATE_LIMIT_PREMIUM
    LOGIN = "login"  # RATE_LIMIT_LOGIN, the login throttle
    WEBSOCKET_CONNECTIONS = "websocket_connections"  # WS_MAX_CONNECTIONS_PER_USER


class Direction(StrEnum):
    """Of a WebSocket message: from the client (in) or to it (out)."""

    IN = "in"
    OUT = "out"


class WebFigures:
    """This process's registry and the figures its middlewares and sockets record."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter(
            PREFIX + "http_requests",
            "HTTP requests answered by this web process, by route template, method and status "
            "(499: the client went away first)",
            ("route", "method", "status"),
            registry=self.registry,
        )
        self.latency = Histogram(
            PREFIX + "http_request_duration_seconds",
            "Time to answer an HTTP request in this web process, by route template and method "
            "(WebSocket handshakes are counted, their connection time is not observed)",
            ("route", "method"),
            registry=self.registry,
        )
        self.sockets = Counter(
            PREFIX + "websocket_connections_opened",
            "WebSockets authenticated by this web process",
            registry=self.registry,
        )
        self.messages = Counter(
            PREFIX + "websocket_messages",
            "WebSocket messages of this web process: received from clients (in), sent to them "
            "(out)",
            ("direction",),
            registry=self.registry,
        )
        self.rate_limited = Counter(
            PREFIX + "rate_limited_requests",
            "Requests refused with RATE_LIMIT_EXCEEDED by this web process, by the limit that "
            "refused them",
            ("limit",),
            registry=self.registry,
        )
        Info(PREFIX + "build", "The server's version", registry=self.registry).info(
            {"version": VERSION}
        )
        _zeros(self.messages, Direction)
        # one child each, looked up once: a broadcast counts a message per socket
        self._messages_in = self.messages.labels(Direction.IN)
        self._messages_out = self.messages.labels(Direction.OUT)
        _zeros(self.rate_limited, RateLimit)
        ProcessCollector(registry=self.registry)
        PlatformCollector(registry=self.registry)
        GCCollector(registry=self.registry)

    def watch(self, collector: Collector) -> None:
        """Expose a collector of this process's live state (its open sockets) too."""
        self.registry.register(collector)

    def request(self, route: str | None, method: str, status: int, seconds: float | None) -> None:
        """One answered request; seconds None: not a latency (a WebSocket's whole life)."""
        route = route or UNMATCHED
        method = method if method in METHODS else OTHER_METHOD
        self.requests.labels(route, method, str(status)).inc()
        if seconds is not None:
            self.latency.labels(route, method).observe(seconds)

    def socket_opened(self) -> None:
        self.sockets.inc()

    def message_in(self) -> None:
        self._messages_in.inc()

    def message_out(self) -> None:
        self._messages_out.inc()

    def refused(self, limit: RateLimit) -> None:
        self.rate_limited.labels(limit).inc()


def _zeros(counter: Counter, values: Iterable[str]) -> None:
    """Every series of a one-label counter from the start (a 0 is a figure too)."""
    for value in values:
        counter.labels(value)
