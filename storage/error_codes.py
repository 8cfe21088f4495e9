"""The API's error codes (API.md, Error Codes), each with the HTTP status it is answered with.

One catalogue for every layer: storage raises with these codes, the runtime records them on
executions, and only the web layer turns them into responses (status from this table).
"""

from __future__ import annotations

from enum import StrEnum


class ErrorCode(StrEnum):
    """A code and its HTTP status: `ErrorCode.TASK_NOT_FOUND.status == 404`."""

    status: int

    def __new__(cls, code: str, status: int) -> ErrorCode:
        member = str.__new__(cls, code)
        member._value_ = code
        member.status = status
        return member

    # authentication
    AUTH_TOKEN_INVALID = "AUTH_TOKEN_INVALID", 401
    AUTH_TOKEN_MISSING = "AUTH_TOKEN_MISSING", 401
    AUTH_INVALID_CREDENTIALS = "AUTH_INVALID_CREDENTIALS", 401
    AUTH_INSUFFICIENT_PERMISSIONS = "AUTH_INSUFFICIENT_PERMISSIONS", 403
    AUTH_ACCOUNT_DISABLED = "AUTH_ACCOUNT_DISABLED", 403
    # a write authenticated by the page-session cookie without its CSRF token (X-CSRF-Token)
    AUTH_CSRF_TOKEN_INVALID = "AUTH_CSRF_TOKEN_INVALID", 403
    # validation
    VALIDATION_ERROR = "VALIDATION_ERROR", 422
    VALIDATION_REQUIRED_FIELD = "VALIDATION_REQUIRED_FIELD", 422
    VALIDATION_INVALID_FORMAT = "VALIDATION_INVALID_FORMAT", 422
    VALIDATION_VALUE_TOO_LONG = "VALIDATION_VALUE_TOO_LONG", 422
    VALIDATION_VALUE_TOO_SHORT = "VALIDATION_VALUE_TOO_SHORT", 422
    # resources
    RESOURCE_NOT_FOUND = "RESOURCE_NOT_FOUND", 404
    RESOURCE_ALREADY_EXISTS = "RESOURCE_ALREADY_EXISTS", 409
    RESOURCE_IN_USE = "RESOURCE_IN_USE", 409
    RESOURCE_LIMIT_EXCEEDED = "RESOURCE_LIMIT_EXCEEDED", 429
    METHOD_NOT_ALLOWED = "METHOD_NOT_ALLOWED", 405
    PAYLOAD_TOO_LARGE = "PAYLOAD_TOO_LARGE", 413
    # tasks
    TASK_NOT_FOUND = "TASK_NOT_FOUND", 404
    TASK_ALREADY_RUNNING = "TASK_ALREADY_RUNNING", 409
    TASK_NOT_RUNNING = "TASK_NOT_RUNNING", 409
    TASK_NOT_RETRYABLE = "TASK_NOT_RETRYABLE", 409
    TASK_DEPENDENCY_NOT_MET = "TASK_DEPENDENCY_NOT_MET", 409
    TASK_EXECUTION_FAILED = "TASK_EXECUTION_FAILED", 500
    TASK_TIMEOUT = "TASK_TIMEOUT", 504
    TASK_CANCELLED = "TASK_CANCELLED", 409
    TASK_NO_SESSION = "TASK_NO_SESSION", 409  # continue asked, but no execution has a session
    # projects
    PROJECT_NOT_FOUND = "PROJECT_NOT_FOUND", 404
    PROJECT_ACCESS_DENIED = "PROJECT_ACCESS_DENIED", 403
    PROJECT_ARCHIVED = "PROJECT_ARCHIVED", 409
    PROJECT_LIMIT_EXCEEDED = "PROJECT_LIMIT_EXCEEDED", 409
    PROJECT_NOT_A_REPOSITORY = "PROJECT_NOT_A_REPOSITORY", 409  # worktree isolation needs git
    # sessions and commands
    SESSION_NOT_ACTIVE = "SESSION_NOT_ACTIVE", 409
    COMMAND_UNSAFE = "COMMAND_UNSAFE", 403
    COMMAND_NOT_RUNNING = "COMMAND_NOT_RUNNING", 409
    # the server runs without a sandbox and refuses non-admins' commands (not a retryable 503:
    # it lasts until the operator installs bubblewrap or sets ALLOW_UNSANDBOXED)
    SANDBOX_UNAVAILABLE = "SANDBOX_UNAVAILABLE", 403
    # webhooks
    WEBHOOK_URL_REFUSED = "WEBHOOK_URL_REFUSED", 422  # not http(s), or not a public address
    WEBHOOK_INACTIVE = "WEBHOOK_INACTIVE", 409
    # system
    SYSTEM_MAINTENANCE = "SYSTEM_MAINTENANCE", 503
    SYSTEM_OVERLOADED = "SYSTEM_OVERLOADED", 503
    DATABASE_ERROR = "DATABASE_ERROR", 503
    QUEUE_FULL = "QUEUE_FULL", 503
    RATE_LIMIT_EXCEEDED = "RATE_LIMIT_EXCEEDED", 429
    WEBSOCKET_CONNECTION_FAILED = "WEBSOCKET_CONNECTION_FAILED", 503
    WEBSOCKET_ORIGIN_REFUSED = "WEBSOCKET_ORIGIN_REFUSED", 403
    SUBSCRIPTION_REVOKED = "SUBSCRIPTION_REVOKED", 403  # WebSocket only: a grant was withdrawn
    INTERNAL_ERROR = "INTERNAL_ERROR", 500
