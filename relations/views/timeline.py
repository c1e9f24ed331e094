"""The timeline: filters, the overview, and a page of event cards at a time."""

from __future__ import annotations

import base64
import binascii
import re
from datetime import date
from functools import partial
from urllib.parse import urlencode

from django.core.cache import cache
from django.db.models import Q, Subquery
from django.db.models.functions import Lower
from django.shortcuts import render
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers

from .. import overview
from ..filters import (
    PARAMS,
    TimelineFilters,
    date_bounds,
    date_readings,
    filter_params,
    query_string,
    searched,
    timeline_events,
)
from ..models import Actor, DataVersion, Event, Period, Place, Source, Thread
from ..search.query import fold_for_search
from .cache import TIMEOUT, public_page
from .htmx import HtmxHttpRequest, partial_request

PAGE_SIZE = 50
# Every field the page names, the cursor too. The template is given a value for each
# ("" for none), since a lookup that fails costs it an exception (Django's templates).
FIELDS = (*PARAMS, "cursor")
KEY = re.compile(r"\d{4}-\d{2}-\d{2}/\d{3}/\d/[-a-zA-Z0-9_]{1,120}")
LABELS = {
    "q": "Search",
    "actor": "Actor",
    "place": "Place",
    "kind": "Kind",
    "tone": "Tone",
    "source": "Source",
    "significance": "Significance",
    "thread": "Thread",
    "from": "From",
    "to": "To",
}


class BadCursor(ValueError):
    pass


def encode_cursor(event: Event) -> str:
    """An opaque link to the events after this one: its timeline key."""
    return base64.urlsafe_b64encode(event.timeline_key.encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> str:
    try:
        if len(cursor) > 400:
            raise ValueError("too long")
        key = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        if not KEY.fullmatch(key):
            raise ValueError("not a timeline key")
        return key
    except (binascii.Error, ValueError, UnicodeDecodeError) as error:
        raise BadCursor("The page link is damaged; showing the first page.") from error


def most_used(model, chosen: list[str], limit: int = 40):
    """The actors or sources of the most published events (and any chosen), for the filters."""
    shown = model.objects.public() if model is Source else model.objects.all()
    top = shown.order_by("-event_count", "slug").values("pk")[:limit]
    order = Lower("name") if model is Actor else "published"  # al-Qaeda among the A's
    shown = shown.filter(Q(pk__in=Subquery(top)) | Q(slug__in=chosen))
    return shown.defer(*getattr(model, "BODY_FIELDS", ())).order_by(order, "slug")


def filter_places(chosen: list[str], limit: int = 40) -> list[Place]:
    """The places of the most published events (and any chosen), with the places they lie
    within, as a tree (depth first, each with its `depth`): one query."""
    places = {p.pk: p for p in Place.objects.only("slug", "name", "parent_id", "event_count")}
    ranked = sorted(places.values(), key=lambda p: (-p.event_count, p.slug))
    shown = {p.pk for p in ranked[:limit] if p.event_count} | {
        p.pk for p in places.values() if p.slug in chosen
    }
    for pk in list(shown):
        parent = places[pk].parent_id
        while parent is not None and parent not in shown:
            shown.add(parent)
            parent = places[parent].parent_id
    children = {}
    for place in sorted((places[pk] for pk in shown), key=lambda p: p.name.lower()):
        children.setdefault(place.parent_id, []).append(place)
    tree, todo = [], [(place, 0) for place in reversed(children.get(None, []))]
    while todo:
        place, place.depth = todo.pop()
        tree.append(place)
        todo += [(child, place.depth + 1) for child in reversed(children.get(place.pk, []))]
    return tree


def timeline_periods() -> list[Period]:
    """The phases of the relationship, read once per data version: every page marks them."""

    def read():
        return list(Period.objects.all())

    return cache.get_or_set(f"timeline-periods:{DataVersion.current()}", read, TIMEOUT)


def mark_headings(cards: list[Event], previous_key: str | None, periods: list[Period]):
    """Give each card the year heading and the phase heading that go before it: a year
    where the year changes, a phase (its name, dates and description) where the
    timeline enters one. A page appended below another continues from its last key."""

    def phase_of(key: str | None):
        if not key:
            return None
        day = date.fromisoformat(key[:10])
        # Where two phases meet on the same days, the one that begins there.
        return next((p for p in reversed(periods) if p.first_day <= day <= p.last_day), None)

    previous_year = int(previous_key[:4]) if previous_key else None
    previous_phase = phase_of(previous_key)
    for event in cards:
        event.year_heading = event.timeline_year != previous_year
        phase = phase_of(event.timeline_key)
        event.phase_heading = phase if phase and phase != previous_phase else None
        previous_year, previous_phase = event.timeline_year, phase


def chips(params: list[tuple[str, str]], filters: TimelineFilters) -> list[dict]:
    """One chip per filter value applied, each with the link that removes it."""
    values = filters.usable()
    names = {
        # The chosen actors, places, sources and threads, named as they were checked.
        **filters.names(),
        "kind": dict(Event.Kind.choices),
        "tone": {str(value): label for value, label in Event.Tone.choices},
        "significance": {str(value): label for value, label in Event.Significance.choices},
    }
    labels = dict(LABELS)
    if values.get("actors_match") == "any":
        labels["actor"] = "Actor (any of)"
    return [
        {
            "label": f"{labels[key]}: {names.get(key, {}).get(value, value)}",
            "url": query_string([p for i, p in enumerate(params) if i != index]),
        }
        for index, (key, value) in enumerate(params)
        if key not in ("order", "verbatim", "actors_match")
    ]


def named_places(q: str, params: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """(name, link) of each place the words typed name whole, as a name or an alias
    ('FATA', 'tribal areas'), with the link filtering by it instead. Events are found by
    their own places and the towns and districts these lie in, not by provinces and
    countries: the place filter takes in everything within a place."""
    if not q:
        return []
    spellings = cache.get_or_set(
        f"place-spellings:{DataVersion.current()}", Place.objects.by_spelling, TIMEOUT
    )
    chosen = {value for key, value in params if key == "place"}
    others = [(key, value) for key, value in params if key not in ("q", "verbatim")]
    return [
        (name, query_string([*others, ("place", slug)]))
        for slug, name in spellings.get(fold_for_search(q).strip(), [])
        if slug not in chosen
    ]


def correction_links(params: list[tuple[str, str]], search) -> dict:
    """Links to the corrected search and to the words as typed, other filters kept."""
    if not search.typed:
        return {}
    others = [(key, value) for key, value in params if key not in ("q", "verbatim")]
    return {
        "showing_url": query_string([("q", search.q), *others]),
        "instead_url": query_string([("q", search.typed), ("verbatim", "1"), *others]),
    }


@require_safe
@public_page
@vary_on_headers("HX-Request", "HX-Target")
def timeline(request: HtmxHttpRequest):
    filters = TimelineFilters(request.GET)
    values, problems = filters.usable(), filters.error_messages()
    descending = values.get("order") == "desc"
    search = searched(values)
    events = timeline_events(values, search)
    # Links carry the filters applied: a value the page names as unusable is left out
    # of the next page, the exports and the chips, as it is left out of the results.
    kept = filters.kept(filter_params(request))
    # An htmx request gets the part it swaps: the next page of cards ("Load more"),
    # the form with the results (links that change the filters: chips, years), or
    # the results alone (the form's own requests, while a reader may be typing).
    part = ""
    if partial_request(request):
        part = (
            "page"
            if "cursor" in request.GET
            else "browse"
            if request.htmx.target == "browse"
            else "results"
        )

    # Oldest first from a date, the page is read from the first event that may reach it.
    page = events if descending else events.sorted_from(date_bounds(values)[0])
    previous_key = None
    if cursor := request.GET.get("cursor", ""):
        try:
            key = decode_cursor(cursor)
        except BadCursor as error:
            if part == "page":  # answered in its place, never with the first page again
                context = {"page_error": True, "first_page_url": query_string(kept)}
                return render(request, "relations/timeline.html#page", context)
            problems["cursor"] = str(error)
        else:
            page = events.after(key, descending)
            # Appended below the last card, the next page continues its year and phase;
            # a page of its own (the "Load more" link without JavaScript) starts with both.
            previous_key = key if part == "page" else None
    cards = list(page[: PAGE_SIZE + 1])
    periods = timeline_periods()
    mark_headings(cards[:PAGE_SIZE], previous_key, periods)
    next_key = [("cursor", encode_cursor(cards[PAGE_SIZE - 1]))] if len(cards) > PAGE_SIZE else []
    context = {
        "version": DataVersion.current(),
        # What was typed in each field, "" where nothing was: the form shows it back.
        "typed": {name: request.GET.get(name, "") for name in FIELDS},
        "events": cards[:PAGE_SIZE],
        "next_url": query_string([*kept, *next_key]) if next_key else "",
        "first_page_url": query_string(kept),
    }
    if part != "page":
        total = events.count()
        without_dates = [(k, v) for k, v in kept if k not in ("from", "to")]
        applied = chips(kept, filters)
        context |= {
            "filters": filters,
            "problems": {name: problems.get(name, "") for name in FIELDS},
            "total": total,
            "chips": applied,
            "year_query": urlencode(without_dates) + "&" if without_dates else "",
            "order": "desc" if descending else "asc",
            # The overview belongs to the first page; a later one links back to it. Built
            # only when its cached copy is missing (see timeline.html): Django calls it then.
            "show_overview": not cursor,
            "overview": partial(
                overview.build,
                events,
                periods,
                total,
                values.get("from_"),
                values.get("to"),
            ),
            "selection": query_string(kept),
            # The lists of choices: built only when the template's kept copy is missing.
            "actors": partial(most_used, Actor, values.get("actor") or []),
            "places": partial(filter_places, values.get("place") or []),
            "sources": partial(most_used, Source, values.get("source") or []),
            "threads": partial(Thread.objects.only, "slug", "title"),
            "field_errors": [
                (name, problems.get(name, ""))
                for name in PARAMS
                if name not in ("order", "verbatim")
            ],
            "search": search,
            "readings": {"from": "", "to": ""} | date_readings(values),
            **correction_links(kept, search),
            "named_places": named_places(values.get("q") or "", kept),
            "swapped": part,
        }
    return render(request, "relations/timeline.html" + (f"#{part}" if part else ""), context)
