"""The work queue: what the articles say that the timeline does not (yet)."""

from __future__ import annotations

import re
from collections import defaultdict

from django.contrib import admin, messages
from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_POST

from ..anchoring import unique_context
from ..dates import DateTextError, FuzzyDate, format_fuzzy, parse_date_text
from ..models import Citation, DateMention, Event, NotAnEvent, Passage, Source
from ..search import DERIVED_PREFETCH, refresh_derived_fields

_SENTENCE_END = re.compile(r"[.!?][\"”’)]*(?=\s+[\"“‘(]?[A-Z])")
# Words whose full stop does not end a sentence ('Lt. Gen.', 'Nov.').
_ABBREVIATIONS = {"Mr", "Mrs", "Ms", "Dr", "Gen", "Lt", "Col", "Maj", "Capt", "Sgt", "No", "St", "Jan", "Feb", "Aug", "Sept", "Sep", "Oct", "Nov", "Dec", "Rep", "Sen", "Gov", "Adm", "Pfc"}  # fmt: skip


def _sentence_ends(text: str, start: int = 0, stop: int | None = None):
    for match in _SENTENCE_END.finditer(text, start, len(text) if stop is None else stop):
        word = re.search(r"([\w.]+)$", text[: match.start()])
        token = word.group(1) if word else ""
        if token in _ABBREVIATIONS or re.fullmatch(r"(?:[A-Z]\.)*[A-Z]", token):
            continue  # 'Lt. Gen.', 'U.S.': not the end of a sentence
        yield match.end()


def sentence_around(text: str, start: int, end: int) -> tuple[int, int]:
    """The span of the sentence holding text[start:end]."""
    left = max(_sentence_ends(text, 0, start), default=0)
    right = next(_sentence_ends(text, end), len(text))
    while left < start and text[left].isspace():
        left += 1
    return left, right


def uncited_mentions() -> dict[Source, list[DateMention]]:
    """Date mentions that no citation covers and no 'not an event' mark explains."""
    passages = Passage.objects.select_related("source").prefetch_related(
        "mentions", "citations", "not_events"
    )
    groups: dict[Source, list[DateMention]] = defaultdict(list)
    for passage in passages:
        marks = [*passage.citations.all(), *passage.not_events.all()]
        for mention in passage.mentions.all():
            if not any(mark.covers(mention.start, mention.end) for mark in marks):
                mention.passage = passage
                groups[passage.source].append(mention)
    return dict(sorted(groups.items(), key=lambda item: (item[0].published, item[0].slug)))


def dates_disagreeing() -> list[tuple[Event, list[tuple[DateMention, Citation]]]]:
    """Events none of whose cited date mentions falls within the event's dates."""
    events = Event.objects.prefetch_related(
        Prefetch(
            "citations",
            queryset=Citation.objects.select_related("passage").prefetch_related(
                "passage__mentions"
            ),
        )
    ).chronological()
    found = []
    for event in events:
        cited = [
            (mention, citation)
            for citation in event.citations.all()
            for mention in citation.passage.mentions.all()
            if citation.covers(mention.start, mention.end)
        ]
        last_day = event.last_day or event.start_latest
        agrees = any(m.earliest <= last_day and event.start_earliest <= m.latest for m, _ in cited)
        if cited and not agrees:
            found.append((event, cited))
    return found


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


def require_perm(request, codename: str) -> None:
    if not request.user.has_perm(f"relations.{codename}"):
        raise PermissionDenied


@staff_member_required
@require_GET
def work_queue(request):
    require_perm(request, "view_event")
    single = Event.objects.filter(source_count=1).chronological()
    context = {
        **admin.site.each_context(request),
        "title": "Work queue",
        "uncited": uncited_mentions(),
        "single_source": single,
        "disagreeing": dates_disagreeing(),
    }
    return render(request, "admin/relations/work_queue.html", context)


@staff_member_required
@require_POST
@transaction.atomic
def event_from_mention(request, mention_id: int):
    """A draft event dated by the mention, citing the sentence that holds it."""
    require_perm(request, "add_event")
    mention = get_object_or_404(
        DateMention.objects.select_related("passage__source"), pk=mention_id
    )
    passage = mention.passage
    start, end = sentence_around(passage.text, mention.start, mention.end)
    sentence = passage.text[start:end]
    prefix, suffix = unique_context(passage.source.text, passage.start + start, passage.start + end)
    base = slugify(f"draft {passage.source.publisher} {mention.text}")[:100] or "draft"
    slug, number = base, 2
    while Event.objects.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    event = Event(
        slug=slug,
        title=f"Draft: {sentence[:180]}",
        summary=sentence,
        place="",
        kind=Event.Kind.OTHER,
        tone=0,
        significance=1,
        published=False,
    )
    event.start = mention_date(mention)
    event.save()
    Citation.objects.create(
        event=event,
        passage=passage,
        quote=sentence,
        prefix=prefix,
        suffix=suffix,
        start=start,
        end=end,
    )
    refresh_derived_fields(Event.objects.filter(pk=event.pk).prefetch_related(*DERIVED_PREFETCH))
    messages.success(
        request,
        f"Draft created from “{mention.text}” ({passage.source.publisher} ¶{passage.number}). "
        "Give it a title, kind, tone and actors, then publish it.",
    )
    return redirect("admin:relations_event_change", event.pk)


@staff_member_required
@require_POST
@transaction.atomic
def mention_not_an_event(request, mention_id: int):
    require_perm(request, "add_notanevent")
    mention = get_object_or_404(
        DateMention.objects.select_related("passage__source"), pk=mention_id
    )
    reason = (request.POST.get("reason") or "").strip()
    if not reason:
        messages.error(request, f"Say why “{mention.text}” is not an event; nothing was marked.")
        return redirect("admin:relations_work_queue")
    passage = mention.passage
    prefix, suffix = unique_context(
        passage.source.text, passage.start + mention.start, passage.start + mention.end
    )
    NotAnEvent.objects.create(
        passage=passage,
        quote=mention.text,
        prefix=prefix,
        suffix=suffix,
        start=mention.start,
        end=mention.end,
        reason=reason[:2000],
    )
    messages.success(
        request,
        f"“{mention.text}” ({passage.source.publisher} ¶{passage.number}) marked as not an event.",
    )
    return redirect(reverse("admin:relations_work_queue") + f"#source-{passage.source.slug}")


def urls():
    return [
        path("work-queue/", admin.site.admin_view(work_queue), name="relations_work_queue"),
        path(
            "work-queue/<int:mention_id>/event/",
            admin.site.admin_view(event_from_mention),
            name="relations_event_from_mention",
        ),
        path(
            "work-queue/<int:mention_id>/not-an-event/",
            admin.site.admin_view(mention_not_an_event),
            name="relations_not_an_event",
        ),
    ]
