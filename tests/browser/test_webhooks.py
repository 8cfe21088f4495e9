"""The webhooks pages in a real browser, delivering to a real local receiver: a webhook made
on the page (its secret shown once signs what arrives), a task's completion and a test
delivery seen with their status, a redelivery arriving again; a viewer gets no buttons."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.pages import sign_in
from tests.browser.seed import NOBODY_LISTENS, PASSWORD, Seed
from tests.support.fixtures.browser import BrowserPage
from tests.support.receiver import FAST, Received, Receiver, receiver_in_thread
from tests.support.waiting import wait_for


@pytest.fixture
def env(env: dict[str, str]) -> dict[str, str]:
    """The runtime may deliver to the receiver on 127.0.0.1, polling and retrying quickly."""
    env.update(FAST)
    return env


def arrived(receiver: Receiver, event: str, count: int) -> list[Received]:
    """Every delivery of event that reached the receiver, once there are `count` of them."""

    def enough() -> list[Received] | None:
        found = receiver.deliveries(event)
        return found if len(found) >= count else None

    return wait_for(enough, 30)


def test_create_deliver_and_redeliver(browser_page: BrowserPage, admin: Seed) -> None:
    owner = admin.user("developer", "hooked")
    owner.call("PUT", "/api/users/preferences", timezone="Asia/Tokyo")
    project_id = owner.project("Hooked project")
    with receiver_in_thread() as receiver:
        sign_in(browser_page, "hooked", PASSWORD)
        page = browser_page.page
        page.get_by_role("link", name="Webhooks").click()
        expect(page.get_by_role("heading", name="Webhooks", exact=True)).to_be_visible()
        page.get_by_label("URL").fill(receiver.url())
        page.get_by_label("task.completed").check()
        page.get_by_label("Description (optional)").fill("CI notifier")
        page.get_by_role("button", name="Create webhook").click()
        expect(page.get_by_role("heading", name="Webhook created")).to_be_visible()
        secret = page.get_by_label("Secret").input_value()
        href = page.get_by_role("link", name="Open the webhook").get_attribute("href")
        assert secret and href, page.content()
        webhook_id = href.rsplit("/", 1)[1]
        receiver.secrets[webhook_id] = secret  # what arrives must verify with the shown secret
        assert secret not in owner.http.get(f"/api/webhooks/{webhook_id}").text

        owner.run_to_end(owner.task(project_id, "Announce me"))
        (first,) = arrived(receiver, "task.completed", 1)
        assert first.verified, first.problems
        page.get_by_role("link", name="Open the webhook").click()
        rows = page.locator("tr[data-delivery]")
        expect(rows).to_have_count(1)
        expect(rows.first).to_contain_text("task.completed")
        expect(rows.first.locator(".status")).to_have_text("delivered")  # htmx refreshes it
        expect(rows.first).to_contain_text("HTTP 200")
        expect(rows.first).to_contain_text("JST")  # the user's time zone

        rows.first.get_by_role("button", name=re.compile("^Redeliver")).click()
        expect(page.get_by_role("status").filter(has_text="Redelivery queued")).to_be_visible()
        first_again, second = arrived(receiver, "task.completed", 2)
        assert second.verified, second.problems
        assert second.payload["data"] == first_again.payload["data"]
        assert second.headers["x-delivery-id"] != first.headers["x-delivery-id"]
        expect(rows).to_have_count(2)
        expect(rows.first).to_contain_text("redelivery")
        expect(rows.first.locator(".status")).to_have_text("delivered")

        page.get_by_role("button", name="Send test delivery").click()
        (test,) = arrived(receiver, "webhook.test", 1)
        assert test.verified, test.problems
        expect(rows).to_have_count(3)
        expect(rows.first.locator(".status")).to_have_text("delivered")

        page.get_by_label("Description (optional)").fill("Renamed notifier")
        page.get_by_label("Active").uncheck()
        page.get_by_role("button", name="Save webhook").click()
        expect(page.locator(".page-head")).to_contain_text("inactive")
        expect(page.get_by_role("button", name=re.compile("^Redeliver"))).to_have_count(0)
        expect(page.get_by_role("button", name="Send test delivery")).to_have_count(0)
        page.get_by_role("link", name="Webhooks", exact=True).first.click()
        row = page.get_by_role("row", name=re.compile("Renamed notifier"))
        row.get_by_role("button", name=re.compile("^Activate")).click()
        expect(page.get_by_role("row", name=re.compile("Renamed notifier"))).to_contain_text(
            "active"
        )
        assert owner.call("GET", f"/api/webhooks/{webhook_id}")["active"] is True
        page.once("dialog", lambda dialog: dialog.accept())
        page.get_by_role("row", name=re.compile("Renamed notifier")).get_by_role(
            "button", name="Delete"
        ).click()
        expect(page.get_by_text("No webhooks yet.")).to_be_visible()
    assert browser_page.csp_violations() == [], browser_page.console


def test_a_viewer_sees_no_buttons_and_the_server_refuses(
    browser_page: BrowserPage, admin: Seed
) -> None:
    owner = admin.user("developer", "was-a-developer")
    with receiver_in_thread() as receiver:
        hook = owner.call("POST", "/api/webhooks/", 201, url=receiver.url(), events=["task.failed"])
        receiver.secrets[hook["id"]] = hook["secret"]
        delivery = owner.call("POST", f"/api/webhooks/{hook['id']}/test", 202)
        arrived(receiver, "webhook.test", 1)
    account = admin.call("GET", "/api/users/?search=was-a-developer")["items"][0]
    admin.call("PUT", f"/api/users/{account['id']}", role="viewer")
    other = admin.call("POST", "/api/webhooks/", 201, url=NOBODY_LISTENS, events=["task.failed"])
    sign_in(browser_page, "was-a-developer", PASSWORD)
    page = browser_page.page
    browser_page.go("/webhooks")
    expect(page.get_by_role("link", name=hook["url"], exact=True)).to_be_visible()
    expect(page.get_by_role("link", name=NOBODY_LISTENS)).to_have_count(0)  # the admin's
    for name in ("Create webhook", "Deactivate", "Delete"):
        expect(page.get_by_role("button", name=name)).to_have_count(0)
    browser_page.go(f"/webhooks/{hook['id']}")
    row = page.locator("tr[data-delivery]")
    expect(row.locator(".status")).to_have_text("delivered")
    for name in ("Redeliver", "Send test delivery", "Save webhook", "Delete webhook"):
        expect(page.get_by_role("button", name=name)).to_have_count(0)
    # the server refuses anyway: hand-made form posts with the page's own CSRF token
    csrf = str(page.locator('meta[name="csrf-token"]').get_attribute("content"))
    base = f"{browser_page.base_url}/webhooks/{hook['id']}"
    for action in (f"/deliveries/{delivery['id']}/redeliver", "/test", "/delete"):
        refused = page.request.post(base + action, form={"csrf_token": csrf}, max_redirects=0)
        assert refused.status == 403, action
    hidden = page.goto(f"{browser_page.base_url}/webhooks/{other['id']}")
    assert hidden is not None and hidden.status == 404
