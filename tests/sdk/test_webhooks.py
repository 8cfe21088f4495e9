"""verify_webhook accepts what the server signs (a real delivery, and its signing function)
and refuses a body, secret or timestamp that does not match."""

from __future__ import annotations

import base64
import datetime as dt
import json
import secrets

import pytest
from claude_cli_sdk import AsyncClaudeCliClient, WebhookVerificationError, verify_webhook

from actors.webhooks.signing import signed_headers
from tests.sdk.conftest import Seeded
from tests.support.receiver import Receiver


def new_secret() -> str:
    return "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode()


def test_what_the_servers_signing_function_signs_verifies() -> None:
    secret, now = new_secret(), dt.datetime.now(dt.UTC)
    body = json.dumps({"event": "task.completed", "data": {"task_id": "t"}}).encode()
    headers = signed_headers(secret, "delivery-1", "task.completed", body, now)
    assert verify_webhook(secret, headers, body)["data"] == {"task_id": "t"}
    shouting = {name.upper(): value for name, value in headers.items()}
    assert verify_webhook(secret, shouting, body.decode())["event"] == "task.completed"
    with pytest.raises(WebhookVerificationError, match="X-Signature-256"):
        verify_webhook(secret, headers, body.replace(b"task.completed", b"task.failed"))
    with pytest.raises(WebhookVerificationError):
        verify_webhook(new_secret(), headers, body)
    with pytest.raises(WebhookVerificationError, match="too old"):
        verify_webhook(secret, headers, body, now=now.timestamp() + 3600)
    only_legacy = {k: v for k, v in headers.items() if not k.startswith("webhook-")}
    with pytest.raises(WebhookVerificationError, match="missing"):
        verify_webhook(secret, only_legacy, body)


@pytest.mark.env(WEBHOOK_ALLOWED_HOSTS="127.0.0.1", WEBHOOK_POLL_SECONDS="0.05")
async def test_a_real_delivery_verifies(seeded: Seeded) -> None:
    receiver = Receiver()
    await receiver.start()
    try:
        base, token = seeded.client.config.base_url, seeded.client.token
        async with AsyncClaudeCliClient(base, token) as client:
            hook = await client.webhooks.create(url=receiver.url(), events=["task.created"])
            receiver.secrets[hook.id] = hook.secret
            task = await client.tasks.create(title="Announced", project_id=seeded.project.id)
            (delivery,) = await receiver.wait("task.created")
            assert (await client.webhooks.get(hook.id)).id == hook.id
    finally:
        await receiver.close()
    assert delivery.verified, delivery.problems  # the standardwebhooks library agrees
    payload = verify_webhook(hook.secret, delivery.headers, delivery.body)
    assert (payload["event"], payload["webhook_id"]) == ("task.created", hook.id)
    assert payload["data"]["task_id"] == task.id
    with pytest.raises(WebhookVerificationError):
        verify_webhook(hook.secret, delivery.headers, delivery.body + b" ")
