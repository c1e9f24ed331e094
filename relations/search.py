"""Free-text search over events: titles, summaries, actors and cited passages.

Text is folded (case, typography, hyphens) so that 'al-Qaeda', 'al Qaeda' and
'Al Qaeda' are one; a query word that names an actor also matches the actor's
other names ('al-Qaida' finds 'al-Qaeda', 'TTP' finds 'Tehrik-i-Taliban
Pakistan').
"""

from __future__ import annotations

import re
import unicodedata
from functools import reduce
from operator import or_

from django.db.models import Q

from .anchoring import normalise

_NON_WORD = re.compile(r"[^\w]+")


def fold_for_search(text: str) -> str:
    text = unicodedata.normalize("NFKD", normalise(text)).casefold()
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " " + " ".join(_NON_WORD.sub(" ", text).split()) + " "


def event_document(event, actors, passages) -> str:
    parts = [event.title, event.summary, event.place]
    for actor in actors:
        parts += [actor.name, *actor.aliases]
    parts += [passage.text for passage in passages]
    return fold_for_search(" \n ".join(parts))


def refresh_search_documents(events) -> int:
    """Rebuild the search document of each event; the number that changed."""
    from .models import Event

    changed = []
    for event in events:
        actors = [link.actor for link in event.event_actors.all()]
        passages = {c.passage_id: c.passage for c in event.citations.all()}.values()
        document = event_document(event, actors, passages)
        if event.search_document != document:
            event.search_document = document
            changed.append(event)
    Event.objects.bulk_update(changed, ["search_document"])
    return len(changed)


def query_terms(q: str) -> list[str]:
    """Phrases in double quotes stay together; other words stand alone."""
    terms = []
    for phrase, word in re.findall(r'"([^"]+)"|(\S+)', normalise(q)):
        folded = fold_for_search(phrase or word).strip()
        if folded:
            terms.append(folded)
    return terms


def variants(term: str, actors) -> set[str]:
    """The term, plus every name of an actor one of whose names it is."""
    found = {term}
    for actor in actors:
        names = {fold_for_search(name).strip() for name in [actor.name, *actor.aliases]}
        if term in names:
            found |= names
    return found


def matching_events(queryset, q: str):
    from .models import Actor

    terms = query_terms(q)
    if not terms:
        return queryset
    actors = list(Actor.objects.only("name", "aliases"))
    for term in terms:
        # Words match from their start: 'raid' finds 'raids', not 'afraid'.
        queryset = queryset.filter(
            reduce(or_, (Q(search_document__contains=f" {v}") for v in variants(term, actors)))
        )
    return queryset
