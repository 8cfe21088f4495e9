"""The SDK's root exceptions; `errors` adds one ApiError subclass per error code of the API."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar


class ClaudeCliError(Exception):
    """Root of every exception the SDK raises."""


class ApiError(ClaudeCliError):
    """Raised when the API answers an error envelope (or a non-2xx without one).

    `code` is the API's error code (`TASK_NOT_FOUND`; None when the answer had no envelope),
    `status` the HTTP status (WebSocket errors: 0), `details` the error's details,
    `retry_after` the seconds the server asked to wait (`Retry-After`), `request_id` the
    server's id of the request (meta.request_id or X-Request-ID).
    """

    CODE: ClassVar[str | None] = None

    def __init__(
        self,
        message: str,
        *,
        code: str | None = None,
        status: int = 0,
        details: Mapping[str, Any] | None = None,
        retry_after: float | None = None,
        request_id: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.code = code if code is not None else self.CODE
        self.status = status
        self.details: dict[str, Any] = dict(details or {})
        self.retry_after = retry_after
        self.request_id = request_id

    def __str__(self) -> str:
        where = f"HTTP {self.status} " if self.status else ""
        return f"{where}{self.code or 'error'}: {self.message}"


class TransportError(ClaudeCliError):
    """Raised when no answer came: the connection failed or broke."""


class RequestTimeout(TransportError):
    """Raised when the server did not answer within the client's timeout."""


class WebSocketClosed(ClaudeCliError):
    """Raised when a socket closed for good (or could not reconnect); `code` is the close code
    (4401 authentication, 4404 no such session, 4409 session closed or expired, ...)."""

    def __init__(self, message: str, code: int | None = None) -> None:
        super().__init__(message)
        self.code = code


class WebhookVerificationError(ClaudeCliError):
    """Raised when a delivery's signatures do not match its body, or it is too old."""
