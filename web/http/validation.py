"""Declarative request schemas: one description validates input and documents it in OpenAPI."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from storage.formats import parse_duration
from web.http.errors import ValidationFailed

_JSON_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
    "object": (dict,),
    "array": (list,),
    "uuid": (str,),
    "duration": (str,),
    "datetime": (str,),
}
_OPENAPI_TYPES = {
    "uuid": ("string", "uuid"),
    "duration": ("string", "HH:MM:SS"),
    "datetime": ("string", "date-time"),
}


@dataclass(frozen=True)
class Field:
    """One field of a body or query string."""

    name: str
    kind: str = "string"
    required: bool = False
    default: Any = None
    nullable: bool = False
    min_length: int | None = None
    max_length: int | None = None
    minimum: float | None = None
    maximum: float | None = None
    choices: tuple[Any, ...] | None = None
    items: str | None = None
    description: str = ""
    pattern: str | None = None
    schema: Schema | None = None  # fields of an object, or of each object in an array

    def check(self, value: Any) -> Any:
        if value is None:
            if self.nullable:
                return None
            raise _invalid(self.name, "must not be null")
        expected = _JSON_TYPES[self.kind]
        if not isinstance(value, expected) or (
            self.kind in ("integer", "number") and isinstance(value, bool)
        ):
            raise _invalid(self.name, f"must be of type {self.kind}")
        if self.kind == "uuid":
            try:
                uuid.UUID(value)
            except ValueError:
                raise _invalid(self.name, "must be a UUID") from None
        if self.kind == "duration":
            try:
                return parse_duration(value)
            except ValueError as exc:
                raise _invalid(self.name, str(exc)) from None
        if self.kind == "datetime":
            return _parse_datetime(self.name, value)
        if self.pattern is not None and not re.fullmatch(self.pattern, value):
            raise _invalid(self.name, f"must match {self.pattern}")
        if self.kind == "object" and self.schema is not None:
            return self.schema.parse(value, prefix=f"{self.name}.")
        if self.kind in ("string", "array"):
            if self.min_length is not None and len(value) < self.min_length:
                raise ValidationFailed(
                    f"{self.name} is too short",
                    {
                        "field": self.name,
                        "issue": f"must have at least {self.min_length} items"
                        if self.kind == "array"
                        else f"must be at least {self.min_length} characters",
                    },
                    code="VALIDATION_VALUE_TOO_SHORT",
                )
            if self.max_length is not None and len(value) > self.max_length:
                raise ValidationFailed(
                    f"{self.name} is too long",
                    {
                        "field": self.name,
                        "issue": f"must have at most {self.max_length} items"
                        if self.kind == "array"
                        else f"must be at most {self.max_length} characters",
                    },
                    code="VALIDATION_VALUE_TOO_LONG",
                )
        if self.kind == "array" and self.items:
            value = [
                Field(f"{self.name}[{i}]", self.items, schema=self.schema).check(item)
                for i, item in enumerate(value)
            ]
        if self.minimum is not None and value < self.minimum:
            raise _invalid(self.name, f"must be at least {self.minimum:g}")
        if self.maximum is not None and value > self.maximum:
            raise _invalid(self.name, f"must be at most {self.maximum:g}")
        if self.choices is not None and value not in self.choices:
            raise _invalid(self.name, "must be one of " + ", ".join(map(str, self.choices)))
        return value

    def openapi(self) -> dict[str, Any]:
        kind, fmt = _OPENAPI_TYPES.get(self.kind, (self.kind, None))
        schema: dict[str, Any] = {"type": kind}
        for key, value in (
            ("format", fmt),
            ("description", self.description or None),
            ("enum", list(self.choices) if self.choices else None),
            ("minLength" if kind == "string" else "minItems", self.min_length),
            ("maxLength" if kind == "string" else "maxItems", self.max_length),
            ("minimum", self.minimum),
            ("maximum", self.maximum),
            ("default", self.default),
            ("nullable", self.nullable or None),
            ("pattern", self.pattern),
        ):
            if value is not None:
                schema[key] = value
        if kind == "object" and self.schema is not None:
            schema.update(self.schema.openapi())
        if kind == "array":
            item = _OPENAPI_TYPES.get(self.items or "string", (self.items or "string", None))[0]
            schema["items"] = self.schema.openapi() if self.schema else {"type": item}
        return schema


class Schema:
    """A JSON object of known fields; unknown fields are refused so typos never pass silently."""

    def __init__(self, *fields: Field) -> None:
        self.fields = {f.name: f for f in fields}

    def parse(self, data: Any, prefix: str = "") -> dict[str, Any]:
        """Validated fields of data; nested objects name their fields with a dotted prefix."""
        if not isinstance(data, Mapping):
            if prefix:
                raise _invalid(prefix.rstrip("."), "must be of type object")
            raise ValidationFailed(
                "Request body must be a JSON object",
                {"issue": "expected a JSON object"},
                status=400,
            )
        unknown = sorted(set(data) - set(self.fields))
        if unknown:
            raise ValidationFailed(
                f"{prefix}{unknown[0]} is not a known field",
                {"field": prefix + unknown[0], "issue": "unknown field, or one clients cannot set"},
            )
        parsed: dict[str, Any] = {}
        for name, spec in self.fields.items():
            if name in data:
                parsed[name] = (spec if not prefix else _renamed(spec, prefix)).check(data[name])
            elif spec.required:
                raise ValidationFailed(
                    f"{prefix}{name} is required",
                    {"field": prefix + name, "issue": "Field is required"},
                    code="VALIDATION_REQUIRED_FIELD",
                )
            elif spec.default is not None:
                parsed[name] = spec.default
        return parsed

    def parse_query(self, query: Mapping[str, str]) -> dict[str, Any]:
        """Query strings carry text: convert to each field's kind, then validate."""
        converted: dict[str, Any] = {}
        for name, raw in query.items():
            spec = self.fields.get(name)
            converted[name] = _from_text(spec.kind, raw) if spec else raw
        return self.parse(converted)

    def openapi(self) -> dict[str, Any]:
        required = [name for name, f in self.fields.items() if f.required]
        schema: dict[str, Any] = {
            "type": "object",
            "additionalProperties": False,
            "properties": {name: f.openapi() for name, f in self.fields.items()},
        }
        if required:
            schema["required"] = required
        return schema


def _from_text(kind: str, raw: str) -> Any:
    converters: dict[str, Callable[[str], Any]] = {
        "integer": int,
        "number": float,
        "boolean": lambda text: {"true": True, "false": False}[text.lower()],
    }
    try:
        return converters.get(kind, str)(raw)
    except (ValueError, KeyError):
        return raw  # the type check then names the field


def _renamed(spec: Field, prefix: str) -> Field:
    return dataclasses.replace(spec, name=prefix + spec.name)


def _parse_datetime(name: str, text: str) -> dt.datetime:
    """ISO 8601 to naive UTC; a time without offset is taken as UTC."""
    try:
        value = dt.datetime.fromisoformat(text)
    except ValueError:
        raise _invalid(name, "must be an ISO 8601 date or date-time") from None
    if value.tzinfo is not None:
        value = value.astimezone(dt.UTC).replace(tzinfo=None)
    return value


def _invalid(name: str, issue: str) -> ValidationFailed:
    return ValidationFailed(
        f"{name} {issue}", {"field": name, "issue": issue}, code="VALIDATION_INVALID_FORMAT"
    )
