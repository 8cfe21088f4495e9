"""Fixtures that start the real thing (database, actor system, web app) and tear it down.

They live in tests/support/fixtures/, one plugin per concern; the helpers of tests/support/ get
pytest's assertion messages too.
"""

import pytest

pytest.register_assert_rewrite("tests.support")

pytest_plugins = [
    "tests.support.fixtures.database",
    "tests.support.fixtures.accounts",
    "tests.support.fixtures.runtime",
    "tests.support.fixtures.app",
    "tests.support.fixtures.web",
    "tests.support.fixtures.browser",
]
