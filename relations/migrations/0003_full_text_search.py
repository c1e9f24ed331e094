"""SQLite FTS5 indexes of passages and events, kept in step by triggers.

Other databases get their own full-text engine elsewhere; this migration does
nothing there.
"""

from django.db import migrations

TABLES = {
    # index name: (content table, indexed column)
    "relations_passage_fts": ("relations_passage", "text"),
    "relations_event_fts": ("relations_event", "search_document"),
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for index, (table, column) in TABLES.items():
        for statement in (
            f"CREATE VIRTUAL TABLE {index} USING fts5({column}, content='{table}', content_rowid='id', "
            "tokenize='unicode61 remove_diacritics 2')",
            f"CREATE TRIGGER {index}_insert AFTER INSERT ON {table} BEGIN "
            f"INSERT INTO {index}(rowid, {column}) VALUES (new.id, new.{column}); END",
            f"CREATE TRIGGER {index}_delete AFTER DELETE ON {table} BEGIN "
            f"INSERT INTO {index}({index}, rowid, {column}) VALUES ('delete', old.id, old.{column}); END",
            f"CREATE TRIGGER {index}_update AFTER UPDATE OF {column} ON {table} BEGIN "
            f"INSERT INTO {index}({index}, rowid, {column}) VALUES ('delete', old.id, old.{column}); "
            f"INSERT INTO {index}(rowid, {column}) VALUES (new.id, new.{column}); END",
            f"INSERT INTO {index}({index}) VALUES ('rebuild')",
        ):
            schema_editor.execute(statement)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for index in TABLES:
        for suffix in ("insert", "delete", "update"):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {index}_{suffix}")
        schema_editor.execute(f"DROP TABLE IF EXISTS {index}")


class Migration(migrations.Migration):
    dependencies = [("relations", "0002_curators_group")]

    operations = [migrations.RunPython(create, drop)]
