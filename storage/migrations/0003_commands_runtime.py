"""Ad-hoc commands: output accounting, a liveness lease, streaming choice, overridden warnings."""

from peewee import *
from playhouse.migrate import SchemaMigrator


def up(migrator: SchemaMigrator, db: Database) -> None:
    migrator.migrate(
        migrator.add_column("command", "output_bytes", BigIntegerField(default=0)),
        migrator.add_column("command", "output_truncated", BooleanField(default=False)),
        migrator.add_column("command", "stream_output", BooleanField(default=True)),
        migrator.add_column("command", "lease_expires_at", DateTimeField(null=True)),
        migrator.add_column("command", "warnings", TextField(null=True)),
        migrator.add_index("command", ("user_id", "created_at"), False),
    )


def down(migrator: SchemaMigrator, db: Database) -> None:
    migrator.migrate(
        migrator.drop_index("command", "command_user_id_created_at"),
        migrator.drop_column("command", "warnings"),
        migrator.drop_column("command", "lease_expires_at"),
        migrator.drop_column("command", "stream_output"),
        migrator.drop_column("command", "output_truncated"),
        migrator.drop_column("command", "output_bytes"),
    )
