"""What a handler receives and returns: a `Call` (parsed input, the caller, the application),
and its response model, or a `Reply` of one with a status it chooses."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Generic, ParamSpec, TypeAlias, TypeVar

from aiohttp import web
from typing_extensions import TypeVar as DefaultTypeVar

from config import Settings
from storage.models import User
from web.http.models import Body, Out
from web.http.offload import request_off_loop
from web.http.validation import Query
from web.keys import settings_key

P = ParamSpec("P")
T = TypeVar("T")


class NoBody(Body):
    """The body of an endpoint that takes none (an empty object, or nothing at all)."""


class NoQuery(Query):
    """The query of an endpoint that takes none: any parameter is refused."""


B = DefaultTypeVar("B", bound=Body, default=NoBody, covariant=True)
Q = DefaultTypeVar("Q", bound=Query, default=NoQuery, covariant=True)
R = DefaultTypeVar("R", bound=Out, default=Out)
Data = TypeVar("Data", bound=Out, covariant=True)


@dataclass(frozen=True)
class Call(Generic[B, Q]):
    """One request as a handler sees it: parsed input, the caller, the application."""

    request: web.Request
    body: B
    query: Q
    caller: User | None
    path_params: dict[str, str] | None = None  # an in-process call's (web.http.routing.invoke)

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
        if self.path_params and name in self.path_params:
            return self.path_params[name]
        return self.request.match_info[name]

    async def off_loop(self, call: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        """A blocking (storage) call of an async handler, run in the database executor of
        the request's kind (reads or writes)."""
        return await request_off_loop(self.request, call, *args, **kwargs)


@dataclass(frozen=True)
class Reply(Generic[Data]):
    """A response model sent with a status the handler chooses (a 503 health report)."""

    data: Data
    status: int


Result: TypeAlias = R | Reply[R] | web.StreamResponse
Handler = Callable[[Call[B, Q]], Result[R]]
AsyncHandler = Callable[[Call[B, Q]], Awaitable[Result[R]]]
EitherHandler = Callable[[Call[B, Q]], Result[R] | Awaitable[Result[R]]]
