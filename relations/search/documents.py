"""The folded text an event is found by; no database here."""

from __future__ import annotations

from .query import fold_for_search


def event_document(event, actors, passages, places=()) -> str:
    """Title, summary, place, actors' names, its places' names and aliases, the cited
    passages and their publishers.

    An actor's name, not its aliases: a query widens a name to its aliases
    itself, and a quoted "Islamabad" must not match every event of Pakistan's.
    `places` are its places and the towns and districts they lie in, with their
    aliases (Abbotabad finds the raid on the compound in Abbottabad); not the
    provinces and countries: "Pakistan" is the place filter's to widen, not search's.
    """
    parts = [event.title, event.summary, event.place]
    parts += [actor.name for actor in actors]
    parts += [name for place in places for name in (place.name, *place.aliases)]
    parts += [passage.text for passage in passages]
    parts += sorted({passage.source.publisher for passage in passages})
    return fold_for_search(" \n ".join(parts))
