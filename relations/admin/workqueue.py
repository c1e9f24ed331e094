"""The work queue: what the articles say that the timeline does not (yet)."""

from __future__ import annotations

from collections import defaultdict

from django.contrib import admin, messages
from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_GET, require_POST

from ..models import Actor, Citation, DateMention, Event, Passage, Source
from ..store.drafts import mark_not_an_event
from ..store.evidence import gaps
from ..store.proposals import proposed_actors, similar_events
from ..text.sentences import sentence_around


def uncited_mentions() -> dict[Source, list[DateMention]]:
    """Date mentions that no citation covers and no 'not an event' mark explains, each
    with the events it may belong to (`candidates`: overlapping dates, shared actors first)."""
    passages = Passage.objects.select_related("source").prefetch_related(
        "mentions", "citations", "not_events"
    )
    groups: dict[Source, list[DateMention]] = defaultdict(list)
    known = list(Actor.objects.order_by("name"))
    for passage in passages:
        marks = [*passage.citations.all(), *passage.not_events.all()]
        for mention in passage.mentions.all():
            if not any(mark.covers(mention.start, mention.end) for mark in marks):
                mention.passage = passage
                start, end = sentence_around(passage.text, mention.start, mention.end)
                actors = proposed_actors(passage.text[start:end], known)
                mention.candidates = similar_events(mention.earliest, mention.latest, actors)[:6]
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
    ).in_timeline_order()
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


def require_perm(request, codename: str) -> None:
    if not request.user.has_perm(f"relations.{codename}"):
        raise PermissionDenied


def evidence_gaps() -> tuple[list, list]:
    """(drafts, published events with missing or partial evidence), each with its gaps."""
    events = Event.objects.prefetch_related(
        "claims", "event_actors", "event_places", "evidence"
    ).in_timeline_order()
    drafts, thin = [], []
    for event in events:
        found = gaps(event)
        if not event.published:
            drafts.append((event, found))
        elif found:
            thin.append((event, found))
    return drafts, thin


@staff_member_required
@require_GET
def work_queue(request):
    require_perm(request, "view_event")
    single = Event.objects.filter(source_count=1).in_timeline_order()
    drafts, thin = evidence_gaps()
    context = {
        **admin.site.each_context(request),
        "title": "Work queue",
        "drafts": drafts,
        "thin": thin,
        "draft_sources": Source.objects.exclude(status=Source.Status.PUBLIC).defer(
            *Source.BODY_FIELDS
        ),
        "uncited": uncited_mentions(),
        "single_source": single,
        "disagreeing": dates_disagreeing(),
    }
    return render(request, "admin/relations/work_queue.html", context)


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
    mark_not_an_event(mention, reason)
    passage = mention.passage
    messages.success(
        request,
        f"“{mention.text}” ({passage.source.publisher} ¶{passage.number}) marked as not an event.",
    )
    return redirect(reverse("admin:relations_work_queue") + f"#source-{passage.source.slug}")


def urls():
    return [
        path("work-queue/", admin.site.admin_view(work_queue), name="relations_work_queue"),
        path(
            "work-queue/<int:mention_id>/not-an-event/",
            admin.site.admin_view(mention_not_an_event),
            name="relations_not_an_event",
        ),
    ]
