"""From words of an article to the record, in a few clicks: a draft from a date mention
or from selected words, or those words added to an event already in the record (two
reports of one event are one event with two sources), and dates read back as typed."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import admin, messages
from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ..models import DateMention, Event, Passage
from ..store.drafts import add_to_event, draft_event, draft_from_mention, free_key, mention_date
from ..store.proposals import duplicates, proposed_actors, similar_events
from ..text.dates import DateTextError, parse_date_text
from ..text.sentences import sentence_around


def require_perm(request, codename: str) -> None:
    if not request.user.has_perm(f"relations.{codename}"):
        raise PermissionDenied


def _mention(mention_id: int) -> DateMention:
    return get_object_or_404(DateMention.objects.select_related("passage__source"), pk=mention_id)


def _sentence(mention: DateMention) -> tuple[int, int]:
    return sentence_around(mention.passage.text, mention.start, mention.end)


@staff_member_required
@require_POST
@transaction.atomic
def event_from_mention(request, mention_id: int):
    """A draft dated by the mention, with its actors, kind and evidence proposed; first,
    if the record may hold the event already, the curator is asked."""
    require_perm(request, "add_event")
    mention = _mention(mention_id)
    start, end = _sentence(mention)
    actors = proposed_actors(mention.passage.text[start:end])
    when = mention_date(mention)
    candidates = duplicates(when.earliest, when.latest, actors)
    if candidates and not request.POST.get("anyway"):
        context = {
            **admin.site.each_context(request),
            "title": "Is this an event already in the record?",
            "mention": mention,
            "words": mention.passage.text[start:end],
            "candidates": candidates,
            "actors": actors,
        }
        return render(request, "admin/relations/maybe_duplicate.html", context)
    event = draft_from_mention(mention)
    passage = mention.passage
    messages.success(
        request,
        f"Draft created from “{mention.text}” ({passage.source.publisher} ¶{passage.number}), "
        f"with {event.event_actors.count()} actor(s) and its evidence proposed. Check the title, "
        "kind, actors and roles, then publish it.",
    )
    return redirect("admin:relations_event_change", event.pk)


@staff_member_required
@require_POST
@transaction.atomic
def mention_to_event(request, mention_id: int):
    """The mention's sentence cited by an existing event, as evidence of its date."""
    require_perm(request, "change_event")
    mention = _mention(mention_id)
    event = get_object_or_404(Event, pk=request.POST.get("event") or 0)
    start, end = _sentence(mention)
    return _add(request, event, mention.passage, start, end, "date")


def _add(request, event: Event, passage: Passage, start: int, end: int, backs: str):
    """Add the words to a draft at once; a published event's page opens with the
    citation filled in, for the curator to save (and, under review, a second to approve)."""
    if event.published:
        query = {"cite_passage": passage.pk, "cite_start": start, "cite_end": end, "backs": backs}
        url = reverse("admin:relations_event_change", args=[event.pk])
        messages.info(request, "The citation is filled in below: check it and save.")
        return redirect(f"{url}?{urlencode(query)}")
    try:
        citation = add_to_event(event, passage, start, end, backs)
    except ValueError as error:
        messages.error(request, f"Nothing was added: {error}.")
        return redirect("admin:relations_event_change", event.pk)
    messages.success(
        request,
        f"{passage.source.publisher} ¶{passage.number} is now cited by this event "
        f"(key “{citation.key}”).",
    )
    return redirect("admin:relations_event_change", event.pk)


@staff_member_required
@require_http_methods(["GET", "POST"])
@transaction.atomic
def cite_words(request):
    """Words a curator selected in an article: cite them in a new draft or an existing event."""
    require_perm(request, "add_event")
    params = request.POST if request.method == "POST" else request.GET
    passage = get_object_or_404(
        Passage.objects.select_related("source"), pk=params.get("passage") or 0
    )
    try:
        start, end = int(params.get("start", "")), int(params.get("end", ""))
    except ValueError:
        start = end = -1
    if not 0 <= start < end <= len(passage.text):
        messages.error(request, "Select some words of one paragraph first.")
        return redirect("admin:relations_source_change", passage.source_id)
    quote = params.get("quote", "")
    if quote and passage.text[start:end] != quote and quote in passage.text:
        # The browser counts in UTF-16 units: find the words nearest where it said.
        found = [i for i in range(len(passage.text)) if passage.text.startswith(quote, i)]
        start = min(found, key=lambda i: abs(i - start))
        end = start + len(quote)
    words = passage.text[start:end]
    mentions = list(passage.mentions.all())
    inside = [m for m in mentions if start <= m.start and m.end <= end] or mentions
    when = mention_date(inside[0]) if inside else _published(passage)
    if request.method == "POST":
        target = request.POST.get("event", "new")
        if target == "new":
            event = draft_event(passage, start, end, when)
            messages.success(request, "Draft created from the words you selected.")
            return redirect("admin:relations_event_change", event.pk)
        event = get_object_or_404(Event, pk=target)
        return _add(request, event, passage, start, end, request.POST.get("backs", "date"))
    actors = proposed_actors(words)
    context = {
        **admin.site.each_context(request),
        "title": "Cite these words in an event",
        "passage": passage,
        "words": words,
        "start": start,
        "end": end,
        "when": when,
        "candidates": similar_events(when.earliest, when.latest, actors)[:8],
        "backs": [
            ("date", "its date"),
            ("place", "its place"),
            ("actors", "its actors"),
            ("new-claim", "a new claim, in these words"),
        ],
    }
    return render(request, "admin/relations/cite_words.html", context)


def _published(passage: Passage):
    source = passage.source
    return parse_date_text(source.published_text)


@staff_member_required
@require_GET
def read_date(request):
    """A typed date read back in the house style, for the event form's live preview."""
    text = request.GET.get("text", "")[:200]
    if not text.strip():
        return JsonResponse({"shown": ""})
    try:
        value = parse_date_text(text)
    except DateTextError as error:
        return JsonResponse({"error": str(error).split(". Understood forms:")[0] + "."})
    span = f"{value.earliest:%-d %B %Y}"
    if value.latest != value.earliest:
        span += f" to {value.latest:%-d %B %Y}"
    return JsonResponse({"shown": value.label, "span": span})


def prefilled_citation(request, event: Event) -> dict | None:
    """The citation `_add` asks the event's page to fill in (GET cite_*), or None."""
    try:
        passage = Passage.objects.select_related("source").get(pk=request.GET["cite_passage"])
        start, end = int(request.GET["cite_start"]), int(request.GET["cite_end"])
    except (KeyError, ValueError, Passage.DoesNotExist):
        return None
    if not 0 <= start < end <= len(passage.text):
        return None
    return {
        "key": free_key(event, passage),
        "passage": passage.pk,
        "quote": passage.text[start:end],
        "backs": request.GET.get("backs", "date"),
    }


def urls():
    return [
        path(
            "work-queue/<int:mention_id>/event/",
            admin.site.admin_view(event_from_mention),
            name="relations_event_from_mention",
        ),
        path(
            "work-queue/<int:mention_id>/to-event/",
            admin.site.admin_view(mention_to_event),
            name="relations_mention_to_event",
        ),
        path("cite-words/", admin.site.admin_view(cite_words), name="relations_cite_words"),
        path("read-date/", admin.site.admin_view(read_date), name="relations_read_date"),
    ]
