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
    except storage_errors.StorageError as exc:
        error = storage_error(exc)
        return failure(request, error.status, error.code, error.message, error.details)
    except ApiError as exc:
        return failure(request, exc.status, exc.code, exc.message, exc.details, exc.headers)
    except web.HTTPException as exc:
        if exc.status < 400:
            raise
        headers = {"Allow": exc.headers["Allow"]} if "Allow" in exc.headers else None
        code = _HTTP_CODES.get(exc.status, ErrorCode.INTERNAL_ERROR)
        return failure(request, exc.status, code, exc.reason, headers=headers)
    except (OperationalError, DatabaseError) as exc:
        if lock_timed_out(exc):  # a stall, not a fault: the lock holder will let go
            log.warning("database busy on %s %s", request.method, request.path)
            return failure(request, 503, ErrorCode.DATABASE_ERROR, BUSY)
        log.exception("database error on %s %s", request.method, request.path)
        return failure(request, 503, ErrorCode.DATABASE_ERROR, "Database operation failed")
    except Exception:
        log.exception("unhandled error on %s %s", request.method, request.path)
        return failure(request, 500, ErrorCode.INTERNAL_ERROR, "Internal server error")
