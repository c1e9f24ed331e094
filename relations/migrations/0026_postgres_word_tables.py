"""PostgreSQL: each stemmed word of a passage or an event, one row per (word, id).

A query of single words ('Kayani', 'drones') reads its matches from these
tables' primary keys in id order, without visiting the rows: the stored
vectors' GIN index finds the same rows, but in no order, so the newest few
hundred could be told only by reading every match's row. Triggers keep the
tables in step with the vectors, in the same transaction; TRUNCATE (Django's
flush) empties them too. SQLite's FTS5 needs none of this. The DDL is frozen
here as it was.
"""

from django.db import migrations

TABLES = {
    # word table: (the table whose words it holds, its id column, whether it weighs them)
    "relations_passage_word": ("relations_passage", "passage_id", True),
    "relations_event_word": ("relations_event", "event_id", False),
}
# A passage word's share of ts_rank(): the default weight of an unweighted position
# (0.1), over its positions in turn (1/1², 1/2², ...), divided by the series' limit
# (pi²/6), as PostgreSQL's calc_rank_or() counts them for one word of a query.
WEIGHT = (
    "(SELECT sum(0.1 / (k * k)) FROM generate_series(1, coalesce(cardinality(positions), 1)) k)"
    " / 1.64493406685"
)


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for words, (table, column, weighted) in TABLES.items():
        # COLLATE "C": words compared byte by byte, the cheapest. The weight is kept in
        # the index, which a search then reads alone.
        weight = ", weight real NOT NULL" if weighted else ""
        include = " INCLUDE (weight)" if weighted else ""
        schema_editor.execute(
            f'CREATE TABLE {words} (word text COLLATE "C" NOT NULL, {column} bigint NOT NULL'
            f"{weight}, PRIMARY KEY (word, {column}){include})"
        )
        names = f"word, {column}" + (", weight" if weighted else "")
        values = "lexeme, {row}.id" + (f", {WEIGHT}" if weighted else "")
        schema_editor.execute(
            f"INSERT INTO {words} ({names}) SELECT {values.format(row='r')} "
            f"FROM {table} r, unnest(r.stemmed_vector)"
        )
        schema_editor.execute(
            f"CREATE FUNCTION {words}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            f"IF TG_OP <> 'INSERT' THEN DELETE FROM {words} WHERE {column} = OLD.id; END IF; "
            f"IF TG_OP <> 'DELETE' THEN INSERT INTO {words} ({names}) "
            f"SELECT {values.format(row='NEW')} FROM unnest(NEW.stemmed_vector); END IF; "
            "RETURN NULL; END $$"
        )
        for event, condition in (
            ("INSERT", ""),
            ("DELETE", ""),
            ("UPDATE", " WHEN (OLD.stemmed_vector IS DISTINCT FROM NEW.stemmed_vector)"),
        ):
            schema_editor.execute(
                f"CREATE TRIGGER {words}_{event.lower()} AFTER {event} ON {table} "
                f"FOR EACH ROW{condition} EXECUTE FUNCTION {words}()"
            )
        schema_editor.execute(
            f"CREATE FUNCTION {words}_truncate() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            f"TRUNCATE {words}; RETURN NULL; END $$"
        )
        schema_editor.execute(
            f"CREATE TRIGGER {words}_truncate AFTER TRUNCATE ON {table} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {words}_truncate()"
        )
        schema_editor.execute(f"ANALYZE {words}")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for words, (table, *_) in TABLES.items():
        for suffix in ("insert", "delete", "update", "truncate"):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {words}_{suffix} ON {table}")
        schema_editor.execute(f"DROP FUNCTION IF EXISTS {words}_truncate()")
        schema_editor.execute(f"DROP FUNCTION IF EXISTS {words}()")
        schema_editor.execute(f"DROP TABLE IF EXISTS {words}")


class Migration(migrations.Migration):
    dependencies = [("relations", "0025_stemmed_search")]

    operations = [migrations.RunPython(create, drop)]
