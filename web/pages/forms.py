"""Form fields into the API's own request models: a page's form is checked exactly as the
JSON body of the same operation would be (the same 422 naming the same field)."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any, TypeVar

from pydantic import ValidationError

from web.http.errors import ValidationFailed
from web.http.models import Body
from web.http.validation import validation_failed

M = TypeVar("M", bound=Body)
Form = Mapping[str, Any]


def build(model: type[M], **fields: object) -> M:
    """The model from the fields given (None: left out, as a field not sent)."""
    sent = {name: value for name, value in fields.items() if value is not None}
    try:
        return model.model_validate_json(json.dumps(sent))
    except ValidationError as exc:
        raise validation_failed(exc) from None


def text(form: Form, name: str) -> str | None:
    """A text field, trimmed; None when empty or absent."""
    value = form.get(name)
    if not isinstance(value, str) or not value.strip():
        return None
    return value.strip()


def raw_text(form: Form, name: str) -> str | None:
    """A text area as typed (an empty one is ''), None when absent."""
    value = form.get(name)
    return value if isinstance(value, str) else None


def number(form: Form, name: str) -> int | None:
    value = text(form, name)
    if value is None:
        return None
    try:
        return int(value)
    except ValueError:
        raise ValidationFailed(
            f"{name} must be a whole number", {"field": name, "issue": "must be a whole number"}
        ) from None


def checked(form: Form, name: str) -> bool:
    return form.get(name) in ("on", "true", "1")


def items(form: Form, name: str) -> list[str] | None:
    """A list typed one per line or separated by commas; None when empty."""
    value = text(form, name)
    if value is None:
        return None
    return [part.strip() for part in re.split(r"[\n,]", value) if part.strip()]


def json_object(form: Form, name: str) -> dict[str, Any] | None:
    value = text(form, name)
    if value is None:
        return None
    try:
        parsed = json.loads(value)
    except ValueError:
        parsed = None
    if not isinstance(parsed, dict):
        raise ValidationFailed(
            f"{name} must be a JSON object", {"field": name, "issue": "must be a JSON object"}
        )
    return parsed


def all_values(form: Any, name: str) -> list[str]:
    """Every value of a repeated field (checkboxes of a selection)."""
    getall = getattr(form, "getall", None)
    values = getall(name, []) if getall else []
    return [value for value in values if isinstance(value, str) and value]
