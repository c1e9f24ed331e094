"""The reader's pages: timeline, event, source, actor, about."""

from __future__ import annotations

import zlib
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, F, Prefetch, prefetch_related_objects
from django.db.models.functions import Lower
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.utils.cache import add_never_cache_headers
from django.utils.functional import SimpleLazyObject
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers
from django_htmx.middleware import HtmxDetails

from .. import overview
from ..filters import TimelineFilters, timeline_events
from ..highlight import spans
from ..models import Actor, Citation, Event, EventActor, EventRedirect, Period, Source
from ..pagecache import cached_page, data_version
from ..pagination import PAGE_SIZE, BadCursor, after_cursor, decode_cursor, encode_cursor

FILTER_PARAMS = ("q", "actor", "kind", "tone", "source", "significance", "from", "to", "order")


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


def partial_request(request: HtmxHttpRequest) -> bool:
    """An htmx swap, as opposed to a page load or a history restore."""
    return bool(request.htmx) and not request.htmx.history_restore_request


CARD_PREFETCH = (
    Prefetch("event_actors", queryset=EventActor.objects.select_related("actor")),
    # The printed list names each event's sources and notes.
    Prefetch(
        "citations",
        queryset=Citation.objects.select_related("passage__source")
        .defer(*(f"passage__source__{field}" for field in Source.BODY_FIELDS))
        .order_by("passage__source__published", "passage__number", "start"),
    ),
)
CARD_TEMPLATE = "relations/_event_card.html"


def with_cards(events):
    """Events with what a timeline card shows, in a fixed number of queries."""
    return events.prefetch_related(*CARD_PREFETCH)


def render_cards(events: list, stamp: int) -> None:
    """Give each event its card's HTML, from the cache where it can.

    A card is cached under the data version (`stamp`), which any change to
    anything a card shows moves (an actor's side, a source's publisher), so
    each server process stays correct with a cache of its own.
    """
    keys = {f"card:{stamp}:{e.pk}:{zlib.crc32(getattr(e, 'role', '').encode())}": e for e in events}
    cached = cache.get_many(keys)
    missing = [event for key, event in keys.items() if key not in cached]
    prefetch_related_objects(missing, *CARD_PREFETCH)
    fresh = {}
    for key, event in keys.items():
        if key not in cached:
            fresh[key] = render_to_string(CARD_TEMPLATE, {"event": event})
        event.card = mark_safe(cached.get(key) or fresh[key])
    cache.set_many(fresh, timeout=24 * 3600)


def filter_choices(model, selected: list[str], stamp: str, limit: int = 40):
    """The actors or sources with the most published events (and any chosen), for the filter."""

    def most_used():
        if model is Actor:
            uses = EventActor.objects.filter(event__published=True).values(slug=F("actor__slug"))
        else:
            uses = Citation.objects.filter(event__published=True).values(
                slug=F("passage__source__slug")
            )
        return list(
            uses.annotate(n=Count("event", distinct=True))
            .order_by("-n", "slug")
            .values_list("slug", flat=True)[:limit]
        )

    key = f"filter-choices:{model._meta.model_name}:{stamp}"
    top = cache.get_or_set(key, most_used, timeout=24 * 3600)
    fields = (
        ("slug", "name")
        if model is Actor
        else ("slug", "publisher", "published", "published_precision")
    )
    order = Lower("name") if model is Actor else "published"  # al-Qaeda among the A's
    return model.objects.filter(slug__in=[*top, *selected]).only(*fields).order_by(order, "slug")


def filter_params_key(request) -> str:
    return urlencode(sorted(filter_params(request), key=lambda param: param[0]))


SINGLE_VALUED = ("q", "from", "to", "order")


def filter_params(request) -> list[tuple[str, str]]:
    """The filter parameters in use, in order (blank and repeated ones left out).

    A filter that takes one value is given its last one, as the form reads it.
    """
    params = []
    for key, values in request.GET.lists():
        if key not in FILTER_PARAMS:
            continue
        values = [value for value in values if value.strip()]
        if key in SINGLE_VALUED:
            values = values[-1:]
        params += [(key, v) for v in dict.fromkeys(values) if (key, v) != ("order", "asc")]
    return params


def query_string(params: list[tuple[str, str]]) -> str:
    return "?" + urlencode(params) if params else "?"


def active_filters(params: list[tuple[str, str]], values: dict) -> list[dict]:
    """One chip per filter value applied, each with the link that removes it."""
    names = {
        "actor": dict(
            Actor.objects.filter(slug__in=values.get("actor") or []).values_list("slug", "name")
        ),
        "source": dict(
            Source.objects.filter(slug__in=values.get("source") or []).values_list(
                "slug", "publisher"
            )
        ),
        "kind": dict(Event.Kind.choices),
        "tone": {str(t): label for t, label in TONE_LABELS.items()},
        "significance": {str(s): label for s, label in SIGNIFICANCE_LABELS.items()},
    }
    chips = []
    for index, (key, value) in enumerate(params):
        if key == "order":
            continue
        label = names.get(key, {}).get(value, value)
        rest = [p for i, p in enumerate(params) if i != index]
        chips.append(
            {"key": key, "label": f"{FILTER_LABELS[key]}: {label}", "url": query_string(rest)}
        )
    return chips


FILTER_LABELS = {
    "q": "Search",
    "actor": "Actor",
    "kind": "Kind",
    "tone": "Tone",
    "source": "Source",
    "significance": "Significance",
    "from": "From",
    "to": "To",
}
TONE_LABELS = {
    -2: "hostile",
    -1: "tense",
    0: "neutral",
    1: "cooperative",
    2: "close cooperation",
}
SIGNIFICANCE_LABELS = {1: "minor", 2: "notable", 3: "major"}


@require_safe
@cached_page
@vary_on_headers("HX-Request", "HX-Target")
def timeline(request: HtmxHttpRequest):
    filters = TimelineFilters(request.GET)
    values = filters.usable()
    problems = filters.error_messages()
    descending = values.get("order") == "desc"
    events = timeline_events(values)
    total = events.count()

    previous_year = None
    cursor_text = request.GET.get("cursor", "")
    if cursor_text:
        try:
            cursor = decode_cursor(cursor_text)
            events = after_cursor(events, cursor, descending)
            # Appended below the last card, the next page continues its year; a page
            # of its own (the "Load more" link without JavaScript) starts with a heading.
            previous_year = cursor[0].year if partial_request(request) else None
        except BadCursor as error:
            if partial_request(request):
                # A "Load more" link: answer in its place, never append the first page again.
                first_page_url = query_string(filter_params(request))
                context = {"events": [], "page_error": True, "first_page_url": first_page_url}
                return render(request, "relations/timeline.html#page", context)
            problems["cursor"] = str(error)
            cursor_text = ""

    page = list(events[: PAGE_SIZE + 1])
    has_more = len(page) > PAGE_SIZE
    page = page[:PAGE_SIZE]
    stamp = data_version(request)
    render_cards(page, stamp)
    for event in page:
        event.year_heading = event.start_earliest.year != previous_year
        previous_year = event.start_earliest.year

    # Links carry the filters applied: a value the page names as unusable is left out
    # of the next page, the exports and the chips, as it is left out of the results.
    kept = [(key, value) for key, value in filter_params(request) if key not in problems]
    next_url = query_string([*kept, ("cursor", encode_cursor(page[-1]))]) if has_more else ""
    without_dates = [(k, v) for k, v in kept if k not in ("from", "to")]
    context = {
        "events": page,
        "total": total,
        # Built only if its cached fragment is missing (see timeline.html).
        "overview": SimpleLazyObject(
            lambda: overview.build(timeline_events(values), Period.objects.all(), total)
        )
        if not cursor_text
        else None,
        "stamp": stamp,
        "params_key": filter_params_key(request),
        "year_query": urlencode(without_dates) + "&" if without_dates else "",
        "next_url": next_url,
        "problems": problems,
        "chips": active_filters(kept, values),
        "filters": filters,
        "params": request.GET,
        "actors": SimpleLazyObject(
            lambda: list(filter_choices(Actor, values.get("actor") or [], stamp))
        ),
        "sources": SimpleLazyObject(
            lambda: list(filter_choices(Source, values.get("source") or [], stamp))
        ),
        "kinds": Event.Kind.choices,
        "tones": TONE_LABELS,
        "significances": SIGNIFICANCE_LABELS,
        "order": "desc" if descending else "asc",
        "is_first_page": not cursor_text,
        "first_page_url": query_string(kept),
        "export_query": query_string(kept) if kept else "",
        "field_errors": [
            (name, problems.get(name, "")) for name in FILTER_PARAMS if name != "order"
        ],
    }
    # An htmx request gets the part it swaps: the next page of cards, the form
    # with the results (links that change the filters), or the results alone
    # (the form's own requests, whose messages then update beside its fields).
    part = None
    if partial_request(request):
        part = "page" if cursor_text else "browse" if request.htmx.target == "browse" else "results"
    context["swapped"] = part
    context["oob"] = part == "results"
    template = "relations/timeline.html" + (f"#{part}" if part else "")
    return render(request, template, context)


def can_preview_drafts(request) -> bool:
    return request.user.is_authenticated and request.user.has_perm("relations.view_event")


@require_safe
@cached_page
@vary_on_headers("HX-Request", "Cookie")
def event_detail(request: HtmxHttpRequest, slug: str):
    events = Event.objects.all() if can_preview_drafts(request) else Event.objects.published()
    event = with_cards(events).prefetch_related("references").filter(slug=slug).first()
    if event is None:
        # A renamed event: its old address leads to the new one.
        redirect_to = (
            EventRedirect.objects.filter(slug=slug, event__in=events)
            .select_related("event")
            .first()
        )
        if redirect_to is None:
            raise Http404("No event has this address.")
        response = redirect(redirect_to.event, permanent=True)
        # Kept by no browser: renamed back later, a remembered 301 would loop.
        add_never_cache_headers(response)
        return response
    for citation in event.citations.all():
        citation.runs = spans(citation.passage.text, [citation])
    template = "relations/event.html"
    if partial_request(request):
        template += "#detail"
    response = render(request, template, {"event": event, "tones": TONE_LABELS})
    if not event.published:
        # A curator's preview of a draft: never cached or indexed.
        response["Cache-Control"] = "private, no-store"
        response["X-Robots-Tag"] = "noindex"
    return response


@require_safe
@cached_page
def source_detail(request: HtmxHttpRequest, slug: str):
    source = get_object_or_404(Source, slug=slug)
    passages = list(
        source.passages.prefetch_related(
            "mentions",
            Prefetch(
                "citations",
                queryset=Citation.objects.filter(event__published=True).select_related("event"),
            ),
        )
    )
    problems = {}
    selected = None
    if "cite" in request.GET:
        try:
            selected = int(request.GET["cite"])
        except ValueError:
            problems["cite"] = "That citation link is damaged; showing the whole article."
        else:
            if not any(c.pk == selected for p in passages for c in p.citations.all()):
                problems["cite"] = "No citation with that number rests on this article."
                selected = None

    excerpts = settings.SOURCE_TEXT_MODE == "excerpts"
    cited_numbers = {p.number for p in passages if p.citations.all()}
    shown = []
    for passage in passages:
        citations = list(passage.citations.all())
        passage.runs = spans(passage.text, citations, list(passage.mentions.all()), selected)
        passage.selected = any(c.pk == selected for c in citations)
        passage.events = list({c.event.pk: c.event for c in citations}.values())
        near_cited = any(abs(passage.number - n) <= 1 for n in cited_numbers)
        if not excerpts or near_cited:
            shown.append(passage)
    return render(
        request,
        "relations/source.html",
        {
            "source": source,
            "passages": shown,
            "excerpts": excerpts,
            "omitted": len(passages) - len(shown),
            "problems": problems,
        },
    )


@require_safe
@cached_page
def actor_detail(request: HtmxHttpRequest, slug: str):
    actor = get_object_or_404(Actor, slug=slug)
    events = list(Event.objects.published().filter(event_actors__actor=actor).chronological())
    roles = dict(EventActor.objects.filter(actor=actor).values_list("event_id", "role"))
    previous_year = None
    for event in events:
        event.role = roles.get(event.pk, "")
        event.year_heading = event.start_earliest.year != previous_year
        previous_year = event.start_earliest.year
    render_cards(events, data_version(request))
    return render(
        request, "relations/actor.html", {"actor": actor, "events": events, "tones": TONE_LABELS}
    )


@require_safe
@cached_page
def about(request: HtmxHttpRequest):
    return render(
        request,
        "relations/about.html",
        {
            "sources": Source.objects.all(),
            "event_count": Event.objects.published().count(),
            "excerpts": settings.SOURCE_TEXT_MODE == "excerpts",
        },
    )


@require_safe
def favicon(request):
    """Browsers ask for /favicon.ico on pages that name no icon (the admin's)."""
    return redirect(static("relations/favicon.svg"), permanent=True)


@require_safe
def health(request):
    """For load balancers, and the benchmark's floor: a small template, no database."""
    return render(request, "relations/health.html")
