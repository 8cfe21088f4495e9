"""models.py: the answers' components as pydantic models, the requests' as TypedDicts."""

from __future__ import annotations

import keyword

from names import PAGES
from schema import (
    COMMA_SEPARATED,
    Document,
    Schema,
    Types,
    body_name,
    camel,
    class_name,
    field_name,
    query_parameters,
    response_of,
    success,
)
from text import docstring, header


def model_class(name: str, schema: Schema, types: Types, about: str) -> str:
    """A pydantic model of a response object (`about`: its docstring without a description)."""
    required = set(schema.get("required", ()))
    lines = [f"class {class_name(name)}(ApiModel):\n"]
    lines.append(docstring(schema.get("description") or about, 4))
    properties: dict[str, Schema] = schema.get("properties", {})
    if properties:
        lines.append("\n")
    for prop, prop_schema in properties.items():
        python, alias = field_name(prop)
        annotation = types.of(prop_schema, "out")
        default: str | None = None
        if prop not in required:
            value = prop_schema.get("default")
            scalar = isinstance(value, str | int | float | bool) and value is not None
            default = repr(value) if scalar else "None"
            if default == "None" and "None" not in annotation and annotation != "JsonValue":
                annotation += " | None"
        if alias is not None:
            argument = "" if default is None else f"default={default}, "
            lines.append(f'    {python}: {annotation} = Field({argument}alias="{alias}")\n')
        elif default is not None:
            lines.append(f"    {python}: {annotation} = {default}\n")
        else:
            lines.append(f"    {python}: {annotation}\n")
    return "".join(lines)


def typed_dict(name: str, description: str, fields: dict[str, tuple[str, bool]]) -> str:
    """A TypedDict of keyword arguments: each field's annotation and whether it is required."""
    items = {
        key: (f"Required[{annotation}]" if required else annotation)
        for key, (annotation, required) in fields.items()
    }
    if any(keyword.iskeyword(key) or not key.isidentifier() for key in items):
        pairs = ", ".join(f'"{key}": {annotation}' for key, annotation in items.items())
        return f'{name} = TypedDict("{name}", {{{pairs}}}, total=False)\n'
    lines = [f"class {name}(TypedDict, total=False):\n", docstring(description, 4)]
    if items:
        lines.append("\n")
    lines.extend(f"    {key}: {annotation}\n" for key, annotation in items.items())
    return "".join(lines)


def body_fields(schema: Schema, types: Types) -> dict[str, tuple[str, bool]]:
    required = set(schema.get("required", ()))
    return {
        prop: (types.of(prop_schema, "in"), prop in required)
        for prop, prop_schema in schema.get("properties", {}).items()
    }


def query_fields(parameters: list[Schema], types: Types) -> dict[str, tuple[str, bool]]:
    fields = {}
    for parameter in parameters:
        annotation = types.of(parameter["schema"], "in")
        if COMMA_SEPARATED in parameter.get("description", ""):
            annotation = "str | Sequence[str]"
        fields[parameter["name"]] = (annotation, bool(parameter.get("required")))
    return fields


def models_module(document: Document, types: Types) -> str:
    responses, requests = [], []
    answers: dict[str, list[str]] = {}
    bodies: list[tuple[str, Schema]] = []
    queries: list[tuple[str, str, list[Schema]]] = []
    for _, _, operation in document.operations():
        if operation["operationId"] in PAGES:
            continue
        responses.append(success(operation))
        answer, _ = response_of(operation)
        if answer is not None:
            answers.setdefault(answer, []).append(operation["operationId"])
        body = operation.get("requestBody")
        if body is not None:
            schema = body["content"]["application/json"]["schema"]
            requests.append(schema)
            bodies.append((body_name(operation) or "", schema))
        parameters = query_parameters(operation)
        if parameters:
            queries.append((operation["operationId"], operation.get("summary", ""), parameters))
            requests.extend(parameter["schema"] for parameter in parameters)
    out_names = document.closure(responses)
    in_names = document.closure(requests)
    out = [
        header(
            document.version,
            "The API's models: answers as pydantic models, requests as TypedDicts.",
        ),
        "from __future__ import annotations\n\n",
        "import datetime as dt\n",
        "from collections.abc import Mapping, Sequence\n",
        "from typing import Any, Literal, Required, TypeAlias, TypedDict\n\n",
        "from pydantic import Field, JsonValue\n\n",
        "from claude_cli_sdk._base import ApiModel\n",
    ]
    for name in sorted(out_names | in_names):
        schema = document.schemas[name]
        if name == "JsonValue" or not schema or "enum" not in schema:
            continue
        out.append(f"\n{class_name(name)}: TypeAlias = {types.of(schema, 'out')}\n")
    for name in sorted(out_names):
        if not document.is_alias(name):
            about = _about(document, name, answers.get(name, []))
            out.append("\n\n" + model_class(name, document.schemas[name], types, about))
    params = {
        f"{class_name(n)}Params": document.schemas[n] for n in in_names if not document.is_alias(n)
    }
    params.update({f"{name}Params": schema for name, schema in bodies})
    for name, schema in sorted(params.items()):
        description = schema.get("description") or f"The fields of {schema.get('title', name)}."
        out.append("\n\n" + typed_dict(name, description, body_fields(schema, types)))
    for operation_id, summary, parameters in sorted(queries, key=lambda query: query[0]):
        description = f"The query of {operation_id}: {summary}."
        fields = query_fields(parameters, types)
        out.append("\n\n" + typed_dict(f"{camel(operation_id)}Query", description, fields))
    return "".join(out)


def _about(document: Document, name: str, operations: list[str]) -> str:
    """What a model without a description is: the answer of its operations, or a part of the
    models that hold it."""
    if len(operations) == 1:
        return f"What {operations[0]} answers."
    if operations:
        *others, last = sorted(operations)
        return f"What {', '.join(others)} and {last} answer."
    holders = sorted(
        class_name(other)
        for other, schema in document.schemas.items()
        if other != name and name in set(document.refs_in(schema.get("properties", {})))
    )
    return f"Part of {', '.join(holders)}." if holders else f"{class_name(name)}."
