"""Fingerprints of seed records: they tell a curator's unexported change from a load's own."""

from __future__ import annotations

import hashlib
import json

from ..models import Actor, Event, NotAnEvent, Period, Reference, SeedDigest, Source, Thread
from .records import (
    EVENT_PREFETCH,
    actor_form,
    event_form,
    not_event_form,
    not_event_key,
    period_form,
    reference_form,
    source_form,
    thread_form,
)


def _digest(form: dict) -> str:
    return hashlib.sha256(json.dumps(form, sort_keys=True, default=str).encode()).hexdigest()


def current_digests() -> dict[tuple[str, str], str]:
    """The fingerprint of every object's seed form, as the database has it now."""
    digests = {
        ("source", s.slug): _digest({**source_form(s), "sha256": s.raw_sha256})
        for s in Source.objects.all()
    }
    digests |= {("actor", a.slug): _digest(actor_form(a)) for a in Actor.objects.all()}
    digests |= {("reference", r.slug): _digest(reference_form(r)) for r in Reference.objects.all()}
    threads = Thread.objects.prefetch_related("steps__event")
    digests |= {("thread", t.slug): _digest(thread_form(t)) for t in threads}
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
