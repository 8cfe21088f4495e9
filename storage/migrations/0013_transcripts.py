"""An execution's transcript: the CLI's stream parsed into messages, numbered per execution."""

from peewee import *
from playhouse.migrate import SchemaMigrator


def up(migrator: SchemaMigrator, db: Database) -> None:
    class TranscriptMessage(Model):
        id = BigAutoField()
        execution_id = CharField(max_length=36)
        seq = IntegerField()
        kind = CharField(max_length=16)
        data = TextField()
        created_at = DateTimeField()

        class Meta:
            database = db
            table_name = "transcript_message"
            indexes = ((("execution_id", "seq"), True),)

    db.create_tables([TranscriptMessage])


def down(migrator: SchemaMigrator, db: Database) -> None:
    migrator.migrate(migrator.drop_table("transcript_message"))
