"""The browser tests' fixtures: the admin's API client of the test's web process."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.browser.seed import Seed, admin_of
from tests.support.fixtures.web import WebProcess


@pytest.fixture
def admin(web_process: WebProcess) -> Iterator[Seed]:
    seed = admin_of(web_process)
    yield seed
    seed.close()
