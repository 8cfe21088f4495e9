"""Projects and tasks through the UI: creating them, who may see and change them, and CLI
output shown as text."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.pages import sign_in
from tests.browser.seed import PASSWORD, Seed
from tests.support.fixtures.browser import BrowserPage
from tests.support.fixtures.web import WebProcess


def test_create_a_project_and_a_task(browser_page: BrowserPage, web_process: WebProcess) -> None:
    sign_in(browser_page, "admin", web_process.admin_password)
    page = browser_page.page
    page.get_by_role("link", name="Projects").click()
    page.get_by_label("Name").fill("Browser project")
    page.get_by_label("Description").fill("made in a browser")
    page.get_by_role("button", name="Create project").click()
    expect(page.get_by_role("heading", name="Browser project")).to_be_visible()
    page.get_by_role("link", name="New task").click()
    page.get_by_label("Title").fill("Write the README")
    page.get_by_label("Tags (comma-separated)").fill("docs, ui")
    page.get_by_role("button", name="Create task").click()
    expect(page.get_by_role("heading", name="Write the README")).to_be_visible()
    expect(page.locator("#task-status")).to_contain_text("pending")
    page.get_by_role("link", name="Browser project").click()
    expect(page.locator(".task-card")).to_contain_text("Write the README")
    # the list, filtered with the search syntax
    page.get_by_label("Show as").select_option("list")
    page.get_by_label("Search tasks").fill("tags:docs")
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page.get_by_role("cell", name="Write the README", exact=True)).to_be_visible()
    page.get_by_label("Search tasks").fill("tags:nothing-like-it")
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page.get_by_text("No tasks match.")).to_be_visible()
    assert browser_page.csp_violations() == []


def test_another_user_cannot_open_the_project(browser_page: BrowserPage, admin: Seed) -> None:
    owner = admin.user("developer", "owner-one")
    project_id = owner.project("Private project")
    admin.user("developer", "someone-else")
    sign_in(browser_page, "someone-else", PASSWORD)
    browser_page.go(f"/projects/{project_id}")
    page = browser_page.page
    expect(page.get_by_role("heading", name="Not found")).to_be_visible()
    expect(page.get_by_text("Private project")).to_have_count(0)
    browser_page.go("/projects")
    expect(page.get_by_text("No projects")).to_be_visible()


def test_a_viewer_sees_no_buttons_it_may_not_use(browser_page: BrowserPage, admin: Seed) -> None:
    owner = admin.user("developer", "the-owner")
    project_id = owner.project("Shared project")
    task_id = owner.task(project_id, "Look but do not touch")
    admin.user("developer", "watcher")
    owner.call(
        "POST", f"/api/projects/{project_id}/members", 201, username="watcher", role="viewer"
    )
    sign_in(browser_page, "watcher", PASSWORD)
    page = browser_page.page
    browser_page.go(f"/projects/{project_id}")
    expect(page.get_by_role("heading", name="Shared project")).to_be_visible()
    expect(page.get_by_role("link", name="New task")).to_have_count(0)
    browser_page.go(f"/tasks/{task_id}")
    expect(page.get_by_role("heading", name="Look but do not touch")).to_be_visible()
    for name in ("Execute", "Edit task", "Delete task", "Retry", "Cancel"):
        expect(page.get_by_role("button", name=name)).to_have_count(0)
        expect(page.get_by_role("link", name=name)).to_have_count(0)
    browser_page.go(f"/projects/{project_id}/settings")
    expect(page.get_by_role("button", name="Save settings")).to_have_count(0)
    expect(page.get_by_role("button", name="Add member")).to_have_count(0)
    # and the server refuses anyway: a hand-made form post with the page's own CSRF token
    csrf = page.locator('meta[name="csrf-token"]').get_attribute("content")
    refused = page.request.post(
        f"{browser_page.base_url}/tasks/{task_id}/execute",
        form={"csrf_token": str(csrf), "priority": "normal"},
        max_redirects=0,
    )
    assert refused.status == 403


def test_cli_output_with_a_script_tag_is_shown_as_text(
    browser_page: BrowserPage, admin: Seed, web_process: WebProcess
) -> None:
    project_id = admin.project("Escaping")
    title = "<script>window.__injected = 1</script> Tidy up"
    task_id = admin.task(project_id, title)
    assert admin.run_to_end(task_id)["status"] == "completed"
    sign_in(browser_page, "admin", web_process.admin_password)
    browser_page.go(f"/tasks/{task_id}")
    page = browser_page.page
    transcript = page.locator("#transcript")
    expect(transcript).to_contain_text("Working on: <script>window.__injected = 1</script>")
    assert transcript.locator("script").count() == 0
    assert page.evaluate("window.__injected") is None
    expect(page.get_by_role("heading", name=title)).to_be_visible()
    # the raw output is plain text, never a page
    raw = page.request.get(f"{browser_page.base_url}/tasks/{task_id}")
    assert raw.ok
    execution = admin.call("GET", f"/api/tasks/{task_id}")["latest_execution"]["id"]
    output = page.request.get(
        f"{browser_page.base_url}/tasks/{task_id}/executions/{execution}/output"
    )
    assert output.headers["content-type"].startswith("text/plain")
    assert "<script>window.__injected = 1</script>" in output.text()
