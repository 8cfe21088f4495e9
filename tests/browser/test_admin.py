"""Administration in a real browser: accounts made, their role changed and disabled, and the
maintenance switch, which refuses a developer's writes until it is off."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.pages import sign_in
from tests.browser.seed import PASSWORD, Seed
from tests.support.fixtures.browser import BrowserPage
from tests.support.fixtures.web import WebProcess


def test_users_and_the_maintenance_switch(
    browser_page: BrowserPage, admin: Seed, web_process: WebProcess
) -> None:
    developer = admin.user("developer", "dana")
    sign_in(browser_page, "admin", web_process.admin_password)
    page = browser_page.page
    page.get_by_role("link", name="Admin").click()
    expect(page.get_by_role("heading", name="Administration")).to_be_visible()
    page.get_by_label("Username").fill("newcomer")
    page.get_by_label("Password (8 characters or more)").fill(PASSWORD)
    page.get_by_label("Role", exact=True).select_option("developer")
    page.get_by_role("button", name="Create user").click()
    row = page.get_by_role("row", name="newcomer")
    expect(row).to_contain_text("active")
    page.get_by_label("Role of newcomer").select_option("viewer")  # submits itself
    expect(page.get_by_label("Role of newcomer")).to_have_value("viewer")
    page.get_by_role("button", name="Disable newcomer").click()
    expect(page.get_by_role("row", name="newcomer")).to_contain_text("disabled")
    accounts = admin.call("GET", "/api/users/?search=newcomer")["items"]
    assert [(a["role"], a["is_active"]) for a in accounts] == [("viewer", False)]
    # maintenance: a developer's writes are refused while it is on
    page.get_by_label("Message").fill("Upgrading the database")
    page.get_by_role("button", name="Start maintenance").click()
    expect(page.locator("#maintenance-title")).to_contain_text("on")
    expect(page.get_by_text("Upgrading the database")).to_be_visible()
    refused = developer.http.post("/api/projects/", json={"name": "during maintenance"})
    assert refused.status_code == 503, refused.text
    page.get_by_role("button", name="End maintenance").click()
    expect(page.locator("#maintenance-title")).to_contain_text("off")
    developer.call("POST", "/api/projects/", 201, name="after maintenance")
    assert browser_page.csp_violations() == [], browser_page.console


def test_a_developer_has_no_admin_page(browser_page: BrowserPage, admin: Seed) -> None:
    admin.user("developer", "devon")
    sign_in(browser_page, "devon", PASSWORD)
    page = browser_page.page
    expect(page.get_by_role("link", name="Admin")).to_have_count(0)
    response = page.goto(browser_page.base_url + "/admin")
    assert response is not None and response.status == 403
