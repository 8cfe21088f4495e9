"""Every main page carries the Content-Security-Policy, and the browser reports no violation
of it while rendering them (htmx and Alpine's CSP build run under it)."""

from __future__ import annotations

from tests.browser.pages import sign_in
from tests.browser.seed import Seed
from tests.support.fixtures.browser import BrowserPage
from tests.support.fixtures.web import WebProcess
from web.pages.security import CSP


def test_main_pages_have_the_csp_and_break_none_of_it(
    browser_page: BrowserPage, admin: Seed, web_process: WebProcess
) -> None:
    project_id = admin.project("Headers")
    task_id = admin.task(project_id, "Check the headers")
    admin.run_to_end(task_id)
    hook = admin.failing_webhook()
    sign_in(browser_page, "admin", web_process.admin_password)
    paths = [
        "/dashboard",
        "/projects",
        f"/projects/{project_id}",
        f"/projects/{project_id}?view=list",
        f"/projects/{project_id}/settings",
        f"/projects/{project_id}/analytics",
        f"/projects/{project_id}/tasks/new",
        f"/tasks/{task_id}",
        f"/tasks/{task_id}/edit",
        "/preferences",
        "/console",
        "/sessions",
        "/webhooks",
        f"/webhooks/{hook}",
        "/admin",
    ]
    for path in paths:
        response = browser_page.page.goto(browser_page.base_url + path)
        assert response is not None and response.status == 200, path
        headers = response.headers
        assert headers["content-security-policy"] == CSP, path
        assert headers["x-content-type-options"] == "nosniff"
        # Alpine started under the policy (its CSP build evaluates no strings)
        assert browser_page.page.evaluate("typeof window.Alpine") == "object", path
        # the live components (ES modules on the SDK) loaded and started under it too
        started = "document.querySelector('#notifications')?._x_dataStack !== undefined"
        assert browser_page.page.evaluate(started), path
    assert "'unsafe-inline'" not in CSP and "'unsafe-eval'" not in CSP
    assert browser_page.csp_violations() == [], browser_page.console
