"""The browser tests' fixtures: the admin's API client of the test's web process, and
webhooks allowed to this host (the pages' webhooks deliver to local receivers)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.browser.seed import Seed, admin_of
from tests.support.fixtures.web import WebProcess


@pytest.fixture
def env(env: dict[str, str]) -> dict[str, str]:
    env["WEBHOOK_ALLOWED_HOSTS"] = "127.0.0.1"
    return env


@pytest.fixture
def admin(web_process: WebProcess) -> Iterator[Seed]:
    seed = admin_of(web_process)
    yield seed
    seed.close()
