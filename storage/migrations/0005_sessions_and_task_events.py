"""WebSocket sessions: the sequenced task event log, and indexes for sessions and their history.

task_event: every task_update / task_completed announced to watchers, numbered per project
without gaps (unique (project_id, seq)), so a reconnecting client resumes from storage.
"""

from peewee import *
from playhouse.migrate import SchemaMigrator


def up(migrator: SchemaMigrator, db: Database) -> None:
    class TaskEvent(Model):
        id = BigAutoField()
        project_id = CharField(max_length=36)
        seq = BigIntegerField()
        task_id = CharField(max_length=36)
        kind = CharField(max_length=32)
        data = TextField(default="{}")
        created_at = DateTimeField()

        class Meta:
            database = db
            table_name = "task_event"
            indexes = ((("project_id", "seq"), True),)

    db.create_tables([TaskEvent])
    migrator.migrate(
        migrator.add_index("session", ("user_id", "status"), False),
        migrator.add_index("session_history", ("session_id", "created_at"), False),
    )


def down(migrator: SchemaMigrator, db: Database) -> None:
    migrator.migrate(
        migrator.drop_index("session_history", "session_history_session_id_created_at"),
        migrator.drop_index("session", "session_user_id_status"),
        migrator.drop_table("task_event"),
    )
