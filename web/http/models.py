"""Bases of the request and response models, and the field types the API shares.

Request models (`Body`, and `Query` in web.http.validation) are strict (JSON types only, no
coercion) and refuse unknown fields. A field that may be left out is typed `T | None = None`;
sending `null` for it is refused unless the field is declared `Nullable[T]`.
"""

from __future__ import annotations

import datetime as dt
import functools
import uuid
from collections.abc import Iterable
from typing import Annotated, Any, Self, TypeVar, get_args

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    GetJsonSchemaHandler,
    JsonValue,
    PlainValidator,
    TypeAdapter,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
)
from pydantic.fields import FieldInfo
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema, PydanticCustomError

from storage.formats import Span, duration, iso, parse_duration, parse_span

T = TypeVar("T")


class _NullAllowed:
    """Marks a field that accepts an explicit null (see `Nullable`)."""


NULL_ALLOWED = _NullAllowed()
Nullable = Annotated[T | None, NULL_ALLOWED]
JsonObject = dict[str, JsonValue]


def invalid_format(issue: str) -> PydanticCustomError:
    """A value of the wrong shape (VALIDATION_INVALID_FORMAT); `issue` completes the field."""
    return PydanticCustomError("invalid_format", issue)


def domain_rule(issue: str) -> PydanticCustomError:
    """A well-formed value that breaks a rule of the API (VALIDATION_ERROR)."""
    return PydanticCustomError("domain_rule", issue)


def _uuid(value: object) -> str:
    if not isinstance(value, str):
        raise invalid_format("must be of type uuid")
    try:
        uuid.UUID(value)
    except ValueError:
        raise invalid_format("must be a UUID") from None
    return value


def _duration(value: object) -> int:
    if not isinstance(value, str):
        raise invalid_format("must be of type duration")
    try:
        return parse_duration(value)
    except ValueError as exc:
        raise invalid_format(str(exc)) from None


def _datetime(value: object) -> dt.datetime:
    """ISO 8601 to naive UTC; a time without offset is taken as UTC."""
    if not isinstance(value, str):
        raise invalid_format("must be of type datetime")
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        raise invalid_format("must be an ISO 8601 date or date-time") from None
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(dt.UTC).replace(tzinfo=None)
    return parsed


def _span(value: object) -> Span:
    """ISO 8601 to the span of its precision (UTC if no offset): `12:00:00Z` is that second."""
    if not isinstance(value, str):
        raise invalid_format("must be of type datetime")
    try:
        return parse_span(value)
    except ValueError:
        raise invalid_format("must be an ISO 8601 date or date-time") from None


# Inputs: ids stay the text the client sent; durations become seconds; times naive UTC.
Uuid = Annotated[str, PlainValidator(_uuid), WithJsonSchema({"type": "string", "format": "uuid"})]
DurationInput = Annotated[
    int, PlainValidator(_duration), WithJsonSchema({"type": "string", "format": "HH:MM:SS"})
]
DateTimeInput = Annotated[
    dt.datetime,
    PlainValidator(_datetime),
    WithJsonSchema({"type": "string", "format": "date-time"}),
]
SpanInput = Annotated[
    Span, PlainValidator(_span), WithJsonSchema({"type": "string", "format": "date-time"})
]


def _timestamp(value: object) -> object:
    return iso(value) if isinstance(value, dt.datetime) else value


def _duration_text(value: object) -> object:
    return duration(value) if isinstance(value, int | float) else value


# Outputs: stored datetimes and seconds, rendered by storage.formats and shown with their format.
Timestamp = Annotated[
    str, BeforeValidator(_timestamp), Field(json_schema_extra={"format": "date-time"})
]
DurationText = Annotated[
    str, BeforeValidator(_duration_text), Field(json_schema_extra={"format": "HH:MM:SS"})
]


class Body(BaseModel):
    """A JSON request body (or a nested object of one): strict, closed, null only if Nullable."""

    # rust-regex runs in linear time (no backtracking) and refuses patterns that would need it;
    # pydantic checks a string's length limits before its pattern.
    model_config = ConfigDict(strict=True, extra="forbid", regex_engine="rust-regex")

    @field_validator("*", mode="before")
    @classmethod
    def _null_only_where_allowed(cls, value: object, info: ValidationInfo) -> object:
        if value is None and info.field_name is not None and not cls._nullable(info.field_name):
            raise invalid_format("must not be null")
        if info.field_name is not None and _has_nul(value, not cls._holds_models(info.field_name)):
            raise invalid_format("must not contain a NUL character")
        return value

    @classmethod
    def _holds_models(cls, name: str) -> bool:
        """Whether the field nests Body objects (they check their own fields, by name)."""
        return _holds_models(cls, name)

    @classmethod
    def _nullable(cls, name: str) -> bool:
        return any(item is NULL_ALLOWED for item in cls.model_fields[name].metadata)

    @classmethod
    def __get_pydantic_json_schema__(
        cls, core_schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        """`T | None` shows as T, or as T-or-null where null is allowed; no default of null."""
        schema = handler(core_schema)
        properties = handler.resolve_ref_schema(schema).get("properties", {})
        names = {field.alias or name: name for name, field in cls.model_fields.items()}
        for shown, prop in properties.items():
            _show_optional(prop, cls._nullable(names.get(shown, shown)))
        return schema

    def sent(self) -> dict[str, Any]:
        """Fields the client sent plus those with a non-null default, nested objects as dicts
        (the shape storage's functions take: a field left out is a field not changed)."""
        return {
            name: _plain(getattr(self, name))
            for name in type(self).model_fields
            if name in self.model_fields_set or getattr(self, name) is not None
        }


def without_nul(value: object) -> bool:
    """Whether a JSON value holds no NUL character anywhere (keys included)."""
    return not _has_nul(value, True)


def _has_nul(value: object, into_objects: bool) -> bool:
    """NUL in a text, a list's items or (unless they are nested models) an object's keys and
    values: SQLite would store it and no process argument or environment can carry it."""
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, list):
        return any(_has_nul(item, into_objects) for item in value)
    if isinstance(value, dict) and into_objects:
        return any(_has_nul(k, True) or _has_nul(v, True) for k, v in value.items())
    return False


@functools.cache
def _holds_models(model: type[Body], name: str) -> bool:
    return _mentions_body(model.model_fields[name].annotation)


def _mentions_body(annotation: object) -> bool:
    if isinstance(annotation, type) and issubclass(annotation, Body):
        return True
    return any(_mentions_body(arg) for arg in get_args(annotation))


def _plain(value: object) -> object:
    if isinstance(value, Body):
        return value.sent()
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value


def _show_optional(prop: dict[str, Any], nullable: bool) -> None:
    options = prop.get("anyOf")
    if prop.get("default", ...) is None:
        del prop["default"]
    if not options or {"type": "null"} not in options or len(options) != 2:
        return
    (other,) = (option for option in options if option != {"type": "null"})
    if nullable and "type" not in other:
        return
    del prop["anyOf"]
    prop.update(other)
    if nullable:
        prop["type"] = [other["type"], "null"]


class Out(BaseModel):
    """A response model: what a handler returns and what /openapi.json shows under `data`.

    `read(row)` fills it from a stored object's attributes of the same names (or the name a
    field gives as `validation_alias`); datetimes and durations render by their field's type.
    """

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    @classmethod
    def read(cls, row: object, **given: Any) -> Self:
        """The model from row's attributes, except the fields `given`."""
        values = {
            name: getattr(row, _attribute(name, field))
            for name, field in cls.model_fields.items()
            if name not in given
        }
        return cls(**values, **given)

    @classmethod
    def read_all(cls, rows: Iterable[object]) -> list[Self]:
        """`read` of each row, validated in one call (a page of a list)."""
        return _list_reader(cls).validate_python(rows, from_attributes=True)


@functools.cache
def _list_reader(model: type[T]) -> TypeAdapter[list[T]]:
    return TypeAdapter(list[model])  # type: ignore[valid-type]  # the model is a runtime value


def _attribute(name: str, field: FieldInfo) -> str:
    alias = field.validation_alias
    return alias if isinstance(alias, str) else name


class Message(Out):
    """A confirmation with nothing else to show."""

    message: str


class Deleted(Message):
    """A soft delete: the row stays, hidden from every list and lookup."""

    id: str
    deleted_at: Timestamp | None

    @classmethod
    def of(cls, row: object, kind: str) -> Self:
        return cls.read(row, message=f"{kind} deleted successfully")
