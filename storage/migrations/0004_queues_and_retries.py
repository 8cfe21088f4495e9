"""Queue pause state, and when a retried execution may start (exponential backoff)."""

from peewee import *
from playhouse.migrate import SchemaMigrator


def up(migrator: SchemaMigrator, db: Database) -> None:
    class QueueState(Model):
        name = CharField(primary_key=True, max_length=8)
        paused = BooleanField(default=False)
        reason = TextField(null=True)
        paused_at = DateTimeField(null=True)
        paused_by = CharField(null=True, max_length=36)

        class Meta:
            database = db
            table_name = "queue_state"

    db.create_tables([QueueState])
    migrator.migrate(
        migrator.add_column("execution", "not_before", DateTimeField(null=True)),
        migrator.add_index("execution", ("status", "completed_at"), False),
    )


def down(migrator: SchemaMigrator, db: Database) -> None:
    migrator.migrate(
        migrator.drop_index("execution", "execution_status_completed_at"),
        migrator.drop_column("execution", "not_before"),
        migrator.drop_table("queue_state"),
    )
