"""A network cut between the browser and the server in the middle of a run: the task page
reconnects and shows the rest of the run without a gap or a repeated line (the socket's
replay from the last seq it saw, the transcript's catch-up over REST)."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.pages import sign_in
from tests.browser.seed import Seed
from tests.browser.test_live_task import RUN_SECONDS, not_reloaded, open_live
from tests.support.fixtures.browser import BrowserPage
from tests.support.fixtures.web import WebProcess
from tests.support.tcp_proxy import cuttable_proxy
from tests.support.waiting import wait_for

LINES = 30


def test_a_run_followed_across_a_network_cut(
    browser_page: BrowserPage, admin: Seed, web_process: WebProcess
) -> None:
    project_id = admin.project("Flaky network")
    prompt = f"[lines={LINES}] [interval=0.1] [turns=3]"
    task_id = admin.task(project_id, "Keep streaming", prompt)
    port = int(web_process.base_url.rsplit(":", 1)[1])
    with cuttable_proxy("127.0.0.1", port) as proxy:
        browser_page.base_url = proxy.url  # the browser reaches the server only through it
        sign_in(browser_page, "admin", web_process.admin_password)
        page = open_live(browser_page, f"/tasks/{task_id}")
        state = page.locator("[data-live-state]").first
        output = page.locator("#live-output")
        page.get_by_role("button", name="Execute").click()
        expect(output).to_contain_text("plain line 3", timeout=RUN_SECONDS)
        proxy.cut()
        expect(state).to_have_attribute("data-live-state", "reconnecting")

        def ended() -> dict[str, object] | None:
            task = admin.call("GET", f"/api/tasks/{task_id}")
            return task if task["status"] == "completed" else None

        task = wait_for(ended, 60, 0.2)  # the run ends while the page is cut off
        assert f"plain line {LINES - 1}" not in (output.text_content() or "")
        proxy.restore()
        expect(page.locator("#task-status")).to_contain_text("completed", timeout=RUN_SECONDS)
        expect(state).to_have_attribute("data-live-state", "live")
        expect(output).to_contain_text(f"plain line {LINES - 1}")
        lines = [
            line
            for line in (output.text_content() or "").splitlines()
            if line.startswith("plain line")
        ]
        assert lines == [f"plain line {i}" for i in range(LINES)]
        execution_id = task["latest_execution"]["id"]  # type: ignore[index]
        stored = admin.call("GET", f"/api/tasks/{task_id}/executions/{execution_id}/transcript")[
            "messages"
        ]
        expect(page.locator("#transcript .msg-result")).to_contain_text("Result success")
        shown = page.locator("#transcript > li").evaluate_all(
            "items => items.map((item) => Number(item.dataset.seq))"
        )
        assert shown == [message["seq"] for message in stored]
        assert proxy.refused > 0 or proxy.accepted > 1  # it did reconnect through the proxy
        assert not_reloaded(page)
        assert browser_page.csp_violations() == [], browser_page.console
