"""Screenshots of the main pages, light and dark, at desktop (1280 px) and phone (390 px)
width: test artifacts under artifacts/screenshots/ (gitignored). With
UPDATE_DOCS_SCREENSHOTS=1 a few are copied to docs/screenshots/ for the README.

Each page must also fit the phone's width: nothing wider than the viewport scrolls the page
sideways (wide tables scroll inside their own box)."""

from __future__ import annotations

import os
from pathlib import Path

from playwright.sync_api import expect

from tests.browser.pages import sign_in
from tests.browser.seed import Seed
from tests.support.fixtures.browser import PHONE, BrowserPage, copy_to_docs
from tests.support.fixtures.web import WebProcess
from tests.support.waiting import wait_for

DOCS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
FOR_THE_README = {
    "dashboard-desktop-light.png",
    "project-board-desktop-dark.png",
    "task-phone-light.png",
    "analytics-desktop-light.png",
    "task-live-desktop-dark.png",
    "console-desktop-light.png",
}


def test_screenshots_of_the_main_pages(
    browser_page: BrowserPage, admin: Seed, web_process: WebProcess
) -> None:
    project_id = admin.project("Website")
    done = admin.task(project_id, "Add a README", "Describe how to run it [cost=0.12]")
    admin.run_to_end(done)
    admin.task(project_id, "Write the tests")
    failed = admin.task(project_id, "Deploy [fail]")
    admin.run_to_end(failed)
    command = admin.call(
        "POST", "/api/commands/execute", project_id=project_id, command="ls -la; echo done"
    )["command_id"]
    wait_for(
        lambda: admin.call("GET", f"/api/commands/{command}/status")["status"] == "completed", 30
    )
    live = admin.task(project_id, "Refactor the parser", "[turns=3] [lines=5] [sleep=120]")
    admin.call("POST", f"/api/tasks/{live}/execute")
    hook = admin.failing_webhook()
    pages = {
        "dashboard": "/dashboard",
        "projects": "/projects",
        "project-board": f"/projects/{project_id}",
        "project-list": f"/projects/{project_id}?view=list",
        "task": f"/tasks/{done}",
        "analytics": f"/projects/{project_id}/analytics?period=7d",
        "settings": f"/projects/{project_id}/settings",
        "console": f"/console?command={command}",
        "task-live": f"/tasks/{live}",
        "sessions": "/sessions",
        "webhooks": "/webhooks",
        "webhook": f"/webhooks/{hook}",
        "admin": "/admin",
    }
    sign_in(browser_page, "admin", web_process.admin_password)
    shots = []
    for name, path in pages.items():
        browser_page.go(path)
        if name == "task-live":  # streaming: its socket live, the run's transcript shown
            live_state = browser_page.page.locator("[data-live-state]").first
            expect(live_state).to_have_attribute("data-live-state", "live")
            expect(browser_page.page.locator("#transcript")).to_contain_text("Working on")
        for phone in (False, True):
            for dark in (False, True):
                shots.append(browser_page.screenshot(name, phone=phone, dark=dark))
        browser_page.page.set_viewport_size(PHONE)
        overflow = browser_page.page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{path} is {overflow}px wider than a 390px phone"
    admin.call("POST", f"/api/tasks/{live}/cancel")
    assert all(shot.stat().st_size > 0 for shot in shots)
    if os.environ.get("UPDATE_DOCS_SCREENSHOTS") == "1":
        for shot in shots:
            if shot.name in FOR_THE_README:
                copy_to_docs(shot, DOCS)
