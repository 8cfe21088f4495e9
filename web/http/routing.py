"""Endpoints declared once: the route table that serves requests is the one OpenAPI reads."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from types import ModuleType
from typing import Any

from aiohttp import web

from web.http.envelope import ok
from web.http.errors import ValidationFailed
from web.http.validation import Schema
from web.keys import body_key, query_key

Handler = Callable[[web.Request], Awaitable[Any]]
PUBLIC = None


@dataclass(frozen=True)
class Endpoint:
    """What OpenAPI and the auth middleware know of a route."""

    method: str
    path: str
    summary: str
    tag: str
    permission: str | None = "read"
    body: Schema | None = None
    query: Schema | None = None
    status: int = 200
    description: str = ""


def endpoint(
    method: str,
    path: str,
    summary: str,
    *,
    tag: str,
    permission: str | None = "read",
    body: Schema | None = None,
    query: Schema | None = None,
    status: int = 200,
    description: str = "",
) -> Callable[[Handler], Callable[[web.Request], Awaitable[web.StreamResponse]]]:
    """Declare a JSON endpoint: input parsed into request['body'] / request['query'],
    the handler's return value wrapped in the envelope with `status`."""
    spec = Endpoint(method, path, summary, tag, permission, body, query, status, description)

    def wrap(handler: Handler) -> Callable[[web.Request], Awaitable[web.StreamResponse]]:
        async def serve(request: web.Request) -> web.StreamResponse:
            if spec.query is not None:
                request[query_key] = spec.query.parse_query(request.query)
            if spec.body is not None:
                request[body_key] = spec.body.parse(await read_json(request))
            result = await handler(request)
            if isinstance(result, web.StreamResponse):
                return result
            return ok(request, result, spec.status)

        serve.__name__ = handler.__name__
        serve.__doc__ = handler.__doc__
        serve.api = spec  # type: ignore[attr-defined]
        return serve

    return wrap


async def read_json(request: web.Request) -> Any:
    """The JSON body; an empty body counts as {}; malformed JSON is a 400."""
    raw = await request.read()
    if not raw.strip():
        return {}
    try:
        return json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        raise ValidationFailed(
            "Malformed JSON in request body", {"issue": str(exc)}, status=400
        ) from None


def add_endpoints(app: web.Application, modules: Iterable[ModuleType]) -> None:
    for module in modules:
        for handler in vars(module).values():
            spec = getattr(handler, "api", None)
            if isinstance(spec, Endpoint):
                app.router.add_route(spec.method, spec.path, handler)


def endpoint_of(request: web.Request) -> Endpoint | None:
    return getattr(request.match_info.handler, "api", None)
