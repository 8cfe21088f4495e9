"""Storage errors carry their code, given or the class's, through the pickling actors use."""

from __future__ import annotations

import pickle

import pytest

from storage.error_codes import ErrorCode
from storage.errors import Conflict, Invalid, NotFound, PermissionDenied, StorageError


@pytest.mark.parametrize(
    ("error", "code", "details"),
    [
        (NotFound("task", "t1"), ErrorCode.TASK_NOT_FOUND, {"id": "t1"}),
        (NotFound("member", "u1"), ErrorCode.RESOURCE_NOT_FOUND, {"id": "u1"}),
        (PermissionDenied("no", role="viewer"), ErrorCode.AUTH_INSUFFICIENT_PERMISSIONS, None),
        (
            PermissionDenied("no", code=ErrorCode.PROJECT_ACCESS_DENIED, role="viewer"),
            ErrorCode.PROJECT_ACCESS_DENIED,
            {"role": "viewer"},
        ),
        (Invalid("name", "too long"), ErrorCode.VALIDATION_ERROR, None),
        (
            Conflict(ErrorCode.TASK_ALREADY_RUNNING, "busy", id="t1"),
            ErrorCode.TASK_ALREADY_RUNNING,
            None,
        ),
    ],
)
def test_an_error_keeps_its_code_and_details_across_pickling(
    error: StorageError, code: ErrorCode, details: dict[str, str] | None
) -> None:
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is type(error) and copy.code == code and copy.message == error.message
    assert copy.details == (error.details if details is None else details)
