"""Exports of any timeline selection (the same filters as the timeline), streamed."""

from functools import partial

from django.http import HttpResponse, StreamingHttpResponse
from django.views.decorators.http import require_safe

from ..exports import csv_rows, place_rows, timelinejs_stream
from ..filters import TimelineFilters, timeline_events
from ..models import Period, Place
from .api import absolute, bad_request, streamed_events


@require_safe
def events_csv(request):
    filters = TimelineFilters(request.GET)
    if errors := filters.error_messages():
        message = "Invalid query parameters:\n" + "\n".join(f"{k}: {v}" for k, v in errors.items())
        return HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")
    events = streamed_events(filters.usable())
    rows = csv_rows(events, partial(absolute, request), Place.objects.in_bulk())
    response = StreamingHttpResponse(rows, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="us-pakistan-events.csv"'
    return response


@require_safe
def timelinejs_json(request):
    from django.conf import settings

    filters = TimelineFilters(request.GET)
    if errors := filters.error_messages():
        return bad_request(errors)
    events = streamed_events(filters.usable())
    stream = timelinejs_stream(
        settings.SITE_NAME, events, Period.objects.all(), partial(absolute, request)
    )
    response = StreamingHttpResponse(stream, content_type="application/json; charset=utf-8")
    response["Access-Control-Allow-Origin"] = "*"  # TimelineJS pages elsewhere may load it
    return response


@require_safe
def places_csv(request):
    """The places table: every place, or those the selection's events are at."""
    filters = TimelineFilters(request.GET)
    if errors := filters.error_messages():
        message = "Invalid query parameters:\n" + "\n".join(f"{k}: {v}" for k, v in errors.items())
        return HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")
    places = Place.objects.select_related("parent").order_by("slug")
    if any(filters.usable().values()):
        places = places.filter(
            pk__in=timeline_events(filters.usable()).values("event_places__place")
        )
    response = StreamingHttpResponse(
        place_rows(places.iterator(chunk_size=500), partial(absolute, request)),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="us-pakistan-places.csv"'
    return response
