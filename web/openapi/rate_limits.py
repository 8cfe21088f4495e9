"""How /openapi.json documents the rate limits (API.md, Rate Limiting) every response shows."""

from __future__ import annotations

from typing import Any

RATE_LIMITS = (
    "Rate limits (API.md, Rate Limiting): 100 requests a minute per client address without a "
    "valid token (RATE_LIMIT_ANONYMOUS), 200 a minute per user (RATE_LIMIT_USER), 500 for the "
    "premium role (RATE_LIMIT_PREMIUM); failed logins are throttled per address and per username "
    "(RATE_LIMIT_LOGIN); 50 concurrent WebSockets per user. Every response carries "
    "X-RateLimit-Limit, -Remaining, -Reset and -Window; past a limit the answer is 429 "
    "RATE_LIMIT_EXCEEDED with details {limit, window, reset_at} and Retry-After."
)


def _integer(description: str) -> dict[str, Any]:
    return {"description": description, "schema": {"type": "integer"}}


RATE_LIMIT_HEADERS: dict[str, Any] = {
    "X-RateLimit-Limit": _integer("Requests allowed in the window"),
    "X-RateLimit-Remaining": _integer("Requests left in the window after this one"),
    "X-RateLimit-Reset": _integer("When the window has room again (Unix time, seconds)"),
    "X-RateLimit-Window": _integer("The window's length in seconds"),
    "Retry-After": _integer("Seconds to wait before trying again (429 only)"),
}
ON_EVERY_RESPONSE = tuple(name for name in RATE_LIMIT_HEADERS if name != "Retry-After")
ON_ERRORS = (*ON_EVERY_RESPONSE, "Retry-After")


def header_refs(names: tuple[str, ...]) -> dict[str, Any]:
    """Response headers pointing at their definitions in components/headers."""
    return {name: {"$ref": f"#/components/headers/{name}"} for name in names}
