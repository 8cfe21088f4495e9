"""Parsing request input with the pydantic models, and the one map from pydantic's errors to
the API's codes (API.md, Error Codes): VALIDATION_REQUIRED_FIELD, _VALUE_TOO_SHORT,
_VALUE_TOO_LONG, _INVALID_FORMAT and VALIDATION_ERROR, with `details.field` and `details.issue`.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping
from typing import Any, TypeVar

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from storage.error_codes import ErrorCode
from web.http.errors import ValidationFailed
from web.http.models import Body

M = TypeVar("M", bound=Body)
Location = tuple[int | str, ...]

_CODES = {
    "missing": ErrorCode.VALIDATION_REQUIRED_FIELD,
    "string_too_short": ErrorCode.VALIDATION_VALUE_TOO_SHORT,
    "too_short": ErrorCode.VALIDATION_VALUE_TOO_SHORT,
    "string_too_long": ErrorCode.VALIDATION_VALUE_TOO_LONG,
    "too_long": ErrorCode.VALIDATION_VALUE_TOO_LONG,
    "extra_forbidden": ErrorCode.VALIDATION_ERROR,
    "domain_rule": ErrorCode.VALIDATION_ERROR,
}
_JSON_TYPES = {
    "string_type": "string",
    "int_type": "integer",
    "float_type": "number",
    "bool_type": "boolean",
    "dict_type": "object",
    "model_type": "object",
    "list_type": "array",
}
_NOT_AN_OBJECT = ("model_type", "model_attributes_type", "dict_type")


class Query(Body):
    """A query string. It carries text: each value is converted to its field's JSON type
    (integer and number by int()/float(), boolean from true/false in any case; anything else,
    or text that does not convert, stays a string), then validated as strictly as a body."""


def parse_body(model: type[M], raw: bytes) -> M:
    """The body as `model`; an empty body counts as {}; malformed JSON or a body that is not
    a JSON object is a 400, any other mismatch a 422 naming the field."""
    try:
        return model.model_validate_json(raw if raw.strip() else b"{}")
    except ValidationError as exc:
        raise validation_failed(exc) from None


def parse_value(model: type[M], value: object, field: str) -> M:
    """A nested JSON object (already parsed) as `model`; errors name `field.<name>`."""
    try:
        return model.model_validate_json(json.dumps(value))
    except ValidationError as exc:
        raise validation_failed(exc, (field,)) from None


def parse_query(model: type[M], query: Mapping[str, str]) -> M:
    """A query string as `model` (see `Query` for how text becomes typed values)."""
    kinds = _json_kinds(model)
    converted = {name: _from_text(kinds.get(name), text) for name, text in query.items()}
    try:
        return model.model_validate_json(json.dumps(converted))
    except ValidationError as exc:
        raise validation_failed(exc) from None


def validation_failed(exc: ValidationError, prefix: Location = ()) -> ValidationFailed:
    """The first of pydantic's errors (unknown fields first) as the API's error."""
    error = min(exc.errors(), key=lambda e: e["type"] != "extra_forbidden")
    if not error["loc"] and not prefix:
        return _not_an_object(error)
    field = field_name(prefix + tuple(error["loc"]))
    issue, summary = _describe(error)
    code = _CODES.get(error["type"], ErrorCode.VALIDATION_INVALID_FORMAT)
    return ValidationFailed(f"{field} {summary}", {"field": field, "issue": issue}, code=code)


def field_name(location: Location) -> str:
    """('dependencies', 0, 'depends_on_task_id') -> 'dependencies[0].depends_on_task_id'."""
    text = ""
    for part in location:
        text += f"[{part}]" if isinstance(part, int) else f".{part}" if text else part
    return text


def _not_an_object(error: ErrorDetails) -> ValidationFailed:
    if error["type"] in _NOT_AN_OBJECT:
        return ValidationFailed(
            "Request body must be a JSON object", {"issue": "expected a JSON object"}, status=400
        )
    return ValidationFailed("Malformed JSON in request body", {"issue": error["msg"]}, status=400)


def _describe(error: ErrorDetails) -> tuple[str, str]:
    """(details.issue, the end of the message after the field's name)."""
    kind, context = error["type"], error.get("ctx") or {}
    if kind == "missing":
        return "Field is required", "is required"
    if kind == "extra_forbidden":
        return "unknown field, or one clients cannot set", "is not a known field"
    if kind in ("string_too_short", "too_short", "string_too_long", "too_long"):
        return _length_issue(kind, context), "is too short" if "short" in kind else "is too long"
    issue = _issue(kind, context, error["msg"])
    return issue, issue


def _length_issue(kind: str, context: dict[str, Any]) -> str:
    bound = "at least" if "short" in kind else "at most"
    limit = context.get("min_length" if "short" in kind else "max_length")
    if kind.startswith("string"):
        return f"must be {bound} {limit} characters"
    return f"must have {bound} {limit} items"


def _issue(kind: str, context: dict[str, Any], message: str) -> str:
    if kind in _JSON_TYPES:
        return f"must be of type {_JSON_TYPES[kind]}"
    if kind in ("greater_than_equal", "greater_than"):
        return f"must be at least {context.get('ge', context.get('gt')):g}"
    if kind in ("less_than_equal", "less_than"):
        return f"must be at most {context.get('le', context.get('lt')):g}"
    if kind in ("literal_error", "enum"):
        expected = str(context.get("expected", "")).replace("'", "").replace(" or ", ", ")
        return f"must be one of {expected}"
    if kind == "string_pattern_mismatch":
        return f"must match {context.get('pattern')}"
    return message


@functools.cache
def _json_kinds(model: type[Body]) -> dict[str, str]:
    """Each field's JSON type as the schema shows it (string when it has several)."""
    properties = model.model_json_schema()["properties"]
    return {
        name: kind if isinstance(kind := prop.get("type"), str) else "string"
        for name, prop in properties.items()
    }


def _from_text(kind: str | None, text: str) -> object:
    try:
        if kind == "integer":
            return int(text)
        if kind == "number":
            return float(text)
        if kind == "boolean":
            return {"true": True, "false": False}[text.lower()]
    except (ValueError, KeyError):
        pass
    return text


def required(field: str, why: str) -> ValidationFailed:
    """A field the model leaves optional that this request needs."""
    return ValidationFailed(
        f"{field} is required {why}",
        {"field": field, "issue": "Field is required"},
        code=ErrorCode.VALIDATION_REQUIRED_FIELD,
    )


def json_of(raw: bytes) -> object:
    """Any JSON value (for endpoints that read a body without a model); {} when empty."""
    if not raw.strip():
        return {}
    try:
        return json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        raise ValidationFailed(
            "Malformed JSON in request body", {"issue": str(exc)}, status=400
        ) from None
