"""SQLite FTS5 indexes of passages and events, with the triggers that keep them in step.

The DDL is frozen here as it was; relations/search/sqlite.py recreates any
trigger a later table rebuild drops (after every migrate, see apps.py).
"""

from django.db import migrations

INDEXES = {
    # index: (content table, indexed column)
    "relations_passage_fts": ("relations_passage", "text"),
    "relations_event_fts": ("relations_event", "search_document"),
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for index, (table, column) in INDEXES.items():
        schema_editor.execute(
            f"CREATE VIRTUAL TABLE {index} USING fts5({column}, content='{table}', "
            "content_rowid='id', tokenize='unicode61 remove_diacritics 2')"
        )
        schema_editor.execute(
            f"CREATE TRIGGER {index}_insert AFTER INSERT ON {table} BEGIN "
            f"INSERT INTO {index}(rowid, {column}) VALUES (new.id, new.{column}); END"
        )
        schema_editor.execute(
            f"CREATE TRIGGER {index}_delete AFTER DELETE ON {table} BEGIN "
            f"INSERT INTO {index}({index}, rowid, {column}) VALUES ('delete', old.id, old.{column}); END"
        )
        schema_editor.execute(
            f"CREATE TRIGGER {index}_update AFTER UPDATE OF {column} ON {table} BEGIN "
            f"INSERT INTO {index}({index}, rowid, {column}) VALUES ('delete', old.id, old.{column}); "
            f"INSERT INTO {index}(rowid, {column}) VALUES (new.id, new.{column}); END"
        )
        schema_editor.execute(f"INSERT INTO {index}({index}) VALUES ('rebuild')")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for index in INDEXES:
        for suffix in ("insert", "delete", "update"):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {index}_{suffix}")
        schema_editor.execute(f"DROP TABLE IF EXISTS {index}")


class Migration(migrations.Migration):
    dependencies = [("relations", "0002_curators_group")]

    operations = [migrations.RunPython(create, drop)]
