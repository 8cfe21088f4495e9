"""One API operation as data (from the OpenAPI document), and the HTTP request of one call.

Nothing here does I/O: the sync and the async client send the same `httpx.Request`.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any
from urllib.parse import quote

import httpx
from pydantic import BaseModel

from claude_cli_sdk._config import ClientConfig
from claude_cli_sdk._tokens import TokenEffect, TokenUse


@dataclass(frozen=True)
class Operation:
    """An operation of the OpenAPI document: where it is, what it takes, what it answers.

    `path` is relative to the API's base URL (`/tasks/{task_id}`), or to the server's root when
    `root` (`/openapi.json`); `path_params` are taken positionally, in order; `query` names the
    keyword arguments sent in the query string (the others go in the JSON body when `body`);
    `lists` are the query parameters that take comma-separated values.
    """

    name: str
    method: str
    path: str
    response: type[BaseModel] | None = None  # None: the answer's JSON as it is
    path_params: tuple[str, ...] = ()
    query: tuple[str, ...] = ()
    lists: tuple[str, ...] = ()
    body: bool = False
    root: bool = False
    enveloped: bool = True
    token: TokenUse = TokenUse.ACCESS
    effect: TokenEffect = TokenEffect.NONE


def build_request(
    operation: Operation,
    args: Sequence[Any],
    kwargs: Mapping[str, Any],
    config: ClientConfig,
) -> httpx.Request:
    """The request of one call: path parameters from args, the rest from kwargs."""
    if len(args) != len(operation.path_params):
        expected = ", ".join(operation.path_params) or "no positional arguments"
        raise TypeError(f"{operation.name}() takes {expected}; got {len(args)} positional")
    path = operation.path.format_map(
        {
            name: quote(str(value), safe="")
            for name, value in zip(operation.path_params, args, strict=True)
        }
    )
    base = config.root_url if operation.root else config.api_url
    query = {k: v for k, v in kwargs.items() if k in operation.query}
    fields = {k: v for k, v in kwargs.items() if k not in operation.query}
    if fields and not operation.body:
        raise TypeError(f"{operation.name}() got unexpected arguments: {', '.join(fields)}")
    headers = {"Accept": "application/json", "User-Agent": config.user_agent}
    content = None
    if operation.body:
        headers["Content-Type"] = "application/json"
        content = json.dumps(fields, default=_json_default).encode()
    return httpx.Request(
        operation.method,
        base + path,
        params=_query_params(query, operation.lists),
        content=content,
        headers=headers,
        extensions={"timeout": httpx.Timeout(config.timeout).as_dict()},
    )


def _query_params(query: Mapping[str, Any], lists: tuple[str, ...]) -> httpx.QueryParams:
    params: list[tuple[str, str | int | float | bool | None]] = []
    for name, value in query.items():
        if value is None:
            continue
        if name in lists and isinstance(value, Sequence) and not isinstance(value, str):
            value = ",".join(_text(item) for item in value)
        params.append((name, _text(value)))
    return httpx.QueryParams(params)


def _text(value: Any) -> str:
    """A query value as the server reads it (booleans as true/false, times as ISO 8601)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return str(value)


def _json_default(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json", exclude_unset=True)
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, set | frozenset | tuple):
        return list(value)
    raise TypeError(f"{type(value).__name__} is not JSON serializable")
