"""Cross-cutting request handling: every outcome leaves in the error envelope."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from aiohttp import web
from peewee import DatabaseError, OperationalError

from storage import errors as storage_errors
from storage.database import BUSY, lock_timed_out
from storage.error_codes import ErrorCode
from web.http.envelope import failure
from web.http.errors import ApiError
from web.keys import page_errors_key

log = logging.getLogger(__name__)

_HTTP_CODES = {
    400: ErrorCode.VALIDATION_ERROR,
    401: ErrorCode.AUTH_TOKEN_MISSING,
    403: ErrorCode.AUTH_INSUFFICIENT_PERMISSIONS,
    404: ErrorCode.RESOURCE_NOT_FOUND,
    405: ErrorCode.METHOD_NOT_ALLOWED,
    409: ErrorCode.RESOURCE_ALREADY_EXISTS,
    413: ErrorCode.PAYLOAD_TOO_LARGE,
    422: ErrorCode.VALIDATION_ERROR,
    429: ErrorCode.RATE_LIMIT_EXCEEDED,
}
# the HTTP status of each storage error (its code comes with it)
_STORAGE_STATUSES: tuple[tuple[type[storage_errors.StorageError], int], ...] = (
    (storage_errors.NotFound, 404),
    (storage_errors.Conflict, 409),
    (storage_errors.InvalidCredentials, 401),
    (storage_errors.AccountDisabled, 403),
    (storage_errors.TokenRevoked, 401),
    (storage_errors.PermissionDenied, 403),
    (storage_errors.Invalid, 422),
    (storage_errors.LimitExceeded, 429),
)
_WITHOUT_DETAILS = (
    storage_errors.InvalidCredentials,
    storage_errors.AccountDisabled,
    storage_errors.TokenRevoked,
)


def storage_error(exc: storage_errors.StorageError) -> ApiError:
    """The one place where storage's errors get their HTTP status."""
    status = next((s for kind, s in _STORAGE_STATUSES if isinstance(exc, kind)), 400)
    details = {} if isinstance(exc, _WITHOUT_DETAILS) else exc.details
    return ApiError(exc.message, details, code=exc.code, status=status)


@web.middleware
async def envelope_middleware(
    request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
) -> web.StreamResponse:
    """Every outcome, including framework errors and crashes, leaves in the envelope."""
    try:
        return await handler(request)
    except Exception as exc:
        error = api_error(request, exc)
        page = request.app.get(page_errors_key)
        shown = page(request, error) if page is not None else None
        if shown is not None:  # a web page's path: the error as a page
            return shown
        return failure(
            request, error.status, error.code, error.message, error.details, error.headers
        )


def api_error(request: web.Request, exc: Exception) -> ApiError:
    """Any exception as the API error it is answered with (redirects are re-raised)."""
    if isinstance(exc, storage_errors.StorageError):
        return storage_error(exc)
    if isinstance(exc, ApiError):
        return exc
    if isinstance(exc, web.HTTPException):
        if exc.status < 400:
            raise exc
        headers = {"Allow": exc.headers["Allow"]} if "Allow" in exc.headers else None
        code = _HTTP_CODES.get(exc.status, ErrorCode.INTERNAL_ERROR)
        return ApiError(exc.reason, code=code, status=exc.status, headers=headers)
    if isinstance(exc, OperationalError | DatabaseError):
        if lock_timed_out(exc):  # a stall, not a fault: the lock holder will let go
            log.warning("database busy on %s %s", request.method, request.path)
            return ApiError(BUSY, code=ErrorCode.DATABASE_ERROR, status=503)
        log.exception("database error on %s %s", request.method, request.path)
        return ApiError("Database operation failed", code=ErrorCode.DATABASE_ERROR, status=503)
    log.exception("unhandled error on %s %s", request.method, request.path)
    return ApiError("Internal server error", code=ErrorCode.INTERNAL_ERROR, status=500)
