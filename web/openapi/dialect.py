"""OpenAPI 3.1 (pydantic's JSON Schema 2020-12) told in OpenAPI 3.0.3's dialect.

The bundled Swagger UI (swagger-ui-bundle, Swagger UI 4.15) renders only OpenAPI 3.0, and
many client generators still read 3.0 best. pydantic writes nullability as a type list or an
`anyOf` with `{"type": "null"}`, and single values as `const`; 3.0 says `nullable: true` and
`enum: [value]`. Nothing else pydantic emits here differs between the two.
"""

from __future__ import annotations

from typing import Any

VERSION = "3.0.3"
_NULL = {"type": "null"}


def downgrade(document: dict[str, Any]) -> dict[str, Any]:
    """The same document, every schema in it rewritten for OpenAPI 3.0.3."""
    converted = _convert(document)
    assert isinstance(converted, dict)
    converted["openapi"] = VERSION
    return converted


def _convert(node: Any) -> Any:
    if isinstance(node, list):
        return [_convert(item) for item in node]
    if not isinstance(node, dict):
        return node
    schema = _schema(dict(node)) if _is_schema(node) else node  # before its parts: it reads them
    return {key: _convert(value) for key, value in schema.items()}


def _is_schema(node: dict[str, Any]) -> bool:
    return any(key in node for key in ("type", "anyOf", "const"))


def _schema(schema: dict[str, Any]) -> dict[str, Any]:
    if "const" in schema:
        schema["enum"] = [schema.pop("const")]
    kind = schema.get("type")
    if isinstance(kind, list):
        kinds = [k for k in kind if k != "null"]
        schema["type"] = kinds[0] if len(kinds) == 1 else "string"
        if len(kinds) < len(kind):
            schema["nullable"] = True
    elif kind == "null":  # only null (the `error` of a success envelope)
        return {"type": "object", "nullable": True, "enum": [None]}
    options = schema.get("anyOf")
    if isinstance(options, list) and _NULL in options:
        others = [option for option in options if option != _NULL]
        del schema["anyOf"]
        if len(others) == 1 and "$ref" in others[0]:
            schema["allOf"] = others  # a $ref takes no siblings in 3.0
        elif len(others) == 1:
            schema = {**others[0], **schema}
        elif others:
            schema["anyOf"] = others
        schema["nullable"] = True
    return schema
