"""The OpenAPI document is generated from the route table that serves requests."""

from __future__ import annotations

import re
from typing import Any, get_args

from aiohttp import web
from aiohttp.test_utils import TestClient
from openapi_spec_validator import validate

from storage.accounts import users
from storage.projects import analytics, crud
from storage.runs import queues
from storage.tasks import bulk, listing
from web.api.schemas.accounts import UserSort
from web.api.schemas.bulk import Operation
from web.api.schemas.projects import Period, ProjectSort
from web.api.schemas.queues import MetricsQuery
from web.api.schemas.tasks import TaskSort


async def test_every_route_is_documented(client: TestClient) -> None:
    spec = await (await client.get("/openapi.json")).json()
    assert spec["openapi"].startswith("3.")
    documented = {(method.upper(), path) for path, ops in spec["paths"].items() for method in ops}
    served = set()
    for route in client.app.router.routes():
        info = route.get_info()
        path = info.get("formatter") or info.get("path") or info.get("prefix")
        if route.method == "HEAD" or path.startswith("/docs/static"):
            continue
        web_ui = isinstance(
            route.resource, web.StaticResource
        ) or route.handler.__module__.startswith("web.pages")
        if not web_ui:  # the Web UI's pages and files are not the API
            served.add((route.method, re.sub(r"{([^}:]+)(?::[^}]*)?}", r"{\1}", path)))
    assert served == documented
    assert ("POST", "/api/tasks/{task_id}/execute") in documented
    assert ("GET", "/projects") not in documented and ("GET", "/api/projects/") in documented


async def test_schemas_and_security_come_from_declarations(client: TestClient) -> None:
    spec = await (await client.get("/openapi.json")).json()
    create = spec["paths"]["/api/tasks/"]["post"]
    body = create["requestBody"]["content"]["application/json"]["schema"]
    assert body["required"] == ["title", "project_id"]
    assert body["properties"]["estimated_duration"]["format"] == "HH:MM:SS"
    assert create["security"] == [{"bearer": []}]
    assert "security" not in spec["paths"]["/api/health/"]["get"]


async def test_swagger_ui_is_served_locally(client: TestClient) -> None:
    page = await client.get("/docs")
    html = await page.text()
    assert page.status == 200
    assert "http" not in re.sub(r"https?://(www\.)?w3\.org\S*", "", html).replace("/openapi", "")
    assert "/docs/static/swagger-ui-bundle.js" in html
    script = await client.get("/docs/static/swagger-ui-bundle.js")
    assert script.status == 200 and len(await script.read()) > 100_000


async def test_the_document_is_valid_and_every_response_is_typed(client: TestClient) -> None:
    spec = await (await client.get("/openapi.json")).json()
    validate(spec)
    definitions = spec["components"]["schemas"]

    def resolved(schema: dict[str, Any]) -> dict[str, Any]:
        ref = schema.get("$ref")
        return definitions[ref.rsplit("/", 1)[-1]] if ref else schema

    declared = 0
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            if operation["tags"] == ["pages"]:
                continue
            declared += 1
            (success,) = (r for code, r in operation["responses"].items() if code != "default")
            schema = success["content"]["application/json"]["schema"]
            data = schema if path == "/openapi.json" else schema["properties"]["data"]
            assert resolved(data).get("properties"), (method, path, data)
            error = resolved(
                operation["responses"]["default"]["content"]["application/json"]["schema"]
            )
            assert set(error["properties"]) == {"data", "error", "meta"}
    assert declared >= 50


async def test_examples_come_from_the_api_document(client: TestClient) -> None:
    spec = await (await client.get("/openapi.json")).json()
    create = spec["paths"]["/api/tasks/"]["post"]
    body = create["requestBody"]["content"]["application/json"]
    assert body["example"]["title"] == "Implement user authentication"
    answer = create["responses"]["201"]["content"]["application/json"]["example"]
    assert answer["data"]["status"] == "pending"


def test_declared_choices_are_the_ones_storage_accepts() -> None:
    assert set(get_args(TaskSort)) == set(listing.SORTS)
    assert set(get_args(ProjectSort)) == set(crud.SORTS)
    assert set(get_args(Period)) == set(analytics.PERIODS)
    assert set(get_args(UserSort)) == set(users.SORTS)
    assert set(get_args(Operation)) == set(bulk.OPERATIONS)
    assert set(get_args(MetricsQuery.model_fields["period"].annotation)) == set(queues.PERIODS)
