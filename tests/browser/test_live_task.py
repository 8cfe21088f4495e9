"""The task page live: a run's status, transcript and output appear as they happen, execute,
cancel and a follow-up without a reload (the page's own marker survives)."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.pages import sign_in
from tests.browser.seed import Seed
from tests.support.fixtures.browser import BrowserPage
from tests.support.fixtures.web import WebProcess

RUN_SECONDS = 60_000


def open_live(browser: BrowserPage, path: str) -> Page:
    """The page at path, its socket live, marked so that a reload would show."""
    browser.go(path)
    page = browser.page
    expect(page.locator("[data-live-state]").first).to_have_attribute("data-live-state", "live")
    page.evaluate("window.__notReloaded = true")
    return page


def not_reloaded(page: Page) -> bool:
    return bool(page.evaluate("window.__notReloaded === true"))


def test_execute_and_watch_the_transcript_arrive(
    browser_page: BrowserPage, admin: Seed, web_process: WebProcess
) -> None:
    project_id = admin.project("Live")
    task_id = admin.task(project_id, "Stream it", "[lines=4] [interval=0.3] [turns=2]")
    sign_in(browser_page, "admin", web_process.admin_password)
    page = open_live(browser_page, f"/tasks/{task_id}")
    expect(page.locator("#transcript")).to_contain_text("Not run yet.")
    page.get_by_role("button", name="Execute").click()
    status = page.locator("#task-status")
    expect(status).to_contain_text("completed", timeout=RUN_SECONDS)
    transcript = page.locator("#transcript")
    expect(transcript).to_contain_text("Working on: Stream it")
    bash = transcript.locator(".msg-tool_use", has_text="Tool: Bash")
    expect(bash).to_have_count(2)
    expect(bash.first).to_contain_text('"command": "echo turn 0"')
    expect(transcript.locator(".msg-tool_result").first).to_contain_text("turn 0")
    thinking = transcript.locator(".msg-thinking details")
    expect(thinking).not_to_have_attribute("open", "")
    result = transcript.locator(".msg-result")
    expect(result).to_contain_text("Result success")
    expect(result).to_contain_text("$0.0300")
    expect(result).to_contain_text("tokens in")
    expect(page.locator("#live-output")).to_contain_text("plain line 3")
    expect(page.locator("progress").first).to_have_attribute("value", "100")
    # the records reloaded in place: the execution's row, and a follow-up may be sent
    expect(page.locator("#task-records")).to_contain_text("completed")
    # the notification area heard the completion (the session's project)
    notes = page.locator("#notifications .note")
    expect(notes.first).to_contain_text("Task completed")
    expect(notes.first.get_by_role("link", name="Open the task")).to_have_attribute(
        "href", f"/tasks/{task_id}"
    )
    notes.first.get_by_role("button", name="Dismiss").click()
    expect(notes).to_have_count(0)
    # continue the conversation: a second run, followed from its start
    page.get_by_label("Continue the conversation").fill("Now add tests [lines=1]")
    page.get_by_role("button", name="Send follow-up").click()
    expect(transcript).to_contain_text("Working on: Now add tests", timeout=RUN_SECONDS)
    expect(transcript).not_to_contain_text("Working on: Stream it")
    expect(page.locator("#transcript-title")).to_contain_text("attempt 2")
    expect(status).to_contain_text("completed", timeout=RUN_SECONDS)
    expect(page.locator("#live-output")).to_contain_text("plain line 0")
    expect(page.locator("#live-output")).not_to_contain_text("plain line 3")
    assert not_reloaded(page)
    assert browser_page.csp_violations() == [], browser_page.console


def test_cancel_a_long_run_and_retry_it(
    browser_page: BrowserPage, admin: Seed, web_process: WebProcess
) -> None:
    project_id = admin.project("Long runs")
    task_id = admin.task(project_id, "Take forever", "[sleep=120]")
    sign_in(browser_page, "admin", web_process.admin_password)
    page = open_live(browser_page, f"/tasks/{task_id}")
    status = page.locator("#task-status")
    page.get_by_role("button", name="Execute").click()
    expect(status).to_contain_text("running", timeout=RUN_SECONDS)
    expect(page.locator("#transcript")).to_contain_text("Working on: Take forever")
    expect(page.get_by_role("button", name="Execute")).to_be_hidden()
    page.get_by_label("Reason").fill("too slow")
    page.get_by_role("button", name="Cancel").click()
    expect(status).to_contain_text("cancelled", timeout=RUN_SECONDS)
    expect(page.locator("#task-records")).to_contain_text("cancelled")
    page.get_by_role("button", name="Retry").click()
    expect(status).to_contain_text("running", timeout=RUN_SECONDS)
    expect(page.locator("#transcript-title")).to_contain_text("attempt 2")
    page.get_by_role("button", name="Cancel").click()
    expect(status).to_contain_text("cancelled", timeout=RUN_SECONDS)
    assert admin.call("GET", f"/api/tasks/{task_id}")["status"] == "cancelled"
    assert not_reloaded(page)
    assert browser_page.csp_violations() == [], browser_page.console
