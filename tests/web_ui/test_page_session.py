"""The page session: the sign-in form, its cookie, CSRF tokens, and how logins end it."""

from __future__ import annotations

from http.cookies import SimpleCookie

import pytest

from storage.accounts.users import update_account
from tests.support.api import AppClient
from tests.support.fixtures.accounts import Headers, MakeUser
from tests.web_ui.session import form_token, post_sign_in, sign_in
from web.pages.security import CSP

BROWSER = {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}


def _cookie_header(response_headers: list[str], name: str) -> str:
    return next(h for h in response_headers if h.startswith(f"{name}="))


async def test_the_sign_in_form_labels_its_fields(client: AppClient) -> None:
    page = await client.get("/")
    html = await page.text()
    assert page.status == 200
    assert '<label for="username">Username</label>' in html
    assert '<label for="password">Password</label>' in html
    assert '<button type="submit">Sign in</button>' in html
    assert page.headers["Content-Security-Policy"] == CSP
    assert "'unsafe-inline'" not in CSP and "frame-ancestors 'none'" in CSP
    assert page.headers["X-Content-Type-Options"] == "nosniff"
    assert page.headers["Referrer-Policy"] == "same-origin"


async def test_signing_in_sets_an_http_only_strict_cookie(
    client: AppClient, make_user: MakeUser
) -> None:
    user = make_user()
    response = await post_sign_in(client, user.username)
    assert response.status == 303 and response.headers["Location"] == "/dashboard"
    header = _cookie_header(response.headers.getall("Set-Cookie"), "claude_session")
    morsel = SimpleCookie(header)["claude_session"]
    assert morsel["httponly"] and morsel["samesite"] == "Strict" and morsel["path"] == "/"
    assert not morsel["secure"]  # plain http here; see the proxy test
    dashboard = await client.get("/dashboard")
    assert dashboard.status == 200
    assert '<meta name="csrf-token" content="' in await dashboard.text()


async def test_behind_a_trusted_https_proxy_the_cookie_is_secure(
    aiohttp_client: object, env: dict[str, str], make_user: MakeUser
) -> None:
    from config import load_settings
    from web.app import create_app

    env["TRUSTED_PROXIES"] = "127.0.0.1"
    client = await aiohttp_client(create_app(load_settings(env)))  # type: ignore[operator]
    user = make_user()
    token = await form_token(client)
    form = {"username": user.username, "password": "correct horse battery", "csrf_token": token}
    response = await client.post(
        "/sign-in", data=form, allow_redirects=False, headers={"X-Forwarded-Proto": "https"}
    )
    header = _cookie_header(response.headers.getall("Set-Cookie"), "claude_session")
    assert SimpleCookie(header)["claude_session"]["secure"]


async def test_a_wrong_password_shows_the_form_again(
    client: AppClient, make_user: MakeUser
) -> None:
    response = await post_sign_in(client, make_user().username, "wrong password")
    assert response.status == 401
    assert "Invalid username or password" in await response.text()
    assert "claude_session" not in response.cookies


async def test_a_sign_in_without_the_forms_token_is_refused(
    client: AppClient, make_user: MakeUser
) -> None:
    await client.get("/")  # the nonce cookie, but a forged form token
    response = await post_sign_in(client, make_user().username, token="forged")
    assert response.status == 403
    assert "AUTH_CSRF_TOKEN_INVALID" in await response.text()


async def test_signed_out_pages_go_to_the_sign_in_form(client: AppClient) -> None:
    response = await client.get("/projects?search=x", allow_redirects=False)
    assert response.status == 303
    assert response.headers["Location"] == "/?next=/projects?search%3Dx"


async def test_a_page_post_without_the_csrf_token_is_refused(
    client: AppClient, make_user: MakeUser
) -> None:
    await sign_in(client, make_user().username)
    response = await client.post("/projects", data={"name": "no token"}, headers=BROWSER)
    assert response.status == 403
    html = await response.text()
    assert "AUTH_CSRF_TOKEN_INVALID" in html and "<html" in html
    # another client (no text/html) gets the API's envelope
    plain = await client.post("/projects", data={"name": "no token"})
    assert (await plain.json())["error"]["code"] == "AUTH_CSRF_TOKEN_INVALID"


async def test_signing_out_ends_the_login(client: AppClient, make_user: MakeUser) -> None:
    session = await sign_in(client, make_user().username)
    cookie = session.cookie
    out = await client.post("/sign-out", data={"csrf_token": session.csrf}, allow_redirects=False)
    assert out.status == 303
    # the old cookie, replayed, no longer authenticates anything
    client.session.cookie_jar.update_cookies({"claude_session": cookie})
    refused = await client.get("/api/projects/")
    assert refused.status == 401
    assert (await refused.json())["error"]["code"] == "AUTH_TOKEN_INVALID"
    page = await client.get("/dashboard", allow_redirects=False)
    assert page.status == 303


async def test_a_new_password_ends_the_page_session(client: AppClient, make_user: MakeUser) -> None:
    user = make_user()
    await sign_in(client, user.username)
    assert (await client.get("/api/projects/")).status == 200
    update_account(user.id, {"password": "another password 123"})
    assert (await client.get("/api/projects/")).status == 401
    assert (await client.get("/dashboard", allow_redirects=False)).status == 303


async def test_disabling_the_account_ends_the_page_session(
    client: AppClient, make_user: MakeUser
) -> None:
    user = make_user()
    await sign_in(client, user.username)
    update_account(user.id, {"is_active": False})
    assert (await client.get("/api/projects/")).status in (401, 403)


@pytest.mark.parametrize("next_target", ["//evil.example/", "https://evil.example/"])
async def test_next_never_leaves_the_site(
    client: AppClient, make_user: MakeUser, next_target: str
) -> None:
    token = await form_token(client, f"/?next={next_target}")
    form = {
        "username": make_user().username,
        "password": "correct horse battery",
        "csrf_token": token,
        "next": next_target,
    }
    response = await client.post("/sign-in", data=form, allow_redirects=False)
    assert response.headers["Location"] == "/dashboard"


async def test_maintenance_refuses_page_writes_of_non_admins(
    client: AppClient, make_user: MakeUser, headers: Headers
) -> None:
    admin = make_user("admin")
    on = await client.post(
        "/api/system/maintenance", json={"enabled": True}, headers=headers(admin)
    )
    assert on.status == 200
    page = await sign_in(client, make_user().username)  # signing in goes on
    refused = await client.post("/projects", data={"name": "x", "csrf_token": page.csrf})
    assert refused.status == 503
    assert "SYSTEM_MAINTENANCE" in await refused.text()
    assert (await client.get("/projects")).status == 200  # and reading
    await client.post("/sign-out", data={"csrf_token": page.csrf})
    admins = await sign_in(client, admin.username)
    made = await client.post(
        "/projects", data={"name": "admins go on", "csrf_token": admins.csrf}, allow_redirects=False
    )
    assert made.status == 303
