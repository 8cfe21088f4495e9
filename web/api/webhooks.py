"""Webhooks: create (its secret shown once), list, read, change, delete, their deliveries, a
test delivery and redelivery. Deliveries are made by the runtime's WebhookActor."""

from __future__ import annotations

from storage import webhooks
from storage.roles import Permission
from storage.webhooks import deliveries
from web.api.schemas.webhooks import (
    DeliveryListQuery,
    DeliveryOut,
    DeliveryPage,
    WebhookCreate,
    WebhookCreated,
    WebhookListQuery,
    WebhookOut,
    WebhookPage,
    WebhookUpdate,
)
from web.http.calls import Call, NoBody
from web.http.models import Deleted
from web.http.routing import Resource
from web.webhooks import refuse_unsafe_url

api = Resource(tag="webhooks")


@api.post("/api/webhooks/", permission=Permission.WRITE, status=201)
async def create_webhook(call: Call[WebhookCreate]) -> WebhookCreated:
    """Create a webhook

    Its `secret` is in this answer only: every delivery is signed with it (X-Signature-256 and
    the Standard Webhooks webhook-signature). A URL that is not http(s), or whose host resolves
    to a loopback, private, link-local, multicast, reserved or metadata address, is refused
    with 422 WEBHOOK_URL_REFUSED (details.field = url), unless its host is in
    WEBHOOK_ALLOWED_HOSTS. A project's webhook (project_id) needs the project's manage right.
    """
    body = call.body
    await refuse_unsafe_url(call, body.url)

    def create() -> WebhookCreated:
        webhook = webhooks.create_webhook(
            call.user, body.url, body.events, body.project_id, body.active, body.description
        )
        return WebhookCreated.of(webhook)

    return await call.off_loop(create)


@api.get("/api/webhooks/")
def list_webhooks(call: Call[NoBody, WebhookListQuery]) -> WebhookPage:
    """List webhooks

    Your own, and those of the projects you manage (admins: all).
    """
    query = call.query
    page = webhooks.list_webhooks(call.user, query.filter(), query.page_request())
    return WebhookPage.of(call.request, page, WebhookOut.of)


@api.get("/api/webhooks/{webhook_id}")
def get_webhook(call: Call) -> WebhookOut:
    """Webhook details (never its secret)"""
    return WebhookOut.of(webhooks.get_webhook(call.user, call.path("webhook_id")))


@api.put("/api/webhooks/{webhook_id}", permission=Permission.WRITE)
async def update_webhook(call: Call[WebhookUpdate]) -> WebhookOut:
    """Update a webhook

    Changes only the fields sent; a new url is checked as at creation. Deactivating cancels
    the deliveries not yet made (redeliver them once it is active again).
    """
    changes = call.body.sent()
    if "url" in changes:
        await refuse_unsafe_url(call, changes["url"])

    def update() -> WebhookOut:
        return WebhookOut.of(webhooks.update_webhook(call.user, call.path("webhook_id"), changes))

    return await call.off_loop(update)


@api.delete("/api/webhooks/{webhook_id}", permission=Permission.WRITE)
def delete_webhook(call: Call) -> Deleted:
    """Delete a webhook (soft)

    Its deliveries stay readable for the record; those not yet made are cancelled.
    """
    return Deleted.of(webhooks.delete_webhook(call.user, call.path("webhook_id")), "Webhook")


@api.get("/api/webhooks/{webhook_id}/deliveries")
def list_deliveries(call: Call[NoBody, DeliveryListQuery]) -> DeliveryPage:
    """A webhook's deliveries

    Each with its status (pending, delivering, delivered, failed, cancelled) and every attempt:
    its outcome, response code, duration, error and when the next one is due.
    """
    query = call.query
    page = deliveries.list_deliveries(
        call.user, call.path("webhook_id"), query.filter(), query.page_request()
    )
    attempts = deliveries.attempts_of([d.id for d in page.items])
    return DeliveryPage.of(call.request, page, lambda d: DeliveryOut.of(d, attempts[d.id]))


@api.get("/api/webhooks/{webhook_id}/deliveries/{delivery_id}")
def get_delivery(call: Call) -> DeliveryOut:
    """One delivery with its attempts"""
    delivery = deliveries.get_delivery(call.user, call.path("webhook_id"), call.path("delivery_id"))
    return DeliveryOut.of(delivery, deliveries.attempts_of([delivery.id])[delivery.id])


@api.post("/api/webhooks/{webhook_id}/test", permission=Permission.WRITE, status=202)
def test_webhook(call: Call) -> DeliveryOut:
    """Send a test delivery

    A `webhook.test` event to this webhook alone, signed like any other; follow it in its
    deliveries. 409 WEBHOOK_INACTIVE for an inactive webhook.
    """
    delivery = deliveries.send_test(call.user, call.path("webhook_id"))
    return DeliveryOut.of(delivery, [])


@api.post(
    "/api/webhooks/{webhook_id}/deliveries/{delivery_id}/redeliver",
    permission=Permission.WRITE,
    status=202,
)
def redeliver(call: Call) -> DeliveryOut:
    """Redeliver a delivery

    A new delivery (its own delivery_id, redelivery_of the original) of the same event and
    data. 409 RESOURCE_IN_USE while the original has not ended, WEBHOOK_INACTIVE for an
    inactive webhook.
    """
    delivery = deliveries.redeliver(call.user, call.path("webhook_id"), call.path("delivery_id"))
    return DeliveryOut.of(delivery, [])
