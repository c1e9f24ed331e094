"""Exports of any timeline selection (the same filters as the timeline), streamed."""

from functools import partial

from django.http import HttpResponse, StreamingHttpResponse
from django.views.decorators.http import require_safe

from ..exports import csv_rows, timelinejs_stream
from ..filters import TimelineFilters
from ..models import Period
from .api import absolute, bad_request, streamed_events


@require_safe
def events_csv(request):
    filters = TimelineFilters(request.GET)
    if errors := filters.error_messages():
        message = "Invalid query parameters:\n" + "\n".join(f"{k}: {v}" for k, v in errors.items())
        return HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")
    events = streamed_events(filters.usable())
    response = StreamingHttpResponse(
        csv_rows(events, partial(absolute, request)), content_type="text/csv; charset=utf-8"
    )
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
