"""PostgreSQL: the word tables' triggers (migration 0026) forget a row's words by word.

0026's triggers deleted a passage's or an event's words `WHERE id = OLD.id`,
which no index serves: every edit read the whole word table (1 s a passage
at 100,000 passages; ten thousand events written took two minutes). The
primary key is (word, id), so the words of the old vector, each with the id,
are found in it directly. The function bodies are frozen here as they were.
"""

from django.db import migrations

WEIGHT = (
    "(SELECT sum(0.1 / (k * k)) FROM generate_series(1, coalesce(cardinality(positions), 1)) k)"
    " / 1.64493406685"
)
TABLES = {
    # word table: (its id column, its columns, what it inserts of each word of the vector)
    "relations_passage_word": (
        "passage_id",
        "word, passage_id, weight",
        f"lexeme, NEW.id, {WEIGHT}",
    ),
    "relations_event_word": ("event_id", "word, event_id", "lexeme, NEW.id"),
}


def body(words: str, names: str, values: str, forget: str) -> str:
    return (
        f"CREATE OR REPLACE FUNCTION {words}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        f"IF TG_OP <> 'INSERT' THEN DELETE FROM {words} WHERE {forget}; END IF; "
        f"IF TG_OP <> 'DELETE' THEN INSERT INTO {words} ({names}) "
        f"SELECT {values} FROM unnest(NEW.stemmed_vector); END IF; "
        "RETURN NULL; END $$"
    )


def by_word(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for words, (column, names, values) in TABLES.items():
        forget = f"word = ANY(tsvector_to_array(OLD.stemmed_vector)) AND {column} = OLD.id"
        schema_editor.execute(body(words, names, values, forget))


def by_id(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for words, (column, names, values) in TABLES.items():
        schema_editor.execute(body(words, names, values, f"{column} = OLD.id"))


class Migration(migrations.Migration):
    dependencies = [("relations", "0026_postgres_word_tables")]

    operations = [migrations.RunPython(by_word, by_id)]
