"""Webhooks, their deliveries (the outbox) and attempts, and alert conditions."""

from peewee import *
from playhouse.migrate import SchemaMigrator


def up(migrator: SchemaMigrator, db: Database) -> None:
    class User(Model):
        id = CharField(primary_key=True, max_length=36)

        class Meta:
            database = db
            table_name = "user"

    class Project(Model):
        id = CharField(primary_key=True, max_length=36)

        class Meta:
            database = db
            table_name = "project"

    class Webhook(Model):
        id = CharField(primary_key=True, max_length=36)
        user = ForeignKeyField(User)
        project = ForeignKeyField(Project, null=True)
        url = TextField()
        events = TextField()
        active = BooleanField(default=True)
        description = TextField(default="")
        secret = CharField(max_length=100)
        consecutive_failures = IntegerField(default=0)
        created_at = DateTimeField()
        updated_at = DateTimeField()
        deleted_at = DateTimeField(null=True)

        class Meta:
            database = db
            table_name = "webhook"

    class Delivery(Model):
        id = CharField(primary_key=True, max_length=36)
        webhook = ForeignKeyField(Webhook)
        event = CharField(max_length=32)
        payload = TextField()
        status = CharField(max_length=16)
        attempts = IntegerField(default=0)
        next_attempt_at = DateTimeField(null=True)
        lease_expires_at = DateTimeField(null=True)
        lease_token = CharField(max_length=36, null=True)
        last_response_code = IntegerField(null=True)
        last_error = TextField(null=True)
        redelivery_of = CharField(max_length=36, null=True)
        created_at = DateTimeField()
        completed_at = DateTimeField(null=True)

        class Meta:
            database = db
            table_name = "delivery"
            indexes = (
                (("status", "next_attempt_at"), False),
                (("webhook", "created_at"), False),
            )

    class DeliveryAttempt(Model):
        id = BigAutoField()
        delivery = ForeignKeyField(Delivery)
        number = IntegerField()
        started_at = DateTimeField()
        duration_ms = IntegerField()
        succeeded = BooleanField()
        response_code = IntegerField(null=True)
        error = TextField(null=True)
        next_attempt_at = DateTimeField(null=True)

        class Meta:
            database = db
            table_name = "delivery_attempt"
            indexes = ((("delivery", "number"), False),)

    class Alert(Model):
        key = CharField(primary_key=True, max_length=100)
        firing = BooleanField(default=False)
        fired_at = DateTimeField(null=True)
        cleared_at = DateTimeField(null=True)

        class Meta:
            database = db
            table_name = "alert"

    db.create_tables([Webhook, Delivery, DeliveryAttempt, Alert])


def down(migrator: SchemaMigrator, db: Database) -> None:
    for table in ("alert", "delivery_attempt", "delivery", "webhook"):
        migrator.migrate(migrator.drop_table(table))
