"""Signing in and out in a real browser."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.pages import sign_in, sign_out
from tests.support.fixtures.browser import BrowserPage
from tests.support.fixtures.web import WebProcess


def test_sign_in_and_out(browser_page: BrowserPage, web_process: WebProcess) -> None:
    sign_in(browser_page, "admin", web_process.admin_password)
    page = browser_page.page
    # the session cookie is out of the page scripts' reach
    assert "claude_session" not in page.evaluate("document.cookie")
    cookie = next(c for c in page.context.cookies() if c["name"] == "claude_session")
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict"
    sign_out(browser_page)
    browser_page.go("/projects")
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()
    assert browser_page.csp_violations() == []


def test_a_wrong_password_is_refused(browser_page: BrowserPage, web_process: WebProcess) -> None:
    browser_page.go("/")
    page = browser_page.page
    page.get_by_label("Username").fill("admin")
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_contain_text("Invalid username or password")
