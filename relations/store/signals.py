"""Saves and deletes report what they touched to the write path (changes.py).

An admin inline, a bulk delete and a shell all save through the ORM; bulk
writes, which send no signal, call changes.events_changed() themselves.
"""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save

from ..models import (
    Actor,
    Citation,
    Claim,
    DataVersion,
    Event,
    EventActor,
    EventPlace,
    Evidence,
    Link,
    Place,
    Revision,
    SeedDigest,
    Source,
)
from .changes import counts_changed, data_changed, events_changed

# Rows that are part of one event: a change to them is a change to the event.
EVENT_PARTS = (EventActor, EventPlace, Citation, Claim, Evidence)
# Bookkeeping, never shown to a reader.
IGNORED = (DataVersion, Revision, SeedDigest)


def _touched(sender, instance, **kwargs) -> None:
    if sender._meta.app_label != "relations":
        return
    if sender in IGNORED:
        return
    if sender is Event:
        events_changed([instance.pk])
    elif sender in EVENT_PARTS:
        events_changed([instance.event_id])
    elif sender is Link:
        events_changed([instance.from_event_id, instance.to_event_id])
    elif sender is Actor and instance.pk:
        # Its name is in the search documents of its events.
        events_changed(EventActor.objects.filter(actor=instance).values_list("event_id", flat=True))
    elif sender is Place and instance.pk:
        # Its names are in the search documents of the events at it, or at a place within it.
        within = Place.objects.within([instance.slug])
        events_changed(
            EventPlace.objects.filter(place__in=within).values_list("event_id", flat=True)
        )
    elif sender is Source and instance.pk:
        # Its publisher is in the search documents of the events citing it.
        events_changed(
            Citation.objects.filter(passage__source=instance).values_list("event_id", flat=True)
        )
    else:
        data_changed()


def _unlinked(sender, instance, **kwargs) -> None:
    """A removed link: its actor, source or place names one event fewer, which its event
    cannot tell."""
    if sender is EventActor:
        counts_changed(actors=[instance.actor_id])
    elif sender is EventPlace:
        counts_changed(places=[instance.place_id])
    elif sender is Citation:
        counts_changed(sources=[instance.passage.source_id])


def connect() -> None:
    post_save.connect(_touched, dispatch_uid="relations-touched-save")
    post_delete.connect(_touched, dispatch_uid="relations-touched-delete")
    post_delete.connect(_unlinked, dispatch_uid="relations-unlinked")
