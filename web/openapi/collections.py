"""Postman (collection v2.1) and Insomnia (export v4) collections of this server, made from its
OpenAPI document when asked for, so they list exactly what the server serves.

One request per operation, in a folder per tag; the server's address and a bearer token are
variables (`baseUrl`/`token` in Postman, `base_url`/`token` in Insomnia's environment), path
parameters too; bodies are the API document's examples where the OpenAPI document has one,
else the required fields of the body's schema.
"""

from __future__ import annotations

import hashlib
import json
import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from aiohttp import web

from storage.formats import iso, utcnow
from web.openapi.document import build_spec

POSTMAN_SCHEMA = "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"
EXPORT_SOURCE = "claude-cli-web"
_PATH_PARAM = re.compile(r"{([^}]+)}")
_PLACEHOLDERS: dict[str, Any] = {"string": "", "integer": 0, "number": 0, "boolean": False}


@dataclass(frozen=True)
class Request:
    """One operation of the document, as both collections show it."""

    tag: str
    operation_id: str
    method: str
    path: str  # /api/tasks/{task_id}
    summary: str
    description: str
    public: bool
    query: list[dict[str, Any]]
    body: str | None

    @property
    def path_params(self) -> list[str]:
        return _PATH_PARAM.findall(self.path)


def requests_of(spec: dict[str, Any]) -> Iterator[Request]:
    """Every operation of the OpenAPI document, in its order."""
    schemas = spec.get("components", {}).get("schemas", {})
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            parameters = operation.get("parameters", [])
            yield Request(
                tag=(operation.get("tags") or ["api"])[0],
                operation_id=operation["operationId"],
                method=method.upper(),
                path=path,
                summary=operation.get("summary") or operation["operationId"],
                description=operation.get("description", ""),
                public="security" not in operation,
                query=[p for p in parameters if p.get("in") == "query"],
                body=_body(operation.get("requestBody"), schemas),
            )


def _body(body: dict[str, Any] | None, schemas: dict[str, Any]) -> str | None:
    """The example body (the API document's), else one with the schema's required fields."""
    if body is None:
        return None
    content = body.get("content", {}).get("application/json", {})
    example = content.get("example")
    if example is None:
        example = _skeleton(content.get("schema", {}), schemas)
    return json.dumps(example, indent=2)


def _skeleton(schema: dict[str, Any], schemas: dict[str, Any], depth: int = 0) -> Any:
    ref = schema.get("$ref") or next(
        (s["$ref"] for s in schema.get("allOf", []) if "$ref" in s), None
    )
    if ref is not None:
        schema = schemas.get(ref.rsplit("/", 1)[-1], {})
    if "default" in schema:
        return schema["default"]
    if "enum" in schema:
        return schema["enum"][0]
    kind = schema.get("type")
    if kind == "object" and depth < 3:
        properties = schema.get("properties", {})
        return {
            name: _skeleton(properties.get(name, {}), schemas, depth + 1)
            for name in schema.get("required", ())
        }
    if kind == "array":
        return []
    return _PLACEHOLDERS.get(kind or "")


def _query_value(parameter: dict[str, Any]) -> str:
    default = parameter.get("schema", {}).get("default")
    if default is None:
        return ""
    return json.dumps(default) if isinstance(default, bool) else str(default)


def postman(spec: dict[str, Any], base_url: str) -> dict[str, Any]:
    """The Postman collection (schema v2.1.0) of the document."""
    folders: dict[str, list[dict[str, Any]]] = {}
    for request in requests_of(spec):
        folders.setdefault(request.tag, []).append(_postman_item(request))
    info = spec["info"]
    return {
        "info": {
            "_postman_id": str(
                uuid.uuid5(uuid.NAMESPACE_URL, f"{info['title']} {info['version']}")
            ),
            "name": f"{info['title']} {info['version']}",
            "description": info.get("description", ""),
            "schema": POSTMAN_SCHEMA,
        },
        "auth": {
            "type": "bearer",
            "bearer": [{"key": "token", "value": "{{token}}", "type": "string"}],
        },
        "variable": [
            {"key": "baseUrl", "value": base_url, "type": "string"},
            {"key": "token", "value": "", "type": "string"},
        ],
        "item": [{"name": tag, "item": items} for tag, items in folders.items()],
    }


def _postman_item(request: Request) -> dict[str, Any]:
    segments = [
        f":{match.group(1)}" if (match := _PATH_PARAM.fullmatch(part)) else part
        for part in request.path.strip("/").split("/")
    ]
    query = [
        {
            "key": p["name"],
            "value": _query_value(p),
            "description": p.get("description", ""),
            "disabled": not p.get("required", False),
        }
        for p in request.query
    ]
    raw = "{{baseUrl}}/" + "/".join(segments) + ("/" if request.path.endswith("/") else "")
    entry: dict[str, Any] = {
        "method": request.method,
        "header": [{"key": "Accept", "value": "application/json"}],
        "url": {
            "raw": raw,
            "host": ["{{baseUrl}}"],
            "path": segments + ([""] if request.path.endswith("/") else []),
            "query": query,
            "variable": [{"key": name, "value": ""} for name in request.path_params],
        },
        "description": request.description,
    }
    if request.public:
        entry["auth"] = {"type": "noauth"}
    if request.body is not None:
        entry["header"].append({"key": "Content-Type", "value": "application/json"})
        entry["body"] = {
            "mode": "raw",
            "raw": request.body,
            "options": {"raw": {"language": "json"}},
        }
    return {"name": request.summary, "request": entry, "response": []}


def insomnia(spec: dict[str, Any], base_url: str) -> dict[str, Any]:
    """The Insomnia export (format 4) of the document: a workspace, its base environment, a
    request group per tag and a request per operation."""
    info = spec["info"]
    workspace = _id("wrk", info["title"])
    requests = list(requests_of(spec))
    variables = {name: "" for request in requests for name in request.path_params}
    resources: list[dict[str, Any]] = [
        {
            "_id": workspace,
            "_type": "workspace",
            "parentId": None,
            "name": f"{info['title']} {info['version']}",
            "description": info.get("description", ""),
            "scope": "collection",
        },
        {
            "_id": _id("env", info["title"]),
            "_type": "environment",
            "parentId": workspace,
            "name": "Base Environment",
            "data": {"base_url": base_url, "token": "", **variables},
        },
    ]
    groups: dict[str, str] = {}
    for index, request in enumerate(requests):
        if request.tag not in groups:
            groups[request.tag] = _id("fld", request.tag)
            resources.append(
                {
                    "_id": groups[request.tag],
                    "_type": "request_group",
                    "parentId": workspace,
                    "name": request.tag,
                    "description": "",
                    "metaSortKey": len(groups),
                }
            )
        resources.append(_insomnia_request(request, groups[request.tag], index))
    return {
        "_type": "export",
        "__export_format": 4,
        "__export_date": iso(utcnow()),
        "__export_source": EXPORT_SOURCE,
        "resources": resources,
    }


def _insomnia_request(request: Request, parent: str, index: int) -> dict[str, Any]:
    url = "{{ _.base_url }}" + _PATH_PARAM.sub(r"{{ _.\1 }}", request.path)
    headers = [{"name": "Accept", "value": "application/json"}]
    body: dict[str, Any] = {}
    if request.body is not None:
        headers.append({"name": "Content-Type", "value": "application/json"})
        body = {"mimeType": "application/json", "text": request.body}
    return {
        "_id": _id("req", request.operation_id),
        "_type": "request",
        "parentId": parent,
        "name": request.summary,
        "description": request.description,
        "method": request.method,
        "url": url,
        "body": body,
        "parameters": [
            {"name": p["name"], "value": _query_value(p), "disabled": not p.get("required", False)}
            for p in request.query
        ],
        "headers": headers,
        "authentication": {} if request.public else {"type": "bearer", "token": "{{ _.token }}"},
        "metaSortKey": index,
    }


def _id(prefix: str, name: str) -> str:
    """A stable resource id: the same in every export, so a re-import updates in place."""
    return f"{prefix}_{hashlib.sha256(name.encode()).hexdigest()[:32]}"


def base_url_of(request: web.Request) -> str:
    """The address the caller reached this server at: the collections' default base URL."""
    return f"{request.scheme}://{request.host}"


async def postman_collection(request: web.Request) -> web.Response:
    """The Postman collection (v2.1) of this server, made from its OpenAPI document"""
    spec = build_spec(request.app)
    return web.json_response(postman(spec, base_url_of(request)))


async def insomnia_collection(request: web.Request) -> web.Response:
    """The Insomnia export (v4) of this server, made from its OpenAPI document"""
    spec = build_spec(request.app)
    return web.json_response(insomnia(spec, base_url_of(request)))


def add_collections(app: web.Application) -> None:
    app.router.add_get("/docs/postman_collection.json", postman_collection)
    app.router.add_get("/docs/insomnia_collection.json", insomnia_collection)
