"""resources.py: a constant per operation, a class per resource with a method per operation
(and an iterator per list), and the Resources a client is made of."""

from __future__ import annotations

from dataclasses import dataclass

from names import OPERATIONS, PAGES, RESOURCES, Name, iterator_name
from schema import (
    COMMA_SEPARATED,
    Document,
    Schema,
    Types,
    body_name,
    camel,
    class_name,
    path_parameters,
    query_parameters,
    response_of,
)
from text import docstring, header, method_docstring, tuple_of


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
