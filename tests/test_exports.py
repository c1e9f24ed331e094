"""Exports of a timeline selection: CSV and TimelineJS."""

import csv
import io
import json
import re

import pytest

from relations.models import Event

REUTERS_URL = "http://in.reuters.com/article/2012/05/31/usa-pakistan-trainers-idINL1E8GV9IK20120531"
STRATFOR_URL = "http://www.stratfor.com/video/us-pakistans-uneasy-interdependence-dispatch"


def plain(html: str) -> str:
    return re.sub(r"<[^>]+>", "", html).replace("&amp;", "&")


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


# --- Exports -------------------------------------------------------------------------------------


def test_csv_has_one_row_per_citation_of_the_selection(client, seeded):
    response = client.get("/export/events.csv", {"kind": "raid"})
    rows = list(csv.DictReader(io.StringIO(body(response).decode())))
    raid = Event.objects.get(slug="osama-bin-laden-killed-in-abbottabad")
    assert len(rows) == raid.citations.count()
    assert {r["event"] for r in rows} == {raid.slug}
    assert rows[0]["date"] == "2 May 2011" and rows[0]["passage_url"].startswith(
        "http://testserver/sources/"
    )


@pytest.mark.parametrize(
    "url", ["/export/events.csv", "/api/events.json", "/export/timelinejs.json"]
)
def test_an_export_reads_the_cited_articles_without_their_text(client, seeded, url):
    # An article's text and raw text are tens of kB; an export cites an article from
    # many chunks of events, and read them each time (about 1.5 GB for 10,000 events).
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert b"abbottabad" in body(client.get(url)).lower()
    read = " ".join(query["sql"] for query in captured.captured_queries)
    assert '"relations_source"."slug"' in read  # the articles are read…
    assert '"relations_source"."text"' not in read  # …without their text
    assert '"relations_source"."raw_text"' not in read
    assert '"search_document"' not in read  # nor events' search documents (a link's ends)


@pytest.mark.parametrize("start", ["=", "+", "-", "@"])
def test_csv_cells_that_would_run_as_formulas_are_neutralised(client, seeded, start):
    Event.objects.filter(slug="osama-bin-laden-killed-in-abbottabad").update(
        title=f'{start}HYPERLINK("http://x","y")'
    )
    rows = list(
        csv.reader(io.StringIO(body(client.get("/export/events.csv", {"kind": "raid"})).decode()))
    )
    assert rows[1][1] == f'\'{start}HYPERLINK("http://x","y")'


def test_csv_numbers_stay_numbers_and_source_dates_keep_their_precision(client, seeded):
    rows = list(csv.DictReader(io.StringIO(body(client.get("/export/events.csv")).decode())))
    assert {r["tone"] for r in rows} == {"-2", "-1", "0", "1", "2"}  # not "'-2"
    stratfor = next(r for r in rows if r["source"] == "stratfor-2012-uneasy-interdependence")
    assert (stratfor["source_published"], stratfor["source_published_precision"]) == (
        "2012-06-01",
        "month",
    )


def test_timelinejs_draws_an_event_written_as_a_span_as_one(client, seeded):
    by_id = {
        e["unique_id"]: e for e in json.loads(body(client.get("/export/timelinejs.json")))["events"]
    }
    siege = by_id["us-embassy-kabul-attack"]  # 13–14 September 2011
    assert (siege["start_date"]["day"], siege["end_date"]["day"]) == (13, 14)
    assert "end_date" not in by_id["salala-border-incident"]  # a single day
    assert (
        "end_date" not in by_id["scaparrotti-presses-pakistani-military"]
    )  # mid-October: not a span


def test_timelinejs_export_has_every_event_at_its_precision_and_the_eras(client, seeded):
    data = json.loads(body(client.get("/export/timelinejs.json")))
    assert len(data["events"]) == Event.objects.published().count()
    by_id = {e["unique_id"]: e for e in data["events"]}
    assert by_id["pakistan-cuts-us-training-mission"]["start_date"] == {
        "year": 2011,
        "month": 5,
        "display_date": "May 2011",
    }
    closure = by_id["nato-supply-routes-closed"]
    assert closure["end_date"] == {
        "year": 2012,
        "month": 7,
        "day": 3,
        "display_date": "3 July 2012",
    }
    # Grouped as the overview reads them: three rows fit an embed, one a kind (19) does not.
    assert closure["group"] == "Tension"
    assert by_id["scaparrotti-coordinated-border-operations"]["group"] == "Closer"
    assert {e["group"] for e in data["events"]} == {"Closer", "Neutral or mixed", "Tension"}
    assert "<ol><li>“" in closure["text"]["text"]
    assert {e["text"]["headline"] for e in data["eras"]} >= {"Supply routes closed"}


def test_drafts_are_absent_from_every_export_and_lookup(client, seeded):
    Event.objects.filter(slug="salala-border-incident").update(published=False)
    assert b"salala-border-incident" not in body(client.get("/export/events.csv"))
    assert b"salala-border-incident" not in body(client.get("/export/timelinejs.json"))
    assert b"Salala border incident" not in client.get("/cite/", {"q": "Salala"}).content
    assert client.get("/cite/events/salala-border-incident/").status_code == 404
    assert client.get("/cite/events/salala-border-incident.bib").status_code == 404


def test_exports_answer_a_bad_parameter_with_400(client, seeded):
    assert client.get("/export/events.csv", {"from": "whenever"}).status_code == 400
    response = client.get("/export/timelinejs.json", {"actor": "nobody"})
    assert response.status_code == 400 and "actor" in response.json()["fields"]


def test_timeline_links_exports_of_the_current_selection(client, seeded):
    html = client.get("/", {"kind": "raid"}).content.decode()
    assert 'href="/export/events.csv?kind=raid"' in html
    assert 'href="/export/timelinejs.json?kind=raid"' in html


def test_csv_names_the_summary_the_actors_with_their_roles_and_the_references(client, seeded):
    rows = list(csv.DictReader(io.StringIO(body(client.get("/export/events.csv")).decode())))
    salala = next(row for row in rows if row["event"] == "salala-border-incident")
    event = Event.objects.get(slug="salala-border-incident")
    assert salala["summary"] == event.summary
    assert "US armed forces (its helicopters and aircraft fired on the posts)" in salala["actors"]
    assert "Spokesman-Review" in salala["references"] or "“" in salala["references"]
    assert salala["revised"] == event.revised.isoformat()
