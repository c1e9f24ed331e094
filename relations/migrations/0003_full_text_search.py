"""SQLite FTS5 indexes of passages and events (relations/fts.py keeps them after)."""

from django.db import migrations


def create(apps, schema_editor):
    from relations.fts import ensure_sqlite_fts

    ensure_sqlite_fts(schema_editor.connection)


def drop(apps, schema_editor):
    from relations.fts import TABLES

    if schema_editor.connection.vendor != "sqlite":
        return
    for index in TABLES:
        for suffix in ("insert", "delete", "update"):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {index}_{suffix}")
        schema_editor.execute(f"DROP TABLE IF EXISTS {index}")


class Migration(migrations.Migration):
    dependencies = [("relations", "0002_curators_group")]

    operations = [migrations.RunPython(create, drop)]
