"""Every response, errors included, is the envelope of API.md (Response Format) with its codes."""

from __future__ import annotations

from typing import Any

from aiohttp import web
from aiohttp.test_utils import TestClient

from config import Settings
from web.app import create_app


def assert_error(body: dict[str, Any], code: str) -> dict[str, Any]:
    assert body["data"] is None
    assert body["error"]["code"] == code, body
    assert set(body["meta"]) == {"timestamp", "request_id", "version"}
    assert "Traceback" not in str(body)
    return body["error"]


async def test_success_envelope_and_request_id(client: TestClient) -> None:
    response = await client.get("/api/health/", headers={"X-Request-ID": "abc-123"})
    body = await response.json()
    assert response.status == 200
    assert body["error"] is None and body["data"]["status"] == "healthy"
    assert body["meta"]["request_id"] == "abc-123" == response.headers["X-Request-ID"]
    assert body["meta"]["version"] == "1.0.0" and body["meta"]["timestamp"].endswith("Z")


async def test_unsafe_request_id_is_replaced(client: TestClient) -> None:
    response = await client.get("/api/health/", headers={"X-Request-ID": "<script>"})
    assert (await response.json())["meta"]["request_id"] != "<script>"


async def test_unknown_route_is_404(client: TestClient) -> None:
    response = await client.get("/api/nothing/here")
    assert response.status == 404
    assert_error(await response.json(), "RESOURCE_NOT_FOUND")


async def test_wrong_method_is_405_with_allow(client: TestClient) -> None:
    response = await client.delete("/api/health/")
    assert response.status == 405
    assert "GET" in response.headers["Allow"]
    assert_error(await response.json(), "METHOD_NOT_ALLOWED")


async def test_malformed_json_is_400(client: TestClient, make_user: Any, headers: Any) -> None:
    response = await client.post("/api/projects/", data=b"{not json", headers=headers(make_user()))
    assert response.status == 400
    assert_error(await response.json(), "VALIDATION_ERROR")


async def test_non_object_json_is_400(client: TestClient, make_user: Any, headers: Any) -> None:
    response = await client.post("/api/projects/", json=[1, 2], headers=headers(make_user()))
    assert response.status == 400
    assert_error(await response.json(), "VALIDATION_ERROR")


async def test_oversized_body_is_413(
    aiohttp_client: Any, env: dict[str, str], db: Any, make_user: Any, headers: Any
) -> None:
    from config import load_settings

    client = await aiohttp_client(create_app(load_settings({**env, "MAX_REQUEST_BYTES": "1024"})))
    response = await client.post(
        "/api/projects/", json={"name": "x" * 4096}, headers=headers(make_user())
    )
    assert response.status == 413
    assert_error(await response.json(), "PAYLOAD_TOO_LARGE")


async def test_unexpected_exception_is_500_without_details(
    aiohttp_client: Any, settings: Settings, db: Any
) -> None:
    async def explode(request: web.Request) -> web.Response:
        raise RuntimeError("secret internals /etc/passwd")

    app = create_app(settings)
    app.router.add_get("/explode", explode)
    client = await aiohttp_client(app)
    response = await client.get("/explode")
    assert response.status == 500
    error = assert_error(await response.json(), "INTERNAL_ERROR")
    assert "secret" not in str(error)


async def test_validation_codes(client: TestClient, make_user: Any, headers: Any) -> None:
    auth = headers(make_user())
    cases = [
        ({}, "VALIDATION_REQUIRED_FIELD", "name"),
        ({"name": ""}, "VALIDATION_VALUE_TOO_SHORT", "name"),
        ({"name": "x" * 201}, "VALIDATION_VALUE_TOO_LONG", "name"),
        ({"name": 5}, "VALIDATION_INVALID_FORMAT", "name"),
        ({"name": "ok", "id": "mine"}, "VALIDATION_ERROR", "id"),
        ({"name": "ok", "settings": []}, "VALIDATION_INVALID_FORMAT", "settings"),
    ]
    for payload, code, field in cases:
        response = await client.post("/api/projects/", json=payload, headers=auth)
        assert response.status == 422, payload
        assert assert_error(await response.json(), code)["details"]["field"] == field


async def test_query_validation(client: TestClient, make_user: Any, headers: Any) -> None:
    auth = headers(make_user())
    for query, field in (
        ("page=0", "page"),
        ("page_size=101", "page_size"),
        ("page=abc", "page"),
        ("project_id=nope", "project_id"),
    ):
        response = await client.get(f"/api/tasks/?{query}", headers=auth)
        assert response.status == 422, query
        assert (
            assert_error(await response.json(), "VALIDATION_INVALID_FORMAT")["details"]["field"]
            == field
        )
