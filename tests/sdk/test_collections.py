"""/docs/postman_collection.json (Postman v2.1) and /docs/insomnia_collection.json (Insomnia
export v4) are made from the OpenAPI document: every operation appears in both, with the base
URL and a bearer token as variables and the document's example bodies."""

from __future__ import annotations

import json
import re
from typing import Any

from tests.support.api import AppClient

POSTMAN_SCHEMA = "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"


async def documents(client: AppClient) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    found = []
    for path in (
        "/openapi.json",
        "/docs/postman_collection.json",
        "/docs/insomnia_collection.json",
    ):
        response = await client.get(path)
        assert response.status == 200 and response.content_type == "application/json"
        found.append(await response.json())
    return found[0], found[1], found[2]


def operations(spec: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    return {
        (method.upper(), path): operation
        for path, methods in spec["paths"].items()
        for method, operation in methods.items()
    }


def postman_requests(collection: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    """(method, OpenAPI path) -> request, from the folders' items."""
    found = {}
    for folder in collection["item"]:
        for item in folder["item"]:
            request = item["request"]
            url = request["url"]
            assert url["host"] == ["{{baseUrl}}"] and url["raw"].startswith("{{baseUrl}}/")
            path = "/" + "/".join(re.sub(r"^:(.+)$", r"{\1}", part) for part in url["path"])
            assert [v["key"] for v in url["variable"]] == re.findall(r"{([^}]+)}", path)
            found[(request["method"], path)] = request
    return found


def insomnia_requests(export: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    resources = export["resources"]
    by_id = {resource["_id"]: resource for resource in resources}
    (workspace,) = [r for r in resources if r["_type"] == "workspace"]
    (environment,) = [r for r in resources if r["_type"] == "environment"]
    assert environment["parentId"] == workspace["_id"]
    found = {}
    for request in (r for r in resources if r["_type"] == "request"):
        group = by_id[request["parentId"]]
        assert group["_type"] == "request_group" and group["parentId"] == workspace["_id"]
        assert request["url"].startswith("{{ _.base_url }}/")
        path = re.sub(r"{{ _\.([^ ]+) }}", r"{\1}", request["url"][len("{{ _.base_url }}") :])
        assert set(re.findall(r"{([^}]+)}", path)) <= set(environment["data"])
        found[(request["method"], path)] = request
    return found


async def test_every_operation_is_in_both_collections(client: AppClient) -> None:
    spec, postman, insomnia = await documents(client)
    documented = operations(spec)
    assert len(documented) > 70
    assert set(postman_requests(postman)) == set(documented)
    assert set(insomnia_requests(insomnia)) == set(documented)


async def test_the_collections_carry_the_base_url_the_token_and_the_examples(
    client: AppClient,
) -> None:
    spec, postman, insomnia = await documents(client)
    base_url = f"http://{client.server.host}:{client.server.port}"
    assert postman["info"]["schema"] == POSTMAN_SCHEMA
    assert postman["info"]["name"] == f"{spec['info']['title']} {spec['info']['version']}"
    variables = {v["key"]: v["value"] for v in postman["variable"]}
    assert variables == {"baseUrl": base_url, "token": ""}
    assert postman["auth"]["bearer"] == [{"key": "token", "value": "{{token}}", "type": "string"}]
    assert (insomnia["_type"], insomnia["__export_format"]) == ("export", 4)
    (environment,) = [r for r in insomnia["resources"] if r["_type"] == "environment"]
    assert (environment["data"]["base_url"], environment["data"]["token"]) == (base_url, "")

    documented = operations(spec)
    in_postman, in_insomnia = postman_requests(postman), insomnia_requests(insomnia)
    examples = 0
    for key, operation in documented.items():
        public = "security" not in operation
        assert (in_postman[key].get("auth") == {"type": "noauth"}) is public
        expected_auth = {} if public else {"type": "bearer", "token": "{{ _.token }}"}
        assert in_insomnia[key]["authentication"] == expected_auth
        body = operation.get("requestBody", {}).get("content", {}).get("application/json")
        if body is None:
            assert "body" not in in_postman[key] and in_insomnia[key]["body"] == {}
            continue
        sent = json.loads(in_postman[key]["body"]["raw"])
        assert json.loads(in_insomnia[key]["body"]["text"]) == sent
        if "example" in body:
            examples += 1
            assert sent == body["example"]
        else:  # no example: the body's required fields
            assert set(sent) == set(body["schema"].get("required", ()))
    assert examples >= 15
    create = json.loads(in_postman[("POST", "/api/tasks/")]["body"]["raw"])
    assert create["title"] == "Implement user authentication"  # API.md's example


async def test_query_parameters_are_listed_and_off_unless_required(client: AppClient) -> None:
    spec, postman, insomnia = await documents(client)
    listing = postman_requests(postman)[("GET", "/api/tasks/")]
    query = {q["key"]: q for q in listing["url"]["query"]}
    assert {"page", "page_size", "status", "project_id"} <= set(query)
    assert query["page_size"]["value"] == "50" and query["page_size"]["disabled"] is True
    parameters = insomnia_requests(insomnia)[("GET", "/api/tasks/")]["parameters"]
    assert [p["name"] for p in parameters] == list(query)
