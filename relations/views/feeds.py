"""An Atom feed of the timeline's events, the latest revised first, with the timeline's filters."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import HttpResponse
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.views.decorators.http import require_safe

from .. import share
from ..filters import TimelineFilters, filter_params, query_string, timeline_events
from .cache import public_page
from .timeline import chips

ITEMS = 50


def xml_text(text: str) -> str:
    """Without the control characters XML 1.0 cannot hold (a typed search may have them)."""
    return "".join(ch for ch in text if ch >= " " or ch in "\t\n\r")


@dataclass
class Selection:
    values: dict
    query: str  # '?actor=isi', or '' for every event
    labels: list[str]


class EventsFeed(Feed):
    feed_type = Atom1Feed

    def __call__(self, request, *args, **kwargs):
        errors = TimelineFilters(request.GET).error_messages()
        if errors:
            message = "Invalid query parameters:\n" + "\n".join(
                f"{name}: {text}" for name, text in errors.items()
            )
            return HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")
        return super().__call__(request, *args, **kwargs)

    def get_object(self, request):
        filters = TimelineFilters(request.GET)
        params = [(k, v) for k, v in filter_params(request) if k != "order"]
        return Selection(
            filters.usable(),
            query_string(params).rstrip("?"),
            [c["label"] for c in chips(params, filters)],
        )

    def title(self, selection):
        if not selection.labels:
            return settings.SITE_NAME
        return xml_text(f"{settings.SITE_NAME}: {'; '.join(selection.labels)}")

    def author_name(self):
        return settings.SITE_NAME

    def subtitle(self, selection):
        return "Events of the timeline, the latest revised first. " + settings.SITE_DESCRIPTION

    def link(self, selection):
        return share.site_url(reverse("relations:timeline") + selection.query)

    def feed_url(self, selection):
        return share.site_url(reverse("relations:feed") + selection.query)

    def items(self, selection):
        events = timeline_events(selection.values).order_by("-revised", "timeline_key")
        return events.prefetch_related("claims", "event_actors__actor")[:ITEMS]

    def item_title(self, event):
        return xml_text(event.title)  # Atom titles are text: the generator escapes them once

    def item_description(self, event):
        actors = ", ".join(link.actor.name for link in event.event_actors.all())
        return xml_text(
            f"<p><strong>{escape(event.date_display)}.</strong> {escape(event.summary)}</p>"
            + (f"<p>Actors: {escape(actors)}</p>" if actors else "")
            + "<p>Each sentence’s evidence is on the event’s page.</p>"
        )

    def item_link(self, event):
        return share.site_url(event.get_absolute_url())

    def item_updateddate(self, event):
        return datetime.combine(event.revised, time(), tzinfo=UTC)

    def item_categories(self, event):
        return [event.get_kind_display()]


events_feed = public_page(require_safe(EventsFeed()))
