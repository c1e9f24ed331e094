"""Events' cards, kept in Django's cache under the data version: a page's read in one call.

A page of fifty cards, each in a {% cache %} of its own, made fifty cache reads (a key
hashed, a lock taken, a value unpickled each time); one get_many does the same work once.
"""

import hashlib

from django import template
from django.core.cache import cache
from django.template.loader import get_template
from django.utils.safestring import mark_safe

from ..models import Event

register = template.Library()
TIMEOUT = 24 * 3600


def _digest(role: str) -> str:
    """A role is free text: hashed, it makes a key any cache accepts."""
    return hashlib.md5(role.encode(), usedforsecurity=False).hexdigest() if role else ""


def read_cards(events: list) -> None:
    """Read the card of each event that a listed() query read without it, in one query."""
    unread = [event for event in events if "card" in event.get_deferred_fields()]
    if unread:
        found = Event.objects.filter(pk__in=[event.pk for event in unread])
        cards = dict(found.values_list("pk", "card"))
        for event in unread:
            event.card = cards.get(event.pk, {})  # {}: deleted since the list was read


@register.simple_tag
def cards(events, version) -> str:
    """Give each event its card's HTML as `event.card_html`: read from the cache, or made
    (relations/_event_card.html) and kept. An event's `role` on an actor's or a place's
    page is part of its card. Outputs nothing."""
    keyed = {
        f"card:{version}:{event.pk}:{_digest(getattr(event, 'role', ''))}": event
        for event in events
    }
    kept = cache.get_many(list(keyed))
    read_cards([event for key, event in keyed.items() if key not in kept])
    card = get_template("relations/_event_card.html")
    made = {}
    for key, event in keyed.items():
        if key not in kept:
            kept[key] = made[key] = card.render({"event": event})
        event.card_html = mark_safe(kept[key])  # rendered here, escaped by the template
    if made:
        cache.set_many(made, TIMEOUT)
    return ""
