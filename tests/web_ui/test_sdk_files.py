"""The JavaScript SDK served to the pages: its entry point and sources as JavaScript modules,
nothing else of its folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.api import AppClient
from web.pages.sdk_files import SDK_ROOT, sdk_file


@pytest.mark.parametrize("name", ["index.js", "src/client.js", "src/live/socket.js"])
async def test_the_sdk_modules_are_served_as_javascript(client: AppClient, name: str) -> None:
    response = await client.get(f"/static/sdk/{name}")
    assert response.status == 200
    assert response.headers["Content-Type"].startswith("text/javascript")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert await response.read() == (SDK_ROOT / name).read_bytes()


@pytest.mark.parametrize(
    "name",
    [
        "package.json",
        "index.d.ts",
        "test/tasks.test.js",
        "testkit/proxy.js",
        "node_modules/ws/index.js",
        "src/missing.js",
        "src/%2e%2e/package.json",
    ],
)
async def test_nothing_else_of_its_folder_is(client: AppClient, name: str) -> None:
    response = await client.get(f"/static/sdk/{name}")
    assert response.status == 404


def test_a_name_outside_the_sources_is_refused(tmp_path: Path) -> None:
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "a.js").write_text("export {};")
    (tmp_path / "secret.js").write_text("x")
    (tmp_path / "src" / "out.js").symlink_to(tmp_path / "secret.js")
    assert sdk_file(tmp_path, "src/a.js") == (tmp_path / "src" / "a.js").resolve()
    for name in ("src/../secret.js", "/src/a.js", "src/out.js", "secret.js", "src/a.ts"):
        assert sdk_file(tmp_path, name) is None, name
