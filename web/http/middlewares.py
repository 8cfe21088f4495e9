"""Cross-cutting request handling: the error envelope and authentication."""

from __future__ import annotations

import logging

from aiohttp import web
from peewee import DatabaseError, OperationalError

from storage import errors as storage_errors
from storage.accounts.users import get_active_user, permissions_of
from web.http.envelope import failure
from web.http.errors import ApiError, Forbidden, TokenInvalid, TokenMissing, ValidationFailed
from web.http.jwt_tokens import ACCESS, decode
from web.http.routing import Handler, endpoint_of
from web.keys import settings_key, user_key

log = logging.getLogger(__name__)

_HTTP_CODES = {
    400: "VALIDATION_ERROR",
    401: "AUTH_TOKEN_MISSING",
    403: "AUTH_INSUFFICIENT_PERMISSIONS",
    404: "RESOURCE_NOT_FOUND",
    405: "METHOD_NOT_ALLOWED",
    409: "RESOURCE_ALREADY_EXISTS",
    413: "PAYLOAD_TOO_LARGE",
    422: "VALIDATION_ERROR",
    429: "RATE_LIMIT_EXCEEDED",
}
_NOT_FOUND_CODES = {"task": "TASK_NOT_FOUND", "project": "PROJECT_NOT_FOUND"}


def storage_error(exc: storage_errors.StorageError) -> ApiError:
    """The one place where storage's errors become HTTP statuses and seed codes."""
    if isinstance(exc, storage_errors.NotFound):
        return ApiError(
            exc.message,
            exc.details,
            status=404,
            code=_NOT_FOUND_CODES.get(exc.kind, "RESOURCE_NOT_FOUND"),
        )
    if isinstance(exc, storage_errors.Conflict):
        return ApiError(exc.message, exc.details, status=409, code=exc.code)
    if isinstance(exc, storage_errors.InvalidCredentials):
        return ApiError(exc.message, status=401, code="AUTH_INVALID_CREDENTIALS")
    if isinstance(exc, storage_errors.AccountDisabled):
        return ApiError(exc.message, status=403, code="AUTH_ACCOUNT_DISABLED")
    if isinstance(exc, storage_errors.TokenRevoked):
        return TokenInvalid(exc.message)
    if isinstance(exc, storage_errors.PermissionDenied):
        return Forbidden(exc.message, exc.details, code=exc.code)
    if isinstance(exc, storage_errors.Invalid):
        return ValidationFailed(exc.message, exc.details, code=exc.code)
    if isinstance(exc, storage_errors.LimitExceeded):
        return ApiError(exc.message, exc.details, status=429, code="RESOURCE_LIMIT_EXCEEDED")
    return ApiError(exc.message, exc.details, status=400)


@web.middleware
async def envelope_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Every outcome, including framework errors and crashes, leaves in the seed's envelope."""
    try:
        return await handler(request)
    except ApiError as exc:
        return failure(request, exc.status, exc.code, exc.message, exc.details)
    except storage_errors.StorageError as exc:
        error = storage_error(exc)
        return failure(request, error.status, error.code, error.message, error.details)
    except web.HTTPException as exc:
        if exc.status < 400:
            raise
        headers = {"Allow": exc.headers["Allow"]} if "Allow" in exc.headers else None
        code = _HTTP_CODES.get(exc.status, "INTERNAL_ERROR")
        return failure(request, exc.status, code, exc.reason, headers=headers)
    except (OperationalError, DatabaseError):
        log.exception("database error on %s %s", request.method, request.path)
        return failure(request, 503, "DATABASE_ERROR", "Database operation failed")
    except Exception:
        log.exception("unhandled error on %s %s", request.method, request.path)
        return failure(request, 500, "INTERNAL_ERROR", "Internal server error")


@web.middleware
async def auth_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Endpoints are protected unless declared public; the permission comes from the role."""
    spec = endpoint_of(request)
    if spec is not None and spec.permission is not None:
        header = request.headers.get("Authorization", "")
        scheme, _, token = header.partition(" ")
        if not header:
            raise TokenMissing("Authorization header missing")
        if scheme.lower() != "bearer" or not token.strip():
            raise TokenInvalid("Authorization header must be 'Bearer <token>'")
        claims = decode(request.app[settings_key], token.strip(), ACCESS)
        try:
            user = get_active_user(claims["sub"])
        except storage_errors.NotFound:
            raise TokenInvalid("Token subject no longer exists") from None
        if spec.permission not in permissions_of(user.role):
            raise Forbidden(
                f"This operation needs the '{spec.permission}' permission",
                {"required": spec.permission, "role": user.role},
            )
        request[user_key] = user
    return await handler(request)
