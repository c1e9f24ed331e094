"""The filters form: actors all of / any of, spans typed in From or To, phase headings,
and a chosen quote highlighted once. Checked against the real seeds."""

import csv
import io
import json
import re
import zipfile
from datetime import date

import pytest

from relations.models import Citation, Event, Period

from .factories import EventFactory, make_events
from .test_pages import HTMX, page

RAID = "osama-bin-laden-killed-in-abbottabad"
BOTH = [("actor", "nato-isaf"), ("actor", "haqqani-network")]


def involving(slugs, any_of):
    """The published events of these actors, counted from the seeds' own links."""
    events = [
        set(Event.objects.published().filter(actors__slug=s).values_list("slug", flat=True))
        for s in slugs
    ]
    return set.union(*events) if any_of else set.intersection(*events)


def api_slugs(client, params):
    response = client.get("/api/events.json", params)
    assert response.status_code == 200
    return {event["slug"] for event in json.loads(b"".join(response.streaming_content))["events"]}


def test_actors_match_any_finds_events_of_either_actor_and_all_of_both(client, seeded):
    every = api_slugs(client, BOTH)
    either = api_slugs(client, [*BOTH, ("actors_match", "any")])
    assert every == involving(["nato-isaf", "haqqani-network"], any_of=False)
    assert either == involving(["nato-isaf", "haqqani-network"], any_of=True)
    assert every < either  # the seeds have events of one and not the other


def test_the_timeline_counts_any_of_and_says_so_on_the_chips(client, seeded):
    expected = len(involving(["nato-isaf", "haqqani-network"], any_of=True))
    html = page(client, "/?actor=nato-isaf&actor=haqqani-network&actors_match=any")
    assert f"<strong>{expected}</strong> events match the filters" in html
    assert "Actor (any of): Haqqani network" in html
    assert 'name="actors_match" value="any" checked' in html
    # The links that carry the selection on keep the choice.
    assert "actors_match=any" in re.search(r'class="exports">.*?</p>', html, re.S).group(0)


def test_all_of_is_the_default_and_left_out_of_links(client, seeded):
    html = page(client, "/?actor=nato-isaf&actor=haqqani-network&actors_match=all")
    assert "actors_match" not in re.search(r'class="exports">.*?</p>', html, re.S).group(0)
    assert 'name="actors_match" value="all" checked' in html
    assert "Events involving" in html and "these actors</legend>" in html


def test_a_bad_actors_match_is_named_and_the_api_answers_400(client, seeded):
    assert client.get("/api/events.json", {"actors_match": "some"}).status_code == 400
    html = page(client, "/?actors_match=some")
    assert re.search(
        r'id="error-actors_match"[^>]*>Actors match “all” or “any”, not “some”.<', html
    )


def streamed(response) -> str:
    return b"".join(response.streaming_content).decode()


def test_csv_timelinejs_feed_data_package_and_map_accept_any_of(client, seeded):
    params = [*BOTH, ("actors_match", "any")]
    expected = involving(["nato-isaf", "haqqani-network"], any_of=True)
    rows = csv.DictReader(io.StringIO(streamed(client.get("/export/events.csv", params))))
    assert {row["event"] for row in rows} == expected
    timeline = json.loads(streamed(client.get("/export/timelinejs.json", params)))
    assert len(timeline["events"]) == len(expected)
    feed = client.get("/feeds/events.atom", params).content.decode()
    assert feed.count("<entry>") == len(expected)
    archive = zipfile.ZipFile(
        io.BytesIO(b"".join(client.get("/export/datapackage.zip", params).streaming_content))
    )
    table = csv.DictReader(io.StringIO(archive.read("data/events.csv").decode()))
    assert {row["slug"] for row in table} == expected
    query = "&".join(f"{key}={value}" for key, value in params)
    assert f"<strong>{len(expected)}</strong> events match" in page(client, "/map/?" + query)


@pytest.mark.parametrize(
    ("params", "first", "last"),
    [
        ({"from": "2011–2012"}, date(2011, 1, 1), date(2012, 12, 31)),
        ({"to": "2011–2012"}, date(2011, 1, 1), date(2012, 12, 31)),
        ({"from": "between May and December 2011"}, date(2011, 5, 1), date(2011, 12, 31)),
        ({"from": "11/2011", "to": "11/2011"}, date(2011, 11, 1), date(2011, 11, 30)),
        ({"from": "Q4 2011", "to": "Q4 2011"}, date(2011, 10, 1), date(2011, 12, 31)),
        ({"from": "autumn 2011", "to": "autumn 2011"}, date(2011, 9, 1), date(2011, 11, 30)),
    ],
)
def test_a_span_typed_in_one_field_is_the_whole_selection(client, seeded, params, first, last):
    expected = {
        e.slug
        for e in Event.objects.published()
        if e.start_earliest <= last and e.last_day >= first
    }
    assert expected  # the seeds have events in every span tried
    assert api_slugs(client, params) == expected


def test_a_single_month_in_from_still_runs_on_to_the_last_event(client, seeded):
    later = api_slugs(client, {"from": "May 2011"})
    assert {e.slug for e in Event.objects.published() if e.last_day >= date(2011, 5, 1)} == later


def shown_slugs(html: str) -> list[str]:
    return re.findall(r'<article class="event[^"]*" id="event-([^"]+)"', html)


def test_from_a_date_the_pages_begin_with_an_event_lasting_into_it(client, seeded):
    # Begun long before the date, it comes first; the pages then run on, in order, with
    # nothing left out or repeated (the page is read from the first event that may reach it).
    EventFactory(slug="a-long-war", title="A long war", start_text="1990", end_text="2015")
    make_events(70, first_day=date(2011, 6, 1))
    expected = list(
        Event.objects.published()
        .filter(last_day__gte=date(2011, 5, 1))
        .order_by("timeline_key")
        .values_list("slug", flat=True)
    )
    first = page(client, "/?from=May+2011")
    more = re.search(r'<li id="load-more" class="load-more">\s*<a href="([^"]+)"', first).group(1)
    second = page(client, "/" + more.replace("&amp;", "&"))
    assert shown_slugs(first)[0] == "a-long-war"
    assert shown_slugs(first) + shown_slugs(second) == expected
    # Newest first, the same events, the other way round.
    newest = page(client, "/?from=May+2011&order=desc")
    assert shown_slugs(newest) == expected[::-1][:50]


def test_an_event_added_since_that_lasts_into_the_date_comes_first(client, seeded):
    # Where the page begins reading is kept per data version: a change moves it.
    assert shown_slugs(page(client, "/?from=May+2011"))[0] != "a-long-war"
    EventFactory(slug="a-long-war", title="A long war", start_text="1990", end_text="2015")
    assert shown_slugs(page(client, "/?from=May+2011"))[0] == "a-long-war"
    embedded = client.get("/embed/", {"from": "May 2011"}).content.decode()
    assert re.search(r'class="embed-title"><a href="([^"]+)"', embedded).group(1) == (
        "/events/a-long-war/"
    )


def test_how_a_date_was_read_is_said_beside_the_field(client, seeded):
    html = page(client, "/?from=2011–2012")
    hint = re.search(r'<p id="hint-from" class="field-hint">([^<]*)</p>', html).group(1)
    assert hint == "From 1 January 2011 to 31 December 2012: the span typed, with To empty."
    assert 'aria-describedby="hint-from error-from"' in html
    # A filter request (the form's own) brings the reading with the results.
    partial = client.get("/", {"from": "Q4 2011"}, **HTMX).content.decode()
    assert re.search(
        r'id="hint-from" class="field-hint" hx-swap-oob="true">From 1 October 2011.<', partial
    )


def test_a_refused_date_suggests_what_would_be_read(client, seeded):
    html = page(client, "/?from=Novmber 2011")
    assert "Did you mean “November 2011”?" in html


def test_phase_headings_stand_where_the_list_enters_each_phase(client, seeded):
    html = page(client, "/")
    periods = list(Period.objects.all())
    positions = [html.index(f'id="phase-heading-{p.slug}"') for p in periods]
    assert positions == sorted(positions)  # in time order, once each
    freeze = Period.objects.get(slug="military-freeze")
    heading = html[positions[1] : html.index("</li>", positions[1])]
    assert freeze.name in heading and "2 May 2011 – October 2011" in heading
    assert freeze.description[:40] in heading
    # The first card after the heading is the raid, the first event of the phase.
    assert html.index(f'id="event-{RAID}"') > positions[1]
    assert html.count('phase-heading"') == len(periods)


def test_the_next_page_continues_the_phase_without_repeating_its_heading(client, seeded):
    from relations.views.timeline import encode_cursor

    raid = Event.objects.get(slug=RAID)
    appended = client.get("/", {"cursor": encode_cursor(raid)}, **HTMX).content.decode()
    assert 'id="phase-heading-military-freeze"' not in appended
    assert 'id="phase-heading-supply-routes-closed"' in appended


def test_a_chosen_quote_is_one_mark_with_one_id_and_its_event_linked_beside_it(client, seeded):
    # Two citations overlap in this paragraph: the chosen one was split in two marks.
    citation = Citation.objects.get(
        passage__source__slug="reuters-2012-military-trickles-back",
        event__slug="salala-border-incident",
        passage__number=4,
    )
    html = page(client, citation.passage.source.get_absolute_url(), cite=citation.pk)
    assert html.count('id="cited"') == 1
    chosen = re.search(r'<mark class="cited selected" id="cited">(.*?)</mark>', html, re.S).group(1)
    assert re.sub(r"<[^>]+>", "", chosen).strip().endswith("into a tailspin.")
    assert "<a " not in chosen  # the words stay selectable; the link sits beside them
    assert f'evidence for <a href="{citation.event.get_absolute_url()}">' in html
