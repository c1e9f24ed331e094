"""Exports of a timeline selection: its events as every export reads them (streamed_events),
the CSV (one row per citation) and TimelineJS JSON."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator

from django.db.models import Prefetch
from django.utils.html import escape

from .filters import timeline_events
from .models import Event, Link
from .models.events import evidence_lookups
from .models.places import point_of

# TimelineJS draws one row a group: the overview's three (closer, neutral,
# tension) fit an embed of ordinary height, where one a kind (19) pushes the
# markers out of it.
TIMELINEJS_GROUPS = {1: "Closer", 0: "Neutral or mixed", -1: "Tension"}

# Events read at a time by a streamed export.
CHUNK = 200

CSV_COLUMNS = [
    "event",
    "title",
    "date",
    "start_earliest",
    "start_latest",
    "start_precision",
    "end_earliest",
    "end_latest",
    "end_precision",
    "place",
    "places",
    "lat",
    "lon",
    "location_precision",
    "kind",
    "tone",
    "significance",
    "summary",
    "actors",
    "references",
    "revised",
    "led_to",
    "followed_from",
    "event_url",
    "source",
    "publisher",
    "source_title",
    "source_published",
    "source_published_precision",
    "passage",
    "passage_url",
    "quote",
    "note",
]


def streamed_events(values: dict, search=None) -> Iterator[Event]:
    """The selection's events (filter values as the timeline takes them), a chunk of rows
    at a time, each with its related rows in plain lists, which every export reads:
    `listed_actors`, `listed_places`, `listed_citations`, `listed_evidence`,
    `listed_links_in` and `listed_links_out` (the links between published events, each
    with its evidence); the claims as usual (Event.summary reads them).

    Lists (Prefetch's to_attr), because Django fills them without making a queryset for
    each event and relation: 60,000 of them for 10,000 events, a quarter to a third of
    an export's time. The rows are read as an event's page reads them (evidence_lookups):
    the cited articles without their text, which would be read again for every chunk
    citing them. Nor do they read what no export takes from these rows, mostly JSON
    that would be decoded row by row: an event's card, an actor's spellings, an event's
    places' aliases and notes (the data package's places table reads the gazetteer);
    of a link's two events, they read only the slugs."""
    actors, places, citations, claims, evidence = evidence_lookups()
    links = (
        Link.objects.filter(from_event__published=True, to_event__published=True)
        .select_related("from_event", "to_event")
        .only("kind", "note", "from_event", "to_event", "from_event__slug", "to_event__slug")
        .prefetch_related(Prefetch("evidence", queryset=evidence.queryset))
    )
    actors = actors.queryset.defer("actor__spellings")
    places = places.queryset.defer("place__aliases", "place__notes")
    events = timeline_events(values, search).prefetch_related(
        Prefetch("event_actors", queryset=actors, to_attr="listed_actors"),
        Prefetch("event_places", queryset=places, to_attr="listed_places"),
        Prefetch("citations", queryset=citations.queryset, to_attr="listed_citations"),
        claims,  # as a queryset: Event.summary reads it
        Prefetch("evidence", queryset=evidence.queryset, to_attr="listed_evidence"),
        Prefetch("links_in", queryset=links, to_attr="listed_links_in"),
        Prefetch("links_out", queryset=links, to_attr="listed_links_out"),
    )
    return events.iterator(chunk_size=CHUNK)


# A spreadsheet runs a cell that starts with one of these as a formula.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value) -> str:
    if isinstance(value, int | float):  # a number ("-2") is no formula: it stays a number
        return str(value)
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


class _Echo:
    def write(self, value):
        return value


def location(event, gazetteer: dict) -> list:
    """The places' names, then the first place's coordinates and precision (the CSV's
    columns): blank coordinates for a region or a place not reported."""
    links = event.listed_places
    if not links:
        return ["", "", "", ""]
    point = point_of(links[0], gazetteer)
    return [
        "; ".join(f"{link.place.name} ({link.precision})" for link in links),
        point[0] if point else "",
        point[1] if point else "",
        links[0].precision,
    ]


def csv_rows(events: Iterable, absolute, gazetteer: dict) -> Iterator[str]:
    """A row per citation of each event, the events from streamed_events()."""
    writer = csv.writer(_Echo())
    yield writer.writerow(CSV_COLUMNS)
    for event in events:
        base = [
            event.slug,
            event.title,
            event.date_display,
            event.start_earliest,
            event.start_latest,
            event.start_precision,
            event.end_earliest,
            event.end_latest,
            event.end_precision,
            event.place,
            *location(event, gazetteer),
            event.kind,
            event.tone,
            event.significance,
            event.summary,
            "; ".join(f"{link.actor.name} ({link.role})" for link in event.listed_actors),
            "; ".join(
                dict.fromkeys(
                    f"{row.reference.publisher}, “{row.reference.title}”, "
                    f"{row.reference.published.isoformat()}"
                    + (f", {row.reference.url}" if row.reference.url else "")
                    for row in event.listed_evidence
                    if row.reference_id
                )
            ),
            event.revised,
            "; ".join(link.to_event.slug for link in event.listed_links_out),
            "; ".join(link.from_event.slug for link in event.listed_links_in),
            absolute(event.get_absolute_url()),
        ]
        base = [spreadsheet_safe(cell) for cell in base]  # once, not once per citation
        for citation in event.listed_citations:
            passage, source = citation.passage, citation.passage.source
            cited = [
                source.slug,
                source.publisher,
                source.title,
                source.published,
                source.published_precision,
                passage.number,
                absolute(passage.get_absolute_url()),
                citation.quote,
                citation.note,
            ]
            yield writer.writerow(base + [spreadsheet_safe(cell) for cell in cited])


def timelinejs_date(day, precision: str, shown: str) -> dict:
    value = {"year": day.year, "display_date": shown}
    if precision in ("month", "day"):
        value["month"] = day.month
    if precision == "day":
        value["day"] = day.day
    return value


def timelinejs_event(event, absolute) -> dict:
    sources = "".join(
        f'<li>“{escape(c.quote)}” — <a href="{escape(absolute(c.get_absolute_url()))}">'
        f"{escape(c.passage.source.publisher)}, {escape(c.passage.source.published_display)}, "
        f"¶{c.passage.number}</a>{(' <em>' + escape(c.note) + '</em>') if c.note else ''}</li>"
        for c in event.listed_citations
    )
    item = {
        "unique_id": event.slug,
        "start_date": timelinejs_date(
            event.start_earliest, event.start_precision, event.start.display()
        ),
        "display_date": event.date_display,
        "text": {
            "headline": escape(event.title),
            "text": f"<p>{escape(event.summary)}</p>{where(event)}<ol>{sources}</ol>"
            f'<p><a href="{escape(absolute(event.get_absolute_url()))}">On the timeline</a></p>',
        },
        "group": TIMELINEJS_GROUPS[(event.tone > 0) - (event.tone < 0)],
    }
    if event.end:
        item["end_date"] = timelinejs_date(
            event.end_earliest, event.end_precision, event.end.display()
        )
    elif event.start.is_range:  # "13–14 September 2011" is drawn as the span it is
        item["end_date"] = timelinejs_date(
            event.start_latest, event.start_precision, event.start.display()
        )
    return item


def where(event) -> str:
    """The places, in the slide's text: TimelineJS's format has no field for a location."""
    links = event.listed_places
    if not links:
        return ""
    names = "; ".join(
        f"{escape(link.place.name)} ({escape(link.get_precision_display())})" for link in links
    )
    return f"<p>Where: {names}</p>"


PLACE_COLUMNS = [
    "place",
    "name",
    "kind",
    "parent",
    "lat",
    "lon",
    "aliases",
    "events",
    "url",
    "notes",
]


def place_rows(places: Iterable, absolute) -> Iterator[str]:
    """The gazetteer as a table, one row per place."""
    writer = csv.writer(_Echo())
    yield writer.writerow(PLACE_COLUMNS)
    for place in places:
        row = [
            place.slug,
            place.name,
            place.kind,
            place.parent.slug if place.parent_id else "",
            "" if place.latitude is None else place.latitude,
            "" if place.longitude is None else place.longitude,
            "; ".join(place.aliases),
            place.event_count,
            absolute(place.get_absolute_url()),
            place.notes,
        ]
        yield writer.writerow([spreadsheet_safe(cell) for cell in row])


def timelinejs_stream(title: str, events: Iterable, periods: Iterable, absolute) -> Iterator[str]:
    """TimelineJS's JSON format, written piece by piece."""
    head = {
        "title": {
            "text": {
                "headline": escape(title),
                "text": "<p>Every event cites the article passages it rests on.</p>",
            }
        }
    }
    eras = [
        {
            "start_date": timelinejs_date(p.first_day, p.start_precision, p.start_text),
            "end_date": timelinejs_date(p.last_day, p.end_precision, p.end_text),
            "text": {"headline": escape(p.name), "text": escape(p.description)},
        }
        for p in periods
    ]
    yield (
        json.dumps(head, ensure_ascii=False)[:-1]
        + ', "eras": '
        + json.dumps(eras, ensure_ascii=False)
    )
    yield ', "events": ['
    for index, event in enumerate(events):
        yield (
            ("," if index else "")
            + "\n"
            + json.dumps(timelinejs_event(event, absolute), ensure_ascii=False)
        )
    yield "\n]}\n"
