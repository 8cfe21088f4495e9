"""Endpoints declared once: the table that serves requests is the one auth and OpenAPI read.

`endpoint(...)` names a route's permission and its body, query and response models (an
endpoint without a body or query model ignores either). The handler receives a `Call` (the
parsed input and the caller) and returns its response model, which leaves in the envelope.

A plain `def` handler runs in the database executor together with the caller's account
lookup, so nothing blocking runs on the loop; an `async def` handler (one that awaits the actor
bridge) has its caller looked up there and gives its own storage calls to `Call.off_loop`.
`inline=True` keeps a plain handler on the loop: only where a benchmark shows it pays.
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from types import ModuleType
from typing import Any, Generic, ParamSpec, TypeVar, cast

from aiohttp import web
from typing_extensions import TypeVar as DefaultTypeVar

from config import Settings
from storage.models import User
from storage.roles import Permission
from web.http.auth import access_claims, authorised_user
from web.http.envelope import ok
from web.http.models import Body, Out
from web.http.offload import off_loop
from web.http.validation import Query, parse_body, parse_query
from web.keys import settings_key

PUBLIC = None
P = ParamSpec("P")
T = TypeVar("T")
Served = Callable[[web.Request], Awaitable[web.StreamResponse]]


class NoBody(Body):
    """The body of an endpoint that takes none (an empty object, or nothing at all)."""


class NoQuery(Query):
    """The query of an endpoint that takes none: any parameter is refused."""


B = DefaultTypeVar("B", bound=Body, default=NoBody, covariant=True)
Q = DefaultTypeVar("Q", bound=Query, default=NoQuery, covariant=True)
R = DefaultTypeVar("R", bound=Out, default=Out)


@dataclass(frozen=True)
class Call(Generic[B, Q]):
    """One request as a handler sees it: parsed input, the caller, the application."""

    request: web.Request
    body: B
    query: Q
    caller: User | None

    @property
    def user(self) -> User:
        """The authenticated caller (every endpoint that is not PUBLIC has one)."""
        assert self.caller is not None, "a PUBLIC endpoint has no caller"
        return self.caller

    @property
    def app(self) -> web.Application:
        return self.request.app

    @property
    def settings(self) -> Settings:
        return self.request.app[settings_key]

    def path(self, name: str) -> str:
        """A parameter of the route's path, such as task_id."""
        return self.request.match_info[name]

    async def off_loop(self, call: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        """A blocking (storage) call of an async handler, run in the database executor."""
        return await off_loop(self.request.app, call, *args, **kwargs)


Handler = Callable[[Call[B, Q]], R | web.StreamResponse]
AsyncHandler = Callable[[Call[B, Q]], Awaitable[R | web.StreamResponse]]


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


def endpoint(
    method: str,
    path: str,
    summary: str,
    *,
    tag: str,
    response: type[R],
    permission: Permission | None = Permission.READ,
    body: type[B] = NoBody,  # type: ignore[assignment]  # the TypeVar's default is NoBody
    query: type[Q] = NoQuery,  # type: ignore[assignment]  # the TypeVar's default is NoQuery
    status: int = 200,
    description: str = "",
    inline: bool = False,
) -> Callable[[Handler[B, Q, R] | AsyncHandler[B, Q, R]], Served]:
    """Declare a JSON endpoint; the handler's value leaves in the envelope with `status`."""
    spec = Endpoint(
        method, path, summary, tag, permission, body, query, response, status, description, inline
    )

    def wrap(handler: Handler[B, Q, R] | AsyncHandler[B, Q, R]) -> Served:
        if inspect.iscoroutinefunction(handler):
            serve = _serve_async(spec, cast(AsyncHandler[B, Q, R], handler))
        else:
            serve = _serve_sync(spec, cast(Handler[B, Q, R], handler))
        serve.__name__ = handler.__name__
        serve.__doc__ = handler.__doc__
        serve.api = spec  # type: ignore[attr-defined]
        return serve

    return wrap


def _serve_sync(spec: Endpoint, handler: Handler[Any, Any, Out]) -> Served:
    async def serve(request: web.Request) -> web.StreamResponse:
        claims = access_claims(request) if spec.permission is not PUBLIC else None
        raw = await request.read()

        def run() -> Out | web.StreamResponse:
            return handler(_call(spec, request, claims, raw))

        result = run() if spec.inline else await off_loop(request.app, run)
        return _respond(spec, request, result)

    return serve


def _serve_async(spec: Endpoint, handler: AsyncHandler[Any, Any, Out]) -> Served:
    async def serve(request: web.Request) -> web.StreamResponse:
        claims = access_claims(request) if spec.permission is not PUBLIC else None
        raw = await request.read()
        if claims is None:  # nothing to look up: parsing alone stays on the loop
            call = _call(spec, request, claims, raw)
        else:
            call = await off_loop(request.app, _call, spec, request, claims, raw)
        return _respond(spec, request, await handler(call))

    return serve


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


def _respond(
    spec: Endpoint, request: web.Request, result: Out | web.StreamResponse
) -> web.StreamResponse:
    if isinstance(result, web.StreamResponse):
        return result
    return ok(request, result, spec.status)


def add_endpoints(app: web.Application, modules: Iterable[ModuleType]) -> None:
    for module in modules:
        for handler in vars(module).values():
            spec = getattr(handler, "api", None)
            if isinstance(spec, Endpoint):
                app.router.add_route(spec.method, spec.path, handler)


def endpoint_of(handler: object) -> Endpoint | None:
    spec = getattr(handler, "api", None)
    return spec if isinstance(spec, Endpoint) else None
