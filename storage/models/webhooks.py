"""Webhooks, their durable outbox of deliveries with each attempt, and the alert conditions."""

from __future__ import annotations

from peewee import (
    BigAutoField,
    BooleanField,
    CharField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    Model,
    TextField,
)

from storage.models.accounts import User
from storage.models.base import BaseModel, JSONField, database, utcnow
from storage.models.projects import Project
from storage.statuses import DeliveryStatus


class Webhook(BaseModel):
    """Where a user's (or a project's) events are posted, signed with its secret."""

    user = ForeignKeyField(User, backref="webhooks")  # its owner (who created it)
    user_id: str
    project = ForeignKeyField(Project, null=True, backref="webhooks")  # None: the owner's
    project_id: str | None
    url = TextField()
    events = JSONField(default=list)
    active = BooleanField(default=True)
    description = TextField(default="")
    secret = CharField(max_length=100)  # signs every delivery; never shown after creation
    consecutive_failures = IntegerField(default=0)  # failed attempts in a row
    created_at = DateTimeField(default=utcnow)
    updated_at = DateTimeField(default=utcnow)
    deleted_at = DateTimeField(null=True)

    def __repr__(self) -> str:  # never the secret
        return f"<Webhook {self.id} {self.url}>"


class Delivery(BaseModel):
    """One event for one webhook: written before any attempt (the outbox), with its exact body."""

    webhook = ForeignKeyField(Webhook, backref="deliveries")
    webhook_id: str
    event = CharField(max_length=32)
    payload = TextField()  # the JSON body sent, byte for byte, on every attempt
    status = CharField(max_length=16, default=DeliveryStatus.PENDING)
    attempts = IntegerField(default=0)  # attempts started
    next_attempt_at = DateTimeField(null=True, default=utcnow)
    lease_expires_at = DateTimeField(null=True)
    lease_token = CharField(max_length=36, null=True)  # the claim that holds it
    last_response_code = IntegerField(null=True)
    last_error = TextField(null=True)
    redelivery_of = CharField(max_length=36, null=True)
    created_at = DateTimeField(default=utcnow)
    completed_at = DateTimeField(null=True)

    class Meta:
        indexes = (
            (("status", "next_attempt_at"), False),
            (("webhook", "created_at"), False),
        )


class DeliveryAttempt(Model):
    """One try of a delivery: its outcome, how long it took, and when the next one is due."""

    id = BigAutoField()
    delivery = ForeignKeyField(Delivery, backref="attempt_rows")
    delivery_id: str
    number = IntegerField()
    started_at = DateTimeField()
    duration_ms = IntegerField()
    succeeded = BooleanField()
    response_code = IntegerField(null=True)
    error = TextField(null=True)
    next_attempt_at = DateTimeField(null=True)

    class Meta:
        database = database
        legacy_table_names = False
        indexes = ((("delivery", "number"), False),)


class Alert(Model):
    """One alert condition (its key): firing from `fired_at` until cleared, announced once."""

    key = CharField(primary_key=True, max_length=100)
    firing = BooleanField(default=False)
    fired_at = DateTimeField(null=True)
    cleared_at = DateTimeField(null=True)

    class Meta:
        database = database
        legacy_table_names = False
