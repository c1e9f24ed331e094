"""Seed forms: what each object looks like in seeds/, and their fingerprints.

The loader reads these forms from the files and `export_seeds` writes them,
key by key in this order. The fingerprints tell a curator's unexported
change from the loader's own.
"""

from __future__ import annotations

import hashlib
import json

from ..models import Actor, Event, NotAnEvent, Period, SeedDigest, Source

EVENT_PREFETCH = (
    "event_actors__actor",
    "citations__passage__source",
    "references",
    "redirects",
)


def published_text(source: Source) -> str:
    iso = source.published.isoformat()
    return {"day": iso, "month": iso[:7], "year": iso[:4]}[source.published_precision]


def source_form(source: Source) -> dict:
    return {
        "slug": source.slug,
        "file": source.file_name,
        "title": source.title,
        "sentence_title": source.sentence_title,
        "publisher": source.publisher,
        "outlet": source.outlet,
        "authors": list(source.authors),
        "published": published_text(source),
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


def _digest(form: dict) -> str:
    return hashlib.sha256(json.dumps(form, sort_keys=True, default=str).encode()).hexdigest()


def current_digests() -> dict[tuple[str, str], str]:
    """The fingerprint of every object's seed form, as the database has it now."""
    digests = {
        ("source", s.slug): _digest({**source_form(s), "sha256": s.raw_sha256})
        for s in Source.objects.all()
    }
    digests |= {("actor", a.slug): _digest(actor_form(a)) for a in Actor.objects.all()}
    events = Event.objects.prefetch_related(*EVENT_PREFETCH)
    digests |= {("event", e.slug): _digest(event_form(e)) for e in events}
    digests |= {("period", p.slug): _digest(period_form(p)) for p in Period.objects.all()}
    digests |= {
        ("not_event", not_event_key(n)): _digest(not_event_form(n))
        for n in NotAnEvent.objects.select_related("passage__source")
    }
    return digests


def unexported_changes() -> list[str]:
    """Changes made in the database (the admin) since the last load or export."""
    recorded = {(d.kind, d.key): d.digest for d in SeedDigest.objects.all()}
    current = current_digests()
    changes = []
    for key in sorted(current.keys() | recorded.keys()):
        kind, name = key
        label = kind.replace("_", "-")
        if key not in recorded:
            changes.append(f"{label} '{name}' was added")
        elif key not in current:
            changes.append(f"{label} '{name}' was deleted")
        elif recorded[key] != current[key]:
            changes.append(f"{label} '{name}' was changed")
    return changes


def record_digests() -> None:
    """Remember the seed form of everything, without touching unchanged rows."""
    current = current_digests()
    existing = {(d.kind, d.key): d for d in SeedDigest.objects.all()}
    for key, digest in current.items():
        row = existing.pop(key, None)
        if row is None:
            SeedDigest.objects.create(kind=key[0], key=key[1], digest=digest)
        elif row.digest != digest:
            row.digest = digest
            row.save(update_fields=["digest"])
    SeedDigest.objects.filter(pk__in=[row.pk for row in existing.values()]).delete()
