"""One exception per error code of the API (catch TaskNotFound, ...).

Generated from the OpenAPI document of API 1.0.0 by sdk/python/codegen/generate.py:
do not edit, regenerate."""

from __future__ import annotations

from typing import ClassVar

from claude_cli_sdk._errors import (
    ApiError,
    ClaudeCliError,
    RequestTimeout,
    TransportError,
    WebhookVerificationError,
    WebSocketClosed,
)


class AuthTokenInvalid(ApiError):
    """The API answered AUTH_TOKEN_INVALID."""

    CODE: ClassVar[str | None] = "AUTH_TOKEN_INVALID"


class AuthTokenMissing(ApiError):
    """The API answered AUTH_TOKEN_MISSING."""

    CODE: ClassVar[str | None] = "AUTH_TOKEN_MISSING"


class AuthInvalidCredentials(ApiError):
    """The API answered AUTH_INVALID_CREDENTIALS."""

    CODE: ClassVar[str | None] = "AUTH_INVALID_CREDENTIALS"


class AuthInsufficientPermissions(ApiError):
    """The API answered AUTH_INSUFFICIENT_PERMISSIONS."""

    CODE: ClassVar[str | None] = "AUTH_INSUFFICIENT_PERMISSIONS"


class AuthAccountDisabled(ApiError):
    """The API answered AUTH_ACCOUNT_DISABLED."""

    CODE: ClassVar[str | None] = "AUTH_ACCOUNT_DISABLED"


class AuthCsrfTokenInvalid(ApiError):
    """The API answered AUTH_CSRF_TOKEN_INVALID."""

    CODE: ClassVar[str | None] = "AUTH_CSRF_TOKEN_INVALID"


class ValidationError(ApiError):
    """The API answered VALIDATION_ERROR."""

    CODE: ClassVar[str | None] = "VALIDATION_ERROR"


class ValidationRequiredField(ApiError):
    """The API answered VALIDATION_REQUIRED_FIELD."""

    CODE: ClassVar[str | None] = "VALIDATION_REQUIRED_FIELD"


class ValidationInvalidFormat(ApiError):
    """The API answered VALIDATION_INVALID_FORMAT."""

    CODE: ClassVar[str | None] = "VALIDATION_INVALID_FORMAT"


class ValidationValueTooLong(ApiError):
    """The API answered VALIDATION_VALUE_TOO_LONG."""

    CODE: ClassVar[str | None] = "VALIDATION_VALUE_TOO_LONG"


class ValidationValueTooShort(ApiError):
    """The API answered VALIDATION_VALUE_TOO_SHORT."""

    CODE: ClassVar[str | None] = "VALIDATION_VALUE_TOO_SHORT"


class ResourceNotFound(ApiError):
    """The API answered RESOURCE_NOT_FOUND."""

    CODE: ClassVar[str | None] = "RESOURCE_NOT_FOUND"


class ResourceAlreadyExists(ApiError):
    """The API answered RESOURCE_ALREADY_EXISTS."""

    CODE: ClassVar[str | None] = "RESOURCE_ALREADY_EXISTS"


class ResourceInUse(ApiError):
    """The API answered RESOURCE_IN_USE."""

    CODE: ClassVar[str | None] = "RESOURCE_IN_USE"


class ResourceLimitExceeded(ApiError):
    """The API answered RESOURCE_LIMIT_EXCEEDED."""

    CODE: ClassVar[str | None] = "RESOURCE_LIMIT_EXCEEDED"


class MethodNotAllowed(ApiError):
    """The API answered METHOD_NOT_ALLOWED."""

    CODE: ClassVar[str | None] = "METHOD_NOT_ALLOWED"


class PayloadTooLarge(ApiError):
    """The API answered PAYLOAD_TOO_LARGE."""

    CODE: ClassVar[str | None] = "PAYLOAD_TOO_LARGE"


class TaskNotFound(ApiError):
    """The API answered TASK_NOT_FOUND."""

    CODE: ClassVar[str | None] = "TASK_NOT_FOUND"


class TaskAlreadyRunning(ApiError):
    """The API answered TASK_ALREADY_RUNNING."""

    CODE: ClassVar[str | None] = "TASK_ALREADY_RUNNING"


class TaskNotRunning(ApiError):
    """The API answered TASK_NOT_RUNNING."""

    CODE: ClassVar[str | None] = "TASK_NOT_RUNNING"


class TaskNotRetryable(ApiError):
    """The API answered TASK_NOT_RETRYABLE."""

    CODE: ClassVar[str | None] = "TASK_NOT_RETRYABLE"


class TaskDependencyNotMet(ApiError):
    """The API answered TASK_DEPENDENCY_NOT_MET."""

    CODE: ClassVar[str | None] = "TASK_DEPENDENCY_NOT_MET"


class TaskExecutionFailed(ApiError):
    """The API answered TASK_EXECUTION_FAILED."""

    CODE: ClassVar[str | None] = "TASK_EXECUTION_FAILED"


class TaskTimeout(ApiError):
    """The API answered TASK_TIMEOUT."""

    CODE: ClassVar[str | None] = "TASK_TIMEOUT"


class TaskCancelled(ApiError):
    """The API answered TASK_CANCELLED."""

    CODE: ClassVar[str | None] = "TASK_CANCELLED"


class TaskNoSession(ApiError):
    """The API answered TASK_NO_SESSION."""

    CODE: ClassVar[str | None] = "TASK_NO_SESSION"


class ProjectNotFound(ApiError):
    """The API answered PROJECT_NOT_FOUND."""

    CODE: ClassVar[str | None] = "PROJECT_NOT_FOUND"


class ProjectAccessDenied(ApiError):
    """The API answered PROJECT_ACCESS_DENIED."""

    CODE: ClassVar[str | None] = "PROJECT_ACCESS_DENIED"


class ProjectArchived(ApiError):
    """The API answered PROJECT_ARCHIVED."""

    CODE: ClassVar[str | None] = "PROJECT_ARCHIVED"


class ProjectLimitExceeded(ApiError):
    """The API answered PROJECT_LIMIT_EXCEEDED."""

    CODE: ClassVar[str | None] = "PROJECT_LIMIT_EXCEEDED"


class ProjectNotARepository(ApiError):
    """The API answered PROJECT_NOT_A_REPOSITORY."""

    CODE: ClassVar[str | None] = "PROJECT_NOT_A_REPOSITORY"


class SessionNotActive(ApiError):
    """The API answered SESSION_NOT_ACTIVE."""

    CODE: ClassVar[str | None] = "SESSION_NOT_ACTIVE"


class CommandUnsafe(ApiError):
    """The API answered COMMAND_UNSAFE."""

    CODE: ClassVar[str | None] = "COMMAND_UNSAFE"


class CommandNotRunning(ApiError):
    """The API answered COMMAND_NOT_RUNNING."""

    CODE: ClassVar[str | None] = "COMMAND_NOT_RUNNING"


class SandboxUnavailable(ApiError):
    """The API answered SANDBOX_UNAVAILABLE."""

    CODE: ClassVar[str | None] = "SANDBOX_UNAVAILABLE"


class WebhookUrlRefused(ApiError):
    """The API answered WEBHOOK_URL_REFUSED."""

    CODE: ClassVar[str | None] = "WEBHOOK_URL_REFUSED"


class WebhookInactive(ApiError):
    """The API answered WEBHOOK_INACTIVE."""

    CODE: ClassVar[str | None] = "WEBHOOK_INACTIVE"


class SystemMaintenance(ApiError):
    """The API answered SYSTEM_MAINTENANCE."""

    CODE: ClassVar[str | None] = "SYSTEM_MAINTENANCE"


class SystemOverloaded(ApiError):
    """The API answered SYSTEM_OVERLOADED."""

    CODE: ClassVar[str | None] = "SYSTEM_OVERLOADED"


class DatabaseError(ApiError):
    """The API answered DATABASE_ERROR."""

    CODE: ClassVar[str | None] = "DATABASE_ERROR"


class QueueFull(ApiError):
    """The API answered QUEUE_FULL."""

    CODE: ClassVar[str | None] = "QUEUE_FULL"


class RateLimitExceeded(ApiError):
    """The API answered RATE_LIMIT_EXCEEDED."""

    CODE: ClassVar[str | None] = "RATE_LIMIT_EXCEEDED"


class WebsocketConnectionFailed(ApiError):
    """The API answered WEBSOCKET_CONNECTION_FAILED."""

    CODE: ClassVar[str | None] = "WEBSOCKET_CONNECTION_FAILED"


class WebsocketOriginRefused(ApiError):
    """The API answered WEBSOCKET_ORIGIN_REFUSED."""

    CODE: ClassVar[str | None] = "WEBSOCKET_ORIGIN_REFUSED"


class SubscriptionRevoked(ApiError):
    """The API answered SUBSCRIPTION_REVOKED."""

    CODE: ClassVar[str | None] = "SUBSCRIPTION_REVOKED"


class InternalError(ApiError):
    """The API answered INTERNAL_ERROR."""

    CODE: ClassVar[str | None] = "INTERNAL_ERROR"


BY_CODE: dict[str, type[ApiError]] = {
    AuthTokenInvalid.CODE or "": AuthTokenInvalid,
    AuthTokenMissing.CODE or "": AuthTokenMissing,
    AuthInvalidCredentials.CODE or "": AuthInvalidCredentials,
    AuthInsufficientPermissions.CODE or "": AuthInsufficientPermissions,
    AuthAccountDisabled.CODE or "": AuthAccountDisabled,
    AuthCsrfTokenInvalid.CODE or "": AuthCsrfTokenInvalid,
    ValidationError.CODE or "": ValidationError,
    ValidationRequiredField.CODE or "": ValidationRequiredField,
    ValidationInvalidFormat.CODE or "": ValidationInvalidFormat,
    ValidationValueTooLong.CODE or "": ValidationValueTooLong,
    ValidationValueTooShort.CODE or "": ValidationValueTooShort,
    ResourceNotFound.CODE or "": ResourceNotFound,
    ResourceAlreadyExists.CODE or "": ResourceAlreadyExists,
    ResourceInUse.CODE or "": ResourceInUse,
    ResourceLimitExceeded.CODE or "": ResourceLimitExceeded,
    MethodNotAllowed.CODE or "": MethodNotAllowed,
    PayloadTooLarge.CODE or "": PayloadTooLarge,
    TaskNotFound.CODE or "": TaskNotFound,
    TaskAlreadyRunning.CODE or "": TaskAlreadyRunning,
    TaskNotRunning.CODE or "": TaskNotRunning,
    TaskNotRetryable.CODE or "": TaskNotRetryable,
    TaskDependencyNotMet.CODE or "": TaskDependencyNotMet,
    TaskExecutionFailed.CODE or "": TaskExecutionFailed,
    TaskTimeout.CODE or "": TaskTimeout,
    TaskCancelled.CODE or "": TaskCancelled,
    TaskNoSession.CODE or "": TaskNoSession,
    ProjectNotFound.CODE or "": ProjectNotFound,
    ProjectAccessDenied.CODE or "": ProjectAccessDenied,
    ProjectArchived.CODE or "": ProjectArchived,
    ProjectLimitExceeded.CODE or "": ProjectLimitExceeded,
    ProjectNotARepository.CODE or "": ProjectNotARepository,
    SessionNotActive.CODE or "": SessionNotActive,
    CommandUnsafe.CODE or "": CommandUnsafe,
    CommandNotRunning.CODE or "": CommandNotRunning,
    SandboxUnavailable.CODE or "": SandboxUnavailable,
    WebhookUrlRefused.CODE or "": WebhookUrlRefused,
    WebhookInactive.CODE or "": WebhookInactive,
    SystemMaintenance.CODE or "": SystemMaintenance,
    SystemOverloaded.CODE or "": SystemOverloaded,
    DatabaseError.CODE or "": DatabaseError,
    QueueFull.CODE or "": QueueFull,
    RateLimitExceeded.CODE or "": RateLimitExceeded,
    WebsocketConnectionFailed.CODE or "": WebsocketConnectionFailed,
    WebsocketOriginRefused.CODE or "": WebsocketOriginRefused,
    SubscriptionRevoked.CODE or "": SubscriptionRevoked,
    InternalError.CODE or "": InternalError,
}

__all__ = [
    "ApiError",
    "AuthAccountDisabled",
    "AuthCsrfTokenInvalid",
    "AuthInsufficientPermissions",
    "AuthInvalidCredentials",
    "AuthTokenInvalid",
    "AuthTokenMissing",
    "BY_CODE",
    "ClaudeCliError",
    "CommandNotRunning",
    "CommandUnsafe",
    "DatabaseError",
    "InternalError",
    "MethodNotAllowed",
    "PayloadTooLarge",
    "ProjectAccessDenied",
    "ProjectArchived",
    "ProjectLimitExceeded",
    "ProjectNotARepository",
    "ProjectNotFound",
    "QueueFull",
    "RateLimitExceeded",
    "RequestTimeout",
    "ResourceAlreadyExists",
    "ResourceInUse",
    "ResourceLimitExceeded",
    "ResourceNotFound",
    "SandboxUnavailable",
    "SessionNotActive",
    "SubscriptionRevoked",
    "SystemMaintenance",
    "SystemOverloaded",
    "TaskAlreadyRunning",
    "TaskCancelled",
    "TaskDependencyNotMet",
    "TaskExecutionFailed",
    "TaskNoSession",
    "TaskNotFound",
    "TaskNotRetryable",
    "TaskNotRunning",
    "TaskTimeout",
    "TransportError",
    "ValidationError",
    "ValidationInvalidFormat",
    "ValidationRequiredField",
    "ValidationValueTooLong",
    "ValidationValueTooShort",
    "WebSocketClosed",
    "WebhookInactive",
    "WebhookUrlRefused",
    "WebhookVerificationError",
    "WebsocketConnectionFailed",
    "WebsocketOriginRefused",
]
