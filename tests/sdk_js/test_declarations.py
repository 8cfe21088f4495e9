"""What the JavaScript SDK declares is what the server serves: every /api operation has a method,
the error catalogue is storage/error_codes.py's, every name of the API converts to camelCase and
back, the TypeScript models have the OpenAPI schemas' fields, and the declarations type-check."""

from __future__ import annotations

import json
import re
import subprocess
from typing import Any

import pytest

from config import load_settings
from storage.error_codes import ErrorCode
from tests.sdk_js.node import SDK, node_binary
from tests.support.deployment import deployment_env
from web.app import create_app
from web.openapi.document import build_spec

# schemas of the envelope and of the pages that are not API data the SDK returns
UNDECLARED = {"Error", "ErrorEnvelope", "Meta", "NoBody", "NoQuery", "OpenApiDocument", "JsonValue"}
SCHEMA = re.compile(  # a tagged declaration: a type's enum values, or an interface's body
    r"/\*\* @schema (\w+) \*/\nexport (interface|type) \w+(?: = (.*?);\n| \{\n(.*?)\n\})",
    re.DOTALL,
)
FIELD = re.compile(r"^  (\w+)\??:", re.MULTILINE)


@pytest.fixture(scope="module")
def spec(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    data = tmp_path_factory.mktemp("spec") / "data"
    settings = load_settings(deployment_env(data, JWT_SECRET="x" * 40))
    return build_spec(create_app(settings))


def api_names(spec: dict[str, Any]) -> set[str]:
    """Every property and query parameter name of the API."""
    names: set[str] = set()

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("properties"), dict):
                names.update(node["properties"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(spec["components"])
    for operations in spec["paths"].values():
        for operation in operations.values():
            names.update(p["name"] for p in operation.get("parameters", []) if p["in"] == "query")
    return names


def describe(names: list[str]) -> dict[str, Any]:
    """The SDK's own account of itself (sdk/js/testkit/describe.js)."""
    node = node_binary()
    run = subprocess.run(
        [node, str(SDK / "testkit" / "describe.js")],
        input=json.dumps(names),
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    described: dict[str, Any] = json.loads(run.stdout)
    return described


def camel(name: str) -> str:
    return re.sub(r"_([a-z])", lambda m: m.group(1).upper(), name)


def snake(name: str) -> str:
    return re.sub(r"[A-Z]", lambda m: "_" + m.group(0).lower(), name)


def test_every_api_operation_has_an_sdk_method(spec: dict[str, Any]) -> None:
    served = {
        (method.upper(), path)
        for path, operations in spec["paths"].items()
        if path.startswith("/api/")
        for method in operations
    }
    declared = {
        (
            op["method"],
            "/api" + re.sub(r"{(\w+)}", lambda m: "{" + snake(m.group(1)) + "}", op["path"]),
        )
        for op in describe([])["operations"]
    }
    assert served - declared == set(), "operations without an SDK method"
    assert declared - served == set(), "SDK methods of no operation"


def test_the_error_catalogue_is_the_servers_and_each_code_has_its_class() -> None:
    described = describe([])
    assert described["errorCodes"] == {code.value: code.status for code in ErrorCode}
    assert all(described["exported"].values()), described["exported"]
    index = (SDK / "index.d.ts").read_text()
    declared = set(re.findall(r"export declare class (\w+) extends ApiError", index))
    assert set(described["exported"].values()) <= declared


def test_every_api_name_converts_to_camel_case_and_back(spec: dict[str, Any]) -> None:
    names = sorted(api_names(spec))
    converted = describe(names)["converted"]
    assert [n for n in names if converted[n][1] != n] == []
    assert len({converted[n][0] for n in names}) == len(names), "two names, one camelCase name"


def test_the_typescript_models_have_the_schemas_fields(spec: dict[str, Any]) -> None:
    schemas = spec["components"]["schemas"]
    declared: dict[str, set[str]] = {}
    for name, kind, enum, body in SCHEMA.findall((SDK / "models.d.ts").read_text()):
        declared[name] = set(
            re.findall(r'"([^"]*)"', enum) if kind == "type" else FIELD.findall(body)
        )
    for name, fields in declared.items():
        assert name in schemas, f"{name} is no schema of /openapi.json"
        schema = schemas[name]
        expected = (
            set(schema["enum"]) if "enum" in schema else {camel(p) for p in schema["properties"]}
        )
        assert fields == expected, name
    assert set(schemas) - UNDECLARED - set(declared) == set(), "schemas without a declaration"


def test_the_declarations_type_check() -> None:
    tsc = SDK / "node_modules" / "typescript" / "bin" / "tsc"
    run = subprocess.run(
        [node_binary(), str(tsc), "-p", str(SDK / "typecheck")],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr
