"""Fixtures of the webhook tests: settings that let deliveries reach the local receiver
(127.0.0.1 allowed) and retry fast, the receiver itself, and a webhook subscribed to it."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import pytest

from storage.webhooks import WebhookEvent
from tests.support.api import Api
from tests.support.receiver import FAST, Receiver

ALL_EVENTS = [str(e) for e in WebhookEvent]

Subscribe = Callable[..., Awaitable[dict[str, Any]]]


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "env(**variables): settings of this test's processes")


@pytest.fixture(autouse=True)
def webhook_env(request: pytest.FixtureRequest, env: dict[str, str]) -> dict[str, str]:
    """Before settings are read: the receiver's address is allowed, retries are quick, and
    what the test's `env` marker says."""
    env.update(FAST)
    marker = request.node.get_closest_marker("env")
    if marker is not None:
        env.update(marker.kwargs)
    return env


@pytest.fixture
async def receiver() -> AsyncIterator[Receiver]:
    started = Receiver()
    await started.start()
    yield started
    await started.close()


@pytest.fixture
def subscribe(receiver: Receiver) -> Subscribe:
    """Factory: a webhook of api's user (or project) to the receiver, its secret handed to
    the receiver; returns the creation's answer (with the secret)."""

    async def create(api: Api, events: list[str] | None = None, **fields: Any) -> dict[str, Any]:
        body = {"url": receiver.url(), "events": events or ALL_EVENTS, **fields}
        created = await api.fetch("POST", "/api/webhooks/", body, expect=201)
        receiver.secrets[created["id"]] = created["secret"]
        return created

    return create
