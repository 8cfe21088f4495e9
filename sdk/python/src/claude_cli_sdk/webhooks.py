"""Verify a webhook delivery as a receiver: the body must match both signatures the server
sends (README, Webhooks), X-Signature-256 and the Standard Webhooks webhook-signature, whose
timestamp must be recent (a replayed delivery is refused)."""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import time
from collections.abc import Mapping
from typing import Any

from claude_cli_sdk._errors import WebhookVerificationError

TOLERANCE_SECONDS = 5 * 60
SECRET_PREFIX = "whsec_"


def verify_webhook(
    secret: str,
    headers: Mapping[str, str],
    body: bytes | str,
    *,
    tolerance: float = TOLERANCE_SECONDS,
    now: float | None = None,
) -> dict[str, Any]:
    """The delivery's payload, or WebhookVerificationError.

    `secret` is the webhook's secret as the API showed it at creation (`whsec_…`), `headers`
    the request's headers (names in any case), `body` its raw bytes as received (not
    re-encoded JSON). The webhook-timestamp may be at most `tolerance` seconds away from now.
    """
    raw = body.encode() if isinstance(body, str) else body
    named = {name.lower(): value for name, value in headers.items()}
    _check_signature_256(secret, named, raw)
    _check_standard(secret, named, raw, tolerance, time.time() if now is None else now)
    try:
        payload = json.loads(raw)
    except ValueError as exc:
        raise WebhookVerificationError("the body is not JSON") from exc
    if not isinstance(payload, dict):
        raise WebhookVerificationError("the body is not a JSON object")
    return payload


def signature_256(secret: str, body: bytes) -> str:
    """X-Signature-256's value: hex HMAC-SHA256 of the body, the secret as written the key."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def _check_signature_256(secret: str, headers: Mapping[str, str], body: bytes) -> None:
    given = headers.get("x-signature-256", "")
    if not hmac.compare_digest(given.encode(), signature_256(secret, body).encode()):
        raise WebhookVerificationError("X-Signature-256 does not match the body")


def _check_standard(
    secret: str, headers: Mapping[str, str], body: bytes, tolerance: float, now: float
) -> None:
    delivery, stamp = headers.get("webhook-id"), headers.get("webhook-timestamp")
    signatures = headers.get("webhook-signature")
    if not (delivery and stamp and signatures):
        raise WebhookVerificationError("webhook-id, webhook-timestamp or webhook-signature missing")
    try:
        moment = int(stamp)
    except ValueError:
        raise WebhookVerificationError("webhook-timestamp is not a number") from None
    if abs(now - moment) > tolerance:
        raise WebhookVerificationError("webhook-timestamp is too old or too new (a replay?)")
    signed = f"{delivery}.{stamp}.".encode() + body
    expected = base64.b64encode(hmac.new(_key(secret), signed, hashlib.sha256).digest())
    for signature in signatures.split():
        version, _, value = signature.partition(",")
        if version == "v1" and hmac.compare_digest(value.encode(), expected):
            return
    raise WebhookVerificationError("webhook-signature does not match the body")


def _key(secret: str) -> bytes:
    """The Standard Webhooks key: the secret's base64 after its whsec_ prefix."""
    encoded = secret[len(SECRET_PREFIX) :] if secret.startswith(SECRET_PREFIX) else secret
    try:
        return base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError):
        raise WebhookVerificationError("the secret is not a whsec_ base64 secret") from None
