"""Words of an article made into the record: a draft event proposed from a date mention
or from words a curator selected, those words cited in an existing event, or a
reasoned 'not an event'. The admin's source page, the work queue and the loader's
rules meet here: every citation made backs something, as the evidence rules ask."""

from __future__ import annotations

from ..models import (
    Citation,
    DateMention,
    Event,
    EventActor,
    EventPlace,
    NotAnEvent,
    Passage,
)
from ..text.anchoring import unique_context
from ..text.dates import DateTextError, FuzzyDate, format_fuzzy, parse_date_text
from ..text.sentences import sentence_around
from ..text.slugs import whole_word_slug
from .changes import batch
from .evidence import Item, evidence_lists, save_evidence
from .proposals import proposed_actors, proposed_kind, proposed_places, proposed_title

PROPOSED_ROLE = "named in the report"


def mention_date(mention: DateMention) -> FuzzyDate:
    """The mention's date as a person would write it (its start, if no form fits the span)."""
    try:
        return parse_date_text(
            format_fuzzy(mention.earliest, mention.latest, mention.precision, None)
        )
    except DateTextError:
        return parse_date_text(
            format_fuzzy(mention.earliest, mention.earliest, mention.precision, None)
        )


def free_slug(base: str) -> str:
    slug, number = base, 2
    while Event.objects.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


def free_key(event: Event | None, passage: Passage) -> str:
    """A citation key not yet used by the event: 'reuters-4', 'reuters-4-2', …"""
    base = whole_word_slug(f"{passage.source.publisher} {passage.number}", 60) or "cited"
    taken = set(event.citations.values_list("key", flat=True)) if event and event.pk else set()
    key, number = base, 2
    while key in taken:
        key, number = f"{base}-{number}", number + 1
    return key


def cite(event: Event, passage: Passage, start: int, end: int) -> Citation:
    """A citation of passage text [start, end) by the event, anchored by its words."""
    prefix, suffix = unique_context(passage.source.text, passage.start + start, passage.start + end)
    return Citation.objects.create(
        event=event,
        key=free_key(event, passage),
        passage=passage,
        quote=passage.text[start:end],
        prefix=prefix,
        suffix=suffix,
        start=start,
        end=end,
    )


def draft_event(passage: Passage, start: int, end: int, when: FuzzyDate) -> Event:
    """A draft proposed from words of a passage: dated `when`, the words its one claim
    with the citation as its evidence, and the actors and places the words name, a kind
    if the words make it plain, and a title to edit. The curator decides on each."""
    words = passage.text[start:end]
    actors = proposed_actors(words)
    places = proposed_places(words)
    with batch():
        event = Event(
            slug=free_slug(whole_word_slug(f"draft {proposed_title(words)}", 100) or "draft"),
            title=proposed_title(words),
            place="; ".join(place.name for place, _ in places),
            kind=proposed_kind(words),
            tone=Event.Tone.NEUTRAL,
            significance=Event.Significance.MINOR,
            published=False,
        )
        event.start = when
        event.save()
        citation = cite(event, passage, start, end)
        EventActor.objects.bulk_create(
            EventActor(event=event, actor=actor, role=PROPOSED_ROLE) for actor in actors
        )
        EventPlace.objects.bulk_create(
            EventPlace(event=event, place=place, precision=precision) for place, precision in places
        )
        evidence = [Item(citation.key)]
        targets = {"date": evidence}
        targets |= {"actors": evidence} if actors else {}
        targets |= {"place": evidence} if places else {}
        save_evidence(event, [(words, evidence)], targets)
    return event


def draft_from_mention(mention: DateMention) -> Event:
    """A draft event dated by the mention, citing the sentence that holds it."""
    passage = mention.passage
    start, end = sentence_around(passage.text, mention.start, mention.end)
    return draft_event(passage, start, end, mention_date(mention))


def add_to_event(event: Event, passage: Passage, start: int, end: int, backs: str) -> Citation:
    """Cite words of a passage in an existing event as evidence of `backs`: "date",
    "place", "actors", or "claim-N" (its Nth claim); or, with "new-claim", the words
    become a new claim of their own. Two reports of one event are one event with two
    sources."""
    if event.citations.filter(passage=passage, start=start).exists():
        raise ValueError("the event cites these words already")
    with batch():
        citation = cite(event, passage, start, end)
        claims, targets, links = evidence_lists(event)
        item = Item(citation.key)
        if backs == "new-claim":
            claims.append((passage.text[start:end], [item]))
        elif backs.startswith("claim-"):
            position = int(backs.removeprefix("claim-")) - 1
            if not 0 <= position < len(claims):
                raise ValueError(f"the event has no claim {position + 1}")
            claims[position][1].append(item)
        elif backs in targets:
            targets[backs].append(item)
        else:
            raise ValueError(f"cannot back “{backs}”")
        link_rows = list(event.links_in.all())
        save_evidence(
            event,
            claims,
            targets,
            [(link, links.get(link.pk, [])) for link in link_rows],
        )
    return citation


def mention_to_event(mention: DateMention, event: Event) -> Citation:
    """The sentence holding the mention, cited by an existing event as evidence of its date."""
    passage = mention.passage
    start, end = sentence_around(passage.text, mention.start, mention.end)
    return add_to_event(event, passage, start, end, "date")


def mark_not_an_event(mention: DateMention, reason: str) -> NotAnEvent:
    passage = mention.passage
    prefix, suffix = unique_context(
        passage.source.text, passage.start + mention.start, passage.start + mention.end
    )
    return NotAnEvent.objects.create(
        passage=passage,
        quote=mention.text,
        prefix=prefix,
        suffix=suffix,
        start=mention.start,
        end=mention.end,
        reason=reason[:2000],
    )
