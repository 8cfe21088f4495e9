"""JWT access and refresh tokens (HS256, algorithm pinned on decode)."""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

import jwt

from config import Settings
from storage.models import RefreshToken, User, new_id
from web.http.errors import TokenInvalid

ALGORITHM = "HS256"
ACCESS, REFRESH = "access", "refresh"
PAGE = "page"  # the browser's page-session cookie (web.http.page_session)
VERIFIED_TOKENS = 4096  # tokens whose verified claims are remembered, until they expire
_verified: dict[tuple[str, str], dict[str, Any]] = {}


def issue_access(settings: Settings, user: User, issued_at: dt.datetime | None = None) -> str:
    """An access token; issued_at (naive UTC, default now) backdates it to when its login was
    granted, so that a password change committed after that moment refuses it. Its `role` claim
    chooses the caller's rate limit without a database lookup (permissions are looked up)."""
    claims = {"sub": user.id, "typ": ACCESS, "jti": new_id(), "role": user.role}
    return _encode(settings, claims, settings.access_token_ttl, issued_at)


def granted_at(claims: dict[str, Any]) -> dt.datetime:
    """When the grant behind verified claims was made (their iat), as naive UTC."""
    return dt.datetime.fromtimestamp(float(claims["iat"]), dt.UTC).replace(tzinfo=None)


def issue_refresh(settings: Settings, token: RefreshToken) -> str:
    return _encode(
        settings,
        {"sub": token.user_id, "typ": REFRESH, "jti": token.id, "fam": token.family_id},
        settings.refresh_token_ttl,
    )


def issue_page(settings: Settings, login: dict[str, Any], role: str) -> str:
    """A page session's token over a login's verified refresh claims: it names that login's row
    (jti) and family, lasts as long, and like an access token carries the `role` claim that the
    rate limits and the maintenance switch read."""
    claims = {"sub": login["sub"], "typ": PAGE, "jti": login["jti"], "fam": login["fam"]}
    return _encode(settings, {**claims, "role": role}, settings.refresh_token_ttl)


def decode(settings: Settings, token: str, *kinds: str) -> dict[str, Any]:
    """Verified claims of a token of one of the given kinds; anything else is AUTH_TOKEN_INVALID.

    A token verified before is not verified again until it expires (each request carries the
    same token: its signature check was a tenth of a list request's time). Only verified
    tokens are remembered, under their exact text and the secret that verified them.
    """
    key = (settings.jwt_secret, token)
    claims = _verified.get(key)
    if claims is None or time.time() >= claims["exp"]:
        claims = _verify(settings, token)
        if len(_verified) >= VERIFIED_TOKENS:
            _verified.clear()
        _verified[key] = claims
    if claims.get("typ") not in kinds:
        article = "an" if kinds[0] == ACCESS else "a"
        raise TokenInvalid(f"Expected {article} {' or '.join(kinds)} token")
    return dict(claims)


def _verify(settings: Settings, token: str) -> dict[str, Any]:
    try:
        return jwt.decode(
            token,
            settings.jwt_secret,
            algorithms=[ALGORITHM],
            options={"require": ["exp", "iat", "sub", "jti"]},
        )
    except jwt.ExpiredSignatureError:
        raise TokenInvalid("Token has expired") from None
    except jwt.PyJWTError:
        raise TokenInvalid("Token is invalid") from None


def issued_before(claims: dict[str, Any], moment: dt.datetime | None) -> bool:
    """Whether verified claims were issued before a naive-UTC moment (None: never)."""
    return moment is not None and float(claims["iat"]) < moment.replace(tzinfo=dt.UTC).timestamp()


def _encode(
    settings: Settings, claims: dict[str, Any], ttl: int, issued_at: dt.datetime | None = None
) -> str:
    now = dt.datetime.now(dt.UTC)
    issued = now if issued_at is None else issued_at.replace(tzinfo=dt.UTC)
    # iat keeps its microseconds (RFC 7519 allows a fractional NumericDate), so a token issued
    # just after a password change is told apart from one issued just before it; the lifetime
    # counts from now, however far back iat is dated
    payload = {**claims, "iat": issued.timestamp(), "exp": now + dt.timedelta(seconds=ttl)}
    return jwt.encode(payload, settings.jwt_secret, algorithm=ALGORITHM)
