"""/openapi.json speaks OpenAPI 3.0.3, the dialect the bundled Swagger UI (4.15) renders."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from aiohttp.test_utils import TestClient
from openapi_spec_validator import OpenAPIV30SpecValidator

from web.openapi.dialect import downgrade


def schemas_in(node: Any) -> Iterator[dict[str, Any]]:
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from schemas_in(value)
    elif isinstance(node, list):
        for item in node:
            yield from schemas_in(item)


async def test_the_document_is_openapi_3_0(client: TestClient) -> None:
    spec = await (await client.get("/openapi.json")).json()
    assert spec["openapi"] == "3.0.3"
    OpenAPIV30SpecValidator(spec).validate()
    for schema in schemas_in(spec):
        assert not isinstance(schema.get("type"), list), schema
        assert schema.get("type") != "null", schema
        assert "const" not in schema, schema


async def test_nullable_fields_keep_their_type(client: TestClient) -> None:
    spec = await (await client.get("/openapi.json")).json()
    task = spec["components"]["schemas"]["TaskOut"]["properties"]
    assert task["assigned_to"]["nullable"] is True
    assert task["assigned_to"]["type"] == "string"
    assert task["title"].get("nullable") is None


def test_downgrade_rewrites_each_3_1_form() -> None:
    document = {
        "openapi": "3.1.0",
        "components": {
            "schemas": {
                "A": {
                    "type": "object",
                    "properties": {
                        "listed": {"type": ["integer", "null"]},
                        "any_of": {"anyOf": [{"type": "string", "maxLength": 5}, {"type": "null"}]},
                        "ref": {"anyOf": [{"$ref": "#/components/schemas/B"}, {"type": "null"}]},
                        "only_null": {"type": "null"},
                        "constant": {"const": "x", "type": "string"},
                    },
                }
            }
        },
    }
    props = downgrade(document)["components"]["schemas"]["A"]["properties"]
    assert downgrade(document)["openapi"] == "3.0.3"
    assert props["listed"] == {"type": "integer", "nullable": True}
    assert props["any_of"] == {"type": "string", "maxLength": 5, "nullable": True}
    assert props["ref"] == {"allOf": [{"$ref": "#/components/schemas/B"}], "nullable": True}
    assert props["only_null"] == {"type": "object", "nullable": True, "enum": [None]}
    assert props["constant"] == {"type": "string", "enum": ["x"]}
