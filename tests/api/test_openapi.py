"""The OpenAPI document is generated from the route table that serves requests."""

from __future__ import annotations

import re

from aiohttp.test_utils import TestClient


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
        served.add((route.method, re.sub(r"{([^}:]+)(?::[^}]*)?}", r"{\1}", path)))
    assert served == documented
    assert ("POST", "/api/tasks/{task_id}/execute") in documented


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
