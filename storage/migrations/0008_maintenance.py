"""The maintenance window (one row)."""

from peewee import *
from playhouse.migrate import SchemaMigrator


def up(migrator: SchemaMigrator, db: Database) -> None:
    class Maintenance(Model):
        id = IntegerField(primary_key=True)
        enabled = BooleanField(default=False)
        message = TextField(null=True)
        starts_at = DateTimeField(null=True)
        ends_at = DateTimeField(null=True)
        updated_at = DateTimeField()
        updated_by = CharField(max_length=36, null=True)

        class Meta:
            database = db
            table_name = "maintenance"

    db.create_tables([Maintenance])


def down(migrator: SchemaMigrator, db: Database) -> None:
    migrator.migrate(migrator.drop_table("maintenance"))
