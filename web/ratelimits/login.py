"""Login throttling: failed attempts counted per client address and per username.

RATE_LIMIT_LOGIN's windows grow ("5/minute;20/hour;100/day"): past each one the wait is longer.
A failure counts for the address and the username; a success clears the username's count (so
it is N failures in a row), never the address's. While a window is full every attempt is
refused with 429 before the password is even checked. Attempts of one address, and for one
username, are checked one at a time in each web process, so parallel attempts cannot all pass
the check before the first failure is counted.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
from collections import Counter
from collections.abc import AsyncIterator

from aiohttp import web

from config.rate_limits import Limits
from storage.errors import InvalidCredentials
from web.http.errors import RateLimited
from web.keys import login_throttle_key, settings_key
from web.ratelimits.clients import client_address
from web.ratelimits.limiter import Limiter


class LoginThrottle:
    """RATE_LIMIT_LOGIN, counted per address and per username."""

    def __init__(self, limiter: Limiter, limits: Limits) -> None:
        self._limiter = limiter
        self._limits = limits
        self._locks = _KeyedLocks()

    @contextlib.asynccontextmanager
    async def attempt(self, address: str, username: str) -> AsyncIterator[None]:
        """Around one password check: refused (RateLimited) while a window is full; an
        InvalidCredentials raised inside counts as a failure."""
        keys = (f"login-ip:{address}", "login-user:" + _digest(username))
        async with self._locks.hold(keys[0]), self._locks.hold(keys[1]):
            for key in keys:
                refusal = await self._limiter.refusal(self._limits, key)
                if refusal is not None:
                    raise RateLimited(refusal)
            try:
                yield
            except InvalidCredentials:
                for key in keys:
                    await self._limiter.count(self._limits, key)
                raise
            await self._limiter.clear(self._limits, keys[1])


def login_attempt(
    request: web.Request, username: str
) -> contextlib.AbstractAsyncContextManager[None]:
    """The throttle around one login of the request (nothing when RATE_LIMITS=off)."""
    throttle = request.app.get(login_throttle_key)
    if throttle is None:
        return contextlib.nullcontext()
    trusted = request.app[settings_key].rate_limits.trusted_proxies
    return throttle.attempt(client_address(request, trusted), username)


def _digest(username: str) -> str:
    """Usernames compared without case, kept out of the storage's keys as text."""
    return hashlib.sha256(username.strip().casefold().encode()).hexdigest()[:32]


class _KeyedLocks:
    """One asyncio.Lock per key, dropped when nobody holds or awaits it."""

    def __init__(self) -> None:
        self._locks: dict[str, asyncio.Lock] = {}
        self._users: Counter[str] = Counter()

    @contextlib.asynccontextmanager
    async def hold(self, key: str) -> AsyncIterator[None]:
        lock = self._locks.setdefault(key, asyncio.Lock())
        self._users[key] += 1
        try:
            async with lock:
                yield
        finally:
            self._users[key] -= 1
            if not self._users[key]:
                del self._users[key], self._locks[key]
