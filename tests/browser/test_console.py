"""The command console in a real browser: warnings as you type, a command's output streamed,
a long one cancelled, the history updated, all without a reload."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.pages import sign_in
from tests.browser.seed import Seed
from tests.browser.test_live_task import RUN_SECONDS, not_reloaded
from tests.support.fixtures.browser import BrowserPage
from tests.support.fixtures.web import WebProcess


def test_validate_run_and_cancel_commands(
    browser_page: BrowserPage, admin: Seed, web_process: WebProcess
) -> None:
    admin.project("Console work")
    sign_in(browser_page, "admin", web_process.admin_password)
    page = browser_page.page
    page.get_by_role("link", name="Console").click()
    expect(page.get_by_role("heading", name="Command console")).to_be_visible()
    page.evaluate("window.__notReloaded = true")
    command = page.get_by_label("Command", exact=True)
    verdict = page.locator("#command-verdict")
    command.press_sequentially("rm -rf /")
    expect(verdict).to_contain_text("dangerous")
    expect(verdict.locator(".warnings li").first).to_be_visible()
    command.fill("")
    command.press_sequentially("echo 'unclosed")
    expect(verdict).to_contain_text("Syntax error")
    command.fill("")
    command.press_sequentially(
        "for i in 1 2 3; do echo line $i; sleep 0.2; done; echo '<b>bold</b>'"
    )
    expect(verdict).to_contain_text("No problems found.")
    page.get_by_role("button", name="Run").click()
    output = page.locator("#command-output")
    expect(page.locator("#command-status")).to_have_text("completed", timeout=RUN_SECONDS)
    expect(output).to_contain_text("line 1\nline 2\nline 3\n<b>bold</b>")
    assert output.locator("b").count() == 0  # output is text, never HTML
    expect(page.locator("#command-output-card")).to_contain_text("exit code 0")
    history = page.locator("#command-history")
    expect(history).to_contain_text("for i in 1 2 3")
    # a long one, cancelled
    command.fill("echo started; sleep 60")
    page.get_by_role("button", name="Run").click()
    expect(output).to_contain_text("started", timeout=RUN_SECONDS)
    expect(output).not_to_contain_text("line 1")
    expect(page.locator("#command-status")).to_have_text("running")
    page.get_by_role("button", name="Cancel command").click()
    expect(page.locator("#command-status")).to_have_text("cancelled", timeout=RUN_SECONDS)
    expect(history.locator("tbody tr").first).to_contain_text("cancelled")
    assert not_reloaded(page)
    # without script the history's link shows a command's stored output
    history.get_by_role("link", name="for i in 1 2 3").click()
    expect(page.locator("#command-output")).to_contain_text("line 3")
    expect(page.get_by_label("Command", exact=True)).to_have_value(
        "for i in 1 2 3; do echo line $i; sleep 0.2; done; echo '<b>bold</b>'"
    )
    assert browser_page.csp_violations() == [], browser_page.console
