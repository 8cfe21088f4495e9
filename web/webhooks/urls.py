"""A webhook URL is refused before it is stored if it could reach this host or its network
(actors.webhooks.destinations, the same checks the runtime repeats before each attempt)."""

from __future__ import annotations

from actors.webhooks.destinations import Refused, check
from storage.error_codes import ErrorCode
from storage.errors import Invalid
from web.http.calls import Call
from web.http.models import Body
from web.http.offload import in_thread
from web.http.validation import Query


async def refuse_unsafe_url(call: Call[Body, Query], url: str) -> None:
    """422 WEBHOOK_URL_REFUSED (field url) naming the problem; the name is resolved on the
    loop's default pool, never the database's."""
    allowed = call.settings.webhooks.allowed_hosts
    try:
        await in_thread(None, check, url, allowed)
    except Refused as exc:
        raise Invalid("url", str(exc), ErrorCode.WEBHOOK_URL_REFUSED) from None
