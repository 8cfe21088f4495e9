"""The SDK is what the live server's OpenAPI document says: its generated models, resources,
error classes and version are regenerated from /openapi.json and must match the committed
files, and its exceptions are the API's error catalogue."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import claude_cli_sdk
import httpx
from claude_cli_sdk import errors, resources
from claude_cli_sdk._operations import Operation

from storage.error_codes import ErrorCode
from tests.sdk.conftest import Server
from tests.support.deployment import ROOT

GENERATOR = ROOT / "sdk" / "python" / "codegen" / "generate.py"
NOT_OPERATIONS = {"docs_page", "metrics", "websocket", "postman_collection", "insomnia_collection"}


def test_the_generated_files_match_the_live_document(server: Server, tmp_path: Path) -> None:
    spec = httpx.get(f"{server.root}/openapi.json").json()
    document = tmp_path / "openapi.json"
    document.write_text(json.dumps(spec))
    check = subprocess.run(
        [sys.executable, str(GENERATOR), str(document), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert check.returncode == 0, check.stdout + check.stderr
    assert claude_cli_sdk.__version__ == spec["info"]["version"]

    served = {
        op["operationId"]: (method.upper(), path)
        for path, methods in spec["paths"].items()
        for method, op in methods.items()
    }
    declared = {
        value.name: (value.method, ("" if value.root else "/api") + value.path)
        for value in vars(resources).values()
        if isinstance(value, Operation)
    }
    assert declared == {name: where for name, where in served.items() if name not in NOT_OPERATIONS}


def test_there_is_one_exception_per_error_code_of_the_catalogue() -> None:
    assert set(errors.BY_CODE) == {code.value for code in ErrorCode}
    for code, kind in errors.BY_CODE.items():
        assert issubclass(kind, errors.ApiError) and code == kind.CODE
    assert errors.TaskNotFound.CODE == "TASK_NOT_FOUND"
    assert errors.RateLimitExceeded.CODE == "RATE_LIMIT_EXCEEDED"
