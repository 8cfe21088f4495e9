"""Pages declared once, like the API's endpoints: `@pages.get(path, template)` on a handler that
takes a View and returns the template's context (or a response, such as a redirect).

A page handler parses, makes one call of the API's own operations (`view.api(endpoint, ...)`:
the same permission check, models and domain functions as over HTTP, in-process) and renders.
The wrapper does the rest: the page session (signed out: to the sign-in form), the CSRF token
of every POST, and the layout's context (user, theme, time zone, CSRF token).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

import aiohttp_jinja2
from aiohttp import web
from multidict import MultiDict, MultiDictProxy
from yarl import URL

from config import Settings
from storage.accounts.profiles import preferences_of
from storage.accounts.users import permissions_of
from storage.models import User
from storage.roles import Permission
from web.http.auth import current_user
from web.http.errors import TokenInvalid
from web.http.models import Body, Out
from web.http.offload import request_off_loop
from web.http.page_session import (
    CSRF_FIELD,
    cookie_claims,
    csrf_token,
    end,
    require_csrf,
)
from web.http.routing import invoke
from web.http.validation import Query
from web.keys import caller_key, settings_key

Context = dict[str, Any]
Result = Context | web.StreamResponse
PageHandler = Callable[["View"], Awaitable[Result]]
Served = Callable[[web.Request], Awaitable[web.StreamResponse]]
HTMX_REQUEST = "HX-Request"


@dataclass
class View:
    """One page request as its handler sees it: the signed-in user, the form, the API."""

    request: web.Request
    user: User
    csrf: str
    form: MultiDictProxy[str] = field(default_factory=lambda: MultiDictProxy(MultiDict()))

    @property
    def settings(self) -> Settings:
        return self.request.app[settings_key]

    @property
    def partial(self) -> bool:
        """Whether htmx asked for the page's fragment only."""
        return self.request.headers.get(HTMX_REQUEST) == "true"

    def path(self, name: str) -> str:
        return self.request.match_info[name]

    async def api(
        self,
        endpoint: Callable[[web.Request], Awaitable[web.StreamResponse]],
        body: Body | None = None,
        query: Query | None = None,
        **path: str,
    ) -> Any:
        """An API operation as this user (web.http.routing.invoke): its response model."""
        answer: Out = await invoke(endpoint, self.request, self.user, body, query, path or None)
        return answer


def redirect(location: str) -> web.Response:
    """303 See Other: after a form post, the browser GETs the page that shows its result."""
    return web.Response(status=303, headers={"Location": location})


def sign_in_redirect(request: web.Request) -> web.Response:
    """To the sign-in form, coming back here afterwards; the stale cookie is dropped."""
    target = request.path_qs if request.method == "GET" else "/"
    response = redirect(str(URL.build(path="/", query={"next": target})))
    end(request, response)
    return response


@dataclass(frozen=True)
class PageRoute:
    method: str
    path: str
    template: str | None  # None: the handler answers a response of its own
    partial: str | None  # the fragment htmx asks for (HX-Request)


@dataclass(frozen=True)
class Pages:
    """The page routes of one module."""

    routes: list[tuple[PageRoute, Served]] = field(default_factory=list)

    def get(self, path: str, template: str | None, partial: str | None = None) -> Declare:
        return Declare(self, PageRoute("GET", path, template, partial))

    def post(self, path: str, template: str | None = None) -> Declare:
        return Declare(self, PageRoute("POST", path, template, None))


@dataclass(frozen=True)
class Declare:
    pages: Pages
    route: PageRoute

    def __call__(self, handler: PageHandler) -> PageHandler:
        self.pages.routes.append((self.route, _serve(self.route, handler)))
        return handler


def _serve(route: PageRoute, handler: PageHandler) -> Served:
    async def serve(request: web.Request) -> web.StreamResponse:
        try:
            claims = cookie_claims(request)
        except TokenInvalid:
            claims = None
        if claims is None:
            return sign_in_redirect(request)
        form: MultiDictProxy[str] = MultiDictProxy(MultiDict())
        if request.method == "POST":
            form = await request.post()  # type: ignore[assignment]
            require_csrf(request, claims, _text(form.get(CSRF_FIELD)))
        request[caller_key] = claims["sub"]
        try:
            user = await request_off_loop(request, current_user, claims)
        except TokenInvalid:  # signed out elsewhere, a new password, a disabled account
            return sign_in_redirect(request)
        view = View(request, user, csrf_token(request.app[settings_key], claims), form)
        result = await handler(view)
        if isinstance(result, web.StreamResponse):
            return result
        template = route.partial if route.partial and view.partial else route.template
        assert template is not None, f"{route.path} rendered no template"
        return render(request, template, layout_context(view) | result)

    serve.__name__ = handler.__name__
    return serve


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None


def render(
    request: web.Request, template: str, context: Mapping[str, Any], status: int = 200
) -> web.Response:
    return aiohttp_jinja2.render_template(template, request, dict(context), status=status)


def layout_context(view: View) -> Context:
    """What the layout shows of the signed-in user: name, role, theme, time zone, CSRF token."""
    user = view.user
    preferences = preferences_of(user)
    allowed = permissions_of(user.role)
    return {
        "user": user,
        "csrf_token": view.csrf,
        "theme": preferences["theme"],
        "tz": preferences["timezone"],
        "can_write": Permission.WRITE in allowed,
        "can_execute": Permission.EXECUTE in allowed,
        "is_admin": Permission.ADMIN in allowed,
        "current_path": view.request.path,
    }


def add_pages(app: web.Application, modules: Iterable[ModuleType]) -> None:
    for module in modules:
        pages = getattr(module, "pages", None)
        assert isinstance(pages, Pages), f"{module.__name__} declares no pages"
        for route, served in pages.routes:
            app.router.add_route(route.method, route.path, served)
