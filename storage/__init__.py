"""Storage: peewee models, migrations, and the queries the other layers call."""
