"""What the work queue makes of a date mention: a draft event, or a reasoned 'not an event'."""

from __future__ import annotations

from ..models import Citation, DateMention, Event, NotAnEvent
from ..text.anchoring import unique_context
from ..text.dates import DateTextError, FuzzyDate, format_fuzzy, parse_date_text
from ..text.sentences import sentence_around
from ..text.slugs import whole_word_slug
from .changes import batch
from .evidence import Item, save_evidence


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


def draft_from_mention(mention: DateMention) -> Event:
    """A draft event dated by the mention, citing the sentence that holds it."""
    passage = mention.passage
    start, end = sentence_around(passage.text, mention.start, mention.end)
    sentence = passage.text[start:end]
    prefix, suffix = unique_context(passage.source.text, passage.start + start, passage.start + end)
    with batch():
        event = Event(
            slug=free_slug(
                whole_word_slug(f"draft {passage.source.publisher} {mention.text}", 100) or "draft"
            ),
            title=f"Draft: {sentence[:180]}",
            place="",
            kind=Event.Kind.OTHER,
            tone=Event.Tone.NEUTRAL,
            significance=Event.Significance.MINOR,
            published=False,
        )
        event.start = mention_date(mention)
        event.save()
        key = whole_word_slug(f"{passage.source.publisher} {passage.number}", 60)
        Citation.objects.create(
            event=event,
            key=key,
            passage=passage,
            quote=sentence,
            prefix=prefix,
            suffix=suffix,
            start=start,
            end=end,
        )
        # The citing sentence is the draft's one claim, and dates it.
        save_evidence(event, [(sentence, [Item(key)])], {"date": [Item(key)]})
    return event


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
