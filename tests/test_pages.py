import base64
import re
from datetime import date

import pytest
from django.test import override_settings

from relations.models import Actor, Citation, Event, Source
from relations.views.timeline import PAGE_SIZE

from .factories import make_events

HTMX = {"HTTP_HX_REQUEST": "true"}


def page(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, (url, params, response.status_code)
    return response.content.decode()


def test_every_event_source_and_actor_page_is_a_page(client, seeded):
    for event in Event.objects.published():
        html = page(client, event.get_absolute_url())
        assert f"<title>{event.title}" in html.replace("&#x27;", "'")
    for source in Source.objects.all():
        page(client, source.get_absolute_url())
    for actor in Actor.objects.all():
        page(client, actor.get_absolute_url())
    page(client, "/about/")
    page(client, "/")


def test_timeline_lists_events_in_date_order_under_year_headings(client, seeded):
    html = page(client, "/")
    years = re.findall(r'<h2 id="year-(\d{4})">', html)
    assert years == sorted(set(years)) and years[0] == "2009" and years[-1] == "2014"
    titles = re.findall(r'class="expand"[^>]*>([^<]+)</a>', html)
    expected = [e.title for e in Event.objects.published().in_timeline_order()]
    assert [t.replace("&#x27;", "'") for t in titles] == expected


def test_newest_first_order_reverses_the_timeline(client, seeded):
    html = page(client, "/", order="desc")
    years = re.findall(r'<h2 id="year-(\d{4})">', html)
    assert years[0] == "2014" and years[-1] == "2009"


def test_event_card_shows_date_at_precision_kind_place_tone_actors_and_sources(client, seeded):
    html = page(client, "/")
    card = html[html.index('id="event-pakistan-cuts-us-training-mission"') :]
    card = card[: card.index("</article>")]
    # The machine-readable date is no more precise than the shown one.
    assert '<time datetime="2011-05">May 2011</time>' in card
    assert "Policy decision" in card and "Pakistan</span>" in card
    assert "▼▼ rupture" in card
    assert "1 source" in card
    raid = html[html.index('id="event-osama-bin-laden-killed-in-abbottabad"') :]
    assert "3 sources" in raid[: raid.index("</article>")]


def test_ranged_event_shows_its_span(client, seeded):
    assert "26 November 2011 – 3 July 2012" in page(client, "/")


def test_independent_sources_count_publishers_not_articles(client, seeded):
    salala = Event.objects.get(slug="salala-border-incident")
    html = page(client, salala.get_absolute_url())
    assert "2 independent sources" in html  # Reuters and Stratfor, four passages


def test_filters_narrow_the_list_and_show_the_count(client, seeded):
    html = page(client, "/", actor="cia", **{"from": "2011", "to": "late 2012"})
    assert "<strong>4</strong> events match" in html
    assert "US commandos kill Osama bin Laden" in html
    assert "Raymond Davis" in html
    assert "Shakil Afridi" in html


def test_actor_filter_needs_every_chosen_actor(client, seeded):
    html = page(client, "/", actor=["hillary-clinton", "barack-obama"])
    # The Chicago summit, and the closure of the supply routes he was said to tie it to.
    assert "<strong>2</strong> events match" in html
    assert "Obama and Zardari hold no bilateral meeting" in html
    assert "closes NATO&#x27;s ground supply routes" in html


def test_search_matches_spelling_variants_of_actor_names(client, seeded):
    for q in ("al-Qaida", "al qaeda", "Al-Qaeda"):
        html = page(client, "/", q=q)
        assert "US commandos kill Osama bin Laden" in html, q
    html = page(client, "/", q="TTP")
    assert "Baitullah Mehsud" in html and "Fazlullah" in html


def test_search_matches_words_of_cited_passages(client, seeded):
    html = page(client, "/", q="Knife Edge")
    assert "Operation Knife Edge" in html
    assert "<strong>1</strong> event match" in html


def test_each_active_filter_has_a_link_that_removes_it(client, seeded):
    html = page(client, "/", actor="cia", kind="raid")
    chips = dict(
        re.findall(
            r'<a href="([^"]+)"[^>]*class="chip"[^>]*aria-label="Remove filter ([^"]+)"', html
        )
    )
    assert set(chips.values()) == {"Actor: Central Intelligence Agency", "Kind: raid"}
    without_kind = next(url for url, label in chips.items() if label == "Kind: raid")
    assert without_kind.replace("&amp;", "&") == "?actor=cia"


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"from": "someday"}, "from", "Could not read “someday” as a date"),
        ({"to": "32 May 2011"}, "to", "Could not read “32 May 2011” as a date"),
        ({"actor": "nobody"}, "actor", "No actor is called “nobody”"),
        ({"kind": "picnic"}, "kind", "No kind of event is called “picnic”"),
        ({"tone": "-99999999999999999999"}, "tone", "A tone is a number from -2 to 2, not"),
        ({"significance": "4"}, "significance", "Significance is 1, 2 or 3, not “4”"),
        ({"source": "<script>alert(1)</script>"}, "source", "No source is called “&lt;script&gt;"),
        ({"q": "x" * 10_000}, "q", "at most 200 characters"),
        ({"from": "\x00\x1f\u202e 2011"}, "from", "Null characters are not allowed"),
        ({"from": "\x1f\u202e 2011"}, "from", "Could not read"),
        ({"actor": [f"a{i}" for i in range(50)]}, "actor", "At most 20 actors"),
        ({"actors_match": "bogus"}, "actors_match", "Actors match “all” or “any”, not “bogus”"),
    ],
)
def test_unusable_filter_is_named_next_to_its_field_and_the_rest_apply(
    client, seeded, params, field, message
):
    html = (
        page(client, "/", kind="raid", **params)
        if "kind" not in params
        else page(client, "/", **params)
    )
    error = re.search(rf'<p id="error-{field}" class="field-error" role="alert">([^<]*)</p>', html)
    assert error and message in error.group(1)
    total = int(re.search(r"<strong>(\d+)</strong>", html).group(1))
    if "kind" not in params:
        assert total == Event.objects.published().filter(kind="raid").count()
    assert "<script>alert(1)</script>" not in html


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"order": "sideways"}, "The order is “asc” or “desc”, not “sideways”."),
        ({"actors_match": "most"}, "Actors match “all” or “any”, not “most”."),
        ({"kind": "picnic"}, "No kind of event is called “picnic”."),
    ],
)
def test_the_api_names_a_choice_it_cannot_use_in_words(client, seeded, params, message):
    response = client.get("/api/events.json", params)
    assert response.status_code == 400
    assert response.json()["fields"] == {next(iter(params)): message}


def test_an_unknown_actor_beside_a_known_one_leaves_the_known_one_applied(client, seeded):
    # A shared link naming an actor since removed: the page says so and keeps the other.
    html = page(client, "/", actor=["cia", "nobody"])
    assert "No actor is called “nobody”" in html
    total = int(re.search(r'id="result-count"[^>]*><strong>(\d+)</strong>', html).group(1))
    assert total == Event.objects.published().involving(["cia"]).count() > 0
    assert 'aria-label="Remove filter Actor: Central Intelligence Agency"' in html
    assert re.search(r'name="actor" value="cia" checked', html)  # the form shows it chosen
    exports = re.search(r'href="/export/events.csv\?([^"]+)"', html).group(1)
    assert exports == "actor=cia"  # links carry the known one only
    embed = page(client, "/embed/", actor=["cia", "nobody"])
    assert "No actor is called “nobody”" in embed
    # Exports and the API still refuse what they cannot apply, naming it.
    api = client.get("/api/events.json", {"actor": ["cia", "nobody"]})
    assert api.status_code == 400 and "nobody" in api.content.decode()


def cursor_of(position: str) -> str:
    return base64.urlsafe_b64encode(position.encode()).decode().rstrip("=")


@pytest.mark.parametrize(
    "cursor",
    [
        "garbage",
        "!!!",
        "e30",
        "W10",
        "x" * 5000,
        "WyIyMDExIiwwXQ",
        cursor_of('["2011-05-02",Infinity,"2011-05-02","x"]'),  # JSON reads it as a number
        cursor_of('["2011-05-02",1.5,"2011-05-02","x"]'),
        cursor_of('["2011-05-02",true,"2011-05-02","x"]'),
        cursor_of('["2011-05-02",0,"2011-05-02","x y"]'),
    ],
)
def test_bad_cursor_is_ignored_with_a_message(client, seeded, cursor):
    html = page(client, "/", cursor=cursor)
    assert "The page link is damaged" in html
    assert f"<strong>{Event.objects.published().count()}</strong>" in html


def test_a_damaged_load_more_link_says_so_in_its_place(client, seeded):
    html = client.get("/", {"kind": "raid", "cursor": "garbage"}, **HTMX).content.decode()
    assert 'id="load-more"' in html and "damaged" in html
    assert 'href="?kind=raid"' in html  # back to the first page, filters kept
    assert 'id="results"' not in html and "<article" not in html  # no first page appended


def test_paging_goes_past_an_event_whose_slug_has_capitals(client, seeded):
    make_events(PAGE_SIZE + 5, first_day=date(1990, 1, 1))
    Event.objects.filter(slug=f"generated-{PAGE_SIZE - 1:05d}").update(slug="Generated_Last")
    first = page(client, "/")
    next_url = re.search(r'id="load-more".*?href="([^"]+)"', first, re.S).group(1)
    second = client.get("/" + next_url.replace("&amp;", "&"), **HTMX).content.decode()
    assert "damaged" not in second and "Generated event 50" in second


def test_htmx_filter_request_gets_only_the_results_fragment(client, seeded):
    response = client.get("/", {"kind": "raid"}, **HTMX)
    html = response.content.decode()
    # The document's title follows the filters; htmx takes a top-level <title>.
    assert re.match(r'\s*<title>1 event · [^<]+</title>\s*<section id="results"', html)
    assert "<html" not in html and "<form" not in html
    assert 'hx-swap-oob="true"' in html  # field messages update beside the form
    assert "HX-Request" in response["Vary"] and "HX-Target" in response["Vary"]


def test_a_link_that_changes_the_filters_gets_the_form_with_the_results(client, seeded):
    # A year in the overview or a chip's ×: the form must show what is applied.
    response = client.get("/", {"from": "2012", "to": "2012"}, HTTP_HX_TARGET="browse", **HTMX)
    html = response.content.decode()
    assert re.match(r'\s*<title>\d+ events · [^<]+</title>\s*<div id="browse">', html)
    assert 'name="from" value="2012"' in html and 'name="to" value="2012"' in html
    assert '<section id="results"' in html and "<html" not in html
    assert 'hx-swap-oob="true"' not in html  # the messages are in the form itself
    assert not re.search(r"</title>\s*<section", html)  # no second document title inside


def test_history_restore_request_gets_the_full_page(client, seeded):
    html = client.get(
        "/", {"kind": "raid"}, HTTP_HX_HISTORY_RESTORE_REQUEST="true", **HTMX
    ).content.decode()
    assert html.lstrip().startswith("<!doctype html>")


def test_event_opens_in_place_as_a_fragment(client, seeded):
    raid = Event.objects.get(slug="osama-bin-laden-killed-in-abbottabad")
    fragment = client.get(raid.get_absolute_url(), **HTMX).content.decode()
    assert "<html" not in fragment
    assert "<mark" in fragment and "Osama bin Laden in May on Pakistani soil" in fragment
    assert "?cite=" in fragment


def test_event_page_shows_citation_notes_and_outside_references(client, seeded):
    allen = Event.objects.get(slug="allen-meets-kayani-june-2012")
    html = page(client, allen.get_absolute_url())
    assert "The article says “July 27”" in html
    assert "Outside the articles" in html
    assert "Kayani expresses reservations over border intrusion" in html
    assert '<meta name="description" content="27 June 2012:' in html


def test_source_page_highlights_the_chosen_citation_and_anchors_passages(client, seeded):
    citation = Citation.objects.get(quote__startswith="On July 26")
    html = page(client, citation.passage.source.get_absolute_url(), cite=citation.pk)
    assert f'id="p-{citation.passage.number}"' in html
    assert 'class="passage target"' in html
    assert '<mark class="cited selected" id="cited">' in html
    # The transcript's "July 26" means 24 June 2012: a curator's correction in seeds/.
    assert 'class="mention" title="July 26 → 24 June 2012 (as the curators read it)"' in html


def test_source_page_with_unknown_citation_says_so(client, seeded):
    source = Source.objects.first()
    assert "No citation with that number" in page(client, source.get_absolute_url(), cite="999999")
    assert "citation link is damaged" in page(client, source.get_absolute_url(), cite="abc")


@override_settings(SOURCE_TEXT_MODE="excerpts")
def test_excerpt_mode_shows_only_cited_passages_and_their_neighbours(client, seeded):
    source = Source.objects.get(slug="inquirer-2014-resume-cooperation")
    html = page(client, source.get_absolute_url())
    assert "only the cited passages" in html
    assert 'id="p-9"' not in html  # uncited, and not next to a cited one
    assert 'id="p-7"' in html and 'id="p-8"' in html


def test_drafts_appear_nowhere_for_readers(client, seeded):
    Event.objects.filter(slug="salala-border-incident").update(published=False)
    assert client.get("/events/salala-border-incident/").status_code == 404
    for url in (
        "/",
        "/?q=Salala",
        "/actors/nato-isaf/",
        "/sources/reuters-2012-military-trickles-back/",
    ):
        assert "Salala border incident" not in page(client, url)


def test_unknown_slugs_are_404_pages(client, seeded):
    for url in ("/events/nope/", "/sources/nope/", "/actors/nope/"):
        assert client.get(url).status_code == 404


def collect_pages(client, params):
    """Follow the cursor links to the end; the events in the order shown."""
    seen, url_params = [], dict(params)
    for _ in range(100):
        html = page(client, "/", **url_params)
        seen += re.findall(r'id="event-([a-z0-9-]+)"', html)
        match = re.search(r'<li id="load-more"[^>]*>\s*<a href="\?([^"]+)"', html)
        if not match:
            return seen
        url_params = dict(p.split("=", 1) for p in match.group(1).replace("&amp;", "&").split("&"))
    raise AssertionError("no end to the pages")


@pytest.mark.parametrize("order", ["asc", "desc"])
def test_paging_through_the_cursor_yields_every_event_once_in_order(client, seeded, order):
    make_events(130, prefix="paged")
    expected = [e.slug for e in Event.objects.published().in_timeline_order()]
    if order == "desc":
        expected.reverse()
    assert collect_pages(client, {"order": order}) == expected


MAIN_PAGES = {
    # page: (address, query, htmx?, queries at most when nothing is cached)
    "timeline": ("/", {}, False, 14),
    # A search reads actors' names and asks whether the words find anything (spelling): +2.
    "filtered": ("/", {"actor": "cia", "q": "raid", "from": "2000"}, False, 19),
    "htmx swap": ("/", {"kind": "meeting"}, True, 14),
    # The event's first claim, for the page's description, is read apart from its detail.
    "event": ("/events/osama-bin-laden-killed-in-abbottabad/", {}, False, 13),
    "source": ("/sources/reuters-2012-military-trickles-back/", {}, False, 5),
    "actor": ("/actors/cia/", {}, False, 6),
    "place": ("/places/pakistan/", {}, False, 8),
    "map": ("/map/", {}, False, 5),
    "map, filtered and zoomed": ("/map/", {"actor": "cia", "near": "islamabad"}, False, 8),
    "search": ("/cite/", {"q": "raid"}, False, 10),
    # More events match than the page lists: they are counted, not fetched one by one.
    "search, many events": ("/cite/", {"q": "generated"}, False, 11),
}


@pytest.mark.parametrize("count", [60, 600])
def test_queries_per_page_do_not_grow_with_the_number_of_events(
    client, seeded, count, django_assert_max_num_queries, django_assert_num_queries
):
    # 60 events draw one by one in the overview, 600 as counts per month: the
    # same number of queries either way.
    make_events(count)
    second_page = re.search(r'<li id="load-more"[^>]*>\s*<a href="\?([^"]+)"', page(client, "/"))
    next_page = "/?" + second_page.group(1).replace("&amp;", "&")
    pages = {**MAIN_PAGES, "next page": (next_page, {}, False, 9)}
    for name, (address, query, htmx, cold) in pages.items():
        headers = {"HX-Request": "true"} if htmx else {}
        with django_assert_max_num_queries(cold, info=name):
            first = client.get(address, query, headers=headers)
        # Cached: one query, for the data version.
        with django_assert_num_queries(1, info=name):
            again = client.get(address, query, headers=headers)
        assert first.status_code == again.status_code == 200, name
        assert len(first.content) == len(again.content), name


def test_repeated_filter_values_are_one_chip_each_and_the_page_stays_small(client, seeded):
    query = "&".join(["kind=raid"] * 300 + ["q=bin", "q=NATO"] + ["actor=cia"] * 30)
    html = page(client, "/?" + query)
    assert html.count("Remove filter Kind: raid") == 1 and html.count("Remove filter Actor:") == 1
    # Only the last search is applied, so only it has a chip.
    assert "Remove filter Search: NATO" in html and "Search: bin" not in html
    assert len(html) < 200_000


def test_a_to_date_before_the_from_date_is_named_and_left_out(client, seeded):
    html = page(client, "/?from=May+2011&to=2010")
    assert "“2010” is before “May 2011” (From): no event lies between them." in html
    assert "Remove filter From: May 2011" in html and "Remove filter To:" not in html
    assert client.get("/api/events.json", {"from": "May 2011", "to": "2010"}).status_code == 400
    # The page's own export links carry what it applied, so they work.
    exports = re.findall(r'href="(/(?:api|export|feeds)/[^"?]+\?[^"]+)"', html)
    assert len(set(exports)) == 5  # JSON, CSV, TimelineJS, the data package, the feed
    for link in exports:
        assert "to=" not in link and client.get(link.replace("&amp;", "&")).status_code == 200


def test_a_next_page_opened_on_its_own_starts_with_its_year(client, seeded):
    make_events(PAGE_SIZE + 5, first_day=date(1990, 1, 1))
    first = page(client, "/")
    next_url = re.search(r'id="load-more".*?href="([^"]+)"', first, re.S).group(1)
    alone = page(client, "/" + next_url.replace("&amp;", "&"))
    appended = client.get("/" + next_url.replace("&amp;", "&"), **HTMX).content.decode()
    assert '<h2 id="year-' in alone[: alone.index('<li class="timeline-item">')]
    assert '<h2 id="year-' not in appended[: appended.index('<li class="timeline-item">')]


def test_actor_choices_are_in_alphabetical_order_whatever_the_case(client, seeded):
    html = page(client, "/")
    choices = html[
        html.index("<summary><span>Actors</span>") : html.index("<summary><span>Kind</span>")
    ]
    names = re.findall(r'name="actor" value="[^"]+"> ([^<]+)</label>', choices)
    assert names == sorted(names, key=str.casefold) and "al-Qaeda" in names[:4]
