"""OpenAPI generated from the live route table and its models; Swagger UI from a local copy.

Built as 3.1 from pydantic's JSON Schema, served as 3.0.3 (`dialect`) for the bundled
Swagger UI.

Each declared endpoint documents its query parameters and body from its request models and its
`data` from its response model inside the envelope; shared models live in components/schemas.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import aiohttp_jinja2
from aiohttp import web
from pydantic import BaseModel, JsonValue
from pydantic.json_schema import JsonSchemaMode, models_json_schema
from swagger_ui_bundle import swagger_ui_path

from config import VERSION
from web.http.calls import Call, NoBody, NoQuery
from web.http.envelope import ErrorEnvelope, Meta
from web.http.models import Out
from web.http.routing import PUBLIC, Endpoint, Resource, endpoint_of
from web.openapi import dialect, rate_limits
from web.openapi.examples import Example, examples

api = Resource(tag="docs")

SWAGGER_STATIC = "/docs/static"
_PATH_PARAM = re.compile(r"{([^}:]+)(?::[^}]*)?}")
_REFS = "#/components/schemas/{model}"


class OpenApiDocument(Out):
    """The document itself (served as is, without the envelope)."""

    openapi: str
    info: dict[str, JsonValue]
    paths: dict[str, JsonValue]
    components: dict[str, JsonValue]


def build_spec(app: web.Application) -> dict[str, Any]:
    """Every route the router serves appears here, but the Web UI's HTML pages and static files
    (they are not the API); declared endpoints carry their schemas."""
    routes = [
        (route.method.lower(), path, route.handler)
        for route in app.router.routes()
        if (path := _path_of(route)) is not None
        and route.method not in ("HEAD", "*")
        and not path.startswith(SWAGGER_STATIC)
        and not _is_web_ui(route)
    ]
    specs = [spec for _, _, handler in routes if (spec := endpoint_of(handler)) is not None]
    schemas = Schemas.of(specs)
    paths: dict[str, dict[str, Any]] = {}
    for method, path, handler in routes:
        operation = _operation(path, endpoint_of(handler), handler, schemas)
        paths.setdefault(_PATH_PARAM.sub(r"{\1}", path), {})[method] = operation
    return dialect.downgrade(
        {
            "openapi": "3.1.0",
            "info": {
                "title": "Claude CLI Web UI",
                "version": VERSION,
                "description": "Every response uses the envelope {data, error, meta}. "
                + rate_limits.RATE_LIMITS,
            },
            "servers": [{"url": "/"}],
            "paths": dict(sorted(paths.items())),
            "components": {
                "securitySchemes": {
                    "bearer": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}
                },
                "headers": rate_limits.RATE_LIMIT_HEADERS,
                "schemas": schemas.definitions,
            },
        }
    )


Refs = dict[tuple[type[BaseModel], JsonSchemaMode], dict[str, Any]]


@dataclass(frozen=True)
class Schemas:
    """Every model's JSON Schema from one pass: definitions, and a $ref per (model, mode)."""

    refs: Refs
    definitions: dict[str, Any]

    @classmethod
    def of(cls, specs: list[Endpoint]) -> Schemas:
        wanted: set[tuple[type[BaseModel], JsonSchemaMode]] = {
            (ErrorEnvelope, "serialization"),
            (Meta, "serialization"),
        }
        for spec in specs:
            wanted |= {(spec.body, "validation"), (spec.query, "validation")}
            wanted.add((spec.response, "serialization"))
        ordered = sorted(wanted, key=lambda pair: (pair[0].__name__, pair[1]))
        refs, definitions = models_json_schema(ordered, ref_template=_REFS)
        return cls(cast(Refs, dict(refs)), definitions.get("$defs", {}))

    def ref(self, model: type[BaseModel], mode: JsonSchemaMode) -> dict[str, Any]:
        return self.refs[(model, mode)]

    def inline(self, model: type[BaseModel]) -> dict[str, Any]:
        """A request model's own schema (bodies and queries are shown in place)."""
        name = self.ref(model, "validation")["$ref"].rsplit("/", 1)[-1]
        return dict(self.definitions[name])


def _is_web_ui(route: web.AbstractRoute) -> bool:
    """A page of the Web UI (web/pages/) or a static file it loads."""
    if isinstance(route.resource, web.StaticResource):
        return True
    return str(getattr(route.handler, "__module__", "")).startswith("web.pages")


def _path_of(route: web.AbstractRoute) -> str | None:
    info = route.get_info()
    path = info.get("formatter") or info.get("path") or info.get("prefix")
    return path if isinstance(path, str) else None


def _operation(path: str, spec: Endpoint | None, handler: Any, schemas: Schemas) -> dict[str, Any]:
    doc = (handler.__doc__ or "").strip()
    operation: dict[str, Any] = {
        "summary": spec.summary if spec else (doc.splitlines()[0] if doc else handler.__name__),
        "operationId": handler.__name__,
        "tags": [spec.tag if spec else "pages"],
    }
    parameters: list[dict[str, Any]] = [
        {"name": name, "in": "path", "required": True, "schema": {"type": "string"}}
        for name in _PATH_PARAM.findall(path)
    ]
    if spec is None:
        operation["responses"] = {"200": {"description": "A page or a protocol upgrade"}}
    else:
        example = examples().get((spec.method.lower(), _PATH_PARAM.sub(r"{\1}", path)))
        operation["responses"] = _responses(spec, schemas, example)
        if spec.description:
            operation["description"] = spec.description
        parameters += _query_parameters(spec, schemas)
        if spec.body is not NoBody:
            operation["requestBody"] = _request_body(spec, schemas, example)
        if spec.permission is not PUBLIC:
            operation["security"] = [{"bearer": []}]
            operation["x-permission"] = str(spec.permission)
    if parameters:
        operation["parameters"] = parameters
    return operation


def _responses(spec: Endpoint, schemas: Schemas, example: Example | None) -> dict[str, Any]:
    data = schemas.ref(spec.response, "serialization")
    schema: dict[str, Any] = data
    if spec.response is not OpenApiDocument:
        schema = {
            "type": "object",
            "required": ["data", "error", "meta"],
            "properties": {
                "data": data,
                "error": {"type": "null"},
                "meta": schemas.ref(Meta, "serialization"),
            },
        }
    content: dict[str, Any] = {"schema": schema}
    if example is not None and example.response is not None:
        content["example"] = example.response
    failure = {"schema": schemas.ref(ErrorEnvelope, "serialization")}
    return {
        str(spec.status): {
            "description": spec.summary,
            "headers": rate_limits.header_refs(rate_limits.ON_EVERY_RESPONSE),
            "content": {"application/json": content},
        },
        "default": {
            "description": "An error: its code and HTTP status (API.md, Error Codes); 429 "
            "RATE_LIMIT_EXCEEDED past a rate limit, with Retry-After",
            "headers": rate_limits.header_refs(rate_limits.ON_ERRORS),
            "content": {"application/json": failure},
        },
    }


def _request_body(spec: Endpoint, schemas: Schemas, example: Example | None) -> dict[str, Any]:
    content: dict[str, Any] = {"schema": schemas.inline(spec.body)}
    if example is not None and example.request is not None:
        content["example"] = example.request
    return {"required": True, "content": {"application/json": content}}


def _query_parameters(spec: Endpoint, schemas: Schemas) -> list[dict[str, Any]]:
    if spec.query is NoQuery:
        return []
    schema = schemas.inline(spec.query)
    required = set(schema.get("required", ()))
    parameters = []
    for name, prop in schema.get("properties", {}).items():
        prop = dict(prop)
        parameter = {"name": name, "in": "query", "required": name in required}
        if "description" in prop:
            parameter["description"] = prop.pop("description")
        parameters.append({**parameter, "schema": prop})
    return parameters


@api.get("/openapi.json", permission=PUBLIC, inline=True, response=OpenApiDocument)
def openapi_json(call: Call) -> web.Response:
    """The OpenAPI document of this server"""
    return web.json_response(build_spec(call.app))


@aiohttp_jinja2.template("docs.html")
async def docs_page(request: web.Request) -> dict[str, Any]:
    """Swagger UI for this server"""
    return {"static": SWAGGER_STATIC, "spec_url": "/openapi.json"}


def add_docs(app: web.Application) -> None:
    app.router.add_get("/docs", docs_page)
    app.router.add_static(SWAGGER_STATIC, Path(swagger_ui_path))
