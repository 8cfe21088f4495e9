"""Webhook and alert settings: where deliveries may go, how each attempt is bounded, how
retries back off, and when a system.alert fires."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class WebhookSettings:
    """Deliveries: at most `max_attempts` tries, the n-th retry after about
    `backoff_seconds × 2^(n-1)` (jittered, at most `backoff_max_seconds`)."""

    allowed_hosts: frozenset[str] = frozenset()  # exempt from the address checks (lower case)
    timeout: float = 10.0
    max_attempts: int = 12
    backoff_seconds: float = 10.0
    backoff_max_seconds: float = 6 * 3600.0
    concurrency: int = 4
    poll_seconds: float = 0.5
    alert_failures: int = 5
    alert_runtime_unreachable_seconds: float = 60.0
    alert_queue_paused_seconds: float = 3600.0

    @property
    def lease_seconds(self) -> float:
        """How long a claimed delivery stays with its runtime: its attempt (DNS, connect,
        response) is bounded by `timeout`; past the lease another runtime may take it."""
        return 2 * self.timeout + 5


class Reader(Protocol):
    """config.settings' reader: one variable, its default, its cast; errors name it."""

    def get(self, name: str, default: T, cast: Callable[[str], T]) -> T: ...


def read_webhooks(
    reader: Reader,
    positive_int: Callable[[str], int],
    positive_float: Callable[[str], float],
) -> WebhookSettings:
    defaults = WebhookSettings()
    return WebhookSettings(
        allowed_hosts=reader.get("WEBHOOK_ALLOWED_HOSTS", defaults.allowed_hosts, _hosts),
        timeout=reader.get("WEBHOOK_TIMEOUT", defaults.timeout, positive_float),
        max_attempts=reader.get("WEBHOOK_MAX_ATTEMPTS", defaults.max_attempts, positive_int),
        backoff_seconds=reader.get(
            "WEBHOOK_BACKOFF_SECONDS", defaults.backoff_seconds, positive_float
        ),
        backoff_max_seconds=reader.get(
            "WEBHOOK_BACKOFF_MAX_SECONDS", defaults.backoff_max_seconds, positive_float
        ),
        concurrency=reader.get("WEBHOOK_CONCURRENCY", defaults.concurrency, positive_int),
        poll_seconds=reader.get("WEBHOOK_POLL_SECONDS", defaults.poll_seconds, positive_float),
        alert_failures=reader.get("WEBHOOK_ALERT_FAILURES", defaults.alert_failures, positive_int),
        alert_runtime_unreachable_seconds=reader.get(
            "ALERT_RUNTIME_UNREACHABLE_SECONDS",
            defaults.alert_runtime_unreachable_seconds,
            positive_float,
        ),
        alert_queue_paused_seconds=reader.get(
            "ALERT_QUEUE_PAUSED_SECONDS", defaults.alert_queue_paused_seconds, positive_float
        ),
    )


def _hosts(raw: str) -> frozenset[str]:
    """Comma-separated host names or addresses, compared without case (IPv6 without [])."""
    hosts = frozenset(h.strip().strip("[]").lower() for h in raw.split(",") if h.strip())
    for host in hosts:
        if "/" in host or (":" in host and host.count(":") < 2):
            raise ValueError(f"expected host names or addresses (no ports or paths), got {host!r}")
    return hosts
