"""A client's credentials: the access token, the refresh token of its login, and when to renew.

Each change bumps `generation`, so that of several requests that find the token stale only
the first renews it (the others see the generation moved and retry with the new token): a
refresh token works once, and replaying it would end the login.
"""

from __future__ import annotations

import base64
import json
import time
from dataclasses import dataclass, field
from enum import Enum


class TokenUse(Enum):
    """Which credential an operation sends."""

    NONE = "none"  # public: health, login
    ACCESS = "access"  # the access token (renewed first when it is about to expire)
    REFRESH = "refresh"  # refresh and logout: the refresh token, else the access token


class TokenEffect(Enum):
    """What a successful answer does to the client's credentials."""

    NONE = "none"
    ADOPT = "adopt"  # login, refresh: the answer's tokens replace the client's
    DROP = "drop"  # logout: the login is over


@dataclass
class Credentials:
    """A username and password to log in with at the first request (dropped once used)."""

    username: str
    password: str = field(repr=False)


@dataclass
class Tokens:
    access: str | None = field(default=None, repr=False)
    refresh: str | None = field(default=None, repr=False)
    expires_at: float | None = None  # Unix time; None: unknown (never renewed early)
    credentials: Credentials | None = None
    generation: int = 0

    def __post_init__(self) -> None:
        if self.access is not None and self.expires_at is None:
            self.expires_at = expiry_of(self.access)

    def adopt(self, access: str, refresh: str | None, expires_in: float | None) -> None:
        """A new access token (and refresh token, when the answer rotated it)."""
        self.access = access
        if refresh is not None:
            self.refresh = refresh
        claimed = expiry_of(access)
        self.expires_at = claimed if claimed is not None else _after(expires_in)
        self.credentials = None
        self.generation += 1

    def drop(self) -> None:
        self.access = self.refresh = self.expires_at = None
        self.generation += 1

    def header(self, use: TokenUse) -> dict[str, str]:
        token = self.refresh or self.access if use is TokenUse.REFRESH else self.access
        if use is TokenUse.NONE or token is None:
            return {}
        return {"Authorization": f"Bearer {token}"}

    def stale(self, margin: float, now: float | None = None) -> bool:
        """True when the next request should renew first: a login is pending, or the access
        token expires within margin seconds and something can renew it."""
        if self.access is None:
            return self.credentials is not None
        moment = time.time() if now is None else now
        if self.expires_at is None or self.expires_at - margin > moment:
            return False
        # an access token renews itself while it is valid; past that only a refresh token can
        return self.refresh is not None or moment < self.expires_at

    @property
    def renewable(self) -> bool:
        return self.refresh is not None or self.credentials is not None or self.access is not None


def expiry_of(token: str) -> float | None:
    """The `exp` claim of a JWT, read without verifying it (the server does that)."""
    try:
        payload = token.split(".")[1]
        claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
        return float(claims["exp"])
    except (IndexError, KeyError, TypeError, ValueError):
        return None


def _after(seconds: float | None) -> float | None:
    return None if seconds is None else time.time() + seconds
