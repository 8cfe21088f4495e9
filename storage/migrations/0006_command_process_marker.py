"""Commands record their process leader's start marker, so recovery kills only their own group."""

from peewee import *
from playhouse.migrate import SchemaMigrator


def up(migrator: SchemaMigrator, db: Database) -> None:
    migrator.migrate(
        migrator.add_column("command", "process_started", CharField(null=True, max_length=32))
    )


def down(migrator: SchemaMigrator, db: Database) -> None:
    migrator.migrate(migrator.drop_column("command", "process_started"))
