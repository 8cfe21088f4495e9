"""The dashboard in a real browser: an admin pauses a queue, and a task waits in it."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.pages import sign_in
from tests.browser.seed import Seed
from tests.support.fixtures.browser import BrowserPage
from tests.support.fixtures.web import WebProcess


def test_pause_a_queue_and_see_a_task_wait(
    browser_page: BrowserPage, admin: Seed, web_process: WebProcess
) -> None:
    project_id = admin.project("Queued work")
    task_id = admin.task(project_id, "Wait for the queue")
    sign_in(browser_page, "admin", web_process.admin_password)
    page = browser_page.page
    normal = page.locator('[data-queue="normal"]')
    normal.get_by_label("Reason to pause normal").fill("deploying")
    normal.get_by_role("button", name="Pause normal").click()
    expect(normal).to_contain_text("paused")
    expect(normal).to_contain_text("deploying")
    browser_page.go(f"/tasks/{task_id}")
    page.get_by_label("Priority").select_option("normal")
    page.get_by_role("button", name="Execute").click()
    expect(page.locator("#task-status")).to_contain_text("queued")
    page.get_by_role("link", name="Dashboard").click()
    expect(normal.locator('[data-figure="size"]')).to_have_text("1")
    expect(page.get_by_role("cell", name="Wait for the queue")).to_be_visible()
    # still waiting on a reload, then running to its end once resumed
    page.reload()
    expect(normal.locator('[data-figure="size"]')).to_have_text("1")
    assert admin.call("GET", f"/api/tasks/{task_id}")["status"] == "queued"
    normal.get_by_role("button", name="Resume normal").click()
    expect(normal).not_to_contain_text("paused")
    assert browser_page.csp_violations() == []


def test_the_dashboard_figures_follow_the_work(
    browser_page: BrowserPage, admin: Seed, web_process: WebProcess
) -> None:
    project_id = admin.project("Busy")
    task_id = admin.task(project_id, "Keep a worker busy", "[sleep=120]")
    sign_in(browser_page, "admin", web_process.admin_password)
    page = browser_page.page
    page.evaluate("window.__notReloaded = true")
    running = page.locator("#running")
    expect(running).to_contain_text("Nothing is running or waiting.")
    busy = page.locator('#worker-figures [data-figure="busy"]')
    expect(busy).to_have_text("0")
    admin.call("POST", f"/api/tasks/{task_id}/execute", priority="high")
    expect(running.get_by_role("cell", name="Keep a worker busy")).to_be_visible(timeout=20_000)
    expect(busy).to_have_text("1", timeout=20_000)
    expect(page.locator('#queue-high-figures [data-figure="processing"]')).to_have_text("1")
    admin.call("POST", f"/api/tasks/{task_id}/cancel")
    expect(running).to_contain_text("Nothing is running or waiting.", timeout=20_000)
    expect(busy).to_have_text("0")
    assert page.evaluate("window.__notReloaded === true")
    assert browser_page.csp_violations() == []
