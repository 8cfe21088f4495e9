"""Counters of what the runtime did (executions ended, restarts, lease expiries, ...)."""

from peewee import *
from playhouse.migrate import SchemaMigrator


def up(migrator: SchemaMigrator, db: Database) -> None:
    class MetricCounter(Model):
        name = CharField(max_length=64)
        labels = CharField(max_length=255)
        value = DoubleField(default=0)

        class Meta:
            database = db
            table_name = "metric_counter"
            primary_key = CompositeKey("name", "labels")

    db.create_tables([MetricCounter])


def down(migrator: SchemaMigrator, db: Database) -> None:
    migrator.migrate(migrator.drop_table("metric_counter"))
