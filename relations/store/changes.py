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

from django.db import connection, transaction
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce

from ..models import Actor, Citation, DataVersion, Event, EventActor, EventPlace, Place, Source
from ..models.actors import folded_names
from ..search.documents import event_document
from .links import descendants, timeline_keys

_state = threading.local()


def _pending() -> set | None:
    return getattr(_state, "events", None)


def counts_changed(actors=(), sources=(), places=()) -> None:
    """These actors, sources and places may name more or fewer published events (a link
    was removed)."""
    if _pending() is None:
        refresh_counts(set(actors), set(sources), set(places))
    else:
        _state.actors.update(actors)
        _state.sources.update(sources)
        _state.places.update(places)


@contextmanager
def batch():
    """A change made of many writes, applied all together or not at all."""
    if _pending() is not None:  # already inside one
        yield
        return
    _state.events, _state.changed = set(), False
    _state.actors, _state.sources, _state.places = set(), set(), set()
    try:
        with transaction.atomic():
            yield
            refresh_events(_state.events)
            refresh_counts(_state.actors, _state.sources, _state.places)
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
    ids = descendants(ids)  # an effect's place in time follows its cause's
    events = list(Event.objects.filter(pk__in=ids).prefetch_related(*DERIVED_FROM))
    changed = refresh(events)
    # The actors, sources and places of these events may now count more or fewer of them.
    actors = {link.actor_id for event in events for link in event.event_actors.all()}
    sources = {c.passage.source_id for event in events for c in event.citations.all()}
    places = {link.place_id for event in events for link in event.event_places.all()}
    if _pending() is None:
        refresh_counts(actors, sources, places)
    else:
        _state.actors |= actors
        _state.sources |= sources
        _state.places |= places
    return changed


def card(actors, citations) -> dict:
    """What an event's card names besides the event: its actors, and what it cites (for print)."""
    cited = sorted(citations, key=lambda c: (c.passage.source.published, c.passage.number, c.start))
    return {
        "actors": [{"slug": a.slug, "name": a.name, "side": a.side} for a in actors],
        "sources": [
            {
                "publisher": c.passage.source.publisher,
                "published": c.passage.source.published_display,
                "paragraph": c.passage.number,
                "note": c.note,
            }
            for c in cited
        ],
    }


def refresh_counts(actors: set, sources: set, places: set = frozenset()) -> None:
    """How many published events name each of these actors, cite each of these sources and
    are at each of these places."""
    if actors:
        named = EventActor.objects.filter(actor=OuterRef("pk"), event__published=True)
        named = named.values("actor").annotate(n=Count("event", distinct=True)).values("n")
        Actor.objects.filter(pk__in=actors).update(event_count=Coalesce(Subquery(named), 0))
    if sources:
        cited = Citation.objects.filter(passage__source=OuterRef("pk"), event__published=True)
        cited = cited.values("passage__source").annotate(n=Count("event", distinct=True))
        Source.objects.filter(pk__in=sources).update(
            event_count=Coalesce(Subquery(cited.values("n")), 0)
        )
    if places:
        at = EventPlace.objects.filter(place=OuterRef("pk"), event__published=True)
        at = at.values("place").annotate(n=Count("event", distinct=True)).values("n")
        Place.objects.filter(pk__in=places).update(event_count=Coalesce(Subquery(at), 0))


DERIVED = ("search_document", "source_count", "timeline_key", "card")
# What the derived fields are made of.
DERIVED_FROM = (
    "event_actors__actor",
    "event_places__place",
    "citations__passage__source",
    "claims",
)


def searched_places(event, gazetteer: dict) -> list:
    """An event's places, and the towns and districts they lie in (for its search document)."""
    found = {}
    for link in event.event_places.all():
        place = link.place
        while place is not None and place.pk not in found:
            found[place.pk] = place
            place = gazetteer.get(place.parent_id)
            if place is not None and place.kind not in ("town", "district"):
                break
    return list(found.values())


def refresh(events) -> int:
    """Each event's derived fields, from what it is made of; how many changed."""
    events = list(events)
    keys = timeline_keys(events)
    gazetteer = {place.pk: place for place in Place.objects.all()} if events else {}
    changed = []
    for event in events:
        actors = [link.actor for link in event.event_actors.all()]
        passages = list({c.passage_id: c.passage for c in event.citations.all()}.values())
        places = searched_places(event, gazetteer)
        derived = (
            event_document(event, actors, passages, places),
            len({passage.source.publisher for passage in passages}),
            keys[event.pk],
            card(actors, event.citations.all()),
        )
        if tuple(getattr(event, name) for name in DERIVED) != derived:
            event.search_document, event.source_count, event.timeline_key, event.card = derived
            changed.append(event)
    save_derived(changed)
    return len(changed)


def save_derived(events: list) -> None:
    """Write these events' derived fields: one UPDATE a row, sent together.

    Not bulk_update(): its CASE of a thousand branches a field costs seconds of
    Python for a large import's ten thousand events (this, milliseconds)."""
    if not events:
        return
    fields = [Event._meta.get_field(name) for name in DERIVED]
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(field.column)} = %s" for field in fields)
    with connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {quote(Event._meta.db_table)} SET {assignments} WHERE id = %s",
            [
                [
                    field.get_db_prep_save(getattr(event, field.attname), connection)
                    for field in fields
                ]
                + [event.pk]
                for event in events
            ],
        )


def refresh_all() -> None:
    """Every derived field of the record, made again (after a migration, or a bulk import)."""
    actors = list(Actor.objects.all())
    for actor in actors:
        actor.spellings = folded_names(actor.name, actor.aliases)
    Actor.objects.bulk_update(actors, ["spellings"], batch_size=1000)
    events = Event.objects.prefetch_related(*DERIVED_FROM).order_by("pk")
    for first in range(0, events.count(), 2000):  # a chunk at a time, each prefetched
        refresh(events[first : first + 2000])
    refresh_counts(
        set(Actor.objects.values_list("pk", flat=True)),
        set(Source.objects.values_list("pk", flat=True)),
        set(Place.objects.values_list("pk", flat=True)),
    )
