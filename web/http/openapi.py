"""OpenAPI generated from the live route table, and Swagger UI served from a local copy."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import aiohttp_jinja2
from aiohttp import web
from swagger_ui_bundle import swagger_ui_path

from config import VERSION
from web.http.routing import PUBLIC, Endpoint, endpoint

SWAGGER_STATIC = "/docs/static"
_PATH_PARAM = re.compile(r"{([^}:]+)(?::[^}]*)?}")
_ENVELOPE = {
    "type": "object",
    "properties": {
        "data": {"nullable": True},
        "error": {
            "nullable": True,
            "type": "object",
            "properties": {
                "code": {"type": "string"},
                "message": {"type": "string"},
                "details": {"type": "object"},
            },
        },
        "meta": {
            "type": "object",
            "properties": {
                "timestamp": {"type": "string", "format": "date-time"},
                "request_id": {"type": "string"},
                "version": {"type": "string"},
            },
        },
    },
}


def build_spec(app: web.Application) -> dict[str, Any]:
    """Every route the router serves appears here; declared endpoints carry their schemas."""
    paths: dict[str, dict[str, Any]] = {}
    for route in app.router.routes():
        method = route.method.lower()
        info = route.get_info()
        path = info.get("formatter") or info.get("path") or info.get("prefix")
        if method in ("head", "*") or path is None or path.startswith(SWAGGER_STATIC):
            continue
        spec: Endpoint | None = getattr(route.handler, "api", None)
        paths.setdefault(_PATH_PARAM.sub(r"{\1}", path), {})[method] = _operation(
            path, spec, route.handler
        )
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "Claude CLI Web UI",
            "version": VERSION,
            "description": "Every response uses the envelope {data, error, meta}.",
        },
        "servers": [{"url": "/"}],
        "paths": dict(sorted(paths.items())),
        "components": {
            "securitySchemes": {
                "bearer": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}
            },
            "schemas": {"Envelope": _ENVELOPE},
        },
    }


def _operation(path: str, spec: Endpoint | None, handler: Any) -> dict[str, Any]:
    doc = (handler.__doc__ or "").strip()
    operation: dict[str, Any] = {
        "summary": spec.summary if spec else (doc.splitlines()[0] if doc else handler.__name__),
        "operationId": handler.__name__,
        "tags": [spec.tag if spec else "pages"],
        "responses": {
            str(spec.status if spec else 200): {
                "description": "Success",
                "content": {
                    "application/json": {"schema": {"$ref": "#/components/schemas/Envelope"}}
                },
            },
            "default": {"description": "Error in the envelope with a seed error code"},
        },
    }
    if spec and spec.description:
        operation["description"] = spec.description
    parameters = [
        {"name": name, "in": "path", "required": True, "schema": {"type": "string"}}
        for name in _PATH_PARAM.findall(path)
    ]
    if spec and spec.query:
        for name, field in spec.query.fields.items():
            parameters.append(
                {"name": name, "in": "query", "required": field.required, "schema": field.openapi()}
            )
    if parameters:
        operation["parameters"] = parameters
    if spec and spec.body:
        operation["requestBody"] = {
            "required": True,
            "content": {"application/json": {"schema": spec.body.openapi()}},
        }
    if spec and spec.permission is not PUBLIC:
        operation["security"] = [{"bearer": []}]
        operation["x-permission"] = spec.permission
    return operation


@endpoint(
    "GET", "/openapi.json", "The OpenAPI document of this server", tag="docs", permission=PUBLIC
)
async def openapi_json(request: web.Request) -> web.Response:
    return web.json_response(build_spec(request.app))


@aiohttp_jinja2.template("docs.html")
async def docs_page(request: web.Request) -> dict[str, Any]:
    """Swagger UI for this server"""
    return {"static": SWAGGER_STATIC, "spec_url": "/openapi.json"}


def add_docs(app: web.Application) -> None:
    app.router.add_get("/docs", docs_page)
    app.router.add_static(SWAGGER_STATIC, Path(swagger_ui_path))
