"""Errors of the web layer: each carries its error code (API.md, Error Codes) and HTTP status."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from storage.error_codes import ErrorCode

if TYPE_CHECKING:
    from web.ratelimits.limiter import Verdict


class ApiError(Exception):
    """Raised by handlers and middlewares; rendered as the error envelope.

    The status is the one given, else the class's, else the code's in the catalogue.
    """

    http_status: ClassVar[int | None] = None
    code = ErrorCode.VALIDATION_ERROR

    def __init__(
        self,
        message: str,
        details: dict[str, Any] | None = None,
        *,
        code: ErrorCode | None = None,
        status: int | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.details = details or {}
        self.headers = headers or {}
        if code is not None:
            self.code = code
        self.status: int = status or self.http_status or self.code.status


class ValidationFailed(ApiError):
    """Raised when request data does not match its model (422 unless malformed)."""

    http_status = 422


class TokenMissing(ApiError):
    """Raised when a protected endpoint is called without a bearer token."""

    code = ErrorCode.AUTH_TOKEN_MISSING


class TokenInvalid(ApiError):
    """Raised when a token is malformed, tampered, expired or of the wrong kind."""

    code = ErrorCode.AUTH_TOKEN_INVALID


class Forbidden(ApiError):
    """Raised when the caller's role lacks the endpoint's permission."""

    code = ErrorCode.AUTH_INSUFFICIENT_PERMISSIONS


class ServiceUnavailable(ApiError):
    """Raised when a dependency (database, actor system) cannot serve the request."""

    code = ErrorCode.SYSTEM_OVERLOADED


class RateLimited(ApiError):
    """Raised when a caller is past a rate limit (API.md, Rate Limit Exceeded Response)."""

    code = ErrorCode.RATE_LIMIT_EXCEEDED

    def __init__(self, verdict: Verdict) -> None:
        super().__init__("Too many requests. Please try again later.", verdict.details())
        self.verdict = verdict
