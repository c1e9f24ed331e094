"""The sitemap (one section per kind of page, never filter combinations) and robots.txt."""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import sitemap
from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_safe

from .. import share
from ..models import Actor, Event, Place, Source, Thread


class SiteSitemap(Sitemap):
    """Addresses under SITE_BASE_URL, whichever host the sitemap was asked by."""

    def get_protocol(self, protocol=None):
        return share.site_host()[0]

    def get_domain(self, site=None):
        return share.site_host()[1]


class PageSitemap(SiteSitemap):
    def items(self):
        return [
            "relations:timeline",
            "relations:threads",
            "relations:about",
            "relations:cite",
            "relations:map",
        ]

    def location(self, name):
        return reverse(name)


class EventSitemap(SiteSitemap):
    def items(self):
        return Event.objects.published().only("slug", "revised").order_by("timeline_key")

    def lastmod(self, event):
        return event.revised


class SourceSitemap(SiteSitemap):
    def items(self):
        return Source.objects.public().only("slug", "updated").order_by("published", "slug")

    def lastmod(self, source):
        return source.updated


class ActorSitemap(SiteSitemap):
    def items(self):
        return Actor.objects.only("slug").order_by("slug")


class ThreadSitemap(SiteSitemap):
    def items(self):
        return Thread.objects.only("slug").order_by("slug")


class PlaceSitemap(SiteSitemap):
    def items(self):
        return Place.objects.only("slug").order_by("slug")


# A new kind of page is one more section here.
SITEMAPS = {
    "pages": PageSitemap,
    "events": EventSitemap,
    "sources": SourceSitemap,
    "actors": ActorSitemap,
    "threads": ThreadSitemap,
    "places": PlaceSitemap,
}


@require_safe
def sitemap_xml(request):
    return sitemap(request, sitemaps=SITEMAPS)


@require_safe
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        # Exports and the API: whole selections, for people and programs, not for indexing.
        "Disallow: /api/",
        "Disallow: /export/",
        f"Sitemap: {share.site_url(reverse('relations:sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
