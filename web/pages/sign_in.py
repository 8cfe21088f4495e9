"""Signing in and out on the page: `/` shows the form (or goes to the dashboard), POST
/sign-in is the API's login with its throttle, POST /sign-out revokes that login."""

from __future__ import annotations

from aiohttp import web

from storage.accounts import refresh_tokens
from storage.errors import AccountDisabled, InvalidCredentials
from web.api import auth
from web.api.schemas.accounts import LoginRequest, TokenPair
from web.http.auth import current_user
from web.http.errors import ApiError, TokenInvalid
from web.http.offload import request_off_loop
from web.http.page_session import (
    CSRF_FIELD,
    cookie_claims,
    end,
    keep_sign_in_nonce,
    require_csrf,
    require_sign_in_nonce,
    sign_in_nonce,
    start,
)
from web.http.routing import invoke
from web.http.validation import parse_value
from web.pages.routing import redirect, render

HOME = "/dashboard"


async def sign_in_form(request: web.Request) -> web.StreamResponse:
    """GET /: the sign-in form, or the dashboard for a live page session."""
    if await _signed_in(request):
        return redirect(HOME)
    return _form(request, None, 200, request.query.get("next"))


async def sign_in(request: web.Request) -> web.StreamResponse:
    """POST /sign-in: the API's login (same throttle, same checks), then the session cookie."""
    form = await request.post()
    require_sign_in_nonce(request, _text(form.get(CSRF_FIELD)))
    target = _text(form.get("next"))
    fields = {"username": _text(form.get("username")), "password": _text(form.get("password"))}
    try:
        body = parse_value(LoginRequest, {k: v for k, v in fields.items() if v}, "form")
        pair = await invoke(auth.login, request, None, body)
    except (InvalidCredentials, AccountDisabled) as exc:
        status = 401 if isinstance(exc, InvalidCredentials) else 403
        return _form(request, exc.message, status, target)
    except ApiError as exc:
        if exc.status != 422:
            raise
        return _form(request, "Enter your username and password", 422, target)
    assert isinstance(pair, TokenPair) and pair.refresh_token is not None
    response = redirect(_safe_next(target))
    start(request, response, pair.refresh_token, pair.user.role)
    return response


async def sign_out(request: web.Request) -> web.StreamResponse:
    """POST /sign-out: the login behind the cookie is revoked (like POST /api/auth/logout)."""
    response = redirect("/")
    try:
        claims = cookie_claims(request)
    except TokenInvalid:
        claims = None
    if claims is not None:
        form = await request.post()
        require_csrf(request, claims, _text(form.get(CSRF_FIELD)))
        await request_off_loop(request, refresh_tokens.revoke_family, claims["fam"])
    end(request, response)
    return response


def _form(request: web.Request, error: str | None, status: int, target: str | None) -> web.Response:
    nonce, token = sign_in_nonce(request)
    context = {"csrf_token": token, "error": error, "next": _safe_next(target)}
    page = render(request, "pages/sign_in.html", context, status)
    keep_sign_in_nonce(request, page, nonce)
    return page


async def _signed_in(request: web.Request) -> bool:
    try:
        claims = cookie_claims(request)
        if claims is None:
            return False
        await request_off_loop(request, current_user, claims)
    except (TokenInvalid, ApiError, AccountDisabled):
        return False
    return True


def _safe_next(target: str | None) -> str:
    """Only a path of this site (never //host or a scheme): no open redirect."""
    if target and target.startswith("/") and not target.startswith(("//", "/\\")):
        return target
    return HOME


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None


def add_sign_in(app: web.Application) -> None:
    app.router.add_get("/", sign_in_form)
    app.router.add_post("/sign-in", sign_in)
    app.router.add_post("/sign-out", sign_out)
