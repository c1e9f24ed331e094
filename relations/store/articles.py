"""An article's text → its passages, re-anchored quotes and date mentions.

An article is read and cleaned by text.cleaning.read_article(); then
`check_article()` checks that every quote anchored in the source can still be
placed in it (the admin's form and the loader both ask it first), and
`store_article()` writes it.

Unchanged paragraphs keep their passage row (and so their citations and
number, as long as nothing before them was added or removed); an edited
paragraph keeps its row when it still stands in the same place. Citations are
re-anchored by their quotes; if any can no longer be placed, nothing changes
and every one of them is named.
"""

from __future__ import annotations

from difflib import SequenceMatcher

from ..models import Citation, DateCorrection, Event, NotAnEvent, Passage, Source
from ..text.anchoring import QuoteAmbiguous, QuoteNotFound, anchor_quote
from ..text.cleaning import CleanArticle, fingerprint
from .changes import data_changed, events_changed
from .mentions import refresh_mentions


class DuplicateArticle(ValueError):
    """The text is already another source's: pasting it twice is a mistake."""

    def __init__(self, existing: Source):
        super().__init__(f"this text is already the source '{existing.slug}' ({existing})")
        self.existing = existing


class OrphanedCitations(ValueError):
    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


def describe(item) -> str:
    if isinstance(item, Citation):
        return f"citation {item.pk} of event '{item.event.slug}'"
    if isinstance(item, DateCorrection):
        return f"the date correction of “{item.quote}”"
    return f"the 'not an event' mark on “{item.quote}”"


def passage_index_at(article: CleanArticle, start: int, end: int) -> int | None:
    """The index of the passage holding [start, end), or None if it spans two."""
    for index, (p_start, p_end, _) in enumerate(article.passages):
        if p_start <= start and end <= p_end:
            return index
    return None


def place_quote(article: CleanArticle, quote: str, prefix: str = "", suffix: str = ""):
    """(passage index, start, end within the passage) for a quote in the article."""
    anchor = anchor_quote(article.text, quote, prefix, suffix)
    index = passage_index_at(article, anchor.start, anchor.end)
    if index is None:
        raise QuoteNotFound("the quote runs across two passages; cite each passage separately")
    p_start = article.passages[index][0]
    return index, anchor.start - p_start, anchor.end - p_start


def place_anchored(source: Source, article: CleanArticle):
    """Where each quote anchored in this source (citations, 'not an event'
    marks, date corrections) lands in the new text: (items, {id(item): placement}).

    Raises OrphanedCitations naming every quote that can no longer be placed.
    """
    anchored = [
        *Citation.objects.filter(passage__source=source).select_related("event"),
        *NotAnEvent.objects.filter(passage__source=source),
        *DateCorrection.objects.filter(passage__source=source),
    ]
    placements, problems = {}, []
    for item in anchored:
        try:
            placements[id(item)] = place_quote(article, item.quote, item.prefix, item.suffix)
        except (QuoteNotFound, QuoteAmbiguous) as error:
            problems.append(
                f"{describe(item)} can no longer be placed in source '{source.slug}': {error}"
            )
    if problems:
        raise OrphanedCitations(problems)
    return anchored, placements


def check_article(source: Source, article: CleanArticle) -> None:
    """Whether this article can be the source's text: raises DuplicateArticle if it is
    another source's already, and OrphanedCitations naming every quote anchored in the
    source that could no longer be placed."""
    others = Source.objects.exclude(pk=source.pk) if source.pk else Source.objects.all()
    checksum = fingerprint(article.raw.encode("utf-8"))
    if existing := others.filter(raw_sha256=checksum).defer(*Source.BODY_FIELDS).first():
        raise DuplicateArticle(existing)
    if source.pk:
        place_anchored(source, article)


def status_problem(source: Source) -> str:
    """Why the source cannot take its status ('' if it can): only a source that no
    published event cites may be a draft or withdrawn."""
    if source.status == Source.Status.PUBLIC or source.pk is None:
        return ""
    citing = (
        Event.objects.filter(published=True, citations__passage__source=source)
        .distinct()
        .order_by("slug")
    )
    slugs = list(citing.values_list("slug", flat=True)[:6])
    if not slugs:
        return ""
    shown = ", ".join(slugs[:5]) + (", …" if len(slugs) > 5 else "")
    return (
        f"published events cite it ({shown}): make them drafts or cite another source "
        f"before it becomes {source.status}"
    )


def store_article(source: Source, article: CleanArticle) -> bool:
    """Save the source with this article's text and bring its passages in line;
    True if the passages changed. Call check_article() first."""
    source.raw_text, source.text = article.raw, article.text
    source.byline, source.correction = article.byline, article.correction
    source.raw_sha256 = fingerprint(article.raw.encode("utf-8"))
    dated_anew = (
        source.pk is not None
        and Source.objects.filter(pk=source.pk).exclude(published=source.published).exists()
    )
    source.save()
    changed = resplit(source, article)
    if dated_anew and not changed:
        refresh_mentions(source, list(source.passages.all()))
    return changed


def resplit(source: Source, article: CleanArticle) -> bool:
    """Store the article's passages for `source`; True if anything changed."""
    old = list(source.passages.all())
    new_texts = article.passage_texts()
    if [(p.text, p.is_heading) for p in old] == [
        (text, heading) for text, (_, _, heading) in zip(new_texts, article.passages, strict=True)
    ] and [(p.start, p.end) for p in old] == [(s, e) for s, e, _ in article.passages]:
        return False

    anchored, placements = place_anchored(source, article)

    # Keep rows for paragraphs that stayed, or were edited in place.
    kept: dict[int, Passage] = {}
    matcher = SequenceMatcher(a=[p.text for p in old], b=new_texts, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal" or (tag == "replace" and i2 - i1 == j2 - j1):
            for offset in range(i2 - i1):
                kept[j1 + offset] = old[i1 + offset]

    # Numbers are unique per source: park kept rows out of the way first.
    for passage in kept.values():
        passage.number += 1_000_000
    Passage.objects.bulk_update(kept.values(), ["number"])

    final: list[Passage] = []
    for index, (start, end, heading) in enumerate(article.passages):
        passage = kept.get(index) or Passage(source=source)
        passage.number, passage.text = index + 1, new_texts[index]
        passage.start, passage.end, passage.is_heading = start, end, heading
        final.append(passage)
    Passage.objects.bulk_update(
        [p for p in final if p.pk], ["number", "text", "start", "end", "is_heading"]
    )
    Passage.objects.bulk_create([p for p in final if not p.pk])

    for item in anchored:
        index, start, end = placements[id(item)]
        item.passage, item.start, item.end = final[index], start, end
    for model in (Citation, NotAnEvent, DateCorrection):
        model.objects.bulk_update(
            [item for item in anchored if isinstance(item, model)], ["passage", "start", "end"]
        )

    kept_ids = {p.pk for p in final}
    source.passages.exclude(pk__in=kept_ids).delete()
    refresh_mentions(source, final)
    # The citing events' search documents hold the passages' text.
    events_changed({item.event_id for item in anchored if isinstance(item, Citation)})
    data_changed()
    return True
