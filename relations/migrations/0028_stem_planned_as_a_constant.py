"""PostgreSQL: a searched word's stem is known when the query is planned.

The word tables (0026) were searched `WHERE word = (SELECT ts_lexize(...))`: a
value the planner learns only when the query runs, so it guessed how many
events a word has (a thousand and more). For a word no event holds, it walked
all 10,000 events of the bench's large corpus in timeline order to find none
(30 ms; the page of a "search instead for" link). `relations_stem()` is
immutable, so the planner computes the stem while planning and reads the
word's own statistics. It is immutable in fact: the dictionary is this app's
own (0025) and no migration changes it.

The words' statistics keep up to a thousand most common words (the default
is a hundred), so that a rare word is known to be rare.
"""

from django.db import migrations

TABLES = ("relations_passage_word", "relations_event_word")


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "CREATE FUNCTION relations_stem(word text) RETURNS text"
        " LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE"
        " AS $$ SELECT (ts_lexize('relations_porter', word))[1] $$"
    )
    for table in TABLES:
        schema_editor.execute(f"ALTER TABLE {table} ALTER COLUMN word SET STATISTICS 1000")
        schema_editor.execute(f"ANALYZE {table}")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"ALTER TABLE {table} ALTER COLUMN word SET STATISTICS -1")
    schema_editor.execute("DROP FUNCTION relations_stem(text)")


class Migration(migrations.Migration):
    dependencies = [("relations", "0027_word_tables_forget_by_word")]

    operations = [migrations.RunPython(forwards, backwards)]
