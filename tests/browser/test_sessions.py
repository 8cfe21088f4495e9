"""The sessions pages: the session the live pages opened, its settings, restore and closing."""

from __future__ import annotations

import datetime as dt

from playwright.sync_api import expect

from tests.browser.pages import sign_in
from tests.browser.seed import Seed
from tests.support.fixtures.browser import BrowserPage
from tests.support.fixtures.web import WebProcess
from tests.support.waiting import wait_for


def test_the_web_ui_session_listed_changed_restored_and_closed(
    browser_page: BrowserPage, admin: Seed, web_process: WebProcess
) -> None:
    project_id = admin.project("Notes app")
    task_id = admin.task(project_id, "Open me")
    sign_in(browser_page, "admin", web_process.admin_password)
    page = browser_page.page
    browser_page.go(f"/tasks/{task_id}")  # its live parts open the project's Web UI session
    expect(page.locator("[data-live-state]").first).to_have_attribute("data-live-state", "live")
    page.get_by_role("link", name="Sessions").click()
    row = page.get_by_role("row", name="Notes app")
    expect(row).to_contain_text("Web UI")
    expect(row).to_contain_text("active")
    row.get_by_role("link", name="Notes app").click()
    expect(page.get_by_role("heading", name="Session of Notes app")).to_be_visible()
    # a change in a later second than the session's creation (a restore point is a whole
    # second: restoring to created_at must find the first settings only)
    made = admin.call("GET", f"/api/sessions/?project_id={project_id}")["sessions"][0]
    created = dt.datetime.fromisoformat(made["created_at"].replace("Z", "+00:00"))
    wait_for(lambda: dt.datetime.now(dt.UTC) >= created + dt.timedelta(seconds=1), 5)
    settings = page.get_by_label("Settings to merge")
    settings.fill('{"layout": "wide"}')
    page.get_by_role("button", name="Save settings").click()
    expect(page.get_by_label("Settings to merge")).to_have_value(
        '{\n  "web_ui": true,\n  "layout": "wide"\n}'
    )
    expect(page.locator(".history")).to_contain_text("settings changed")
    page.get_by_role("button", name="Restore").click()  # to its creation: the first settings
    expect(page.get_by_role("status").filter(has_text="Restored")).to_be_visible()
    expect(page.get_by_label("Settings to merge")).to_have_value('{\n  "web_ui": true\n}')
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Close session").click()
    expect(page.locator(".page-head")).to_contain_text("closed")
    expect(page.get_by_role("button", name="Close session")).to_have_count(0)
    assert browser_page.csp_violations() == [], browser_page.console
