"""An article's date mentions: read off its passages, with curators' corrections applied."""

from __future__ import annotations

from datetime import date

from ..models import DateCorrection, DateMention, Passage, Source
from ..text.calendar_words import month_end
from ..text.dates import DAY, MONTH
from ..text.mentions import find_mentions


def last_publication_day(source: Source) -> date:
    """The last day the source may have been published ('June 2012' → 30 June 2012)."""
    day = source.published
    if source.published_precision == DAY:
        return day
    if source.published_precision == MONTH:
        return month_end(day.year, day.month)
    return date(day.year, 12, 31)


def refresh_mentions(source: Source, passages: list[Passage] | None = None) -> None:
    """Date mentions of every passage, resolved against the publication date;
    where a curator corrected a reading (DateCorrection), theirs is kept."""
    if passages is None:
        passages = list(source.passages.all())
    corrections: dict[int, list[DateCorrection]] = {}
    for correction in DateCorrection.objects.filter(passage__source=source):
        corrections.setdefault(correction.passage_id, []).append(correction)
    rows = []
    for passage in passages:
        found = [
            DateMention(
                passage=passage,
                start=m.start,
                end=m.end,
                text=m.text,
                earliest=m.date.earliest,
                latest=m.date.latest,
                precision=m.date.precision,
            )
            for m in find_mentions(
                passage.text, source.published, latest_published=last_publication_day(source)
            )
        ]
        for correction in corrections.get(passage.pk, []):
            # The corrected words replace whatever was read over them.
            found = [m for m in found if not correction.covers(m.start, m.end)]
            found.append(
                DateMention(
                    passage=passage,
                    start=correction.start,
                    end=correction.end,
                    text=correction.quote,
                    earliest=correction.earliest,
                    latest=correction.latest,
                    precision=correction.precision,
                    correction=correction,
                )
            )
        rows.extend(found)
    DateMention.objects.filter(passage__source=source).delete()
    DateMention.objects.bulk_create(rows)
