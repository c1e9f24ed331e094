"""The JSON API: published events and sources, streamed."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator

from django.http import JsonResponse, StreamingHttpResponse
from django.views.decorators.http import require_safe

from ..exports import CHUNK, streamed_events
from ..filters import TimelineFilters, searched, timeline_events
from ..models import Citation, Event, Place, Source, Thread
from ..models.places import point_of


def absolute(request, path: str) -> str:
    # The scheme and host are the same for every link of a response: work them out once.
    if not hasattr(request, "_site_root"):
        request._site_root = request.build_absolute_uri("/").removesuffix("/")
    return request._site_root + path


def supports(event: Event) -> dict[tuple[str, object], list[str]]:
    """What each citation (by id) and reference (by slug) of the event backs."""
    backs = {}
    for row in event.listed_evidence:
        key = (
            ("citation", row.citation_id) if row.citation_id else ("reference", row.reference.slug)
        )
        backs.setdefault(key, [])
        if row.target not in backs[key]:
            backs[key].append(row.target)
    return backs


def evidence_json(row) -> dict:
    item = {"citation": row.citation_id} if row.citation_id else {"reference": row.reference.slug}
    return {**item, "support": row.support}


def event_places_json(event: Event, gazetteer: dict) -> list[dict]:
    """An event's places: coordinates as drawn (a place without a point of its own is given
    the point of the place it lies within, at the precision that says so), none for a region
    or a place not reported."""
    items = []
    for link in event.listed_places:
        point = point_of(link, gazetteer)
        items.append(
            {
                "slug": link.place.slug,
                "name": link.place.name,
                "kind": link.place.kind,
                "lat": point[0] if point else None,
                "lon": point[1] if point else None,
                "precision": link.precision,
                "role": link.role,
            }
        )
    return items


def event_json(event: Event, request, gazetteer: dict) -> dict:
    backs = supports(event)
    by_claim = {}
    for row in event.listed_evidence:
        if row.claim_id:
            by_claim.setdefault(row.claim_id, []).append(evidence_json(row))
    references = {
        row.reference.slug: row.reference for row in event.listed_evidence if row.reference_id
    }
    return {
        "slug": event.slug,
        "title": event.title,
        "summary": event.summary,
        "claims": [
            {"text": claim.text, "evidence": by_claim.get(claim.pk, [])}
            for claim in event.claims.all()
        ],
        "start": event.start.as_json(),
        "end": event.end.as_json() if event.end else None,
        "date_display": event.date_display,
        "place": event.place,
        "places": event_places_json(event, gazetteer),
        "kind": event.kind,
        "tone": event.tone,
        "significance": event.significance,
        "url": absolute(request, event.get_absolute_url()),
        "actors": [
            {
                "slug": link.actor.slug,
                "name": link.actor.name,
                "side": link.actor.side,
                "role": link.role,
            }
            for link in event.listed_actors
        ],
        "citations": [
            {**citation_json(c, request), "supports": backs.get(("citation", c.pk), [])}
            for c in event.listed_citations
        ],
        "references": [
            {
                "slug": slug,
                "title": reference.title,
                "publisher": reference.publisher,
                "published": reference.published.isoformat(),
                "url": reference.url,
                "supports": backs[("reference", slug)],
            }
            for slug, reference in references.items()
        ],
        "revised": event.revised.isoformat(),
        "links": [link_json(link) for link in [*event.listed_links_in, *event.listed_links_out]],
    }


def link_json(link) -> dict:
    return {
        "kind": link.kind,
        "from": link.from_event.slug,
        "to": link.to_event.slug,
        "evidence": [evidence_json(row) for row in link.evidence.all()],
    }


def citation_json(citation: Citation, request) -> dict:
    passage, source = citation.passage, citation.passage.source
    return {
        "id": citation.pk,
        "source": {
            "slug": source.slug,
            "file": source.file_name,
            "title": source.title,
            "publisher": source.publisher,
            "published": source.published.isoformat(),
            "published_precision": source.published_precision,
        },
        "passage": {"number": passage.number, "url": absolute(request, passage.get_absolute_url())},
        "quote": citation.quote,
        "note": citation.note,
        "url": absolute(request, citation.get_absolute_url()),
    }


def source_json(source: Source, request) -> dict:
    return {
        "slug": source.slug,
        "file": source.file_name,
        "title": source.title,
        "publisher": source.publisher,
        "outlet": source.outlet,
        "authors": source.authors,
        "published": source.published.isoformat(),
        "published_precision": source.published_precision,
        "url": source.url,
        "kind": source.kind,
        "byline": source.byline,
        "correction": source.correction,
        "page": absolute(request, source.get_absolute_url()),
        "passages": [
            {
                "number": p.number,
                "text": p.text,
                "heading": p.is_heading,
                "url": absolute(request, p.get_absolute_url()),
                "mentions": [
                    {
                        "text": m.text,
                        "date": m.earliest.isoformat(),
                        "latest": m.latest.isoformat(),
                        "precision": m.precision,
                    }
                    for m in p.mentions.all()
                ],
            }
            for p in source.passages.all()
        ],
    }


def stream_array(key: str, items: Iterable[dict], meta: dict) -> Iterator[str]:
    """A JSON object {meta…, key: [items…]} written piece by piece."""
    head = json.dumps(meta, ensure_ascii=False)[:-1]
    yield f'{head}{", " if meta else ""}"{key}": ['
    for index, item in enumerate(items):
        yield ("," if index else "") + "\n" + json.dumps(item, ensure_ascii=False)
    yield "\n]}\n"


def bad_request(errors: dict[str, str]) -> JsonResponse:
    return JsonResponse({"error": "Invalid query parameters.", "fields": errors}, status=400)


@require_safe
def events_json(request):
    filters = TimelineFilters(request.GET)
    if errors := filters.error_messages():
        return bad_request(errors)
    values = filters.usable()
    search = searched(values)
    # As the timeline does, a query that matches nothing is searched for in its correction.
    meta = {"search": {"q": search.typed, "showing": search.q}} if search.typed else {}
    gazetteer = Place.objects.in_bulk()
    items = (event_json(e, request, gazetteer) for e in streamed_events(values, search))
    return StreamingHttpResponse(
        stream_array("events", items, meta), content_type="application/json; charset=utf-8"
    )


@require_safe
def sources_json(request):
    filters = TimelineFilters(request.GET)
    if errors := filters.error_messages():
        return bad_request(errors)
    values = filters.usable()
    sources = Source.objects.public()
    if values.get("source"):
        sources = sources.filter(slug__in=values["source"])
    if any(values.get(name) for name in EVENT_FILTERS):
        # Narrowed by event filters: the sources the matching events cite.
        cited = timeline_events(values).values("citations__passage__source")
        sources = sources.filter(pk__in=cited)
    sources = sources.prefetch_related("passages__mentions").iterator(chunk_size=CHUNK)
    items = (source_json(s, request) for s in sources)
    return StreamingHttpResponse(
        stream_array("sources", items, {}), content_type="application/json; charset=utf-8"
    )


def place_json(place: Place, request) -> dict:
    return {
        "slug": place.slug,
        "name": place.name,
        "kind": place.kind,
        "parent": place.parent.slug if place.parent_id else None,
        "lat": place.latitude,
        "lon": place.longitude,
        "aliases": place.aliases,
        "notes": place.notes,
        "events": place.event_count,
        "url": absolute(request, place.get_absolute_url()),
    }


@require_safe
def places_json(request):
    filters = TimelineFilters(request.GET)
    if errors := filters.error_messages():
        return bad_request(errors)
    values = filters.usable()
    places = Place.objects.select_related("parent").order_by("slug")
    if any(values.get(name) for name in EVENT_FILTERS):
        # Narrowed by event filters: the places the matching events are at.
        places = places.filter(pk__in=timeline_events(values).values("event_places__place"))
    items = (place_json(p, request) for p in places.iterator(chunk_size=CHUNK))
    return StreamingHttpResponse(
        stream_array("places", items, {}), content_type="application/json; charset=utf-8"
    )


EVENT_FILTERS = ("q", "actor", "place", "kind", "tone", "significance", "thread", "from_", "to")


@require_safe
def threads_json(request):
    threads = Thread.objects.prefetch_related("steps__event")
    items = (
        {
            "slug": thread.slug,
            "title": thread.title,
            "introduction": thread.introduction,
            "url": absolute(request, thread.get_absolute_url()),
            "events": [step.event.slug for step in thread.steps.all() if step.event.published],
        }
        for thread in threads
    )
    return StreamingHttpResponse(
        stream_array("threads", items, {}), content_type="application/json; charset=utf-8"
    )
