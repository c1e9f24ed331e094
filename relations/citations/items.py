"""What is cited, as CSL-JSON items: an article, or an entry of this timeline.

An approximate date is cited at its precision ('June 2012').
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.utils import timezone


def date_parts(day: date, precision: str) -> list[int]:
    return {
        "day": [day.year, day.month, day.day],
        "month": [day.year, day.month],
        "year": [day.year],
    }[precision]


def typographic(text: str) -> str:
    """Titles cite with typographic apostrophes: Pakistan's → Pakistan’s."""
    return text.replace("'", "’")


def person(name: str) -> dict:
    given, _, family = name.strip().rpartition(" ")
    return {"family": family, "given": given} if given else {"literal": family}


def source_item(source) -> dict:
    # A video's transcript on its publisher's site is cited as a web page of that kind.
    transcript = source.kind == source.Kind.VIDEO_TRANSCRIPT
    item = {
        "id": source.slug,
        "type": "webpage" if transcript else "article-newspaper",
        # CSL wants titles in sentence case; the styles that want title case make it.
        "title": typographic(source.sentence_title or source.title),
        "container-title": source.publisher,
        "issued": {"date-parts": [date_parts(source.published, source.published_precision)]},
    }
    if transcript:
        item["genre"] = "video transcript"  # the styles capitalise it where a sentence starts
    if source.authors:
        item["author"] = [person(name) for name in source.authors]
    if source.url:
        item["URL"] = source.url
    return item


def event_item(event) -> dict:
    """The timeline entry itself, as a web page of this site."""
    return {
        "id": f"timeline-{event.slug}",
        "type": "webpage",
        "title": typographic(event.title),
        "container-title": settings.SITE_NAME,
        "issued": {"date-parts": [date_parts(event.revised, "day")]},  # its last real change
        "accessed": {"date-parts": [date_parts(timezone.localdate(), "day")]},
        "URL": settings.SITE_BASE_URL + event.get_absolute_url(),
    }
