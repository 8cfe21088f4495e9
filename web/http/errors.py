"""Errors of the web layer: each knows its HTTP status and the seed's error code."""

from __future__ import annotations

from typing import Any


class ApiError(Exception):
    """Raised by handlers and middlewares; rendered as the seed's error envelope."""

    status = 400
    code = "VALIDATION_ERROR"

    def __init__(
        self,
        message: str,
        details: dict[str, Any] | None = None,
        *,
        code: str | None = None,
        status: int | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.details = details or {}
        if code is not None:
            self.code = code
        if status is not None:
            self.status = status


class ValidationFailed(ApiError):
    """Raised when request data does not match its schema (422 unless malformed)."""

    status = 422


class TokenMissing(ApiError):
    """Raised when a protected endpoint is called without a bearer token."""

    status, code = 401, "AUTH_TOKEN_MISSING"


class TokenInvalid(ApiError):
    """Raised when a token is malformed, tampered, expired or of the wrong kind."""

    status, code = 401, "AUTH_TOKEN_INVALID"


class Forbidden(ApiError):
    """Raised when the caller's role lacks the endpoint's permission."""

    status, code = 403, "AUTH_INSUFFICIENT_PERMISSIONS"


class ServiceUnavailable(ApiError):
    """Raised when a dependency (database, actor system) cannot serve the request."""

    status, code = 503, "SYSTEM_OVERLOADED"
