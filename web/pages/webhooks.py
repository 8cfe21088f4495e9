"""Webhooks: the list of yours (create: its secret shown once, on the answer to the form;
activate, deactivate, delete) and one webhook's details, edit, test delivery and its
deliveries with their attempts and a redelivery of each; on the API's own operations."""

from __future__ import annotations

from aiohttp import web

from storage.statuses import DeliveryStatus
from storage.webhooks import WebhookEvent
from web.api import webhooks
from web.api.schemas.webhooks import (
    DeliveryListQuery,
    WebhookCreate,
    WebhookListQuery,
    WebhookUpdate,
)
from web.http.validation import parse_query
from web.pages.forms import all_values, build, checked, raw_text, text
from web.pages.routing import Context, Pages, Result, View, layout_context, redirect, render

pages = Pages()
EVENTS = [str(event) for event in WebhookEvent]
OPEN = (DeliveryStatus.PENDING, DeliveryStatus.DELIVERING)  # not ended: no redelivery yet
DELIVERIES_PER_PAGE = "20"


@pages.get("/webhooks", "pages/webhooks.html")
async def webhook_list(view: View) -> Context:
    query = parse_query(WebhookListQuery, {"page_size": "100"})
    found = await view.api(webhooks.list_webhooks, query=query)
    return {"webhooks": found, "events": EVENTS}


@pages.post("/webhooks")
async def create_webhook(view: View) -> Result:
    """Rendered, not redirected: the secret is in this answer only (never in a URL), which
    no cache keeps."""
    form = view.form
    body = build(
        WebhookCreate,
        url=text(form, "url"),
        events=all_values(form, "events"),
        active=checked(form, "active"),
        description=raw_text(form, "description"),
    )
    created = await view.api(webhooks.create_webhook, body)
    context = layout_context(view) | {"webhook": created}
    response = render(view.request, "pages/webhook_created.html", context)
    response.headers["Cache-Control"] = "no-store"
    return response


@pages.get("/webhooks/{webhook_id}", "pages/webhook.html", partial="pages/_deliveries.html")
async def webhook_page(view: View) -> Context:
    """The webhook and a page of its deliveries (htmx refreshes the deliveries alone)."""
    webhook = await view.api(webhooks.get_webhook)
    page = view.request.query.get("page", "1")
    query = parse_query(DeliveryListQuery, {"page": page, "page_size": DELIVERIES_PER_PAGE})
    deliveries = await view.api(webhooks.list_deliveries, query=query)
    in_flight = any(d.status in OPEN for d in deliveries.items)
    return {
        "webhook": webhook,
        "page": deliveries,
        "deliveries": deliveries.items,
        "in_flight": in_flight,
        "open": OPEN,
        "events": EVENTS,
        "sent": view.request.query.get("sent"),
    }


@pages.post("/webhooks/{webhook_id}")
async def update_webhook(view: View) -> Result:
    """The edit form (every field), or the list's activate / deactivate button (active only)."""
    form = view.form
    if "url" in form:
        body = build(
            WebhookUpdate,
            url=text(form, "url"),
            events=all_values(form, "events"),
            active=checked(form, "active"),
            description=raw_text(form, "description"),
        )
    else:
        body = build(WebhookUpdate, active=text(form, "active") == "true")
    await view.api(webhooks.update_webhook, body)
    return _back(view, f"/webhooks/{view.path('webhook_id')}")


@pages.post("/webhooks/{webhook_id}/delete")
async def delete_webhook(view: View) -> Result:
    await view.api(webhooks.delete_webhook)
    return redirect("/webhooks")


@pages.post("/webhooks/{webhook_id}/test")
async def test_webhook(view: View) -> Result:
    await view.api(webhooks.test_webhook)
    return redirect(f"/webhooks/{view.path('webhook_id')}?sent=test")


@pages.post("/webhooks/{webhook_id}/deliveries/{delivery_id}/redeliver")
async def redeliver(view: View) -> Result:
    await view.api(webhooks.redeliver)
    return redirect(f"/webhooks/{view.path('webhook_id')}?sent=redelivery")


def _back(view: View, default: str) -> web.Response:
    """To the form's page: the list (back=list) or the webhook's own."""
    return redirect("/webhooks" if text(view.form, "back") == "list" else default)
