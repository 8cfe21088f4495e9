"""What a client is configured with: where the API is, how long to wait, how to retry."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from urllib.parse import urlsplit, urlunsplit

from claude_cli_sdk._version import __version__

RETRIED_STATUSES = frozenset({429, 503})


@dataclass(frozen=True)
class RetryPolicy:
    """Retries of a request answered 429 or 503: at most `attempts` more, each after the
    server's `Retry-After` (or `backoff` × 2^n, jittered, without one), and none when the wait
    asked for is longer than `max_wait` seconds (the error is raised at once instead)."""

    attempts: int = 3
    backoff: float = 0.5
    max_wait: float = 60.0

    def delay(self, retry: int, status: int, retry_after: float | None) -> float | None:
        """Seconds to wait before retry number `retry` (0-based), or None: do not retry."""
        if status not in RETRIED_STATUSES or retry >= self.attempts:
            return None
        if retry_after is not None:
            return retry_after if retry_after <= self.max_wait else None
        wait = self.backoff * 2.0**retry
        return min(self.max_wait, wait * (0.5 + random.random() / 2))


NO_RETRIES = RetryPolicy(attempts=0)


@dataclass(frozen=True)
class ClientConfig:
    """The API's base URL (`http://host:port/api`), and what follows from it."""

    base_url: str
    timeout: float | None = 30.0
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    websocket_url: str | None = None  # ws://host:port/ws by default
    user_agent: str = f"claude-cli-sdk-python/{__version__}"
    refresh_margin: float = 30.0  # renew an access token this long before it expires

    @property
    def api_url(self) -> str:
        return self.base_url.rstrip("/")

    @property
    def root_url(self) -> str:
        """The server's root (where /openapi.json and /ws live): base_url without its /api."""
        api = self.api_url
        if api.endswith("/api"):
            return api[: -len("/api")]
        parts = urlsplit(api)
        return urlunsplit((parts.scheme, parts.netloc, "", "", ""))

    def socket_url(self, session_id: str) -> str:
        """The WebSocket address of a session: ws(s)://host:port/ws/{session_id}."""
        if self.websocket_url is not None:
            base = self.websocket_url.rstrip("/")
        else:
            parts = urlsplit(self.root_url)
            scheme = "wss" if parts.scheme == "https" else "ws"
            base = urlunsplit((scheme, parts.netloc, parts.path.rstrip("/") + "/ws", "", ""))
        return f"{base}/{session_id}"
