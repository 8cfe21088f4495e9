"""Webhook delivery: the WebhookActor (actor), one attempt (sender), its headers (signing),
and where a delivery may go (destinations: the SSRF checks, shared with the web's)."""
