"""One change to the record, and what it leaves to do: refresh events' derived data,
move the data version.

Inside `batch()` (the loader, the admin's views) the refresh runs once, at the
end, for every event the change touched; outside one (a shell, a test) it runs
at once. Either way nobody has to remember it: saves and deletes report
themselves (see signals.py), and bulk writes call `events_changed()`.
"""

from __future__ import annotations

import threading
from contextlib import contextmanager

from django.db import transaction

from ..models import DataVersion, Event, timeline_key
from ..search.documents import event_document

_state = threading.local()


def _pending() -> set | None:
    return getattr(_state, "events", None)


@contextmanager
def batch():
    """A change made of many writes, applied all together or not at all."""
    if _pending() is not None:  # already inside one
        yield
        return
    _state.events, _state.changed = set(), False
    try:
        with transaction.atomic():
            yield
            refresh_events(_state.events)
            if _state.changed:
                DataVersion.move()
    finally:
        _state.events = None


def events_changed(ids) -> None:
    """These events, or what they are made of, changed."""
    pending = _pending()
    if pending is None:
        refresh_events(ids)
        DataVersion.move()
    else:
        pending.update(ids)
        _state.changed = True


def data_changed() -> None:
    """Something public changed that no event's derived data is made of."""
    if _pending() is None:
        DataVersion.move()
    else:
        _state.changed = True


def refresh_events(ids) -> int:
    """Rebuild the derived fields of these events; how many changed."""
    ids = {pk for pk in ids if pk is not None}
    if not ids:
        return 0
    events = Event.objects.filter(pk__in=ids).prefetch_related(
        "event_actors__actor", "citations__passage__source"
    )
    return refresh(events)


DERIVED = ("search_document", "source_count", "timeline_key")


def refresh(events) -> int:
    """Each event's derived fields, from what it is made of; how many changed."""
    changed = []
    for event in events:
        actors = [link.actor for link in event.event_actors.all()]
        passages = list({c.passage_id: c.passage for c in event.citations.all()}.values())
        derived = (
            event_document(event, actors, passages),
            len({passage.source.publisher for passage in passages}),
            timeline_key(event.start_earliest, 0, event.significance, event.slug),
        )
        if tuple(getattr(event, name) for name in DERIVED) != derived:
            event.search_document, event.source_count, event.timeline_key = derived
            changed.append(event)
    Event.objects.bulk_update(changed, DERIVED, batch_size=1000)
    return len(changed)
