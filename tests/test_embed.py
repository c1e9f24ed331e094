"""The timeline inside other sites: /embed/ alone may be framed; oEmbed answers for every page."""

import html as htmllib
import re
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from relations.models import Event, Source, Thread


def relations_routes(resolver=None, namespace=""):
    """(name, converter names) of every URL pattern of the site outside the admin."""
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            if entry.app_name != "admin":
                yield from relations_routes(entry, entry.namespace or namespace)
        elif isinstance(entry, URLPattern):
            yield (f"{namespace}:{entry.name}" if namespace else entry.name), entry


def sample_path(name: str, pattern: URLPattern) -> str:
    """A real address for the route: the right kind of slug for its parameters."""
    if name is None:  # unnamed: /favicon.ico
        return "/" + str(pattern.pattern)
    names = set(pattern.pattern.regex.groupindex)
    if not names:
        return reverse(name)
    kind = name.split(":")[-1]
    if "event" in kind:
        slug = "salala-border-incident"
    elif "source" in kind:
        slug = Source.objects.public().first().slug
    elif kind == "actor":
        slug = "cia"
    elif kind == "thread":
        slug = Thread.objects.first().slug
    elif kind == "place":
        slug = "abbottabad"
    else:
        raise AssertionError(f"the test has no sample for {name}: add one")
    kwargs = {"slug": slug} | ({"fmt": "bib"} if "fmt" in names else {})
    assert set(kwargs) == names, name
    return reverse(name, kwargs=kwargs)


def test_only_the_embed_pages_may_be_framed_checked_on_every_url_pattern(client, seeded):
    routes = list(relations_routes())
    assert {"relations:embed", "relations:embed-event", "relations:timeline"} <= {
        n for n, _ in routes
    }
    checked = []
    for name, pattern in routes:
        path = sample_path(name, pattern)
        query = {
            "relations:cite-source-styles": {"p": "3"},
            "relations:oembed": {"url": settings.SITE_BASE_URL + "/"},
        }.get(name, {})
        for _ in range(2):  # as made, and as the page cache serves it again
            response = client.get(path, query)
            assert response.status_code in (200, 301), (path, response.status_code)
            policy = response["Content-Security-Policy"]
            assert "script-src 'self'" in policy and "unsafe-inline" not in policy, path
            if path.startswith("/embed/"):
                assert "X-Frame-Options" not in response, path
                assert "frame-ancestors *" in policy, path
            else:
                assert response["X-Frame-Options"] == "DENY", path
                assert "frame-ancestors 'none'" in policy, path
        checked.append(path)
    admin = client.get("/admin/login/")
    assert admin["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in admin["Content-Security-Policy"]
    assert len(checked) == len(routes)


def test_the_embed_shows_the_selection_and_opens_every_link_in_the_top_window(client, seeded):
    html = client.get("/embed/", {"kind": "raid"}).content.decode()
    raids = Event.objects.published().filter(kind="raid")
    for event in raids:
        assert f'href="{event.get_absolute_url()}" target="_top"' in html
    anchors = re.findall(r"<a\b[^>]*>", html)
    assert anchors and all('target="_top"' in a for a in anchors)
    assert 'class="site-header"' not in html and "<nav" not in html  # no site chrome
    scripts = re.findall(r"<script\b[^>]*>", html)
    assert scripts == ['<script src="/static/relations/js/embed.js" defer>']
    assert " style=" not in html
    assert 'href="/?kind=raid" target="_top"' in html  # on to the whole timeline


def test_the_embed_of_one_event_shows_its_summary(client, seeded):
    event = Event.objects.get(slug="salala-border-incident")
    html = htmllib.unescape(client.get(f"/embed/events/{event.slug}/").content.decode())
    assert event.title in html and event.summary in html
    assert client.get("/embed/events/nope/").status_code == 404


def test_an_unusable_filter_in_an_embed_is_named_and_left_out(client, seeded):
    html = client.get("/embed/", {"kind": "raid", "actor": "nobody"}).content.decode()
    assert "No actor is called “nobody”" in html
    count = Event.objects.published().filter(kind="raid").count()
    assert f"{count} event" in html


def test_the_embed_button_gives_the_snippet_for_the_selection(client, seeded):
    html = client.get("/", {"kind": "raid"}).content.decode()
    code = re.search(r'<textarea id="embed-code"[^>]*>(.*?)</textarea>', html, re.S).group(1)
    assert "<iframe" not in code  # shown as text
    snippet = htmllib.unescape(code)
    assert f'<iframe src="{settings.SITE_BASE_URL}/embed/?kind=raid"' in snippet
    script = re.search(r'<script src="([^"]+)" async></script>', snippet).group(1)
    assert script == settings.SITE_BASE_URL + "/static/relations/js/embed-host.js"
    assert client.get(urlsplit(script).path).status_code == 200


def oembed(client, path, **params):
    return client.get("/oembed/", {"url": settings.SITE_BASE_URL + path, **params})


@pytest.mark.parametrize(
    ("page", "embedded"),
    [
        ("/", "/embed/"),
        ("/?actor=cia&kind=raid&cursor=x", "/embed/?actor=cia&kind=raid"),
        ("/events/salala-border-incident/", "/embed/events/salala-border-incident/"),
        ("/actors/cia/", "/embed/?actor=cia"),
        ("/about/", "/embed/"),
    ],
)
def test_oembed_answers_a_valid_rich_type_whose_iframe_loads(client, seeded, page, embedded):
    response = oembed(client, page, format="json")
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    data = response.json()
    # oEmbed 1.0, section 2.3.4: required for every type, and for "rich".
    assert data["version"] == "1.0" and data["type"] == "rich"
    assert isinstance(data["width"], int) and isinstance(data["height"], int)
    assert data["provider_name"] == settings.SITE_NAME and data["title"]
    src = htmllib.unescape(re.search(r'<iframe src="([^"]+)"', data["html"]).group(1))
    assert src == settings.SITE_BASE_URL + embedded
    parts = urlsplit(src)
    frame = client.get(parts.path + (f"?{parts.query}" if parts.query else ""))
    assert frame.status_code == 200 and "X-Frame-Options" not in frame


def test_oembed_takes_the_consumers_maximum_size(client, seeded):
    data = oembed(client, "/", maxwidth="400", maxheight="300").json()
    assert (data["width"], data["height"]) == (400, 300)
    assert 'width="400" height="300"' in data["html"]
    assert oembed(client, "/", maxwidth="abc").json()["width"] == 640


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("https://elsewhere.example/events/salala-border-incident/", 404),
        (settings.SITE_BASE_URL + "/events/no-such-event/", 404),
        (settings.SITE_BASE_URL + "/no/such/page/", 404),
        (settings.SITE_BASE_URL + "/admin/", 404),
        ("javascript:alert(1)", 404),
        ("", 404),
    ],
)
def test_oembed_refuses_what_is_no_page_of_the_site(client, seeded, url, status):
    response = client.get("/oembed/", {"url": url})
    assert response.status_code == status and response.json()["error"]


def test_oembed_offers_json_only(client, seeded):
    assert oembed(client, "/", format="xml").status_code == 501
