"""Signing in through the page's form with a plain HTTP client, as a browser would."""

from __future__ import annotations

import re
from dataclasses import dataclass

from aiohttp import ClientResponse

from tests.support.api import AppClient
from tests.support.fixtures.accounts import PASSWORD

CSRF_META = re.compile(r'<meta name="csrf-token" content="([0-9a-f]+)">')
FORM_TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


@dataclass
class PageSession:
    """A client holding a page-session cookie, and the CSRF token the pages show it."""

    client: AppClient
    csrf: str

    @property
    def cookie(self) -> str:
        return self.client.session.cookie_jar.filter_cookies(self.client.make_url("/"))[
            "claude_session"
        ].value


async def form_token(client: AppClient, path: str = "/") -> str:
    """The csrf_token field of the form at path (the sign-in form's nonce token on /)."""
    page = await client.get(path)
    found = FORM_TOKEN.search(await page.text())
    assert found, await page.text()
    return found.group(1)


async def post_sign_in(
    client: AppClient, username: str, password: str = PASSWORD, token: str | None = None
) -> ClientResponse:
    token = token if token is not None else await form_token(client)
    form = {"username": username, "password": password, "csrf_token": token}
    return await client.post("/sign-in", data=form, allow_redirects=False)


async def sign_in(client: AppClient, username: str) -> PageSession:
    """Sign in with the form; the session and the CSRF token its pages carry."""
    response = await post_sign_in(client, username)
    assert response.status == 303, await response.text()
    page = await client.get("/preferences")
    found = CSRF_META.search(await page.text())
    assert page.status == 200 and found, await page.text()
    return PageSession(client, found.group(1))
