"""Stemmed full-text indexes beside the plain ones: 'drones' finds 'drone'.

SQLite: FTS5 tables with the Porter tokenizer over unicode61 (diacritics
removed), external content, kept in step by triggers like migration 0003's.
Each SQLite plain index gets an fts5vocab table, the record's vocabulary for
spelling corrections (PostgreSQL reads it with ts_stat).
PostgreSQL: a text search configuration with the same Porter stemmer and no
stop words (`relations_stemmed`), and a stored `stemmed_vector` beside 0009's
`search_vector`, each with a GIN index. The plain indexes stay: a "quoted
phrase" matches only itself. The DDL is frozen here as it was;
relations/search/sqlite.py recreates any trigger a later table rebuild drops.
An index on sources' status lets search leave out hidden sources' passages
without reading the sources' texts.
"""

from django.db import migrations, models

FTS = {
    # index: (content table, indexed column)
    "relations_passage_stemmed": ("relations_passage", "text"),
    "relations_event_stemmed": ("relations_event", "search_document"),
}
# fts5vocab tables: the words of the plain indexes and how many rows hold each.
VOCABULARIES = {
    "relations_passage_vocabulary": "relations_passage_fts",
    "relations_event_vocabulary": "relations_event_fts",
}
VECTORS = {
    # table: (indexed column, index of the stored vector)
    "relations_passage": ("text", "relations_passage_stemmed_vector"),
    "relations_event": ("search_document", "relations_event_stemmed_vector"),
}
# Word tokens are stemmed; e-mail addresses, hosts, URLs and numbers stay as 'simple' has them.
WORD_TOKENS = (
    "asciiword, word, numword, asciihword, hword, numhword, hword_asciipart, hword_part, "
    "hword_numpart"
)


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        for index, (table, column) in FTS.items():
            schema_editor.execute(
                f"CREATE VIRTUAL TABLE {index} USING fts5({column}, content='{table}', "
                "content_rowid='id', tokenize='porter unicode61 remove_diacritics 2')"
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
        for vocabulary, index in VOCABULARIES.items():
            schema_editor.execute(
                f"CREATE VIRTUAL TABLE {vocabulary} USING fts5vocab({index}, 'row')"
            )
    elif vendor == "postgresql":
        schema_editor.execute(
            "CREATE TEXT SEARCH DICTIONARY relations_porter (TEMPLATE = snowball, Language = porter)"
        )
        schema_editor.execute("CREATE TEXT SEARCH CONFIGURATION relations_stemmed (COPY = simple)")
        schema_editor.execute(
            f"ALTER TEXT SEARCH CONFIGURATION relations_stemmed ALTER MAPPING FOR {WORD_TOKENS} "
            "WITH relations_porter"
        )
        for table, (column, index) in VECTORS.items():
            schema_editor.execute(
                f"ALTER TABLE {table} ADD COLUMN stemmed_vector tsvector "
                f"GENERATED ALWAYS AS (to_tsvector('relations_stemmed', {column})) STORED"
            )
            schema_editor.execute(f"CREATE INDEX {index} ON {table} USING GIN (stemmed_vector)")


def drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        for vocabulary in VOCABULARIES:
            schema_editor.execute(f"DROP TABLE IF EXISTS {vocabulary}")
        for index in FTS:
            for suffix in ("insert", "delete", "update"):
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {index}_{suffix}")
            schema_editor.execute(f"DROP TABLE IF EXISTS {index}")
    elif vendor == "postgresql":
        for table, (column, index) in VECTORS.items():
            schema_editor.execute(f"DROP INDEX IF EXISTS {index}")
            schema_editor.execute(f"ALTER TABLE {table} DROP COLUMN IF EXISTS stemmed_vector")
        schema_editor.execute("DROP TEXT SEARCH CONFIGURATION IF EXISTS relations_stemmed")
        schema_editor.execute("DROP TEXT SEARCH DICTIONARY IF EXISTS relations_porter")


class Migration(migrations.Migration):
    dependencies = [("relations", "0024_curators_places")]

    operations = [
        migrations.RunPython(create, drop),
        migrations.AddIndex(
            model_name="source",
            index=models.Index(fields=["status"], name="source_status_idx"),
        ),
    ]
