"""The webhook pages' forms over plain HTTP: the secret only on the answer to the creation
(never cached, never shown again), a refused URL named on the error page, the list's toggle."""

from __future__ import annotations

import re

import pytest

from tests.support.api import AppClient
from tests.support.fixtures.accounts import Headers, MakeUser
from tests.web_ui.session import sign_in

BROWSER = {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}
SECRET = re.compile(r'id="webhook-secret"[^>]* value="([^"]+)"')
OPENED = re.compile(r'href="/webhooks/([0-9a-f-]{36})"')


@pytest.fixture
def env(env: dict[str, str]) -> dict[str, str]:
    env["WEBHOOK_ALLOWED_HOSTS"] = "127.0.0.1"
    return env


async def test_the_secret_is_shown_once_and_not_cached(
    client: AppClient, make_user: MakeUser, headers: Headers
) -> None:
    user = make_user()
    page = await sign_in(client, user.username)
    form = [
        ("csrf_token", page.csrf),
        ("url", "http://127.0.0.1:9/hook"),
        ("events", "task.created"),
        ("events", "task.failed"),
        ("active", "on"),
    ]
    created = await client.post("/webhooks", data=form, headers=BROWSER, allow_redirects=False)
    html = await created.text()
    assert created.status == 200, html
    assert created.headers["Cache-Control"] == "no-store"
    secret, opened = SECRET.search(html), OPENED.search(html)
    assert secret and opened, html
    api = await client.get(f"/api/webhooks/{opened.group(1)}", headers=headers(user))
    assert (await api.json())["data"]["events"] == ["task.created", "task.failed"]
    for path in ("/webhooks", f"/webhooks/{opened.group(1)}"):
        shown = await client.get(path)
        assert shown.status == 200 and secret.group(1) not in await shown.text(), path


async def test_a_refused_url_is_named_on_the_error_page(
    client: AppClient, make_user: MakeUser
) -> None:
    page = await sign_in(client, make_user().username)
    form = {"csrf_token": page.csrf, "url": "http://10.0.0.1/hook", "events": "task.created"}
    refused = await client.post("/webhooks", data=form, headers=BROWSER)
    html = await refused.text()
    assert refused.status == 422, html
    assert "WEBHOOK_URL_REFUSED" in html and "url" in html and "<html" in html


async def test_the_lists_toggle_changes_active_only(
    client: AppClient, make_user: MakeUser, headers: Headers
) -> None:
    user = make_user()
    made = await client.post(
        "/api/webhooks/",
        json={"url": "http://127.0.0.1:9/hook", "events": ["task.created"], "description": "kept"},
        headers=headers(user),
    )
    hook = (await made.json())["data"]
    page = await sign_in(client, user.username)
    form = {"csrf_token": page.csrf, "active": "false", "back": "list"}
    off = await client.post(f"/webhooks/{hook['id']}", data=form, allow_redirects=False)
    assert off.status == 303 and off.headers["Location"] == "/webhooks"
    now = await client.get(f"/api/webhooks/{hook['id']}", headers=headers(user))
    data = (await now.json())["data"]
    assert (data["active"], data["description"], data["url"]) == (False, "kept", hook["url"])
