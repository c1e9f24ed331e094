"""The folded text an event is found by; no database here."""

from __future__ import annotations

from .query import fold_for_search


def event_document(event, actors, passages) -> str:
    """Title, summary, place, actors' names, the cited passages and their publishers.

    An actor's name, not its aliases: a query widens a name to its aliases
    itself, and a quoted "Islamabad" must not match every event of Pakistan's.
    """
    parts = [event.title, event.summary, event.place]
    parts += [actor.name for actor in actors]
    parts += [passage.text for passage in passages]
    parts += sorted({passage.source.publisher for passage in passages})
    return fold_for_search(" \n ".join(parts))
