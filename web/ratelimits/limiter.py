"""Counting requests against limits in the `limits` library's storage (memory or Redis)."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
import math
import time
from collections.abc import Iterable
from dataclasses import dataclass

import redis.asyncio
from limits import RateLimitItem
from limits.aio.storage import MemoryStorage, RedisStorage, Storage
from limits.aio.strategies import (
    FixedWindowRateLimiter,
    MovingWindowRateLimiter,
    RateLimiter,
    SlidingWindowCounterRateLimiter,
)
from limits.errors import StorageError

from config.rate_limits import Limits, RateLimitSettings, Strategy
from storage.formats import iso

log = logging.getLogger(__name__)

KEY_PREFIX = "claude-web"  # Redis keys: claude-web:LIMITER/<who>/<amount>/<multiples>/<unit>
REDIS_TIMEOUT = 1.0  # seconds; a Redis that does not answer lets requests through (logged)
WARN_EVERY = 60.0  # seconds between two warnings about an unreachable storage
_STRATEGIES: dict[
    Strategy,
    type[FixedWindowRateLimiter | MovingWindowRateLimiter | SlidingWindowCounterRateLimiter],
] = {
    Strategy.FIXED_WINDOW: FixedWindowRateLimiter,
    Strategy.MOVING_WINDOW: MovingWindowRateLimiter,
    Strategy.SLIDING_WINDOW_COUNTER: SlidingWindowCounterRateLimiter,
}


@dataclass(frozen=True)
class Verdict:
    """One window's answer for one caller: the figures of the X-RateLimit-* headers."""

    allowed: bool
    limit: int
    remaining: int
    reset: float  # epoch seconds when the window has room again
    window: int  # seconds

    def headers(self, now: float) -> dict[str, str]:
        shown = {
            "X-RateLimit-Limit": str(self.limit),
            "X-RateLimit-Remaining": str(self.remaining),
            "X-RateLimit-Reset": str(math.ceil(self.reset)),
            "X-RateLimit-Window": str(self.window),
        }
        if not self.allowed:
            shown["Retry-After"] = str(max(1, math.ceil(self.reset - now)))
        return shown

    def details(self) -> dict[str, object]:
        """The error's details (API.md, Rate Limit Exceeded Response)."""
        reset_at = dt.datetime.fromtimestamp(math.ceil(self.reset), dt.UTC).replace(tzinfo=None)
        return {"limit": self.limit, "window": self.window, "reset_at": iso(reset_at)}


class Limiter:
    """The limits of one web process, counted where RATE_LIMIT_STORAGE says.

    Storage failures never refuse a request: it goes through without headers, and the failure is
    logged (at most once a minute).
    """

    def __init__(self, settings: RateLimitSettings) -> None:
        self._pool: redis.asyncio.ConnectionPool | None = None
        storage: Storage
        if settings.storage_url.startswith("memory://"):
            storage = MemoryStorage(wrap_exceptions=True)
        else:
            self._pool = redis.asyncio.ConnectionPool.from_url(
                settings.storage_url,
                socket_timeout=REDIS_TIMEOUT,
                socket_connect_timeout=REDIS_TIMEOUT,
            )
            storage = RedisStorage(
                "async+" + settings.storage_url,
                wrap_exceptions=True,
                implementation="redispy",
                key_prefix=KEY_PREFIX,
                connection_pool=self._pool,  # type: ignore[arg-type]
            )
        self._storage = storage
        self._strategy: RateLimiter = _STRATEGIES[settings.strategy](storage)
        self._warned_at = -math.inf

    async def hit(self, items: Limits, who: str) -> Verdict | None:
        """Count one request in each window until one refuses it: the refusing window's verdict,
        else the one with the least room left; None if the storage cannot answer."""
        verdicts = []
        try:
            for item in items:
                allowed = await self._strategy.hit(item, who)
                verdicts.append(await self._verdict(item, who, allowed))
                if not allowed:
                    break
        except StorageError as exc:
            self._unavailable(exc)
            return None
        return _tightest(verdicts)

    async def refusal(self, items: Limits, who: str) -> Verdict | None:
        """The verdict of the first window with no room left (counting nothing), else None."""
        try:
            for item in items:
                if not await self._strategy.test(item, who):
                    return await self._verdict(item, who, allowed=False)
        except StorageError as exc:
            self._unavailable(exc)
        return None

    async def count(self, items: Limits, who: str) -> None:
        """Count one event (a failed login) in every window."""
        try:
            for item in items:
                await self._strategy.hit(item, who)
        except StorageError as exc:
            self._unavailable(exc)

    async def clear(self, items: Limits, who: str) -> None:
        try:
            for item in items:
                await self._strategy.clear(item, who)
        except StorageError as exc:
            self._unavailable(exc)

    async def close(self) -> None:
        if self._pool is not None:
            await self._pool.aclose()
        sweep = getattr(self._storage, "timer", None)  # MemoryStorage's expiry task
        if isinstance(sweep, asyncio.Task) and not sweep.done():
            sweep.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await sweep

    async def _verdict(self, item: RateLimitItem, who: str, allowed: bool) -> Verdict:
        stats = await self._strategy.get_window_stats(item, who)
        window = item.get_expiry()
        # a fixed window that was never hit reports "now" as its reset: a whole window away
        reset = stats.reset_time if stats.remaining < item.amount else time.time() + window
        return Verdict(allowed, item.amount, max(0, stats.remaining), reset, window)

    def _unavailable(self, exc: StorageError) -> None:
        now = time.monotonic()
        if now - self._warned_at >= WARN_EVERY:
            self._warned_at = now
            log.warning(
                "rate-limit storage unavailable, requests not limited: %r", exc.storage_error
            )


def _tightest(verdicts: Iterable[Verdict]) -> Verdict | None:
    return min(verdicts, key=lambda v: (v.allowed, v.remaining), default=None)
