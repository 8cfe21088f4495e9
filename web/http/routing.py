"""Endpoints declared once: the table that serves requests is the one auth and OpenAPI read.

Each resource module declares `api = Resource(tag=...)` and its handlers with `@api.get(path,
permission=...)` and the like. The handler's docstring documents it (first line: the summary;
the paragraphs after it: the description) and its signature is the rest of the declaration:
`def update_task(call: Call[TaskUpdate]) -> TaskDetails` takes a TaskUpdate body (and, as
`Call[Body, Query]`'s second argument, a query model; NoBody/NoQuery when left out) and answers
TaskDetails in the envelope. `-> Reply[Model]` chooses the status at run time; a handler that
writes its own `web.Response` names the model it documents with `response=`.

A plain `def` handler runs in the database executor of its request's kind (reads for GET
and HEAD, writes for the others: web.http.offload) together with the caller's account
lookup, so nothing blocking runs on the loop; an `async def` handler (one that awaits the
actor bridge) has its caller looked up there and gives its own storage calls to `Call.off_loop`.
`inline=True` keeps a plain handler on the loop: only where a benchmark shows it pays.
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from types import ModuleType
from typing import (
    Any,
    TypedDict,
    TypeGuard,
    TypeVar,
    Unpack,
    cast,
    get_args,
    get_origin,
)
from typing import get_type_hints as type_hints

from aiohttp import web

from storage.models import User
from storage.roles import Permission
from web.http.auth import access_claims, authorised_user, permitted
from web.http.calls import (
    AsyncHandler,
    B,
    Call,
    EitherHandler,
    Handler,
    NoBody,
    NoQuery,
    Q,
    R,
    Reply,
    Result,
)
from web.http.envelope import ok
from web.http.jwt_tokens import PAGE
from web.http.models import Body, Out
from web.http.offload import request_off_loop
from web.http.page_session import require_csrf
from web.http.validation import Query, parse_body, parse_query
from web.keys import caller_key

PUBLIC = None
T = TypeVar("T")
Served = Callable[[web.Request], Awaitable[web.StreamResponse]]


class DeclarationError(TypeError):
    """Raised at import when a handler's signature does not state its models."""


@dataclass(frozen=True)
class Endpoint:
    """What routing, the auth check and OpenAPI know of a route."""

    method: str
    path: str
    summary: str
    tag: str
    permission: Permission | None
    body: type[Body]
    query: type[Query]
    response: type[Out]
    status: int
    description: str
    inline: bool


class Options(TypedDict, total=False):
    """What a declaration may say besides its path (its docstring says the rest)."""

    permission: Permission | None  # default Permission.READ; PUBLIC for no caller
    status: int  # of a success; default 200
    inline: bool
    response: type[Out]  # only for a handler that returns its own web.Response


@dataclass(frozen=True)
class Resource:
    """The endpoints of one module, documented under one OpenAPI tag."""

    tag: str

    def get(self, path: str, **options: Unpack[Options]) -> Declare:
        return Declare(self.tag, "GET", path, options)

    def post(self, path: str, **options: Unpack[Options]) -> Declare:
        return Declare(self.tag, "POST", path, options)

    def put(self, path: str, **options: Unpack[Options]) -> Declare:
        return Declare(self.tag, "PUT", path, options)

    def delete(self, path: str, **options: Unpack[Options]) -> Declare:
        return Declare(self.tag, "DELETE", path, options)


@dataclass(frozen=True)
class Declare:
    """One declaration waiting for its handler: applied to it, the served route."""

    tag: str
    method: str
    path: str
    options: Options

    def __call__(self, handler: EitherHandler[B, Q, R]) -> Served:
        options = self.options
        body, query, response = _models(handler, options.get("response"))
        summary, description = _documentation(handler)
        spec = Endpoint(
            self.method,
            self.path,
            summary,
            self.tag,
            options.get("permission", Permission.READ),
            body,
            query,
            response,
            options.get("status", 200),
            description,
            options.get("inline", False),
        )
        if inspect.iscoroutinefunction(handler):
            serve = _serve_async(spec, cast(AsyncHandler[B, Q, R], handler))
        else:
            serve = _serve_sync(spec, cast(Handler[B, Q, R], handler))
        serve.__name__ = handler.__name__
        serve.__doc__ = handler.__doc__
        serve.api = spec  # type: ignore[attr-defined]
        serve.handler = handler  # type: ignore[attr-defined]  # for in-process calls (invoke)
        return serve


def _documentation(handler: Callable[..., object]) -> tuple[str, str]:
    """The summary (the docstring's first line) and description (its other paragraphs)."""
    doc = inspect.getdoc(handler)
    if not doc:
        name = f"{handler.__module__}.{handler.__qualname__}"
        raise DeclarationError(f"{name}: an endpoint needs a docstring (its summary)")
    summary, _, rest = doc.partition("\n")
    paragraphs = (" ".join(paragraph.split()) for paragraph in rest.split("\n\n"))
    return summary.strip(), "\n\n".join(p for p in paragraphs if p)


def _models(
    handler: Callable[..., object], raw_response: type[Out] | None
) -> tuple[type[Body], type[Query], type[Out]]:
    """The body, query and response models the handler's annotations state."""
    name = f"{handler.__module__}.{handler.__qualname__}"
    try:
        hints = type_hints(handler)
    except (NameError, TypeError) as exc:
        raise DeclarationError(f"{name}: its annotations cannot be resolved ({exc})") from exc
    parameters = list(inspect.signature(handler).parameters)
    given = hints.get(parameters[0]) if len(parameters) == 1 else None
    if (get_origin(given) or given) is not Call:
        raise DeclarationError(f"{name} must take one parameter annotated Call[Body, Query]")
    body, query = get_args(given) or (NoBody, NoQuery)
    if not (_subclass(body, Body) and _subclass(query, Query)):
        raise DeclarationError(f"{name}: Call[{body}, {query}] names no Body and Query models")
    returned = hints.get("return")
    if get_origin(returned) is Reply:
        returned = get_args(returned)[0]
    if _subclass(returned, web.StreamResponse) and raw_response is not None:
        return body, query, raw_response
    if raw_response is not None:
        raise DeclarationError(f"{name}: response= is only for a handler returning web.Response")
    if not _subclass(returned, Out):
        raise DeclarationError(f"{name} must return a response model (Out), not {returned}")
    return body, query, returned


def _subclass(value: object, base: type[T]) -> TypeGuard[type[T]]:
    return isinstance(value, type) and issubclass(value, base)


def _serve_sync(spec: Endpoint, handler: Handler[Any, Any, Out]) -> Served:
    async def serve(request: web.Request) -> web.StreamResponse:
        claims = _caller_claims(spec, request)
        raw = await request.read()

        def run() -> Result[Out]:
            return handler(_call(spec, request, claims, raw))

        result = run() if spec.inline else await request_off_loop(request, run)
        return _respond(spec, request, result)

    return serve


def _serve_async(spec: Endpoint, handler: AsyncHandler[Any, Any, Out]) -> Served:
    async def serve(request: web.Request) -> web.StreamResponse:
        claims = _caller_claims(spec, request)
        raw = await request.read()
        if claims is None:  # nothing to look up: parsing alone stays on the loop
            call = _call(spec, request, claims, raw)
        else:
            call = await request_off_loop(request, _call, spec, request, claims, raw)
        return _respond(spec, request, await handler(call))

    return serve


def _caller_claims(spec: Endpoint, request: web.Request) -> dict[str, Any] | None:
    """The access token's verified claims (None for a public endpoint); the access log names
    their subject."""
    if spec.permission is PUBLIC:
        return None
    claims = access_claims(request)
    if claims["typ"] == PAGE:  # the browser's cookie: a write must show the page's CSRF token
        require_csrf(request, claims, None)
    request[caller_key] = claims["sub"]
    return claims


def _call(
    spec: Endpoint, request: web.Request, claims: dict[str, Any] | None, raw: bytes
) -> Call[Body, Query]:
    """Check the caller, then the query, then the body (the order errors are reported in)."""
    user = None
    if claims is not None and spec.permission is not None:
        user = authorised_user(claims, spec.permission)
    query = NoQuery() if spec.query is NoQuery else parse_query(spec.query, request.query)
    body = NoBody() if spec.body is NoBody else parse_body(spec.body, raw)
    return Call(request, body, query, user)


def _respond(spec: Endpoint, request: web.Request, result: Result[Out]) -> web.StreamResponse:
    if isinstance(result, web.StreamResponse):
        return result
    if isinstance(result, Reply):
        return ok(request, result.data, result.status)
    return ok(request, result, spec.status)


async def invoke(
    served: Served,
    request: web.Request,
    user: User | None,
    body: Body | None = None,
    query: Query | None = None,
    path: dict[str, str] | None = None,
) -> Out:
    """Run an API endpoint in-process for a caller already authenticated (the web pages; None
    for a PUBLIC one): the same permission check, handler and domain functions as over HTTP,
    its response model back.

    `path` gives the route's parameters where the request's own do not (its match_info);
    errors are raised as the endpoint raises them.
    """
    spec = endpoint_of(served)
    handler: EitherHandler[Body, Query, Out] | None = getattr(served, "handler", None)
    assert spec is not None and handler is not None, f"{served} is not an endpoint"
    if spec.permission is not None:
        assert user is not None, f"{spec.path} needs a caller"
        permitted(user, spec.permission)
    call = Call(request, body or NoBody(), query or NoQuery(), user, path)
    result: Result[Out]
    if inspect.iscoroutinefunction(handler):
        result = await cast(AsyncHandler[Body, Query, Out], handler)(call)
    else:
        result = await request_off_loop(request, cast(Handler[Body, Query, Out], handler), call)
    if isinstance(result, Reply):
        return result.data
    assert isinstance(result, Out), f"{spec.path} answered a raw response"
    return result


def add_endpoints(app: web.Application, modules: Iterable[ModuleType]) -> None:
    for module in modules:
        for handler in vars(module).values():
            spec = getattr(handler, "api", None)
            if isinstance(spec, Endpoint):
                app.router.add_route(spec.method, spec.path, handler)


def endpoint_of(handler: object) -> Endpoint | None:
    spec = getattr(handler, "api", None)
    return spec if isinstance(spec, Endpoint) else None
