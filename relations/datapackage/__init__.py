"""A timeline selection as a Frictionless data package: CSV tables and a datapackage.json
that gives each column its type and each table its keys.

Each table is declared once (schema.py: its columns and keys) and filled by
collect(), which reads the rows off the selection's events. A new kind of
record is one more Table in schema.TABLES and a few lines here.

Cells are written exactly as stored (a quote is the article's words, and its
offsets point into the passage text), not neutralised for spreadsheets as the
CSV export is: import the tables as data, not by opening them as a workbook.
"""

from __future__ import annotations

import csv
import io
import json
import tempfile
import zipfile
from collections.abc import Callable, Iterable
from datetime import date

from ..models import Event, Place
from ..models.places import point_of
from .schema import PROFILE, TABLES, Table


def cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def collect(
    events: Iterable[Event], absolute: Callable[[str], str], gazetteer: dict[int, Place]
) -> dict[str, dict]:
    """Every table's rows, keyed by primary key (an actor or article shared by many
    events is one row). Links, and the evidence for them, are kept only when both
    of their events are in the selection, so that every key resolves; places come
    with every place they lie within, for the same reason. The events come from
    exports.streamed_events, their related rows listed."""
    rows: dict[str, dict] = {table.name: {} for table in TABLES}
    links, evidence = {}, []
    for event in events:
        rows["events"][event.slug] = {
            "slug": event.slug,
            "title": event.title,
            "summary": event.summary,
            "date": event.date_display,
            "start_earliest": event.start_earliest,
            "start_latest": event.start_latest,
            "start_precision": event.start_precision,
            "start_qualifier": event.start_qualifier,
            "end_earliest": event.end_earliest,
            "end_latest": event.end_latest,
            "end_precision": event.end_precision,
            "end_qualifier": event.end_qualifier,
            "place": event.place,
            "kind": event.kind,
            "tone": event.tone,
            "significance": event.significance,
            "source_count": event.source_count,
            "revised": event.revised,
            "url": absolute(event.get_absolute_url()),
        }
        for role in event.listed_actors:
            actor = role.actor
            rows["actors"][actor.slug] = {
                "slug": actor.slug,
                "name": actor.name,
                "kind": actor.kind,
                "side": actor.side,
                "aliases": "; ".join(actor.aliases),
                "description": actor.description,
                "url": absolute(actor.get_absolute_url()),
            }
            rows["roles"][(event.slug, actor.slug)] = {
                "event": event.slug,
                "actor": actor.slug,
                "role": role.role,
            }
        for citation in event.listed_citations:
            passage, source = citation.passage, citation.passage.source
            rows["sources"][source.slug] = {
                "slug": source.slug,
                "title": source.title,
                "publisher": source.publisher,
                "outlet": source.outlet,
                "authors": "; ".join(source.authors),
                "published": source.published,
                "published_precision": source.published_precision,
                "kind": source.kind,
                "original_url": source.url,
                "url": absolute(source.get_absolute_url()),
            }
            rows["citations"][citation.pk] = {
                "id": citation.pk,
                "event": event.slug,
                "key": citation.key,
                "source": source.slug,
                "paragraph": passage.number,
                "passage": passage.text,
                "quote": passage.text[citation.start : citation.end],
                "quote_start": citation.start,
                "quote_end": citation.end,
                "note": citation.note,
                "url": absolute(citation.get_absolute_url()),
            }
        for link in event.listed_places:
            point = point_of(link, gazetteer)
            rows["event_places"][(event.slug, link.place.slug)] = {
                "event": event.slug,
                "place": link.place.slug,
                "role": link.role,
                "precision": link.precision,
                "latitude": point[0] if point else None,
                "longitude": point[1] if point else None,
            }
            place = gazetteer.get(link.place_id)
            while place is not None and place.slug not in rows["places"]:
                rows["places"][place.slug] = place_row(place, gazetteer, absolute)
                place = gazetteer.get(place.parent_id)
        for claim in event.claims.all():
            rows["claims"][claim.pk] = {
                "id": claim.pk,
                "event": event.slug,
                "position": claim.position,
                "text": claim.text,
            }
        for link in (*event.listed_links_in, *event.listed_links_out):
            links[link.pk] = link
        evidence += [(event, row) for row in event.listed_evidence]
    for link in links.values():
        if link.from_event.slug in rows["events"] and link.to_event.slug in rows["events"]:
            rows["links"][link.pk] = {
                "id": link.pk,
                "from_event": link.from_event.slug,
                "to_event": link.to_event.slug,
                "kind": link.kind,
                "note": link.note,
            }
    for event, row in evidence:
        if row.link_id and row.link_id not in rows["links"]:
            continue  # a link from an event outside the selection
        if row.reference_id:
            reference = row.reference
            rows["references"][reference.slug] = {
                "slug": reference.slug,
                "publisher": reference.publisher,
                "title": reference.title,
                "published": reference.published,
                "url": reference.url,
            }
        rows["evidence"][row.pk] = {
            "id": row.pk,
            "event": event.slug,
            "target": row.target,
            "claim": row.claim_id,
            "link": row.link_id,
            "citation": row.citation_id,
            "reference": row.reference.slug if row.reference_id else None,
            "support": row.support,
        }
    return rows


def place_row(place: Place, gazetteer: dict[int, Place], absolute) -> dict:
    parent = gazetteer.get(place.parent_id)
    return {
        "slug": place.slug,
        "name": place.name,
        "kind": place.kind,
        "parent": parent.slug if parent else None,
        "latitude": place.latitude,
        "longitude": place.longitude,
        "aliases": "; ".join(place.aliases),
        "notes": place.notes,
        "url": absolute(place.get_absolute_url()),
    }


def csv_text(table: Table, rows: Iterable[dict]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    names = [column.name for column in table.columns]
    writer.writerow(names)
    writer.writerows([cell(row[name]) for name in names] for row in rows)
    return out.getvalue()


def descriptor(about: dict) -> dict:
    """datapackage.json: `about` gives the package's title, description, homepage,
    licences, citation and the selection it holds, in Data Package terms."""
    return {
        "$schema": PROFILE,
        "name": "us-pakistan-relations",
        **about,
        "resources": [table.resource() for table in TABLES],
    }


def write_zip(events: Iterable[Event], absolute: Callable[[str], str], about: dict):
    """The package as a zip file, rewound, in memory or (when large) on disk."""
    rows = collect(events, absolute, Place.objects.in_bulk())
    archive = tempfile.SpooledTemporaryFile(max_size=16 * 1024 * 1024)  # noqa: SIM115 (the response closes it)
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr(
            "datapackage.json", json.dumps(descriptor(about), ensure_ascii=False, indent=2) + "\n"
        )
        for table in TABLES:
            package.writestr(table.path, csv_text(table, rows[table.name].values()))
    archive.seek(0)
    return archive
