"""Search over PostgreSQL's stored text-search vectors (migration 0009) and SQLite's FTS5."""

import importlib

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext

from relations.models import Event, Passage, Source
from relations.search import postgres
from relations.search.passages import search_passages
from relations.search.query import HIT_END, HIT_START
from relations.search.words import query_for

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the stored search_vector column is PostgreSQL's; SQLite searches FTS5 tables",
)
QUERIES = ["Pakistan", "al-Qaida", "the", "drone strike", "Haqqani", "drones OR raid -Kayani"]


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
    assert [(hit.passage_id, hit.rank, hit.marked) for hit in search_passages(q)] == expected


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
