"""Seed records: what each object looks like in seeds/.

The loader reads these records from the files and `export_seeds` writes them,
key by key in this order.
"""

from __future__ import annotations

from ..models import Actor, Event, NotAnEvent, Period, Source

EVENT_PREFETCH = (
    "event_actors__actor",
    "citations__passage__source",
    "references",
    "redirects",
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
        "notes": source.notes,
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
    return {
        "slug": event.slug,
        "title": event.title,
        "start": event.start_text,
        "end": event.end_text,
        "place": event.place,
        "kind": event.kind,
        "tone": event.tone,
        "significance": event.significance,
        "published": event.published,
        "old_slugs": sorted(r.slug for r in event.redirects.all()),
        "summary": event.summary,
        "actors": [
            {"actor": link.actor.slug, "role": link.role} for link in event.event_actors.all()
        ],
        "citations": [
            {
                "source": c.passage.source.slug,
                "quote": c.quote,
                "prefix": c.prefix,
                "suffix": c.suffix,
                "note": c.note,
            }
            for c in sorted(event.citations.all(), key=citation_position)
        ],
        "references": [
            {
                "claim": r.claim,
                "publisher": r.publisher,
                "title": r.title,
                "published": r.published.isoformat(),
                "url": r.url,
            }
            for r in event.references.all()
        ],
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
