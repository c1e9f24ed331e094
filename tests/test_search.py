"""Search over PostgreSQL's stored text-search vectors (migration 0009) and SQLite's FTS5."""

import importlib

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext

from relations.models import Event, Passage, Source
from relations.search import postgres
from relations.search.passages import count_events, search_passages
from relations.search.query import HIT_END, HIT_START
from relations.search.words import query_for

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the stored search_vector column is PostgreSQL's; SQLite searches FTS5 tables",
)
QUERIES = [
    "Pakistan",
    "al-Qaida",
    "the",
    "drone strike",
    "Haqqani",
    "drones OR raid -Kayani",
    "Kayani",
]


def generated_vectors(column="search_vector") -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name FROM information_schema.columns"
            " WHERE column_name = %s AND is_generated = 'ALWAYS'",
            [column],
        )
        return {row[0] for row in cursor.fetchall()}


def indexes() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename LIKE 'relations_%%'")
        return {row[0] for row in cursor.fetchall()}


@postgres_only
def test_passages_and_events_have_a_generated_search_vector_outside_the_models(db):
    assert generated_vectors() == {"relations_passage", "relations_event"}
    assert generated_vectors("stemmed_vector") == {"relations_passage", "relations_event"}
    assert "search_vector" not in {f.column for f in Passage._meta.concrete_fields}
    assert "search_vector" not in {f.column for f in Event._meta.concrete_fields}


@postgres_only
def test_passage_search_ranks_from_the_stored_vector_and_headlines_only_the_top_rows(seeded):
    with CaptureQueriesContext(connection) as queries:
        search_passages("Pakistan")
    (sql,) = [query["sql"] for query in queries if "ts_headline" in query["sql"]]
    assert "to_tsvector" not in sql
    assert sql.index("LIMIT") < sql.index("ts_headline")


@postgres_only
def test_event_and_quote_matching_read_the_stored_vector(seeded):
    with CaptureQueriesContext(connection) as queries:
        list(Event.objects.matching("drone strike"))
        search_passages("After May, this relationship is not what it was")
    searches = [query["sql"] for query in queries if "@@" in query["sql"]]
    assert len(searches) == 3
    assert all("_vector @@" in sql and "to_tsvector" not in sql for sql in searches)


@postgres_only
@pytest.mark.parametrize("q", QUERIES)
def test_ranks_and_highlights_are_those_of_parsing_each_passage_again(seeded, q):
    # The same stemmed vector, computed per row, for the query as the engines search it
    # (a bare word widened to the record's words it begins: "the" to "their", "there"...).
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT p.id, -ts_rank(to_tsvector('relations_stemmed', p.text), query),"
            " ts_headline('relations_stemmed', p.text, query, %s)"
            " FROM relations_passage p, to_tsquery('relations_stemmed', %s) query"
            " WHERE to_tsvector('relations_stemmed', p.text) @@ query ORDER BY 2, p.id LIMIT 50",
            [
                f"StartSel={HIT_START}, StopSel={HIT_END}, HighlightAll=true",
                postgres.expression(query_for(q)),
            ],
        )
        expected = cursor.fetchall()
    assert expected
    # A query of single words is ranked from the word table's stored weights, summed as
    # ts_rank() sums them: the two may differ in the seventh digit.
    found = [
        (hit.passage_id, pytest.approx(hit.rank, rel=1e-6), hit.marked)
        for hit in search_passages(q)
    ]
    assert found == expected


@postgres_only
def test_the_stored_vector_migration_reverses_to_the_expression_indexes(db):
    migration = importlib.import_module("relations.migrations.0009_postgres_search_vector")
    with connection.schema_editor() as editor:
        migration.drop_vectors(apps, editor)
    assert generated_vectors() == set()
    assert {"relations_passage_text_tsv", "relations_event_search_tsv"} <= indexes()
    with connection.schema_editor() as editor:
        migration.add_vectors(apps, editor)
    assert generated_vectors() == {"relations_passage", "relations_event"}
    assert not {"relations_passage_text_tsv", "relations_event_search_tsv"} & indexes()


def test_passages_written_through_the_orm_are_found_by_their_new_words(seeded):
    source = Source.objects.order_by("pk").first()
    last = source.passages.order_by("-number").first().number
    created = Passage.objects.create(
        source=source, number=last + 1, text="Quokkas crossed the Khyber.", start=0, end=1
    )
    (bulk,) = Passage.objects.bulk_create(
        [Passage(source=source, number=last + 2, text="Wombats crossed.", start=1, end=2)]
    )
    edited = source.passages.order_by("number").first()
    edited.text = "Numbats crossed."
    edited.save()
    Passage.objects.filter(pk=created.pk).update(text="Bilbies crossed the Khyber.")

    def found(q):
        return [hit.passage_id for hit in search_passages(q)]

    assert found("quokkas") == []
    assert (found("bilbies"), found("wombats"), found("numbats")) == (
        [created.pk],
        [bulk.pk],
        [edited.pk],
    )


def test_an_event_document_changed_through_the_orm_is_matched(seeded):
    event = Event.objects.order_by("pk").first()
    Event.objects.filter(pk=event.pk).update(search_document=" quokka sighting ")
    assert list(Event.objects.matching("quokka")) == [event]


# --- PostgreSQL's word tables (migration 0026) -------------------------------------

# Kayani's other names all hold 'kayani'; Haqqani's hold 'haqqani'.
SINGLE_WORDS = ["Kayani", "drones", "Waziri", "drone OR raid", "Abbottabad OR Haqqani", "2011"]
# Two groups, a quoted word, a word left out, a name in words none of its others is.
OTHER_QUERIES = ["drone strike", '"drone"', "drone -raid", "Salala", "United States"]


def gin_matches(table: str, q: str) -> set[int]:
    """Ids of the rows whose stemmed vector matches the query, through the GIN index."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id FROM {table} WHERE stemmed_vector @@ to_tsquery('relations_stemmed', %s)",
            [postgres.expression(query_for(q))],
        )
        return {row[0] for row in cursor.fetchall()}


def word_rows(word: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT (SELECT count(*) FROM relations_passage_word WHERE word = %s)"
            " + (SELECT count(*) FROM relations_event_word WHERE word = %s)",
            [word, word],
        )
        return cursor.fetchone()[0]


@postgres_only
@pytest.mark.parametrize("q", SINGLE_WORDS)
def test_single_words_are_read_from_the_word_tables_and_find_what_the_vectors_find(seeded, q):
    assert postgres.single_words(query_for(q))
    with CaptureQueriesContext(connection) as queries:
        found = {hit.passage_id for hit in search_passages(q, limit=1000)}
        events = set(Event.objects.matching(q).values_list("pk", flat=True))
    assert all("@@" not in query["sql"] for query in queries)
    hidden = set(
        Passage.objects.exclude(source__status=Source.Status.PUBLIC).values_list("pk", flat=True)
    )
    assert found == gin_matches("relations_passage", q) - hidden != set()
    assert events == gin_matches("relations_event", q) != set()
    Event.objects.filter(pk=min(events)).update(published=False)  # a draft is not counted
    published = len(events & set(Event.objects.published().values_list("pk", flat=True)))
    for at_most in (0, 1, published - 1, published, 1000):
        assert count_events(query_for(q), at_most) == min(published, at_most + 1)


@postgres_only
@pytest.mark.parametrize("q", OTHER_QUERIES)
def test_other_queries_are_matched_on_the_vectors(seeded, q):
    assert postgres.single_words(query_for(q)) is None
    assert {hit.passage_id for hit in search_passages(q, limit=1000)} <= gin_matches(
        "relations_passage", q
    )


@postgres_only
def test_the_word_tables_forget_deleted_and_truncated_rows(seeded):
    source = Source.objects.order_by("pk").first()
    passage = Passage.objects.create(source=source, number=9999, text="Quokkas.", start=0, end=1)
    event = Event.objects.order_by("pk").first()
    Event.objects.filter(pk=event.pk).update(search_document=" quokka sighting ")
    assert word_rows("quokka") == 2
    passage.delete()
    assert word_rows("quokka") == 1 and search_passages("quokkas") == []
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no checks left pending
        cursor.execute("TRUNCATE relations_passage, relations_event CASCADE")
        cursor.execute(
            "SELECT (SELECT count(*) FROM relations_passage_word)"
            " + (SELECT count(*) FROM relations_event_word)"
        )
        assert cursor.fetchone()[0] == 0


@postgres_only
def test_the_word_tables_migration_reverses_and_fills_them_again(seeded):
    migration = importlib.import_module("relations.migrations.0026_postgres_word_tables")
    before = word_rows("pakistan")
    assert before > 0
    with connection.schema_editor() as editor:
        migration.drop(apps, editor)
    assert not {"relations_passage_word_pkey", "relations_event_word_pkey"} & indexes()
    with connection.schema_editor() as editor:
        migration.create(apps, editor)
    assert word_rows("pakistan") == before


@postgres_only
def test_an_edit_forgets_its_old_words_by_the_primary_key(seeded):
    # By `id` alone no index serves: 0026's triggers read the whole word table for each
    # edit (300 ms a passage at 100,000 passages). Which plan PostgreSQL picks at the
    # seeds' few thousand words varies with ANALYZE's sample, so the statement is read.
    with connection.cursor() as cursor:
        for words, column in (("passage_word", "passage_id"), ("event_word", "event_id")):
            cursor.execute(f"SELECT pg_get_functiondef('relations_{words}'::regproc)")
            body = cursor.fetchone()[0]
            forget = f"word = ANY(tsvector_to_array(OLD.stemmed_vector)) AND {column} = OLD.id"
            assert f"DELETE FROM relations_{words} WHERE {forget};" in body
    source = Source.objects.order_by("pk").first()
    passage = Passage.objects.create(source=source, number=9999, text="Wombats.", start=0, end=1)
    Passage.objects.filter(pk=passage.pk).update(text="Quokkas crossed.")
    assert word_rows("wombat") == 0 and word_rows("quokka") == 1
    passage.delete()
    assert word_rows("quokka") == 0


def plan_of(queryset) -> str:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (VERBOSE) " + sql, params)
        return "\n".join(row[0] for row in cursor.fetchall())


@postgres_only
def test_a_words_stem_is_planned_as_a_constant(seeded):
    # Stemmed only as the query ran, a word left the planner guessing how many events
    # hold it (over a thousand): for a word none holds it walked the whole timeline
    # (30 ms at the bench's 10,000 events). Planned as a constant, the word's own
    # statistics are read.
    events = Event.objects.published().matching("Kayanis").in_timeline_order()[:21]
    plan = plan_of(events)
    assert "'kayani'::text" in plan
    assert "ts_lexize" not in plan and "InitPlan" not in plan
    assert (
        [e.slug for e in events]
        == [e.slug for e in Event.objects.published().matching("Kayani").in_timeline_order()[:21]]
        != []
    )
    migration = importlib.import_module("relations.migrations.0028_stem_planned_as_a_constant")
    with connection.schema_editor() as editor:
        migration.backwards(apps, editor)
        migration.forwards(apps, editor)
    assert "'kayani'::text" in plan_of(events.all())
