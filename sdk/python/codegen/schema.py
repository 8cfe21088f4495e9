"""Reading the OpenAPI document: its operations and components, the Python names the SDK
gives them, and the annotations of their JSON Schemas."""

from __future__ import annotations

import json
import keyword
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

Schema = dict[str, Any]
RESERVED = frozenset({"model_config", "model_fields", "schema", "json", "dict", "copy"})
COMMA_SEPARATED = "comma-separated"


def class_name(name: str) -> str:
    """A schema's name as a Python class name (Queues_QueueFigures_ -> QueuesQueueFigures)."""
    parts = [part for part in re.split(r"[^0-9A-Za-z]+", name) if part]
    return "".join(part[0].upper() + part[1:] for part in parts)


def camel(snake: str) -> str:
    return "".join(part.capitalize() for part in snake.split("_"))


def ref_of(schema: Schema) -> str | None:
    """The component a schema points at ($ref, or allOf with one $ref: a nullable ref)."""
    if "$ref" in schema:
        return str(schema["$ref"]).rsplit("/", 1)[-1]
    parts = schema.get("allOf")
    if isinstance(parts, list) and len(parts) == 1 and "$ref" in parts[0]:
        return str(parts[0]["$ref"]).rsplit("/", 1)[-1]
    return None


@dataclass
class Document:
    """The parts of the OpenAPI document the generator reads, and the names it gives them."""

    spec: Schema
    schemas: dict[str, Schema] = field(init=False)

    def __post_init__(self) -> None:
        self.schemas = self.spec["components"]["schemas"]

    @property
    def version(self) -> str:
        return str(self.spec["info"]["version"])

    def is_alias(self, name: str) -> bool:
        """A component that is a type alias (an enum of strings, or any JSON value)."""
        schema = self.schemas[name]
        return "enum" in schema or not schema

    def operations(self) -> Iterator[tuple[str, str, Schema]]:
        for path, methods in self.spec["paths"].items():
            for method, operation in methods.items():
                yield path, method.upper(), operation

    def refs_in(self, schema: Any) -> Iterator[str]:
        if isinstance(schema, dict):
            if "$ref" in schema:
                yield str(schema["$ref"]).rsplit("/", 1)[-1]
            for value in schema.values():
                yield from self.refs_in(value)
        elif isinstance(schema, list):
            for value in schema:
                yield from self.refs_in(value)

    def closure(self, roots: list[Any]) -> set[str]:
        """Every component reachable from roots."""
        seen: set[str] = set()
        todo = [ref for root in roots for ref in self.refs_in(root)]
        while todo:
            name = todo.pop()
            if name not in seen:
                seen.add(name)
                todo.extend(self.refs_in(self.schemas[name]))
        return seen


class Types:
    """Python annotations of JSON Schemas: `out` for response models (pydantic), `in` for the
    keyword arguments of requests (TypedDicts)."""

    def __init__(self, document: Document) -> None:
        self.document = document

    def of(self, schema: Schema, mode: str, prefix: str = "") -> str:
        nullable = bool(schema.get("nullable"))
        annotation = self._base(schema, mode, prefix)
        if nullable and annotation != "JsonValue" and not annotation.endswith("| None"):
            annotation += " | None"
        return annotation

    def _base(self, schema: Schema, mode: str, prefix: str) -> str:
        ref = ref_of(schema)
        if ref is not None:
            if ref == "JsonValue" or not self.document.schemas[ref]:
                return "JsonValue"
            if self.document.is_alias(ref):
                return prefix + class_name(ref)
            return prefix + class_name(ref) + ("Params" if mode == "in" else "")
        if "anyOf" in schema or "oneOf" in schema:
            options = schema.get("anyOf") or schema.get("oneOf") or []
            return " | ".join(dict.fromkeys(self.of(option, mode, prefix) for option in options))
        if "enum" in schema:
            values = [value for value in schema["enum"] if value is not None]
            return "Literal[" + ", ".join(json.dumps(value) for value in values) + "]"
        kind = schema.get("type")
        if kind == "string":
            return self._string(schema, mode)
        if kind == "integer":
            return "int"
        if kind == "number":
            return "float"
        if kind == "boolean":
            return "bool"
        if kind == "array":
            item = self.of(schema.get("items", {}), mode, prefix)
            return f"list[{item}]" if mode == "out" else f"Sequence[{item}]"
        if kind == "object" or "additionalProperties" in schema:
            extra = schema.get("additionalProperties")
            value = self.of(extra, mode, prefix) if isinstance(extra, dict) and extra else "Any"
            return f"dict[str, {value}]" if mode == "out" else f"Mapping[str, {value}]"
        return "JsonValue" if not schema else "Any"

    @staticmethod
    def _string(schema: Schema, mode: str) -> str:
        moment = {"date-time": "dt.datetime", "date": "dt.date"}.get(schema.get("format", ""))
        if moment is None:
            return "str"
        return moment if mode == "out" else f"{moment} | str"


def field_name(name: str) -> tuple[str, str | None]:
    """A property's Python name and its alias (None when it needs none)."""
    if keyword.iskeyword(name) or name in RESERVED or name.startswith("model_"):
        return name + "_", name
    return name, None


def query_parameters(operation: Schema) -> list[Schema]:
    return [p for p in operation.get("parameters", ()) if p["in"] == "query"]


def path_parameters(operation: Schema) -> list[str]:
    return [p["name"] for p in operation.get("parameters", ()) if p["in"] == "path"]


def success(operation: Schema) -> Schema:
    for status, response in operation["responses"].items():
        if status.startswith("2"):
            return dict(response["content"]["application/json"]["schema"])
    raise ValueError(f"{operation['operationId']} has no 2xx response")


def response_of(operation: Schema) -> tuple[str | None, bool]:
    """The component of an operation's answer (None: raw JSON) and whether it is enveloped."""
    schema = success(operation)
    data = schema.get("properties", {}).get("data")
    if data is not None and "meta" in schema.get("properties", {}):
        return ref_of(data), True
    return ref_of(schema), False


def body_name(operation: Schema) -> str | None:
    body = operation.get("requestBody")
    if body is None:
        return None
    schema = body["content"]["application/json"]["schema"]
    return class_name(ref_of(schema) or schema.get("title") or operation["operationId"])
