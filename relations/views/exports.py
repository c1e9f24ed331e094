"""Exports of any timeline selection (the same filters as the timeline), streamed."""

from functools import partial

from django.conf import settings
from django.http import FileResponse, HttpResponse, StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from .. import datapackage, share
from ..exports import csv_rows, place_rows, streamed_events, timelinejs_stream
from ..filters import TimelineFilters, filter_params, query_string, timeline_events
from ..models import Period, Place
from .api import absolute, bad_request


def invalid(errors: dict[str, str]) -> HttpResponse:
    message = "Invalid query parameters:\n" + "\n".join(f"{k}: {v}" for k, v in errors.items())
    return HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")


@require_safe
def events_csv(request):
    filters = TimelineFilters(request.GET)
    if errors := filters.error_messages():
        return invalid(errors)
    events = streamed_events(filters.usable())
    rows = csv_rows(events, partial(absolute, request), Place.objects.in_bulk())
    response = StreamingHttpResponse(rows, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="us-pakistan-events.csv"'
    return response


@require_safe
def timelinejs_json(request):
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
def datapackage_zip(request):
    """The selection as a Frictionless data package: CSV tables and datapackage.json."""
    filters = TimelineFilters(request.GET)
    if errors := filters.error_messages():
        return invalid(errors)
    query = query_string(filter_params(request)).rstrip("?")
    today = timezone.now()
    about = {
        "title": settings.SITE_NAME,
        "description": (
            "Events of US–Pakistan relations, 2009–2014, each with its dates at their true "
            "precision, its actors and their roles, and the evidence for every claim: exact "
            "quotations of news articles (with the passage and the offsets of each quote) or "
            "reports outside them. Cells hold the stored text exactly: import the tables as "
            "data rather than opening them as a spreadsheet."
        ),
        "homepage": share.site_url("/"),
        "created": today.isoformat(timespec="seconds"),
        "licenses": [settings.DATA_LICENSE],
        "citation": (
            f"{settings.SITE_NAME}. Data package of the selection {share.site_url('/' + query)}, "
            f"exported {today:%-d %B %Y}. {share.site_url(reverse('relations:datapackage') + query)}"
        ),
        "selection": share.site_url("/" + query),
    }
    archive = datapackage.write_zip(
        streamed_events(filters.usable()), partial(absolute, request), about
    )
    return FileResponse(
        archive,
        as_attachment=True,
        filename="us-pakistan-relations.zip",
        content_type="application/zip",
    )


def places_csv(request):
    """The places table: every place, or those the selection's events are at."""
    filters = TimelineFilters(request.GET)
    if errors := filters.error_messages():
        return invalid(errors)
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
