"""Fingerprints of seed records: they tell a curator's unexported change from a load's own."""

from __future__ import annotations

import hashlib
import json

from ..models import (
    Actor,
    Event,
    NotAnEvent,
    Period,
    Place,
    Reference,
    SeedDigest,
    Source,
    Thread,
)
from .history import record_revision
from .records import (
    EVENT_PREFETCH,
    actor_form,
    event_form,
    not_event_form,
    not_event_key,
    period_form,
    place_form,
    reference_form,
    source_form,
    thread_form,
)


def _digest(form: dict) -> str:
    return hashlib.sha256(json.dumps(form, sort_keys=True, default=str).encode()).hexdigest()


def current_forms() -> dict[tuple[str, str], dict]:
    """Every object's seed form, as the database has it now (a source's with its checksum)."""
    forms = {
        ("source", s.slug): {**source_form(s), "sha256": s.raw_sha256}
        for s in Source.objects.defer(*Source.BODY_FIELDS)
    }
    forms |= {("actor", a.slug): actor_form(a) for a in Actor.objects.all()}
    forms |= {("reference", r.slug): reference_form(r) for r in Reference.objects.all()}
    forms |= {("place", p.slug): place_form(p) for p in Place.objects.select_related("parent")}
    threads = Thread.objects.prefetch_related("steps__event")
    forms |= {("thread", t.slug): thread_form(t) for t in threads}
    events = Event.objects.prefetch_related(*EVENT_PREFETCH)
    forms |= {("event", e.slug): event_form(e) for e in events}
    forms |= {("period", p.slug): period_form(p) for p in Period.objects.all()}
    forms |= {
        ("not_event", not_event_key(n)): not_event_form(n)
        for n in NotAnEvent.objects.select_related("passage__source")
    }
    return forms


def current_digests() -> dict[tuple[str, str], str]:
    """The fingerprint of every object's seed form, as the database has it now."""
    return {key: _digest(form) for key, form in current_forms().items()}


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


def record_digests(reason: str = "") -> None:
    """Remember the seed form of everything, without touching unchanged rows; with a
    `reason` ('load_seeds'), keep a revision of each event and source that changed."""
    forms = current_forms()
    existing = {(d.kind, d.key): d for d in SeedDigest.objects.all()}
    changed = []
    for key, form in forms.items():
        digest = _digest(form)
        row = existing.pop(key, None)
        if row is None:
            SeedDigest.objects.create(kind=key[0], key=key[1], digest=digest)
        elif row.digest != digest:
            row.digest = digest
            row.save(update_fields=["digest"])
        else:
            continue
        changed.append(key)
    SeedDigest.objects.filter(pk__in=[row.pk for row in existing.values()]).delete()
    if not reason:
        return
    slugs = {kind: [slug for k, slug in changed if k == kind] for kind in ("event", "source")}
    for event in Event.objects.filter(slug__in=slugs["event"]):
        record_revision(event, reason=reason, record=forms[("event", event.slug)])
    for source in Source.objects.filter(slug__in=slugs["source"]):
        form = {k: v for k, v in forms[("source", source.slug)].items() if k != "sha256"}
        record_revision(source, reason=reason, record={**form, "text": source.raw_text})
