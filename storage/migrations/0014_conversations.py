"""Conversations: an execution's follow-up prompt and the CLI session it continues."""

from peewee import *
from playhouse.migrate import SchemaMigrator

COLUMNS = {
    "prompt": TextField(null=True),
    "resume_session_id": CharField(max_length=100, null=True),
}


def up(migrator: SchemaMigrator, db: Database) -> None:
    migrator.migrate(*(migrator.add_column("execution", n, f) for n, f in COLUMNS.items()))


def down(migrator: SchemaMigrator, db: Database) -> None:
    migrator.migrate(*(migrator.drop_column("execution", n) for n in COLUMNS))
