"""Every text field of every request body refuses 1 MiB promptly (its length limit is checked
before any pattern, and no pattern backtracks) and refuses NUL, in the API's error envelope."""

from __future__ import annotations

import io
import json
import re
import uuid
from typing import Any

import pytest
from pydantic import ValidationError
from pytest_aiohttp import AiohttpClient

from config import load_settings
from storage.error_codes import ErrorCode
from tests.support.api import Api
from tests.support.fixtures.accounts import Headers, MakeUser
from tests.support.text_fields import TextField, endpoints, fields_of, text_fields
from web.app import create_app
from web.http.validation import field_name

# 1 MiB in the shape that makes a backtracking e-mail pattern quadratic.
ONE_MIB = "a@" + "a." * (512 * 1024)
NUL = "before\x00after"
FIELDS = list(text_fields())
PROBES = [(spec, field) for spec in endpoints() for field in fields_of(spec.body)]


def _errors_at(field: TextField, text: str, location: tuple[int | str, ...]) -> list[Any]:
    with pytest.raises(ValidationError) as refused:
        field.model.model_validate(field.body(text))
    return [dict(e) for e in refused.value.errors() if tuple(e["loc"]) == location]


@pytest.mark.parametrize("field", FIELDS, ids=lambda f: f"{f.model.__name__}.{f.name}")
def test_one_mib_is_refused_at_the_field_itself(field: TextField) -> None:
    assert _errors_at(field, ONE_MIB, field.location), f"{field.name} accepts 1 MiB"


@pytest.mark.parametrize("field", FIELDS, ids=lambda f: f"{f.model.__name__}.{f.name}")
def test_nul_is_refused_as_an_invalid_format_naming_the_field(field: TextField) -> None:
    (error,) = _errors_at(field, NUL, field.owner) or [{}]
    assert error.get("type") == "invalid_format", (field.name, error)
    assert error["msg"] == "must not contain a NUL character"
    assert field_name(field.owner) == field.owner_name


@pytest.mark.parametrize(
    ("method", "path", "field"),
    [(spec.method, spec.path, field) for spec, field in PROBES],
    ids=[f"{spec.method} {spec.path} {field.name}" for spec, field in PROBES],
)
async def test_every_endpoint_answers_one_mib_with_a_422(
    aiohttp_client: AiohttpClient,
    env: dict[str, str],
    make_user: MakeUser,
    headers: Headers,
    method: str,
    path: str,
    field: TextField,
) -> None:
    # The body limit is raised above the probe so that the field's own check answers.
    app = create_app(load_settings({**env, "MAX_REQUEST_BYTES": str(4 * 1024 * 1024)}))
    client = await aiohttp_client(app)
    url = re.sub(r"{[^}]+}", str(uuid.uuid4()), path)
    body = io.BytesIO(json.dumps(field.body(ONE_MIB)).encode())
    auth = headers(make_user("admin"))
    sent = {**auth, "Content-Type": "application/json"}
    async with client.request(method, url, data=body, headers=sent) as response:
        error = (await response.json())["error"]
        assert response.status == 422, (response.status, error)
    assert error["code"].startswith("VALIDATION_"), error


@pytest.mark.parametrize(
    ("method", "path", "body", "field"),
    [
        ("PUT", "/api/users/profile", {"full_name": NUL}, "full_name"),
        (
            "PUT",
            "/api/users/preferences",
            {"dashboard_layout": {"widgets": [NUL]}},
            "dashboard_layout.widgets",
        ),
        ("POST", "/api/projects/", {"name": NUL}, "name"),
        ("POST", "/api/commands/validate", {"command": f"echo {NUL}"}, "command"),
    ],
)
async def test_a_nul_is_refused_in_the_error_envelope(
    api: Api, method: str, path: str, body: dict[str, Any], field: str
) -> None:
    error = await api.call(method, path, json=body, expect=422)
    assert error["code"] == ErrorCode.VALIDATION_INVALID_FORMAT
    assert error["details"] == {"field": field, "issue": "must not contain a NUL character"}


async def test_a_nul_in_a_task_or_a_command_environment_is_refused(api: Api) -> None:
    project_id = await api.project_id()
    error = await api.post(
        "/api/tasks/", {"project_id": project_id, "title": "t", "description": NUL}, expect=422
    )
    assert error["details"]["field"] == "description"
    assert error["code"] == ErrorCode.VALIDATION_INVALID_FORMAT
    body = {"command": "true", "project_id": project_id, "environment": {"A": NUL}}
    error = await api.post("/api/commands/execute", body, expect=422)
    assert error["details"]["field"] == "environment"
    assert error["code"] == ErrorCode.VALIDATION_INVALID_FORMAT
