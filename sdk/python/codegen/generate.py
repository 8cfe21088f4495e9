"""Generate claude_cli_sdk's models, resources, error classes and version from the server's
OpenAPI document, so the SDK says what the server serves.

    python sdk/python/codegen/generate.py SOURCE [--check]

SOURCE is the document's URL (http://127.0.0.1:8000/openapi.json) or a file. With --check
nothing is written: the generated text is compared with the files (exit 1 and a diff when
they differ); tests/sdk runs it against a live server.
"""

from __future__ import annotations

import argparse
import difflib
import json
import keyword
import re
import subprocess
import sys
import textwrap
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from names import OPERATIONS, PAGES, RESOURCES, Name, iterator_name  # noqa: E402

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "claude_cli_sdk"
REPO = Path(__file__).resolve().parents[3]
Schema = dict[str, Any]
RESERVED = frozenset({"model_config", "model_fields", "schema", "json", "dict", "copy"})
COMMA_SEPARATED = "comma-separated"


def header(version: str, purpose: str) -> str:
    return (
        f'"""{purpose}\n\nGenerated from the OpenAPI document of API {version} by '
        'sdk/python/codegen/generate.py:\ndo not edit, regenerate."""\n\n'
    )


def class_name(name: str) -> str:
    """A schema's name as a Python class name (Queues_QueueFigures_ -> QueuesQueueFigures)."""
    parts = [part for part in re.split(r"[^0-9A-Za-z]+", name) if part]
    return "".join(part[0].upper() + part[1:] for part in parts)


def camel(snake: str) -> str:
    return "".join(part.capitalize() for part in snake.split("_"))


def docstring(text: str, indent: int) -> str:
    """A docstring wrapped to the line length (100) at that indentation."""
    text = " ".join(text.split()).replace("\\", "\\\\").replace('"""', '\\"\\"\\"')
    if text.endswith('"'):
        text += " "
    pad = " " * indent
    if len(text) + indent + 6 <= 100:
        return f'{pad}"""{text}"""\n'
    lines = textwrap.wrap(text, 100 - indent)
    body = "\n".join(f"{pad}{line}" for line in lines)
    return f'{pad}"""\n{body}\n{pad}"""\n'


def method_docstring(summary: str, description: str, indent: int) -> str:
    """A method's docstring: its summary, then its description as a paragraph of its own."""
    if not description:
        return docstring(summary, indent)
    pad = " " * indent
    summary = " ".join(summary.split()).replace("\\", "\\\\")
    paragraphs = [" ".join(part.split()) for part in description.split("\n\n")]
    body = (
        "\n\n".join(
            "\n".join(pad + line for line in textwrap.wrap(paragraph, 100 - indent))
            for paragraph in paragraphs
            if paragraph
        )
        .replace("\\", "\\\\")
        .replace('"""', '\\"\\"\\"')
    )
    return f'{pad}"""{summary}\n\n{body}\n{pad}"""\n'


def ref_of(schema: Schema) -> str | None:
    """The component a schema points at ($ref, or allOf with one $ref: a nullable ref)."""
    if "$ref" in schema:
        return str(schema["$ref"]).rsplit("/", 1)[-1]
    parts = schema.get("allOf")
    if isinstance(parts, list) and len(parts) == 1 and "$ref" in parts[0]:
        return str(parts[0]["$ref"]).rsplit("/", 1)[-1]
    return None


@dataclass
class Document:
    """The parts of the OpenAPI document the generator reads, and the names it gives them."""

    spec: Schema
    schemas: dict[str, Schema] = field(init=False)

    def __post_init__(self) -> None:
        self.schemas = self.spec["components"]["schemas"]

    @property
    def version(self) -> str:
        return str(self.spec["info"]["version"])

    def is_alias(self, name: str) -> bool:
        """A component that is a type alias (an enum of strings, or any JSON value)."""
        schema = self.schemas[name]
        return "enum" in schema or not schema

    def operations(self) -> Iterator[tuple[str, str, Schema]]:
        for path, methods in self.spec["paths"].items():
            for method, operation in methods.items():
                yield path, method.upper(), operation

    def refs_in(self, schema: Any) -> Iterator[str]:
        if isinstance(schema, dict):
            if "$ref" in schema:
                yield str(schema["$ref"]).rsplit("/", 1)[-1]
            for value in schema.values():
                yield from self.refs_in(value)
        elif isinstance(schema, list):
            for value in schema:
                yield from self.refs_in(value)

    def closure(self, roots: list[Any]) -> set[str]:
        """Every component reachable from roots."""
        seen: set[str] = set()
        todo = [ref for root in roots for ref in self.refs_in(root)]
        while todo:
            name = todo.pop()
            if name not in seen:
                seen.add(name)
                todo.extend(self.refs_in(self.schemas[name]))
        return seen


class Types:
    """Python annotations of JSON Schemas: `out` for response models (pydantic), `in` for the
    keyword arguments of requests (TypedDicts)."""

    def __init__(self, document: Document) -> None:
        self.document = document

    def of(self, schema: Schema, mode: str, prefix: str = "") -> str:
        nullable = bool(schema.get("nullable"))
        annotation = self._base(schema, mode, prefix)
        if nullable and annotation != "JsonValue" and not annotation.endswith("| None"):
            annotation += " | None"
        return annotation

    def _base(self, schema: Schema, mode: str, prefix: str) -> str:
        ref = ref_of(schema)
        if ref is not None:
            if ref == "JsonValue" or not self.document.schemas[ref]:
                return "JsonValue"
            if self.document.is_alias(ref):
                return prefix + class_name(ref)
            return prefix + class_name(ref) + ("Params" if mode == "in" else "")
        if "anyOf" in schema or "oneOf" in schema:
            options = schema.get("anyOf") or schema.get("oneOf") or []
            return " | ".join(dict.fromkeys(self.of(option, mode, prefix) for option in options))
        if "enum" in schema:
            values = [value for value in schema["enum"] if value is not None]
            return "Literal[" + ", ".join(json.dumps(value) for value in values) + "]"
        kind = schema.get("type")
        if kind == "string":
            return self._string(schema, mode)
        if kind == "integer":
            return "int"
        if kind == "number":
            return "float"
        if kind == "boolean":
            return "bool"
        if kind == "array":
            item = self.of(schema.get("items", {}), mode, prefix)
            return f"list[{item}]" if mode == "out" else f"Sequence[{item}]"
        if kind == "object" or "additionalProperties" in schema:
            extra = schema.get("additionalProperties")
            value = self.of(extra, mode, prefix) if isinstance(extra, dict) and extra else "Any"
            return f"dict[str, {value}]" if mode == "out" else f"Mapping[str, {value}]"
        return "JsonValue" if not schema else "Any"

    @staticmethod
    def _string(schema: Schema, mode: str) -> str:
        moment = {"date-time": "dt.datetime", "date": "dt.date"}.get(schema.get("format", ""))
        if moment is None:
            return "str"
        return moment if mode == "out" else f"{moment} | str"


def field_name(name: str) -> tuple[str, str | None]:
    """A property's Python name and its alias (None when it needs none)."""
    if keyword.iskeyword(name) or name in RESERVED or name.startswith("model_"):
        return name + "_", name
    return name, None


def model_class(name: str, schema: Schema, types: Types, about: str) -> str:
    """A pydantic model of a response object (`about`: its docstring without a description)."""
    required = set(schema.get("required", ()))
    lines = [f"class {class_name(name)}(ApiModel):\n"]
    lines.append(docstring(schema.get("description") or about, 4))
    properties: dict[str, Schema] = schema.get("properties", {})
    if properties:
        lines.append("\n")
    for prop, prop_schema in properties.items():
        python, alias = field_name(prop)
        annotation = types.of(prop_schema, "out")
        default: str | None = None
        if prop not in required:
            value = prop_schema.get("default")
            scalar = isinstance(value, str | int | float | bool) and value is not None
            default = repr(value) if scalar else "None"
            if default == "None" and "None" not in annotation and annotation != "JsonValue":
                annotation += " | None"
        if alias is not None:
            argument = "" if default is None else f"default={default}, "
            lines.append(f'    {python}: {annotation} = Field({argument}alias="{alias}")\n')
        elif default is not None:
            lines.append(f"    {python}: {annotation} = {default}\n")
        else:
            lines.append(f"    {python}: {annotation}\n")
    return "".join(lines)


def typed_dict(name: str, description: str, fields: dict[str, tuple[str, bool]]) -> str:
    """A TypedDict of keyword arguments: each field's annotation and whether it is required."""
    items = {
        key: (f"Required[{annotation}]" if required else annotation)
        for key, (annotation, required) in fields.items()
    }
    if any(keyword.iskeyword(key) or not key.isidentifier() for key in items):
        pairs = ", ".join(f'"{key}": {annotation}' for key, annotation in items.items())
        return f'{name} = TypedDict("{name}", {{{pairs}}}, total=False)\n'
    lines = [f"class {name}(TypedDict, total=False):\n", docstring(description, 4)]
    if items:
        lines.append("\n")
    lines.extend(f"    {key}: {annotation}\n" for key, annotation in items.items())
    return "".join(lines)


def body_fields(schema: Schema, types: Types) -> dict[str, tuple[str, bool]]:
    required = set(schema.get("required", ()))
    return {
        prop: (types.of(prop_schema, "in"), prop in required)
        for prop, prop_schema in schema.get("properties", {}).items()
    }


def query_fields(parameters: list[Schema], types: Types) -> dict[str, tuple[str, bool]]:
    fields = {}
    for parameter in parameters:
        annotation = types.of(parameter["schema"], "in")
        if COMMA_SEPARATED in parameter.get("description", ""):
            annotation = "str | Sequence[str]"
        fields[parameter["name"]] = (annotation, bool(parameter.get("required")))
    return fields


@dataclass
class Method:
    """One generated method of a resource class."""

    name: Name
    operation_id: str
    summary: str
    description: str
    decorator_args: str
    signature: str
    returns: str
    item: str | None  # a paged list's item type


def tuple_of(names: list[str]) -> str:
    """A tuple literal of strings (no magic trailing comma but for one element)."""
    return "(" + ", ".join(f'"{name}"' for name in names) + ("," if len(names) == 1 else "") + ")"


def query_parameters(operation: Schema) -> list[Schema]:
    return [p for p in operation.get("parameters", ()) if p["in"] == "query"]


def path_parameters(operation: Schema) -> list[str]:
    return [p["name"] for p in operation.get("parameters", ()) if p["in"] == "path"]


def success(operation: Schema) -> Schema:
    for status, response in operation["responses"].items():
        if status.startswith("2"):
            return dict(response["content"]["application/json"]["schema"])
    raise ValueError(f"{operation['operationId']} has no 2xx response")


def response_of(operation: Schema) -> tuple[str | None, bool]:
    """The component of an operation's answer (None: raw JSON) and whether it is enveloped."""
    schema = success(operation)
    data = schema.get("properties", {}).get("data")
    if data is not None and "meta" in schema.get("properties", {}):
        return ref_of(data), True
    return ref_of(schema), False


def body_name(operation: Schema) -> str | None:
    body = operation.get("requestBody")
    if body is None:
        return None
    schema = body["content"]["application/json"]["schema"]
    return class_name(ref_of(schema) or schema.get("title") or operation["operationId"])


def methods(document: Document, types: Types) -> dict[str, list[Method]]:
    """The methods of each resource, in the order of names.OPERATIONS."""
    found = {op["operationId"]: (path, method, op) for path, method, op in document.operations()}
    unknown = set(found) - set(OPERATIONS) - PAGES
    if unknown:
        raise SystemExit(f"operations without an SDK name (codegen/names.py): {sorted(unknown)}")
    missing = set(OPERATIONS) - set(found)
    if missing:
        raise SystemExit(f"names of operations the document does not have: {sorted(missing)}")
    grouped: dict[str, list[Method]] = {resource: [] for resource in RESOURCES}
    for operation_id, name in OPERATIONS.items():
        path, method, operation = found[operation_id]
        grouped[name.resource].append(_method(document, types, name, path, method, operation))
    return grouped


def _method(
    document: Document, types: Types, name: Name, path: str, method: str, operation: Schema
) -> Method:
    response, enveloped = response_of(operation)
    model = f"m.{class_name(response)}" if response else "None"
    params = path_parameters(operation)
    root = not path.startswith("/api/")
    queries = [p["name"] for p in query_parameters(operation)]
    lists = [
        p["name"]
        for p in query_parameters(operation)
        if COMMA_SEPARATED in p.get("description", "")
    ]
    token = name.token or ("ACCESS" if operation.get("security") else "NONE")
    args = [
        f'"{operation["operationId"]}"',
        f'"{method}"',
        f'"{path if root else path[4:]}"',
        model,
    ]
    if params:
        args.append(f"path_params={tuple_of(params)}")
    if queries:
        args.append(f"query={tuple_of(queries)}")
    if lists:
        args.append(f"lists={tuple_of(lists)}")
    if "requestBody" in operation:
        args.append("body=True")
    if root:
        args.append("root=True")
    if not enveloped:
        args.append("enveloped=False")
    if token != "ACCESS":
        args.append(f"token=TokenUse.{token}")
    if name.effect != "NONE":
        args.append(f"effect=TokenEffect.{name.effect}")
    signature = ["self"] + [f"{p}: str" for p in params] + (["/"] if params else [])
    if queries:
        signature.append(f"**query: Unpack[m.{camel(operation['operationId'])}Query]")
    elif "requestBody" in operation:
        signature.append(f"**body: Unpack[m.{body_name(operation)}Params]")
    item = None
    if name.pager is not None:
        items = document.schemas[response or ""]["properties"][name.items]["items"]
        item = types.of(items, "out", prefix="m.")
    return Method(
        name,
        operation["operationId"],
        operation.get("summary", ""),
        operation.get("description", ""),
        ", ".join(args),
        ", ".join(signature),
        model if response else "Any",
        item,
    )


def resources_module(document: Document, types: Types) -> str:
    out = [
        '# mypy: disable-error-code="empty-body"\n',
        header(
            document.version,
            "The API's resources: one method per operation, one iterator per list.",
        ),
        "from __future__ import annotations\n\n",
        "from collections.abc import Iterator\n",
        "from typing import Any, Generic, Unpack\n\n",
        "from claude_cli_sdk import models as m\n",
        "from claude_cli_sdk._endpoints import (\n",
        "    M, AfterSeq, Offsets, PageNumbers, Resource, Transport, endpoint, paged\n)\n",
        "from claude_cli_sdk._operations import Operation\n",
        "from claude_cli_sdk._tokens import TokenEffect, TokenUse\n",
    ]
    grouped = methods(document, types)
    out.append("\n")
    for resource in RESOURCES:
        for method in grouped[resource]:
            constant = method.operation_id.upper()
            out.append(f"{constant} = Operation({method.decorator_args})\n")
    for resource, (cls, doc) in RESOURCES.items():
        out.append(f"\n\nclass {cls}(Resource[M]):\n")
        out.append(docstring(doc, 4))
        for method in grouped[resource]:
            operation = method.operation_id.upper()
            out.append(f"\n    @endpoint({operation})\n")
            out.append(f"    def {method.name.method}({method.signature}) -> {method.returns}:\n")
            out.append(method_docstring(method.summary, method.description, 8))
            if method.name.pager is not None:
                pager = f'{method.name.pager}("{method.name.items}")'
                iterator = iterator_name(method.name.method)
                out.append(f"\n    @paged({operation}, {pager})\n")
                out.append(f"    def {iterator}({method.signature}) -> Iterator[{method.item}]:\n")
                out.append(docstring(f"Every item of {method.name.method}(), page after page.", 8))
    out.append("\n\nclass Resources(Generic[M]):\n")
    out.append(
        docstring("The API's resources as a client's attributes, bound to its transport.", 4)
    )
    out.append("\n    def __init__(self, transport: Transport) -> None:\n")
    for resource, (cls, _) in RESOURCES.items():
        out.append(f"        self.{resource}: {cls}[M] = {cls}(transport)\n")
    return "".join(out)


def models_module(document: Document, types: Types) -> str:
    responses, requests = [], []
    answers: dict[str, list[str]] = {}
    bodies: list[tuple[str, Schema]] = []
    queries: list[tuple[str, str, list[Schema]]] = []
    for _, _, operation in document.operations():
        if operation["operationId"] in PAGES:
            continue
        responses.append(success(operation))
        answer, _ = response_of(operation)
        if answer is not None:
            answers.setdefault(answer, []).append(operation["operationId"])
        body = operation.get("requestBody")
        if body is not None:
            schema = body["content"]["application/json"]["schema"]
            requests.append(schema)
            bodies.append((body_name(operation) or "", schema))
        parameters = query_parameters(operation)
        if parameters:
            queries.append((operation["operationId"], operation.get("summary", ""), parameters))
            requests.extend(parameter["schema"] for parameter in parameters)
    out_names = document.closure(responses)
    in_names = document.closure(requests)
    out = [
        header(
            document.version,
            "The API's models: answers as pydantic models, requests as TypedDicts.",
        ),
        "from __future__ import annotations\n\n",
        "import datetime as dt\n",
        "from collections.abc import Mapping, Sequence\n",
        "from typing import Any, Literal, Required, TypeAlias, TypedDict\n\n",
        "from pydantic import Field, JsonValue\n\n",
        "from claude_cli_sdk._base import ApiModel\n",
    ]
    for name in sorted(out_names | in_names):
        schema = document.schemas[name]
        if name == "JsonValue" or not schema or "enum" not in schema:
            continue
        out.append(f"\n{class_name(name)}: TypeAlias = {types.of(schema, 'out')}\n")
    for name in sorted(out_names):
        if not document.is_alias(name):
            about = _about(document, name, answers.get(name, []))
            out.append("\n\n" + model_class(name, document.schemas[name], types, about))
    params = {
        f"{class_name(n)}Params": document.schemas[n] for n in in_names if not document.is_alias(n)
    }
    params.update({f"{name}Params": schema for name, schema in bodies})
    for name, schema in sorted(params.items()):
        description = schema.get("description") or f"The fields of {schema.get('title', name)}."
        out.append("\n\n" + typed_dict(name, description, body_fields(schema, types)))
    for operation_id, summary, parameters in sorted(queries, key=lambda query: query[0]):
        description = f"The query of {operation_id}: {summary}."
        fields = query_fields(parameters, types)
        out.append("\n\n" + typed_dict(f"{camel(operation_id)}Query", description, fields))
    return "".join(out)


def _about(document: Document, name: str, operations: list[str]) -> str:
    """What a model without a description is: the answer of its operations, or a part of the
    models that hold it."""
    if len(operations) == 1:
        return f"What {operations[0]} answers."
    if operations:
        *others, last = sorted(operations)
        return f"What {', '.join(others)} and {last} answer."
    holders = sorted(
        class_name(other)
        for other, schema in document.schemas.items()
        if other != name and name in set(document.refs_in(schema.get("properties", {})))
    )
    return f"Part of {', '.join(holders)}." if holders else f"{class_name(name)}."


def errors_module(document: Document) -> str:
    codes = [str(code) for code in document.schemas["ErrorCode"]["enum"]]
    out = [
        header(
            document.version, "One exception per error code of the API (catch TaskNotFound, ...)."
        ),
        "from __future__ import annotations\n\n",
        "from typing import ClassVar\n\n",
        "from claude_cli_sdk._errors import (\n    ApiError,\n    ClaudeCliError,\n",
        "    RequestTimeout,\n    TransportError,\n    WebhookVerificationError,\n",
        "    WebSocketClosed,\n)\n",
    ]
    for code in codes:
        out.append(f"\n\nclass {camel(code.lower())}(ApiError):\n")
        out.append(docstring(f"The API answered {code}.", 4))
        out.append(f'\n    CODE: ClassVar[str | None] = "{code}"\n')
    out.append("\n\nBY_CODE: dict[str, type[ApiError]] = {\n")
    out.extend(f'    {camel(code.lower())}.CODE or "": {camel(code.lower())},\n' for code in codes)
    out.append("}\n")
    names = ["ApiError", "ClaudeCliError", "RequestTimeout", "TransportError"]
    names += ["WebSocketClosed", "WebhookVerificationError", "BY_CODE"]
    names += [camel(code.lower()) for code in codes]
    out.append("\n__all__ = [\n" + "".join(f'    "{name}",\n' for name in sorted(names)) + "]\n")
    return "".join(out)


def version_module(document: Document) -> str:
    return (
        '"""The SDK\'s version: the version of the API it was generated from (OpenAPI '
        'info.version)."""\n\n'
        f'__version__ = "{document.version}"\n'
    )


def formatted(text: str, path: Path) -> str:
    """The text with its imports sorted and pruned and formatted, as ruff (the repository's
    settings) leaves it."""
    for command in (["check", "--fix", "--select", "I,F401", "--quiet"], ["format"]):
        result = subprocess.run(
            [sys.executable, "-m", "ruff", *command, "--stdin-filename", str(path), "-"],
            input=text,
            capture_output=True,
            text=True,
            cwd=REPO,
            check=False,
        )
        if result.returncode != 0:
            raise SystemExit(f"ruff {command[0]} failed on {path.name}:\n{result.stderr}")
        text = result.stdout
    return text


def generated(spec: Schema) -> dict[Path, str]:
    document = Document(spec)
    types = Types(document)
    texts = {
        PACKAGE / "models.py": models_module(document, types),
        PACKAGE / "resources.py": resources_module(document, types),
        PACKAGE / "errors.py": errors_module(document),
        PACKAGE / "_version.py": version_module(document),
    }
    return {path: formatted(text, path) for path, text in texts.items()}


def load(source: str) -> Schema:
    if source.startswith(("http://", "https://")):
        with urllib.request.urlopen(source, timeout=30) as answer:  # noqa: S310 (a given URL)
            return dict(json.load(answer))
    return dict(json.loads(Path(source).read_text(encoding="utf-8")))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", help="the OpenAPI document: a URL or a file")
    parser.add_argument("--check", action="store_true", help="compare, write nothing")
    options = parser.parse_args(argv)
    stale = []
    for path, text in generated(load(options.source)).items():
        current = path.read_text(encoding="utf-8") if path.exists() else ""
        if current == text:
            continue
        stale.append(path)
        if options.check:
            diff = difflib.unified_diff(
                current.splitlines(keepends=True),
                text.splitlines(keepends=True),
                f"{path.name} (committed)",
                f"{path.name} (from the document)",
            )
            sys.stdout.writelines(diff)
        else:
            path.write_text(text, encoding="utf-8")
    if options.check and stale:
        names = ", ".join(path.name for path in stale)
        print(f"\n{names} differ from the document: run {Path(__file__).name} {options.source}")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
