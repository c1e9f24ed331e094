"""What the system proposes when a curator turns words of an article into an event:
the actors the words name, a kind when the words make it plain, a title to edit,
and the events already in the record that the words may report."""

from __future__ import annotations

import re
from datetime import date

from django.db.models import Count, Q

from ..models import Actor, Event, Place
from ..models.places import drawn_in

# Words that make an event's kind plain, most specific first.
KIND_WORDS = [
    (r"drone strikes?|air ?strikes?|missile strikes?|bomb(?:ed|ing)", Event.Kind.AIR_STRIKE),
    (r"raid(?:s|ed)?", Event.Kind.RAID),
    (r"summit", Event.Kind.SUMMIT),
    (r"arrest(?:s|ed)?|detain(?:s|ed)?|detention", Event.Kind.ARREST),
    (r"kidnap(?:s|ped)?|captured?|hostage", Event.Kind.CAPTURE),
    (r"sentenced|convicted|court|verdict|ruling", Event.Kind.COURT_RULING),
    (r"designat(?:e|es|ed|ion)", Event.Kind.DESIGNATION),
    (r"released?|freed", Event.Kind.RELEASE),
    (r"talks|negotiat\w+", Event.Kind.NEGOTIATION),
    (r"visit(?:s|ed)?", Event.Kind.DIPLOMATIC_VISIT),
    (r"met|meeting|meets", Event.Kind.MEETING),
    (r"(?:suicide )?attack(?:s|ed)?|ambush(?:ed)?|bombers?", Event.Kind.ATTACK),
    (r"shell(?:ing|ed)|cross-border fire|border clash", Event.Kind.BORDER_CLASH),
    (
        r"(?:re)?open(?:s|ed)?|clos(?:e|es|ed|ure)|suspend(?:s|ed)?|halt(?:s|ed)?|cut",
        Event.Kind.POLICY_DECISION,
    ),
    (r"apologi[sz](?:e|es|ed)|said|says|told|warned|accused", Event.Kind.STATEMENT),
]
TITLE_LIMIT = 120
# Words before a place's name that put something there.
LOCATING = r"(?i:\b(?:in|at|near|inside|outside|across|along|on|over|into) (?:the )?)"


def proposed_headline(raw_text: str) -> str:
    """The first line of a pasted page when it reads as a headline ('' if not): short,
    not a sentence ending in a full stop."""
    first = next((line.strip() for line in raw_text.splitlines() if line.strip()), "")
    if 3 <= len(first) <= 300 and len(first.split()) <= 25 and not first.endswith("."):
        return first
    return ""


def proposed_actors(text: str, known=None) -> list[Actor]:
    """The known actors the text names, by their name or an alias (whole words).

    An alias in capitals (ISI, TTP) must match its case; a name matches in any case.
    `known` is every actor, when many texts are read at once.
    """
    found = []
    for actor in known if known is not None else Actor.objects.order_by("name"):
        for name in [actor.name, *actor.aliases]:
            flags = 0 if name.isupper() else re.IGNORECASE
            if re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text, flags):
                found.append(actor)
                break
    return found


def proposed_places(text: str) -> list[tuple[Place, str]]:
    """The known places the text puts something in ("in Abbottabad", "at Salala",
    "near the Afghan border": a name or alias, whole words, after in, at, near...;
    an alias in capitals, as US or KP, in its case), each with the precision it can
    be drawn at. A place merely named ("returning Taliban rule to Afghanistan") is
    not where anything happened.

    The longest names are read first and their words taken, so "Khyber Pakhtunkhwa"
    is not also the Khyber Agency; only the most specific place is kept, so
    "Abbottabad, Pakistan" proposes Abbottabad, not Pakistan as well.
    """
    gazetteer = Place.objects.in_bulk()
    names = sorted(
        ((name, place) for place in gazetteer.values() for name in [place.name, *place.aliases]),
        key=lambda pair: -len(pair[0]),
    )
    named, rest = set(), text
    for name, place in names:
        flags = 0 if name.isupper() else re.IGNORECASE
        pattern = re.compile(rf"{LOCATING}{re.escape(name)}(?![\w-])", flags)
        if pattern.search(rest):
            named.add(place.pk)
            rest = pattern.sub(lambda m: " " * len(m.group()), rest)
    within = set()  # places some other named place lies within
    for pk in named:
        parent = gazetteer[pk].parent_id
        while parent is not None and parent not in within:
            within.add(parent)
            parent = gazetteer[parent].parent_id
    found = []
    for pk in sorted(named - within, key=lambda pk: gazetteer[pk].name):
        drawn = drawn_in(gazetteer[pk], gazetteer)
        found.append((gazetteer[pk], drawn.kind if drawn is not None else "region"))
    return found


def proposed_kind(text: str) -> str:
    """The kind the words make plain, or 'other' for the curator to choose."""
    for pattern, kind in KIND_WORDS:
        if re.search(rf"\b(?:{pattern})\b", text, re.IGNORECASE):
            return kind
    return Event.Kind.OTHER


def proposed_title(sentence: str) -> str:
    """The sentence as a headline to edit: its first clause, whole words, no full stop."""
    clause = re.split(r"(?<=[a-z])[;:—]|, (?:which|who|after|as|while|but|and) ", sentence)[0]
    clause = clause.strip().rstrip(".")
    if len(clause) <= TITLE_LIMIT:
        return clause
    return clause[: clause.rfind(" ", 0, TITLE_LIMIT)].rstrip(",;") + "…"


def similar_events(earliest: date, latest: date, actors=(), exclude: int | None = None):
    """Events whose dates overlap [earliest, latest], those sharing the most actors first:
    the events a new report of the same thing would duplicate."""
    events = Event.objects.filter(start_earliest__lte=latest, last_day__gte=earliest)
    if exclude:
        events = events.exclude(pk=exclude)
    actor_ids = [actor.pk for actor in actors]
    return events.annotate(
        shared=Count("event_actors", filter=Q(event_actors__actor_id__in=actor_ids), distinct=True)
    ).order_by("-shared", "start_earliest", "slug")


def duplicates(earliest: date, latest: date, actors=(), exclude: int | None = None) -> list:
    """The similar events that share an actor (or any overlapping event when no actor is named)."""
    events = similar_events(earliest, latest, actors, exclude)[:5]
    return [e for e in events if e.shared or not actors]
