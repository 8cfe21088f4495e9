"""The headers of a delivery: the API document's X-Signature-256 (hex HMAC-SHA256 of the raw
body under the webhook's secret), X-Delivery-ID and X-Event-Type, and the Standard Webhooks
headers (webhook-id, webhook-timestamp, webhook-signature over id.timestamp.body), which let a
receiver refuse replays."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac

from standardwebhooks import Webhook as StandardWebhook

USER_AGENT = "claude-cli-web-webhooks/1.0"


def signature_256(secret: str, body: bytes) -> str:
    """X-Signature-256's value: the secret (as written, whsec_… included) is the key."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def signed_headers(
    secret: str, delivery_id: str, event: str, body: bytes, now: dt.datetime
) -> dict[str, str]:
    """Every header of one attempt (the timestamp, and so webhook-signature, is per attempt)."""
    moment = now.replace(tzinfo=dt.UTC) if now.tzinfo is None else now
    return {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "X-Signature-256": signature_256(secret, body),
        "X-Delivery-ID": delivery_id,
        "X-Event-Type": event,
        "webhook-id": delivery_id,
        "webhook-timestamp": str(int(moment.timestamp())),
        "webhook-signature": StandardWebhook(secret).sign(delivery_id, moment, body.decode()),
    }
