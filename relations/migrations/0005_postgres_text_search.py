"""PostgreSQL text-search indexes for passages and events (nothing elsewhere)."""

from django.db import migrations

INDEXES = {
    "relations_passage_text_tsv": ("relations_passage", "text"),
    "relations_event_search_tsv": ("relations_event", "search_document"),
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, (table, column) in INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING GIN (to_tsvector('simple', {column}))"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("relations", "0004_source_sentence_title")]

    operations = [migrations.RunPython(create, drop)]
