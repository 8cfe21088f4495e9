"""Rate-limit settings (API.md, Rate Limiting): limits in the `limits` library's notation
("100/minute", "5/minute;20/hour"), where they are counted, and which proxies are trusted."""

from __future__ import annotations

import ipaddress
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Protocol, TypeVar

from limits import RateLimitItem, parse_many

T = TypeVar("T")
Limits = tuple[RateLimitItem, ...]
Network = ipaddress.IPv4Network | ipaddress.IPv6Network

STORAGE_SCHEMES = ("memory://", "redis://", "rediss://", "redis+unix://")


class Strategy(StrEnum):
    """How requests are counted (the `limits` library's strategies)."""

    FIXED_WINDOW = "fixed-window"
    MOVING_WINDOW = "moving-window"
    SLIDING_WINDOW_COUNTER = "sliding-window-counter"


@dataclass(frozen=True)
class RateLimitSettings:
    """Each limit is one or more windows, all of which a request must fit in."""

    enabled: bool = True
    storage_url: str = field(default="memory://", repr=False)  # may carry a Redis password
    strategy: Strategy = Strategy.MOVING_WINDOW  # exact, and the cheapest here (README)
    anonymous: Limits = tuple(parse_many("100/minute"))
    user: Limits = tuple(parse_many("200/minute"))
    premium: Limits = tuple(parse_many("500/minute"))
    login: Limits = tuple(parse_many("5/minute;20/hour;100/day"))
    trusted_proxies: tuple[Network, ...] = ()


class Reader(Protocol):
    """config.settings' reader: one variable, its default, its cast; errors name it."""

    def get(self, name: str, default: T, cast: Callable[[str], T]) -> T: ...


def read_rate_limits(reader: Reader) -> RateLimitSettings:
    defaults = RateLimitSettings()
    return RateLimitSettings(
        enabled=reader.get("RATE_LIMITS", True, _on_off),
        storage_url=reader.get("RATE_LIMIT_STORAGE", defaults.storage_url, _storage_url),
        strategy=reader.get("RATE_LIMIT_STRATEGY", defaults.strategy, _strategy),
        anonymous=reader.get("RATE_LIMIT_ANONYMOUS", defaults.anonymous, _limits),
        user=reader.get("RATE_LIMIT_USER", defaults.user, _limits),
        premium=reader.get("RATE_LIMIT_PREMIUM", defaults.premium, _limits),
        login=reader.get("RATE_LIMIT_LOGIN", defaults.login, _limits),
        trusted_proxies=reader.get("TRUSTED_PROXIES", (), _networks),
    )


def _on_off(raw: str) -> bool:
    value = raw.strip().lower()
    if value in ("on", "true", "1"):
        return True
    if value in ("off", "false", "0"):
        return False
    raise ValueError(f"expected on or off, got {raw!r}")


def _limits(raw: str) -> Limits:
    try:
        return tuple(parse_many(raw))
    except ValueError:
        raise ValueError(
            f"expected limits like 100/minute or 5/minute;20/hour, got {raw!r}"
        ) from None


def _storage_url(raw: str) -> str:
    if raw.startswith(STORAGE_SCHEMES):
        return raw
    raise ValueError("expected memory:// or redis://[:password@]host:port[/db]")


def _strategy(raw: str) -> Strategy:
    try:
        return Strategy(raw.strip().lower())
    except ValueError:
        raise ValueError(f"expected one of {', '.join(Strategy)}, got {raw!r}") from None


def _networks(raw: str) -> tuple[Network, ...]:
    """Comma-separated addresses or networks (CIDR) of the reverse proxies in front."""
    try:
        return tuple(
            ipaddress.ip_network(p.strip(), strict=False) for p in raw.split(",") if p.strip()
        )
    except ValueError:
        raise ValueError(
            f"expected addresses or networks like 10.0.0.1,10.1.0.0/16, got {raw!r}"
        ) from None
