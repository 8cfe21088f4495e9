"""The webhook resource: its secret shown once, the access rules of everything else, and
URLs that could reach this host or its network refused before they are stored."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from aiohttp.test_utils import TestClient

from storage.models import User
from tests.support.api import Api
from tests.support.fixtures.accounts import MakeUser
from tests.support.fixtures.app import ApiOn
from tests.webhooks.conftest import Subscribe

PUBLIC_URL = "https://93.184.216.34/hook"  # stored, never sent to: nothing runs deliveries here


async def test_the_secret_is_shown_at_creation_only(
    client: TestClient, api: Api, subscribe: Subscribe
) -> None:
    created = await subscribe(api, ["task.created"], description="ci")
    secret = created["secret"]
    assert secret.startswith("whsec_") and len(secret) > 40
    assert created["events"] == ["task.created"] and created["active"] is True
    assert api.user is not None and created["owner_id"] == api.user.id
    hook = f"/api/webhooks/{created['id']}"
    answers = [
        await client.get(hook, headers=api.auth),
        await client.get("/api/webhooks/", headers=api.auth),
        await client.put(hook, json={"description": "changed"}, headers=api.auth),
        await client.get(f"{hook}/deliveries", headers=api.auth),
        await client.post(f"{hook}/test", json={}, headers=api.auth),
        await client.delete(hook, headers=api.auth),
    ]
    for answer in answers:
        text = await answer.text()
        assert answer.status < 300, text
        assert secret not in text and '"secret"' not in text


async def test_changes_and_deletion(api: Api, subscribe: Subscribe) -> None:
    created = await subscribe(api, ["task.created"])
    hook = f"/api/webhooks/{created['id']}"
    changed = await api.fetch("PUT", hook, {"events": ["task.failed", "task.failed"]})
    assert changed["events"] == ["task.failed"]
    pending = await api.fetch("POST", f"{hook}/test", expect=202)
    assert pending["status"] == "pending" and pending["event"] == "webhook.test"
    await api.put(hook, {"active": False})
    (cancelled,) = (await api.fetch("GET", f"{hook}/deliveries"))["items"]
    assert cancelled["status"] == "cancelled" and cancelled["attempts"] == []
    inactive = await api.fetch("POST", f"{hook}/test", expect=409)
    assert inactive["code"] == "WEBHOOK_INACTIVE"
    deleted = await api.fetch("DELETE", hook)
    assert deleted["id"] == created["id"] and deleted["deleted_at"]
    assert (await api.fetch("GET", hook, expect=404))["code"] == "RESOURCE_NOT_FOUND"
    assert await api.ids("/api/webhooks/") == []


async def test_another_users_webhook_is_not_found(
    api_as: Callable[[User], Api], make_user: MakeUser, subscribe: Subscribe
) -> None:
    owner, stranger, admin = (
        api_as(make_user(role)) for role in ("developer", "developer", "admin")
    )
    created = await subscribe(owner, ["task.created"])
    hook = f"/api/webhooks/{created['id']}"
    delivery = await owner.fetch("POST", f"{hook}/test", expect=202)
    for method, path, body in (
        ("GET", hook, None),
        ("PUT", hook, {"active": False}),
        ("DELETE", hook, None),
        ("GET", f"{hook}/deliveries", None),
        ("GET", f"{hook}/deliveries/{delivery['id']}", None),
        ("POST", f"{hook}/test", {}),
        ("POST", f"{hook}/deliveries/{delivery['id']}/redeliver", {}),
    ):
        error = await stranger.call(method, path, json=body, expect=404)
        assert error["code"] == "RESOURCE_NOT_FOUND", (method, path)
    assert await stranger.ids("/api/webhooks/") == []
    assert await admin.ids("/api/webhooks/") == [created["id"]]
    assert (await admin.fetch("GET", hook))["active"] is True


async def test_a_projects_webhook_belongs_to_those_who_manage_it(
    api_as: Callable[[User], Api], make_user: MakeUser, subscribe: Subscribe
) -> None:
    owner = api_as(make_user())
    maintainer_user, developer_user = make_user(), make_user()
    maintainer, developer = api_as(maintainer_user), api_as(developer_user)
    project_id = await owner.project_id()
    for user, role in ((maintainer_user, "maintainer"), (developer_user, "developer")):
        member = {"user_id": user.id, "role": role}
        await owner.fetch("POST", f"/api/projects/{project_id}/members", member, expect=201)

    body = {"url": PUBLIC_URL, "events": ["task.created"], "project_id": project_id}
    denied = await developer.fetch("POST", "/api/webhooks/", body, expect=403)
    assert denied["code"] == "PROJECT_ACCESS_DENIED"
    stranger = api_as(make_user())
    hidden = await stranger.fetch("POST", "/api/webhooks/", body, expect=404)
    assert hidden["code"] == "PROJECT_NOT_FOUND"

    created = await subscribe(maintainer, ["task.created"], project_id=project_id)
    assert created["project_id"] == project_id
    hook = f"/api/webhooks/{created['id']}"
    assert (await owner.fetch("GET", hook))["id"] == created["id"]  # the project's owner
    assert await owner.ids("/api/webhooks/", project_id=project_id) == [created["id"]]
    assert (await developer.fetch("GET", hook, expect=404))["code"] == "RESOURCE_NOT_FOUND"
    assert await developer.ids("/api/webhooks/") == []


async def test_a_viewer_account_cannot_create_one(api_on: ApiOn, client: TestClient) -> None:
    viewer = api_on(client, "viewer")
    body = {"url": PUBLIC_URL, "events": ["task.created"]}
    error = await viewer.fetch("POST", "/api/webhooks/", body, expect=403)
    assert error["code"] == "AUTH_INSUFFICIENT_PERMISSIONS"


@pytest.mark.parametrize(
    ("url", "issue"),
    [
        ("http://localhost:9/hook", "loopback"),
        ("http://127.0.0.2/hook", "loopback"),
        ("http://[::1]/hook", "loopback"),
        ("http://2130706433/hook", "loopback"),  # 127.0.0.1 written as one number
        ("http://[::ffff:127.0.0.1]/hook", "loopback"),
        ("http://10.1.2.3/hook", "private"),
        ("http://192.168.0.10:8080/hook", "private"),
        ("http://169.254.169.254/latest/meta-data", "metadata"),
        ("http://[fd00:ec2::254]/", "metadata"),
        ("http://[fe80::1]/", "link-local"),
        ("http://224.0.0.1/", "multicast"),
        ("http://0.0.0.0/", "unspecified"),
        ("http://240.0.0.1/", "reserved"),
        ("http://100.64.0.1/", "not public"),
        ("ftp://93.184.216.34/hook", "http or https"),
        ("file:///etc/passwd", "http or https"),
        ("https://user:password@93.184.216.34/", "credentials"),
        ("https://no-such-host.invalid/hook", "does not resolve"),
        ("https:///hook", "host"),
    ],
)
async def test_unsafe_urls_are_refused_at_creation(api: Api, url: str, issue: str) -> None:
    error = await api.fetch("POST", "/api/webhooks/", {"url": url, "events": ["task.created"]}, 422)
    assert error["code"] == "WEBHOOK_URL_REFUSED"
    assert error["details"]["field"] == "url"
    assert issue in error["details"]["issue"], error


async def test_a_public_address_is_accepted_and_a_changed_url_is_checked_again(
    api: Api,
) -> None:
    body: dict[str, Any] = {"url": PUBLIC_URL, "events": ["task.created"], "active": False}
    created = await api.fetch("POST", "/api/webhooks/", body, expect=201)
    hook = f"/api/webhooks/{created['id']}"
    error = await api.fetch("PUT", hook, {"url": "http://10.0.0.1/"}, expect=422)
    assert error["code"] == "WEBHOOK_URL_REFUSED"
    assert (await api.fetch("GET", hook))["url"] == PUBLIC_URL


async def test_an_allowed_host_is_exempt(api: Api, receiver: Any) -> None:
    body = {"url": receiver.url(), "events": ["task.created"]}  # 127.0.0.1 is allowed here
    assert (await api.fetch("POST", "/api/webhooks/", body, expect=201))["url"] == receiver.url()


@pytest.mark.parametrize(
    ("body", "field", "code"),
    [
        ({"url": PUBLIC_URL, "events": []}, "events", "VALIDATION_VALUE_TOO_SHORT"),
        (
            {"url": PUBLIC_URL, "events": ["task.exploded"]},
            "events[0]",
            "VALIDATION_INVALID_FORMAT",
        ),
        ({"events": ["task.created"]}, "url", "VALIDATION_REQUIRED_FIELD"),
        (
            {"url": PUBLIC_URL, "events": ["task.created"], "secret": "x"},
            "secret",
            "VALIDATION_ERROR",
        ),
    ],
)
async def test_bodies_are_validated(api: Api, body: dict[str, Any], field: str, code: str) -> None:
    error = await api.fetch("POST", "/api/webhooks/", body, expect=422)
    assert (error["code"], error["details"]["field"]) == (code, field)


async def test_the_webhook_endpoints_are_documented(client: TestClient) -> None:
    spec = await (await client.get("/openapi.json")).json()
    paths = spec["paths"]
    assert set(paths["/api/webhooks/"]) == {"get", "post"}
    assert set(paths["/api/webhooks/{webhook_id}"]) == {"get", "put", "delete"}
    assert "post" in paths["/api/webhooks/{webhook_id}/test"]
    assert "post" in paths["/api/webhooks/{webhook_id}/deliveries/{delivery_id}/redeliver"]
    assert paths["/api/webhooks/{webhook_id}/deliveries"]["get"]["tags"] == ["webhooks"]
    created = paths["/api/webhooks/"]["post"]["responses"]["201"]["content"]["application/json"]
    schema = spec["components"]["schemas"]
    data = created["schema"]["properties"]["data"]["$ref"].rsplit("/", 1)[-1]
    assert "secret" in schema[data]["properties"]
