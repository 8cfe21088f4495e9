"""Users record when their tokens were last invalidated, so older access tokens are refused."""

from peewee import *
from playhouse.migrate import SchemaMigrator


def up(migrator: SchemaMigrator, db: Database) -> None:
    migrator.migrate(migrator.add_column("user", "tokens_valid_after", DateTimeField(null=True)))


def down(migrator: SchemaMigrator, db: Database) -> None:
    migrator.migrate(migrator.drop_column("user", "tokens_valid_after"))
