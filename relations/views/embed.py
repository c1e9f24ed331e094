"""The timeline inside another site's page: /embed/ (the only frameable pages) and oEmbed."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit

from django.conf import settings
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import Resolver404, resolve, reverse
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.csp import csp_override
from django.views.decorators.http import require_safe

from .. import share
from ..filters import (
    PARAMS,
    TimelineFilters,
    date_bounds,
    filter_params,
    query_string,
    timeline_events,
)
from ..models import Actor, Event, Place, Source, Thread
from .cache import public_page
from .htmx import HtmxHttpRequest
from .timeline import PAGE_SIZE, chips


def frameable(view):
    """Any site may show these pages in a frame (settings.EMBED_CSP); no other page."""
    return xframe_options_exempt(csp_override(settings.EMBED_CSP)(view))


@require_safe
@public_page
@frameable
def embed(request: HtmxHttpRequest):
    filters = TimelineFilters(request.GET)
    values, problems = filters.usable(), filters.error_messages()
    kept = filters.kept(filter_params(request))
    events = timeline_events(values)
    shown = list(events.sorted_from(date_bounds(values)[0])[:PAGE_SIZE])
    context = {
        "events": shown,
        "total": events.count() if len(shown) == PAGE_SIZE else len(shown),
        "chips": chips(kept, filters),
        "problems": problems,
        "timeline_url": reverse("relations:timeline") + query_string(kept).rstrip("?"),
    }
    return render(request, "relations/embed.html", context)


@require_safe
@public_page
@frameable
def embed_event(request: HtmxHttpRequest, slug: str):
    event = get_object_or_404(Event.objects.published().prefetch_related("claims"), slug=slug)
    context = {
        "events": [event],
        "single": event,
        "timeline_url": event.get_absolute_url(),
    }
    return render(request, "relations/embed.html", context)


# Pages whose own selection of events is embedded: the page, and the filter that selects them.
SELECTIONS = {
    "actor": (Actor.objects.all(), "actor", "name"),
    "thread": (Thread.objects.all(), "thread", "title"),
    "source": (Source.objects.public(), "source", "title"),
    "place": (Place.objects.all(), "place", "name"),
}


def embedded(path: str, query: str) -> tuple[str, str]:
    """(embed path, title) for a page of the site; Http404 for an address that is none."""
    try:
        match = resolve(path)
    except Resolver404:
        raise Http404("No page of this site has that address.") from None
    if match.namespace != "relations":
        raise Http404("That page cannot be embedded.")
    name, slug = match.url_name, match.kwargs.get("slug")
    if name == "event":
        event = get_object_or_404(Event.objects.published(), slug=slug)
        return reverse("relations:embed-event", args=[slug]), event.title
    if name in SELECTIONS:
        objects, param, label = SELECTIONS[name]
        found = get_object_or_404(objects, slug=slug)
        return f"{reverse('relations:embed')}?{urlencode({param: slug})}", getattr(found, label)
    # The timeline (with its filters), and every other page: the timeline.
    params = [(k, v) for k, v in parse_qsl(query) if k in PARAMS] if name == "timeline" else []
    return reverse("relations:embed") + query_string(params).rstrip("?"), settings.SITE_NAME


def dimension(request, name: str, default: int) -> int:
    """The consumer's maxwidth or maxheight, if it asks for less than the default."""
    value = request.GET.get(name, "")
    if value.isascii() and value.isdigit() and 0 < int(value) < default:
        return max(int(value), 100)
    return default


@require_safe
def oembed(request):
    """oEmbed (type "rich") for every page of the site: an iframe of its events."""
    if request.GET.get("format", "json") != "json":
        return HttpResponse("Only format=json is offered.", status=501, content_type="text/plain")
    url = urlsplit(request.GET.get("url", "").strip())
    scheme, host = share.site_host()
    if url.scheme not in ("http", "https") or url.netloc not in (host, request.get_host()):
        return JsonResponse(
            {"error": f"Give the address of a page of {scheme}://{host}/."}, status=404
        )
    try:
        path, title = embedded(url.path or "/", url.query)
    except Http404 as error:
        return JsonResponse({"error": str(error)}, status=404)
    width = dimension(request, "maxwidth", share.EMBED_WIDTH)
    height = dimension(request, "maxheight", share.EMBED_HEIGHT)
    return JsonResponse(
        {
            "version": "1.0",
            "type": "rich",
            "title": title,
            "provider_name": settings.SITE_NAME,
            "provider_url": share.site_url("/"),
            "html": share.embed_snippet(path, title, width, height),
            "width": width,
            "height": height,
            "thumbnail_url": share.card_url(),
            "thumbnail_width": share.CARD_WIDTH,
            "thumbnail_height": share.CARD_HEIGHT,
            "cache_age": 86400,
        }
    )
