"""Errors of the storage layer; the web layer maps each to an HTTP status and error code."""

from __future__ import annotations

from typing import Any


class StorageError(Exception):
    """Root of the errors raised by storage queries."""

    def __init__(self, message: str, **details: Any) -> None:
        super().__init__(message)
        self.message = message
        self.details = details

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
        super().__init__(f"{kind.capitalize()} not found", id=object_id)
        self.kind = kind


class InvalidCredentials(StorageError):
    """Raised when a username and password do not match an account."""


class AccountDisabled(StorageError):
    """Raised when a disabled account tries to authenticate."""


class TokenRevoked(StorageError):
    """Raised when a refresh token is unknown, expired, revoked or replayed."""


class PermissionDenied(StorageError):
    """Raised when the caller's role (global or in a project) lacks a needed permission."""

    def __init__(self, message: str, code: str = "AUTH_INSUFFICIENT_PERMISSIONS", **details: Any):
        super().__init__(message, **details)
        self.code = code


class Invalid(StorageError):
    """Raised when a value is well-formed but breaks a domain rule (names the field)."""

    def __init__(self, field: str, issue: str, code: str = "VALIDATION_ERROR") -> None:
        super().__init__(f"{field}: {issue}", field=field, issue=issue)
        self.code = code


class Conflict(StorageError):
    """Raised when an operation conflicts with the object's current state."""

    def __init__(self, code: str, message: str, **details: Any) -> None:
        super().__init__(message, **details)
        self.code = code


class LimitExceeded(StorageError):
    """Raised when a configured per-user limit (such as concurrent commands) is reached."""
