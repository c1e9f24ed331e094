"""The reader's other pages: an event, a source, an actor, about; and two small ones."""

from __future__ import annotations

from functools import cached_property

from django.conf import settings
from django.db.models import Prefetch, prefetch_related_objects
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers

from ..models import (
    Actor,
    Citation,
    Claim,
    DataVersion,
    Event,
    EventActor,
    EventRedirect,
    Source,
    codebook,
)
from ..models.events import evidence_lookups
from ..text.highlight import spans
from .cache import TIMEOUT, public_page
from .footnotes import footnotes, mainly_outside
from .htmx import HtmxHttpRequest, partial_request
from .links import link_lookups, links_of, neighbours


def can_preview_drafts(request) -> bool:
    return request.user.is_authenticated and request.user.has_perm("relations.view_event")


class EventDetail:
    """What an event's page shows below its title: claims with their markers, actors,
    places, links, evidence, neighbours. The template keeps its rendering under the
    data version ({% cache %}) and reads these only when that copy is missing."""

    def __init__(self, event: Event, drafts_shown: bool):
        self.page_event, self.drafts_shown = event, drafts_shown

    @cached_property
    def event(self) -> Event:
        prefetch_related_objects([self.page_event], *evidence_lookups(), *link_lookups())
        return self.page_event

    @cached_property
    def footnotes(self):
        return footnotes(self.event)

    def claims(self):
        return self.footnotes[0]

    def notes(self):
        return self.footnotes[1]

    def outside(self) -> bool:
        return mainly_outside(self.footnotes[0])

    @cached_property
    def links(self):
        return links_of(self.event, lambda other: other.published or self.drafts_shown)

    def led_from(self):
        return self.links[0]

    def led_to(self):
        return self.links[1]

    @cached_property
    def neighbours(self):
        return neighbours(self.event, Event.objects.published())

    def earlier(self):
        return self.neighbours[0]

    def later(self):
        return self.neighbours[1]


@require_safe
@public_page
@vary_on_headers("HX-Request", "Cookie")
def event_detail(request: HtmxHttpRequest, slug: str):
    events = Event.objects.all() if can_preview_drafts(request) else Event.objects.published()
    event = events.filter(slug=slug).first()
    if event is None:
        # A renamed event: its old address leads to the new one.
        moved = (
            EventRedirect.objects.filter(slug=slug, event__in=events)
            .select_related("event")
            .first()
        )
        if moved is None:
            raise Http404("No event has this address.")
        response = redirect(moved.event, permanent=True)
        # Kept by no browser: renamed back later, a remembered 301 would loop.
        add_never_cache_headers(response)
        return response
    drafts_shown = can_preview_drafts(request)
    context = {
        "event": event,
        "lede": Claim.objects.filter(event=event).values_list("text", flat=True).first() or "",
        "detail": EventDetail(event, drafts_shown),
        "version": DataVersion.current(),
        # A curator's view (drafts, links to drafts) is made afresh each time: a draft's
        # edits do not move the public data's version.
        "detail_timeout": 0 if drafts_shown else TIMEOUT,
        "compact": partial_request(request),  # the expanded card on the timeline
    }
    template = "relations/event.html" + ("#detail" if partial_request(request) else "")
    response = render(request, template, context)
    if not event.published:
        # A curator's preview of a draft: never cached or indexed.
        response["Cache-Control"] = "private, no-store"
        response["X-Robots-Tag"] = "noindex"
    return response


class SourceText:
    """An article's passages as its page shows them: highlighted quotes and date
    mentions, the events citing each. The template keeps its rendering under the data
    version ({% cache %}) and reads these only when that copy is missing."""

    def __init__(self, source: Source, selected: int | None):
        self.source, self.selected = source, selected
        self.excerpts = settings.SOURCE_TEXT_MODE == "excerpts"

    @cached_property
    def shown(self) -> tuple[list, int]:
        published_citations = Citation.objects.filter(event__published=True).select_related("event")
        passages = list(
            self.source.passages.prefetch_related(
                "mentions", Prefetch("citations", queryset=published_citations)
            )
        )
        cited_numbers = {p.number for p in passages if p.citations.all()}
        shown = []
        for passage in passages:
            citations = list(passage.citations.all())
            mentions = list(passage.mentions.all())
            passage.runs = spans(passage.text, citations, mentions, self.selected)
            passage.chosen = next((c for c in citations if c.pk == self.selected), None)
            passage.selected = passage.chosen is not None
            passage.events = list({c.event.pk: c.event for c in citations}.values())
            if not self.excerpts or any(abs(passage.number - n) <= 1 for n in cited_numbers):
                shown.append(passage)
        return shown, len(passages) - len(shown)

    def passages(self):
        return self.shown[0]

    def omitted(self) -> int:
        return self.shown[1]


@require_safe
@public_page
def source_detail(request: HtmxHttpRequest, slug: str):
    source = get_object_or_404(Source.objects.public().defer(*Source.BODY_FIELDS), slug=slug)
    problems, selected = {}, None
    if "cite" in request.GET:
        try:
            selected = int(request.GET["cite"])
        except ValueError:
            problems["cite"] = "That citation link is damaged; showing the whole article."
        else:
            cited_here = Citation.objects.filter(
                pk=selected, passage__source=source, event__published=True
            )
            if not cited_here.exists():
                problems["cite"] = "No citation with that number rests on this article."
                selected = None
    context = {
        "source": source,
        "text": SourceText(source, selected),
        "version": DataVersion.current(),
        "problems": problems,
    }
    return render(request, "relations/source.html", context)


@require_safe
@public_page
def actor_detail(request: HtmxHttpRequest, slug: str):
    actor = get_object_or_404(Actor, slug=slug)
    events = list(Event.objects.published().listed().involving([actor.slug]).in_timeline_order())
    roles = dict(EventActor.objects.filter(actor=actor).values_list("event_id", "role"))
    previous_year = None
    for event in events:
        event.role = roles.get(event.pk, "")
        event.year_heading = event.timeline_year != previous_year
        previous_year = event.timeline_year
    context = {"actor": actor, "events": events, "version": DataVersion.current()}
    return render(request, "relations/actor.html", context)


@require_safe
@public_page
def about(request: HtmxHttpRequest):
    context = {
        "sources": Source.objects.public().defer(*Source.BODY_FIELDS),
        "event_count": Event.objects.published().count(),
        "excerpts": settings.SOURCE_TEXT_MODE == "excerpts",
        "codebook": codebook,
        "tones": sorted(codebook.TONE.items(), reverse=True),
        "significances": sorted(codebook.SIGNIFICANCE.items(), reverse=True),
        "kinds": list(codebook.KINDS.items()),
    }
    return render(request, "relations/about.html", context)


@require_safe
def favicon(request):
    """Browsers ask for /favicon.ico on pages that name no icon (the admin's)."""
    return redirect(static("relations/favicon.svg"), permanent=True)


@require_safe
def health(request):
    """For load balancers, and the benchmark's floor: a small template, no database."""
    return render(request, "relations/health.html")
