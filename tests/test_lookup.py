"""The look-up page: passages and events found by words, phrases and pasted quotes."""

import re

import pytest

from relations.models import Event
from relations.search.passages import search_passages
from relations.search.query import HIT_START

REUTERS_URL = "http://in.reuters.com/article/2012/05/31/usa-pakistan-trainers-idINL1E8GV9IK20120531"
STRATFOR_URL = "http://www.stratfor.com/video/us-pakistans-uneasy-interdependence-dispatch"


def plain(html: str) -> str:
    return re.sub(r"<[^>]+>", "", html).replace("&amp;", "&")


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


# --- Finding passages ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("phrase", "source", "number"),
    [
        ("routine daily communication", "washington-post-2011-after-setbacks", 6),
        (
            "handful of military officials back into northwestern Pakistan",
            "reuters-2012-military-trickles-back",
            1,
        ),
        ("narrowly missed Pakistani Taliban leader", "inquirer-2014-resume-cooperation", 3),
        ("public war of words", "stratfor-2012-uneasy-interdependence", 2),
        (
            "marrying American technology to Pakistani ground intelligence",
            "csmonitor-2009-strike-on-mehsud",
            4,
        ),
    ],
)
def test_a_phrase_from_each_article_finds_its_passage_first(seeded, phrase, source, number):
    first = search_passages(f'"{phrase}"')[0]
    from relations.models import Passage

    passage = Passage.objects.get(pk=first.passage_id)
    assert (passage.source.slug, passage.number) == (source, number)
    assert HIT_START in first.marked


@pytest.mark.parametrize(
    "pasted",
    [
        '"After May, this relationship is not what it was, say, a year ago," Scaparrotti said',
        "After May, this relationship is not what it was,\nsay, a year ago",
        "after may, this relationship is NOT what it was",
    ],
)
def test_a_pasted_quote_finds_its_passage_despite_typography_line_breaks_and_case(
    client, seeded, pasted
):
    html = client.get("/cite/", {"q": pasted}).content.decode()
    first_hit = html[html.index('<li class="hit-item">') :]
    assert "Exact quote" in first_hit[:400]
    assert "The Washington Post" in first_hit[:600] and "¶5" in first_hit[:600]
    assert '<mark class="hit">' in first_hit
    assert "military dialogue halt after the raid" in first_hit[: first_hit.index("</article>")]


def test_wrong_way_apostrophe_in_the_article_matches_a_straight_one(seeded):
    hit = search_passages("Pakistan's jailing of a Pakistani doctor who helped")[0]
    assert hit.exact


def test_search_ranks_and_matches_spelling_variants(client, seeded):
    html = client.get("/cite/", {"q": "al-Qaida"}).content.decode()
    assert "al-Qaeda" in html.replace('<mark class="hit">', "").replace("</mark>", "")
    assert "US commandos kill Osama bin Laden" in html


def test_search_filters_by_source_and_year(client, seeded):
    def hits(**params):
        html = client.get("/cite/", {"q": "Pakistan", **params}).content.decode()
        return set(
            re.findall(
                r'<p class="hit-source">(?:<strong[^>]*>[^<]*</strong> · )?<a href="[^"]+">([^,]+),',
                html,
            )
        )

    assert hits(year="2009") == {"The Christian Science Monitor"}
    assert hits(source="stratfor-2012-uneasy-interdependence") == {"Stratfor"}
    assert len(hits()) > 1  # unnarrowed: several articles among the best ten


def test_a_quoted_word_matches_only_itself_not_the_actor_it_names(client, seeded):
    from relations.models import Passage

    literal = sum("islamabad" in p.text.lower() for p in Passage.objects.all())
    html = client.get("/cite/", {"q": '"Islamabad"'}).content.decode()
    assert f"<strong>{literal}</strong> passage" in html
    bare = client.get("/cite/", {"q": "Islamabad"}).content.decode()  # unquoted: Pakistan too
    assert f"<strong>{literal}</strong> passage" not in bare


def test_a_quoted_word_matches_events_that_say_it_not_those_of_the_actor_it_names(seeded):

    def says_islamabad(event):
        texts = [event.title, event.summary, event.place]
        texts += [c.passage.text for c in event.citations.select_related("passage")]
        return any("islamabad" in text.lower() for text in texts)

    published = Event.objects.published()
    quoted = set(published.matching('"Islamabad"'))
    assert quoted == {event for event in published if says_islamabad(event)}
    assert len(set(published.matching("Islamabad"))) > len(quoted)  # unquoted: Pakistan's


def test_counts_are_totals_and_say_when_only_the_best_are_shown(client, seeded):
    from relations.models import Passage
    from relations.search.query import fold_for_search

    total = sum(" the" in fold_for_search(p.text) for p in Passage.objects.all())
    assert total > 50
    html = client.get("/cite/", {"q": "the"}).content.decode()
    assert f"<strong>{total}</strong> passages" in html
    assert "The 10 that match best." in html
    events = Event.objects.published().count()
    assert f"<strong>{events}</strong> events" in html
    assert "The first 20." in html and 'href="/?q=the"' in html


def test_event_counts_leave_drafts_out(client, seeded):
    from relations.search.passages import count_events
    from relations.search.words import query_for

    published = Event.objects.published().matching("Pakistan").count()
    assert 20 < published <= 100  # the page counts them, past the twenty it lists
    assert count_events(query_for("Pakistan")) == published
    drafts = Event.objects.filter(pk__in=Event.objects.published().matching("Pakistan")[:3])
    assert drafts.update(published=False) == 3
    html = client.get("/cite/", {"q": "Pakistan"}).content.decode()
    assert f"<strong>{published - 3}</strong> events match" in html
    assert count_events(query_for("Pakistan"), at_most=5) == 6  # counting stops past 5


def test_past_a_hundred_events_the_page_says_more_than_a_hundred(client, seeded, monkeypatch):
    from relations.views import cite

    monkeypatch.setattr(cite, "COUNTED", 21)  # as with a hundred and one: counting stops
    published = Event.objects.published().matching("Pakistan").count()
    assert published > 22
    html = client.get("/cite/", {"q": "Pakistan"}).content.decode()
    assert "<strong>more than 21</strong> events match" in html
    assert (
        f"<strong>{published}</strong> events"
        in client.get("/", {"q": "Pakistan"}).content.decode()
    )


@pytest.mark.parametrize("source", ["", "stratfor-2012-uneasy-interdependence"])
def test_the_events_listed_are_the_timelines_first_whether_few_or_many_match(
    client, seeded, monkeypatch, source
):
    # Few matches are looked up by id (on SQLite, once counted), many are walked in
    # timeline order: either way the page lists the timeline's first, and counts them all.
    from datetime import date

    from relations.models import Actor, Citation
    from relations.views import cite

    from .factories import make_events

    monkeypatch.setattr(cite, "COUNTED", 25)
    # Added last, dated first: the order of ids is not the timeline's.
    make_events(5, first_day=date(1990, 1, 1), prefix="early")
    published = Event.objects.published()
    if source:
        cited = Citation.objects.filter(passage__source__slug=source).values("event_id")
        published = published.filter(pk__in=cited)
    names = [actor.name for actor in Actor.objects.order_by("pk")[:5]]  # one an early event
    totals = set()
    for q in ["Pakistan", "raid", '"supply routes"', "Salala", "drones", *names]:
        matched = published.matching(q).in_timeline_order()
        expected = [event.slug for event in matched[:20]]
        html = client.get("/cite/", {"q": q, "source": source}).content.decode()
        listed = re.search(r'<ul class="cite-events">(.*?)</ul>', html, re.S)
        slugs = re.findall(r'<a href="/events/([^/]+)/">', listed.group(1)) if listed else []
        assert slugs == expected, q
        count = matched.count()
        shown = "more than 25" if count > 25 else str(count)
        assert f"<strong>{shown}</strong> event" in html, q
        if slugs and slugs[0].startswith("early"):
            totals.add(count > 25)
    assert source or totals == {True, False}  # early events first, among few and among many


@pytest.mark.parametrize(("q", "many"), [("Pakistan", True), ('"Raymond Davis"', False)])
def test_a_page_of_events_is_listed_and_counted_in_as_few_statements_as_the_engine_can(
    seeded, django_assert_num_queries, q, many
):
    from relations.search import engine
    from relations.search.passages import first_events
    from relations.search.words import query_for

    query = query_for(q)
    matched = Event.objects.published().matching(query)
    assert matched.count() > 3 if many else 0 < matched.count() <= 3
    # SQLite counts, then lists. PostgreSQL lists a query of the word tables with its
    # count ("Pakistan"), and others alone, uncounted, when the page shows them all.
    before = engine().events_counted(query) == "before"
    statements = 2 if before else 1
    with django_assert_num_queries(statements) as captured:
        first, total = first_events(Event.objects.published(), query, 3, 1000, narrowed=False)
    counted = any("count(" in sql["sql"].lower() for sql in captured.captured_queries)
    assert counted == (many or before)
    assert [event.pk for event in first] == [event.pk for event in matched.in_timeline_order()[:3]]
    assert total == matched.count()


def passage_links(html: str) -> list[str]:
    return re.findall(r'<p class="hit-source">(?:<strong[^<]*</strong> · )?<a href="([^"]+)"', html)


def test_passages_come_a_page_at_a_time_best_first_to_the_last(client, seeded):
    from relations.models import Passage
    from relations.search.query import fold_for_search

    total = sum(" the" in fold_for_search(p.text) for p in Passage.objects.all())
    html = client.get("/cite/", {"q": "the"}).content.decode()
    seen, page = passage_links(html), 1
    while 'class="more next-passages"' in html:
        link = re.search(r'class="more next-passages"><a href="([^"]+)"', html).group(1)
        html = client.get("/cite/" + link.replace("&amp;", "&")).content.decode()
        page += 1
        assert f'<ol class="hits" start="{10 * (page - 1) + 1}">' in html
        assert f"Passages {10 * (page - 1) + 1}–" in html
        assert "<h2>Events</h2>" not in html  # the events are on the first page
        seen += passage_links(html)
    # Every matching passage once, each page after the one before.
    assert len(seen) == len(set(seen)) == total
    assert page == -(-total // 10)
    # A page past the last, or a page that is not a number, is said so.
    past = client.get("/cite/", {"q": "the", "page": page + 1}).content.decode()
    assert "No more passages match." in past
    assert f"<strong>{total}</strong> passages match “the”." in past  # not "Passages 41–40"
    bad = client.get("/cite/", {"q": "the", "page": "two"})
    assert bad.status_code == 200
    assert "A page is a number; showing the first." in bad.content.decode()
    assert passage_links(bad.content.decode()) == passage_links(
        client.get("/cite/", {"q": "the"}).content.decode()
    )


def test_counting_stops_past_a_thousand(client, seeded):
    from relations.search.passages import count_passages

    assert count_passages("the", at_most=10) == 11
    assert count_passages("the") == count_passages("the", at_most=10**6)


def test_the_page_counts_passages_as_far_as_it_ranks_them(client, seeded, monkeypatch):
    from relations.search import postgres, sqlite
    from relations.search.passages import count_passages, ranked_search
    from relations.views import cite

    total = count_passages("the", at_most=10**6)
    assert ranked_search("the", limit=5)[1] == total  # all ranked: counted exactly
    # As with a hundred thousand passages: only the newest are ranked, and so counted.
    for module in (sqlite, postgres, cite):
        monkeypatch.setattr(module, "RANKED", 10)
    assert ranked_search("the", limit=5)[1] == 11
    html = client.get("/cite/", {"q": "the"}).content.decode()
    assert "<strong>More than 10</strong> passages" in html
    assert "The 10 that match best among the 10 added last." in html
    assert "The next 10 passages" not in html  # the ranked ten are all shown


@pytest.mark.parametrize("q", ["Taliban", "Haqqani", "Pakistani -Taliban"])
def test_only_the_newest_ranked_passages_are_ranked_in_their_order(seeded, monkeypatch, q):
    from relations.search import postgres, sqlite
    from relations.search.passages import ranked_search

    everything, total = ranked_search(q, limit=1000)
    assert total > 3
    newest = sorted(hit.passage_id for hit in everything)[-3:]
    for module in (sqlite, postgres):
        monkeypatch.setattr(module, "RANKED", 3)
    hits, counted = ranked_search(q, limit=10)
    assert counted == 4  # one more than it ranks: "more than 3"
    assert [hit.passage_id for hit in hits] == [
        hit.passage_id for hit in everything if hit.passage_id in newest
    ]


def test_the_passages_are_ranked_and_counted_in_one_statement(seeded, django_assert_num_queries):
    from relations.search.passages import count_passages, ranked_search
    from relations.search.words import query_for

    query = query_for("the")
    with django_assert_num_queries(1):
        hits, total = ranked_search("the", limit=5, query=query)
    assert len(hits) == 5 and total == count_passages("the", at_most=10**6)


@pytest.mark.parametrize("q", ["😀", "*", '""', "-"])
def test_a_search_with_nothing_to_search_for_says_so(client, seeded, q):
    html = client.get("/cite/", {"q": q}).content.decode()
    assert "has no letters or digits to search for" in html
    assert '<ul class="cite-events">' not in html
    timeline = client.get("/", {"q": q}).content.decode()
    assert 'id="error-q" class="field-error" role="alert">“' in timeline
    api = client.get("/api/events.json", {"q": q})
    assert api.status_code == 400 and "q" in api.json()["fields"]


def test_cite_filters_name_a_bad_value_and_narrow_the_events_too(client, seeded):
    html = client.get("/cite/", {"q": "bin", "source": "bogus", "year": "abc"}).content.decode()
    assert "No source is called “bogus”." in html and "No article was published in “abc”." in html
    narrowed = client.get(
        "/cite/", {"q": "supply routes", "source": "inquirer-2014-resume-cooperation"}
    ).content.decode()
    everywhere = client.get("/cite/", {"q": "supply routes"}).content.decode()
    assert "<strong>0</strong> passages and <strong>0</strong> events" in narrowed
    assert "<strong>0</strong> events" not in everywhere


@pytest.mark.parametrize(
    "q",
    [
        '"',
        "***",
        "AND OR NOT",
        "NEAR(",
        "x" * 600,
        "\x00",
        "<script>alert(1)</script>",
        '"unclosed',
    ],
)
def test_hostile_search_text_never_breaks_the_page(client, seeded, q):
    response = client.get("/cite/", {"q": q, "year": "99999", "source": "nope"})
    assert response.status_code == 200
    assert b"<script>alert(1)</script>" not in response.content


def test_htmx_search_gets_the_results_with_the_title_and_the_fields_messages(client, seeded):
    html = client.get("/cite/", {"q": "Knife Edge"}, HTTP_HX_REQUEST="true").content.decode()
    assert re.match(r"\s*<title>“Knife Edge” · Look up a claim · [^<]+</title>", html)
    assert '<section id="cite-results"' in html and "<form" not in html
    # The messages beside the fields are replaced too: emptied here, set below.
    assert (
        '<p id="error-source" class="field-error" role="alert" hx-swap-oob="true" hidden>' in html
    )
    refused = client.get("/cite/", {"q": "😀"}, HTTP_HX_REQUEST="true").content.decode()
    assert re.search(r'id="error-q"[^>]*hx-swap-oob="true">“😀” has no letters or digits', refused)


def test_the_source_list_offers_the_most_cited_and_each_article_can_be_searched(
    client, seeded, monkeypatch
):
    from relations.models import Source
    from relations.views import cite

    # As with a thousand articles: only the most cited are listed, and the one chosen.
    monkeypatch.setattr(cite, "SOURCES_LISTED", 2)
    sources = list(Source.objects.public().order_by("-event_count", "slug"))

    def listed(html):
        select = html[html.index('<select name="source"') :]
        return re.findall(r'<option value="([^"]+)"', select[: select.index("</select>")])

    html = client.get("/cite/", {"q": "Pakistan"}).content.decode()
    assert set(listed(html)) == {s.slug for s in sources[:2]}
    assert "The 2 most cited. Any other: “Search this article” on its page." in html
    least = sources[-1]
    html = client.get("/cite/", {"q": "Pakistan", "source": least.slug}).content.decode()
    assert set(listed(html)) == {s.slug for s in sources[:2]} | {least.slug}
    assert f'<option value="{least.slug}" selected>' in html
    # Its own page searches it: the form sends its slug with the words.
    page = client.get(least.get_absolute_url()).content.decode()
    form = page[page.index('<form class="search-within"') :]
    form = form[: form.index("</form>")]
    assert 'action="/cite/"' in form
    assert f'<input type="hidden" name="source" value="{least.slug}">' in form
    assert 'name="q"' in form and '<label for="search-article">Search this article</label>' in form
    found = client.get("/cite/", {"source": least.slug, "q": "Pakistan"}).content.decode()
    hit_source = r'<p class="hit-source">(?:<strong[^<]*</strong> · )?<a href="[^"]+">([^,]+),'
    assert set(re.findall(hit_source, found)) == {least.publisher}
