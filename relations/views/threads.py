"""Threads: a curated sequence of events, with the links that join one to the next."""

from __future__ import annotations

from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from ..models import DataVersion, Event, Thread
from .cache import public_page
from .htmx import HtmxHttpRequest
from .links import links_of, with_links


@require_safe
@public_page
def thread_list(request: HtmxHttpRequest):
    threads = Thread.objects.prefetch_related("steps__event")
    return render(request, "relations/threads.html", {"threads": threads})


@require_safe
@public_page
def thread_detail(request: HtmxHttpRequest, slug: str):
    thread = get_object_or_404(Thread, slug=slug)
    positions = dict(thread.steps.values_list("event_id", "position"))
    events = with_links(Event.objects.published().listed().filter(pk__in=positions))
    events = sorted(events, key=lambda event: positions[event.pk])
    members = {event.pk for event in events}
    for event in events:
        # The links that join it to the events before it in the thread, with their evidence.
        event.led_from, _ = links_of(event, lambda other: other.pk in members)
    context = {"thread": thread, "events": events, "version": DataVersion.current()}
    return render(request, "relations/thread.html", context)
