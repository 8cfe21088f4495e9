"""An API error (HTTP answer or WebSocket `error` message) as the exception of its code."""

from __future__ import annotations

import datetime as dt
import email.utils
from collections.abc import Mapping
from typing import Any

import httpx

from claude_cli_sdk._errors import ApiError
from claude_cli_sdk.errors import BY_CODE


def api_error(
    code: str | None,
    message: str,
    *,
    status: int = 0,
    details: Mapping[str, Any] | None = None,
    retry_after: float | None = None,
    request_id: str | None = None,
) -> ApiError:
    """The exception of code (ApiError itself for a code this SDK does not know)."""
    kind = BY_CODE.get(code or "", ApiError)
    return kind(
        message,
        code=code,
        status=status,
        details=details,
        retry_after=retry_after,
        request_id=request_id,
    )


def from_response(response: httpx.Response) -> ApiError:
    """The error a non-2xx answer carries in its envelope (or one made of its status)."""
    retry_after = retry_after_of(response.headers.get("Retry-After"))
    request_id = response.headers.get("X-Request-ID")
    try:
        body = response.json()
        error = body["error"]
        code, message = str(error["code"]), str(error["message"])
        details = error.get("details") if isinstance(error.get("details"), dict) else None
        request_id = (body.get("meta") or {}).get("request_id", request_id)
    except (ValueError, KeyError, TypeError, AttributeError):
        code, message, details = None, response.reason_phrase or "error", None
    return api_error(
        code,
        message,
        status=response.status_code,
        details=details,
        retry_after=retry_after,
        request_id=request_id,
    )


def from_message(data: Mapping[str, Any]) -> ApiError:
    """The error of a WebSocket `error` message's data."""
    details = data.get("details")
    return api_error(
        str(data.get("code") or "") or None,
        str(data.get("message") or "error"),
        details=details if isinstance(details, dict) else None,
    )


def retry_after_of(value: str | None) -> float | None:
    """Retry-After in seconds: delta-seconds or an HTTP date."""
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, (when - dt.datetime.now(dt.UTC)).total_seconds())
