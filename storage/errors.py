"""Errors of the storage layer, each with its error code; the web layer adds the HTTP status."""

from __future__ import annotations

from typing import Any

from storage.error_codes import ErrorCode

_NOT_FOUND_CODES = {"task": ErrorCode.TASK_NOT_FOUND, "project": ErrorCode.PROJECT_NOT_FOUND}


class StorageError(Exception):
    """Root of the errors raised by storage queries."""

    code = ErrorCode.VALIDATION_ERROR

    def __init__(self, message: str, *, code: ErrorCode | None = None, **details: Any) -> None:
        super().__init__(message)
        self.message = message
        self.details = details
        if code is not None:
            self.code = code  # else the class's

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickle by state: subclasses' __init__ signatures differ (actors send these back)."""
        return (_restore, (type(self), self.args, self.__dict__))


def _restore(cls: type[StorageError], args: tuple[Any, ...], state: dict[str, Any]) -> Any:
    error = cls.__new__(cls)
    error.args = args
    error.__dict__.update(state)
    return error


class NotFound(StorageError):
    """Raised when an object does not exist or the caller may not see it."""

    def __init__(self, kind: str, object_id: str) -> None:
        code = _NOT_FOUND_CODES.get(kind, ErrorCode.RESOURCE_NOT_FOUND)
        super().__init__(f"{kind.capitalize()} not found", code=code, id=object_id)
        self.kind = kind


class InvalidCredentials(StorageError):
    """Raised when a username and password do not match an account."""

    code = ErrorCode.AUTH_INVALID_CREDENTIALS


class AccountDisabled(StorageError):
    """Raised when a disabled account tries to authenticate."""

    code = ErrorCode.AUTH_ACCOUNT_DISABLED


class TokenRevoked(StorageError):
    """Raised when a refresh token is unknown, expired, revoked or replayed."""

    code = ErrorCode.AUTH_TOKEN_INVALID


class PermissionDenied(StorageError):
    """Raised when the caller's role (global or in a project) lacks a needed permission."""

    code = ErrorCode.AUTH_INSUFFICIENT_PERMISSIONS


class Invalid(StorageError):
    """Raised when a value is well-formed but breaks a domain rule (names the field)."""

    def __init__(
        self, field: str, issue: str, code: ErrorCode = ErrorCode.VALIDATION_ERROR
    ) -> None:
        super().__init__(f"{field}: {issue}", code=code, field=field, issue=issue)


class Conflict(StorageError):
    """Raised when an operation conflicts with the object's current state."""

    def __init__(self, code: ErrorCode, message: str, **details: Any) -> None:
        super().__init__(message, code=code, **details)


class LimitExceeded(StorageError):
    """Raised when a configured per-user limit (such as concurrent commands) is reached."""

    code = ErrorCode.RESOURCE_LIMIT_EXCEEDED
