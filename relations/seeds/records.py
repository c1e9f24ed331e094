"""Seed records: what each object looks like in seeds/.

The loader reads these records from the files and `export_seeds` writes them,
key by key in this order.
"""

from __future__ import annotations

from datetime import date

from ..models import Actor, DateCorrection, Event, NotAnEvent, Period, Place, Reference, Source
from ..store.evidence import TARGETS, evidence_lists

EVENT_PREFETCH = (
    "event_actors__actor",
    "event_places__place",
    "citations__passage__source",
    "claims",
    "evidence__citation",
    "evidence__reference",
    "redirects",
    "links_in__from_event",
)


def source_form(source: Source) -> dict:
    return {
        "slug": source.slug,
        "file": source.file_name,
        "title": source.title,
        "sentence_title": source.sentence_title,
        "publisher": source.publisher,
        "outlet": source.outlet,
        "authors": list(source.authors),
        "published": source.published_text,
        "kind": source.kind,
        "url": source.url,
        "status": source.status,
        "notes": source.notes,
        "date_corrections": [
            {
                "quote": c.quote,
                "prefix": c.prefix,
                "suffix": c.suffix,
                "means": c.date_text,
                "note": c.note,
            }
            for c in DateCorrection.objects.filter(passage__source=source).order_by(
                "passage__number", "start"
            )
        ],
    }


def actor_form(actor: Actor) -> dict:
    return {
        "slug": actor.slug,
        "name": actor.name,
        "kind": actor.kind,
        "side": actor.side,
        "aliases": list(actor.aliases),
        "description": actor.description,
    }


def citation_position(citation) -> tuple:
    source = citation.passage.source
    return (source.published, source.slug, citation.passage.number, citation.start)


def event_form(event: Event) -> dict:
    claims, targets, links = evidence_lists(event)
    return {
        "slug": event.slug,
        "title": event.title,
        "start": event.start_text,
        "end": event.end_text,
        "place": event.place,
        "places": [
            {"place": link.place.slug, "role": link.role, "precision": link.precision}
            for link in event.event_places.all()
        ],
        "kind": event.kind,
        "tone": event.tone,
        "significance": event.significance,
        "published": event.published,
        "revised": event.revised.isoformat(),
        "old_slugs": sorted(r.slug for r in event.redirects.all()),
        "actors": [
            {"actor": link.actor.slug, "role": link.role} for link in event.event_actors.all()
        ],
        **{f"{target}_evidence": [str(item) for item in targets[target]] for target in TARGETS},
        "claims": [
            {"text": text, "evidence": [str(item) for item in items]} for text, items in claims
        ],
        "links": [
            {
                "from": link.from_event.slug,
                "kind": link.kind,
                "evidence": [str(item) for item in links[link.pk]],
                "note": link.note,
            }
            for link in event.links_in.all()
        ],
        "citations": [
            {
                "key": c.key,
                "source": c.passage.source.slug,
                "quote": c.quote,
                "prefix": c.prefix,
                "suffix": c.suffix,
                "note": c.note,
            }
            for c in sorted(event.citations.all(), key=citation_position)
        ],
    }


def place_form(place: Place) -> dict:
    return {
        "slug": place.slug,
        "name": place.name,
        "kind": place.kind,
        "parent": place.parent.slug if place.parent_id else "",
        "lat": place.latitude,
        "lon": place.longitude,
        "aliases": list(place.aliases),
        "notes": place.notes,
    }


def thread_form(thread) -> dict:
    return {
        "slug": thread.slug,
        "title": thread.title,
        "introduction": thread.introduction,
        "events": [step.event.slug for step in thread.steps.all()],
    }


def reference_form(reference: Reference) -> dict:
    return {
        "slug": reference.slug,
        "publisher": reference.publisher,
        "title": reference.title,
        "published": reference.published.isoformat(),
        "url": reference.url,
    }


def period_form(period: Period) -> dict:
    return {
        "slug": period.slug,
        "name": period.name,
        "start": period.start_text,
        "end": period.end_text,
        "description": period.description,
    }


def not_event_form(item: NotAnEvent) -> dict:
    return {
        "source": item.passage.source.slug,
        "quote": item.quote,
        "prefix": item.prefix,
        "suffix": item.suffix,
        "reason": item.reason,
    }


def not_event_key(item: NotAnEvent) -> str:
    return f"{item.passage.source.slug}: {item.quote}"


# What the loader makes of an entry: the values of the row it stands for.


def actor_values(entry: dict) -> dict:
    return {
        "name": entry["name"],
        "kind": entry["kind"],
        "side": entry["side"],
        "aliases": list(entry.get("aliases", [])),
        "description": entry.get("description", ""),
    }


def place_values(entry: dict) -> dict:
    """A place's own fields; its parent is set once every place is there."""
    point = {}
    for key, field in (("lat", "latitude"), ("lon", "longitude")):
        value = entry.get(key)
        if value is not None and (isinstance(value, bool) or not isinstance(value, int | float)):
            raise ValueError(f"{key} is a number of degrees, like 34.5")
        point[field] = None if value is None else float(value)
    aliases = entry.get("aliases", [])
    if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
        raise ValueError("aliases is a list of names")
    return {
        "name": entry["name"],
        "kind": entry["kind"],
        **point,
        "aliases": aliases,
        "notes": str(entry.get("notes", "")).strip(),
    }


def reference_values(entry: dict) -> dict:
    try:
        published = date.fromisoformat(str(entry["published"]))
    except ValueError:
        raise ValueError("published must be a date like 2012-07-03") from None
    return {
        "publisher": entry["publisher"],
        "title": entry["title"],
        "published": published,
        "url": entry.get("url", ""),
    }


def period_values(entry: dict) -> dict:
    return {
        "name": entry["name"],
        "description": entry.get("description", "").strip(),
        "start_text": str(entry["start"]),
        "end_text": str(entry["end"]),
    }


def thread_values(entry: dict) -> dict:
    if not isinstance(entry["events"], list):
        raise ValueError("events is a list of event slugs, in order")
    return {"title": entry["title"], "introduction": str(entry["introduction"]).strip()}
