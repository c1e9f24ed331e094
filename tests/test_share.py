"""Pages as others see them: share previews, the Atom feed, the sitemap and robots.txt."""

import struct
import xml.etree.ElementTree as ET
from datetime import date
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.conf import settings

from relations.models import Actor, Event, Place, Source, Thread
from relations.views.api import CHUNK

from .factories import make_events

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
# ogp.me: "The four required properties for every page".
OPEN_GRAPH_REQUIRED = ("og:title", "og:type", "og:image", "og:url")


class HeadTags(HTMLParser):
    """<meta property|name> contents and <link rel> addresses, as a crawler reads them."""

    def __init__(self):
        super().__init__()
        self.meta, self.links = {}, []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and "content" in attrs:
            self.meta[attrs.get("property") or attrs.get("name")] = attrs["content"]
        if tag == "link":
            self.links.append(attrs)


def head(client, url, **params) -> HeadTags:
    response = client.get(url, params)
    assert response.status_code == 200, url
    tags = HeadTags()
    tags.feed(response.content.decode())
    return tags


def link(tags: HeadTags, rel: str, kind: str = "") -> str:
    found = [a["href"] for a in tags.links if a["rel"] == rel and a.get("type", "") == kind]
    assert len(found) == 1, (rel, kind, found)
    return found[0]


def local(url: str) -> str:
    """An address under SITE_BASE_URL as the test client asks for it."""
    assert url.startswith(settings.SITE_BASE_URL + "/"), url
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


# --- Share previews ------------------------------------------------------------------------


def test_every_event_page_has_the_open_graph_required_set_and_a_twitter_card(client, seeded):
    for event in Event.objects.published().prefetch_related("claims"):
        tags = head(client, event.get_absolute_url())
        meta, url = tags.meta, settings.SITE_BASE_URL + event.get_absolute_url()
        assert all(meta.get(name, "").strip() for name in OPEN_GRAPH_REQUIRED), event.slug
        assert meta["og:title"] == event.title
        assert meta["og:type"] == "article"
        assert meta["og:url"] == url == link(tags, "canonical")
        # An event's description is its first claim.
        assert meta["og:description"] == event.claims.all()[0].text
        assert meta["article:modified_time"] == event.revised.isoformat()
        assert meta["og:image"].startswith(settings.SITE_BASE_URL + "/static/")
        assert meta["twitter:card"] == "summary_large_image"
        assert meta["twitter:title"] == meta["og:title"]
        assert meta["twitter:description"] == meta["og:description"]
        assert meta["twitter:image"] == meta["og:image"] and meta["twitter:image:alt"]


def test_every_kind_of_page_names_its_canonical_address_and_a_preview(client, seeded):
    source = Source.objects.public().first()
    pages = {
        "/": "US–Pakistan relations, event by event",
        source.get_absolute_url(): source.title,
        "/actors/cia/": "Central Intelligence Agency",
        Thread.objects.first().get_absolute_url(): Thread.objects.first().title,
        "/threads/": "Threads of US–Pakistan relations",
        "/about/": "About this timeline",
        "/cite/": "Look up a claim",
        f"/cite/sources/{source.slug}/": f"Cite “{source.title}”",
    }
    for path, title in pages.items():
        tags = (
            head(client, path, cite="1")
            if path == source.get_absolute_url()
            else head(client, path)
        )
        # The canonical address drops what only marks a place on the page (?cite=).
        assert link(tags, "canonical") == tags.meta["og:url"] == settings.SITE_BASE_URL + path
        assert tags.meta["og:title"] == title, path
        assert all(tags.meta.get(name) for name in OPEN_GRAPH_REQUIRED), path
        assert tags.meta["og:description"], path


def test_a_filtered_timeline_is_shared_as_its_own_selection(client, seeded):
    tags = head(client, "/", actor="cia", kind="raid")
    assert link(tags, "canonical") == settings.SITE_BASE_URL + "/?actor=cia&kind=raid"
    assert tags.meta["og:title"] == "1 event · Actor: Central Intelligence Agency; Kind: raid"
    # A page of results further on is the same selection.
    first = head(client, "/", kind="raid")
    assert link(first, "canonical").endswith("/?kind=raid")


def test_the_share_card_is_a_1200_by_630_png_that_is_served(client, seeded):
    image = head(client, "/about/").meta["og:image"]
    response = client.get(local(image))
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    data = b"".join(response.streaming_content) if response.streaming else response.content
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])  # the IHDR chunk
    assert (width, height) == (1200, 630)


def test_every_page_announces_an_oembed_answer_for_itself(client, seeded):
    for path in ("/", "/events/salala-border-incident/", "/actors/cia/", "/about/"):
        tags = head(client, path)
        response = client.get(local(link(tags, "alternate", "application/json+oembed")))
        assert response.status_code == 200, path
        assert response.json()["type"] == "rich"


# --- The Atom feed -------------------------------------------------------------------------


def feed(client, **params) -> ET.Element:
    response = client.get("/feeds/events.atom", params)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    return ET.fromstring(response.content)


def test_the_feed_is_atom_with_the_latest_revised_events_first(client, seeded):
    Event.objects.filter(slug="salala-border-incident").update(revised=date(2031, 1, 2))
    Event.objects.filter(slug="us-embassy-kabul-attack").update(revised=date(2031, 1, 1))
    root = feed(client)
    assert root.tag == ATOM + "feed" and root.find(ATOM + "title").text == settings.SITE_NAME
    assert root.find(ATOM + "updated").text.startswith("2031-01-02")
    entries = root.findall(ATOM + "entry")
    assert len(entries) == min(50, Event.objects.published().count())
    updated = [entry.find(ATOM + "updated").text for entry in entries]
    assert updated == sorted(updated, reverse=True)
    first = entries[0]
    salala = Event.objects.get(slug="salala-border-incident")
    assert first.find(ATOM + "title").text == salala.title
    address = first.find(ATOM + "link").get("href")
    assert address == settings.SITE_BASE_URL + "/events/salala-border-incident/"
    assert first.find(ATOM + "id").text and first.find(ATOM + "summary").get("type") == "html"
    kabul = Event.objects.get(slug="us-embassy-kabul-attack")
    assert entries[1].find(ATOM + "title").text == kabul.title


def test_the_feed_takes_the_timelines_filters(client, seeded):
    root = feed(client, actor="cia", kind="raid")
    titles = {entry.find(ATOM + "title").text for entry in root.findall(ATOM + "entry")}
    expected = Event.objects.published().involving(["cia"]).filter(kind="raid")
    assert titles == {event.title for event in expected} and titles
    assert root.find(ATOM + "title").text.endswith("Actor: Central Intelligence Agency; Kind: raid")
    self_link = next(a for a in root.findall(ATOM + "link") if a.get("rel") == "self")
    assert self_link.get("href").endswith("/feeds/events.atom?actor=cia&kind=raid")


def test_a_filtered_timeline_and_an_actor_announce_their_own_feed(client, seeded):
    for path, params, expected in (
        ("/", {"actor": "cia"}, "/feeds/events.atom?actor=cia"),
        ("/", {}, "/feeds/events.atom"),
        ("/actors/cia/", {}, "/feeds/events.atom?actor=cia"),
    ):
        announced = link(head(client, path, **params), "alternate", "application/atom+xml")
        assert announced == expected
        assert client.get(announced).status_code == 200


def test_the_feed_names_an_unusable_filter_with_400(client, seeded):
    response = client.get("/feeds/events.atom", {"actor": "nobody"})
    assert response.status_code == 400 and "No actor is called “nobody”" in response.text


# --- Sitemap and robots --------------------------------------------------------------------


def test_the_sitemap_lists_every_public_page_and_no_draft(client, seeded):
    Event.objects.filter(slug="salala-border-incident").update(published=False)
    root = ET.fromstring(client.get("/sitemap.xml").content)
    listed = {url.find(SITEMAP + "loc").text for url in root.findall(SITEMAP + "url")}
    paths = ["/", "/threads/", "/about/", "/cite/", "/map/"]
    paths += [e.get_absolute_url() for e in Event.objects.published()]
    paths += [s.get_absolute_url() for s in Source.objects.public()]
    paths += [a.get_absolute_url() for a in Actor.objects.all()]
    paths += [t.get_absolute_url() for t in Thread.objects.all()]
    paths += [p.get_absolute_url() for p in Place.objects.all()]
    assert listed == {settings.SITE_BASE_URL + path for path in paths}
    assert not any("/events/salala" in url for url in listed)
    for path in paths:  # every one is a page
        assert client.get(path).status_code == 200, path
    raid = next(
        url
        for url in root.findall(SITEMAP + "url")
        if url.find(SITEMAP + "loc").text.endswith("/osama-bin-laden-killed-in-abbottabad/")
    )
    revised = Event.objects.get(slug="osama-bin-laden-killed-in-abbottabad").revised
    assert raid.find(SITEMAP + "lastmod").text == revised.isoformat()


def test_robots_txt_keeps_the_admin_out_and_points_to_the_sitemap(client, seeded):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    lines = response.text.splitlines()
    assert "User-agent: *" in lines and "Disallow: /admin/" in lines
    sitemap = next(line for line in lines if line.startswith("Sitemap: ")).removeprefix("Sitemap: ")
    assert sitemap == settings.SITE_BASE_URL + "/sitemap.xml"
    assert client.get(local(sitemap)).status_code == 200


def test_the_feed_survives_characters_xml_cannot_hold(client, seeded):
    Event.objects.filter(slug="salala-border-incident").update(title="Salala\x07 border incident")
    root = feed(client)
    assert "Salala border incident" in {
        e.find(ATOM + "title").text for e in root.iter(ATOM + "entry")
    }


# What each costs at most, whatever the number of events.
QUERIES = {
    "/feeds/events.atom": 5,
    "/feeds/events.atom?actor=cia&kind=raid": 9,
    "/sitemap.xml": 10,
    "/embed/": 3,
    "/embed/?actor=cia": 4,
    "/embed/events/salala-border-incident/": 3,
    "/oembed/?url=http://127.0.0.1:8000/actors/cia/": 1,
    "/cite/sources/reuters-2012-military-trickles-back/styles.json?p=3": 4,
}


@pytest.mark.parametrize("count", [60, 600])
def test_queries_of_the_feed_sitemap_and_embeds_do_not_grow_with_the_events(
    client, seeded, count, django_assert_max_num_queries
):
    make_events(count)
    for url, most in QUERIES.items():
        with django_assert_max_num_queries(most, info=url):
            response = client.get(url)
        assert response.status_code == 200, url
    # The exports read the events a chunk at a time, each with its related rows.
    chunks = -(-Event.objects.published().count() // CHUNK)
    for url in (
        "/export/datapackage.zip",
        "/export/events.csv",
        "/api/events.json",
        "/export/timelinejs.json",
    ):
        with django_assert_max_num_queries(5 + 11 * chunks, info=url):
            b"".join(client.get(url).streaming_content)
