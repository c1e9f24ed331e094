"""Where things happened: the map of a selection, and a page for each place."""

from __future__ import annotations

from urllib.parse import urlencode

from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from .. import maps
from ..filters import SLUG, TimelineFilters, filter_params, query_string, timeline_events
from ..models import DataVersion, Event, EventPlace, Place
from .cache import public_page
from .htmx import HtmxHttpRequest
from .timeline import PAGE_SIZE, chips


def with_query(path: str, params: list[tuple[str, str]]) -> str:
    return path + (f"?{urlencode(params)}" if params else "")


def zoom_place(slug: str) -> tuple[Place | None, str]:
    """The place a map is zoomed in on, or why it cannot be."""
    place = Place.objects.filter(slug=slug).first() if SLUG.fullmatch(slug) else None
    if place is None:
        return None, f"No place is called “{slug[:40]}”; showing the whole region."
    _, _, width, height = maps.basemap()["viewBox"]
    point = maps.project(*place.point) if place.point else None
    if point is None or not (0 <= point[0] <= width and 0 <= point[1] <= height):
        return None, f"{place.name} is not on this map; showing the whole region."
    return place, ""


@require_safe
@public_page
def map_view(request: HtmxHttpRequest):
    filters = TimelineFilters(request.GET)
    values, problems = filters.usable(), filters.error_messages()
    kept = filters.kept(filter_params(request))
    near = None
    if slug := request.GET.get("near", "").strip():
        near, problems["near"] = zoom_place(slug)
    events = timeline_events(values)
    data = maps.build(events, near)
    for layer in data["layers"].values():
        for mark in layer["marks"]:
            kind, place = mark.target
            mark.href = (
                with_query(place.get_absolute_url(), kept)
                if kind == "place"
                else with_query(reverse("relations:map"), [*kept, ("near", place.slug)])
                if kind == "zoom"
                else f"#place-{place.slug}"
            )
    context = {
        "map": data,
        "total": events.count(),
        "chips": chips(kept, filters),
        "selection": query_string(kept),
        "problems": [message for message in problems.values() if message],
        "suffix": f"?{urlencode(kept)}" if kept else "",
    }
    return render(request, "relations/map.html", context)


@require_safe
@public_page
def place_detail(request: HtmxHttpRequest, slug: str):
    place = get_object_or_404(Place, slug=slug)
    places = {p.pk: p for p in Place.objects.defer("notes", "aliases")}
    ancestors, parent = [], places.get(place.parent_id)
    while parent is not None and parent not in ancestors:
        ancestors.append(parent)
        parent = places.get(parent.parent_id)
    children = sorted((p for p in places.values() if p.parent_id == place.pk), key=str)
    drawn = next((p for p in [place, *ancestors] if p.point), None)
    within = Place.objects.within([place.slug])
    at = EventPlace.objects.filter(place__in=within)
    shown = (
        Event.objects.published().listed().filter(pk__in=at.values("event_id")).in_timeline_order()
    )
    total = shown.count()
    events = list(shown[:PAGE_SIZE])
    links = {}
    for link in at.filter(event__in=events).order_by("id"):
        links.setdefault(link.event_id, link)
    previous_year = None
    for event in events:
        link = links[event.pk]
        verb = "announced at" if link.role == EventPlace.Role.ANNOUNCED else "happened at"
        event.role = f"{verb} {places[link.place_id].name}, {link.get_precision_display()}"
        event.year_heading = event.timeline_year != previous_year
        previous_year = event.timeline_year
    # The links back carry the usable filters a reader came with (from the map).
    filters = TimelineFilters(request.GET)
    kept = [(k, v) for k, v in filters.kept(filter_params(request)) if k != "place"]
    timeline = reverse("relations:timeline")
    context = {
        "place": place,
        "ancestors": ancestors,
        "children": children,
        "drawn": drawn,
        "events": events,
        "total": total,
        "version": DataVersion.current(),
        "kept": chips(kept, filters) if kept else [],
        "timeline_url": with_query(timeline, [("place", place.slug)]),
        "filtered_url": with_query(timeline, [*kept, ("place", place.slug)]),
        "map_url": with_query(reverse("relations:map"), kept),
    }
    return render(request, "relations/place.html", context)
