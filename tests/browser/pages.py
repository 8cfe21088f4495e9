"""What the browser tests do on the pages, as a person would: by labels and button names."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.support.fixtures.browser import BrowserPage


def sign_in(browser: BrowserPage, username: str, password: str) -> None:
    browser.go("/")
    page = browser.page
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Dashboard")).to_be_visible()


def sign_out(browser: BrowserPage) -> None:
    browser.page.get_by_role("button", name="Sign out").click()
    expect(browser.page.get_by_role("button", name="Sign in")).to_be_visible()
