import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from playwright.sync_api import expect

from relations.models import Event

from .conftest import open_page

TIMELINEJS_VERSION = "3.9.11"


def test_search_a_phrase_open_the_hit_and_copy_a_citation(browser, site):
    context, page = open_page(browser)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site)
    page.goto(site + "/cite/")
    page.get_by_label("Words, a “phrase” or a pasted quote").fill('"routine daily communication"')
    expect(page.locator("#cite-count")).to_contain_text("1 passage")
    assert "routine+daily+communication" in page.url or "routine%20daily" in page.url
    assert "source=" not in page.url and "year=" not in page.url  # empty fields left out
    expect(page.locator("mark.hit").first).to_have_text("routine daily communication")

    page.get_by_role("link", name="Permalink").first.click()
    expect(page).to_have_url(re.compile(r"/sources/[^/]+/#p-6$"))  # waits for the navigation
    expect(page.locator("#p-6")).to_be_in_viewport()
    background = page.locator("#p-6").evaluate("e => getComputedStyle(e).backgroundColor")
    assert background not in ("rgba(0, 0, 0, 0)", "transparent")  # the passage is highlighted

    page.get_by_role("link", name="Cite paragraph 6").click()
    expect(page.locator("h1")).to_contain_text("¶6")
    copy = page.locator("button.copy").first
    expect(copy).to_be_visible()
    copy.click()
    expect(copy).to_have_text("Copied")
    copied = page.evaluate("() => navigator.clipboard.readText()")
    assert copied.startswith("Joshua Partlow, “After Setbacks, U.S. Military Tries to Rebuild Ties")
    assert "para. 6" in copied
    problems = list(page.problems)
    context.close()
    assert problems == []


def test_a_misspelled_place_leads_through_its_correction_to_a_citation(browser, site):
    context, page = open_page(browser)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site)
    page.goto(site + "/cite/")
    page.get_by_label("Words, a “phrase” or a pasted quote").fill("Waziristaan")
    correction = page.locator("p.correction")
    expect(correction).to_have_text(
        "Showing results for Waziristan — search instead for Waziristaan"
    )
    correction.get_by_role("link", name="Waziristan", exact=True).click()
    expect(page).to_have_url(re.compile(r"/cite/\?q=Waziristan$"))
    expect(page.locator("p.correction")).to_have_count(0)  # it finds things as it is
    expect(page.locator("mark.hit").first).to_have_text(re.compile("Waziristan", re.I))

    page.get_by_role("link", name="Cite this passage").first.click()
    expect(page.locator("h1")).to_contain_text("¶")
    copy = page.locator("button.copy").first
    copy.click()
    expect(copy).to_have_text("Copied")
    copied = page.evaluate("() => navigator.clipboard.readText()")
    assert "para." in copied
    problems = list(page.problems)
    context.close()
    assert problems == []


def test_a_search_typed_on_the_look_up_page_updates_its_messages_and_title(page, site):
    page.goto(site + "/cite/?q=bin&source=bogus")
    expect(page.locator("#error-source")).to_have_text("No source is called “bogus”.")
    search = page.get_by_label("Words, a “phrase” or a pasted quote")
    search.fill("😀")
    expect(page.locator("#error-q")).to_contain_text("has no letters or digits to search for")
    search.fill("Kayani")
    expect(page.locator("#cite-count")).to_contain_text("match “Kayani”")
    expect(page.locator("#error-q")).to_be_hidden()
    expect(page.locator("#error-source")).to_be_hidden()  # the source was reset with the search
    expect(page).to_have_title(re.compile(r"^“Kayani” · Look up a claim"))


def test_the_next_passages_open_at_their_start_and_back_returns(page, site):
    page.goto(site + "/cite/?q=Pakistan")
    expect(page.locator("ol.hits > li")).to_have_count(10)
    page.get_by_role("link", name="The next 10 passages").click()
    expect(page.locator("#cite-count")).to_contain_text("Passages 11–")
    assert page.url.endswith("page=2")
    # The reader is taken to the top of the new passages, not left at the bottom.
    expect(page.locator("#cite-count")).to_be_in_viewport()
    expect(page.locator("ol.hits")).to_have_attribute("start", "11")
    page.go_back()
    expect(page.locator("ol.hits > li")).to_have_count(10)


def test_copy_in_the_second_of_two_open_events_copies_its_own_citation(browser, site):
    context, page = open_page(browser)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site)
    page.goto(site + "/")
    for slug in ("osama-bin-laden-killed-in-abbottabad", "salala-border-incident"):
        page.locator(f"#title-{slug} a").click()
        detail = page.locator(f"#detail-{slug}")
        detail.locator("details.cite-this summary").click()
        expect(detail.locator("button.copy").first).to_be_visible()
    copy = page.locator("#detail-salala-border-incident button.copy").first
    copy.click()
    expect(copy).to_have_text("Copied")
    copied = page.evaluate("() => navigator.clipboard.readText()")
    assert "Salala Border Incident" in copied and "Bin Laden" not in copied
    problems = list(page.problems)
    context.close()
    assert problems == []


@pytest.fixture(scope="session")
def timelinejs(tmp_path_factory):
    """Knight Lab's TimelineJS from the npm registry, in a temporary folder."""
    npm = shutil.which("npm")
    folder = tmp_path_factory.mktemp("timelinejs")
    if npm:
        result = subprocess.run(
            [
                npm,
                "install",
                "--no-audit",
                "--no-fund",
                "--ignore-scripts",
                f"@knight-lab/timelinejs@{TIMELINEJS_VERSION}",
            ],
            cwd=folder,
            capture_output=True,
            text=True,
            timeout=300,
        )
    if not npm or result.returncode:
        reason = (
            "npm is missing"
            if not npm
            else f"npm could not install TimelineJS: {result.stderr[-300:]}"
        )
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    return folder / "node_modules/@knight-lab/timelinejs/dist"


def test_timelinejs_loads_our_export_unchanged(browser, site, timelinejs):
    dist = Path(timelinejs)
    # TimelineJS's page is served at an address of the live server (intercepted
    # here), so that it loads our export same-origin, as an embed would.
    base = f"{site}/timelinejs-test/"
    page_html = f"""<!doctype html><html><head><meta charset="utf-8">
<link rel="stylesheet" href="{base}css/timeline.css"><script src="{base}js/timeline.js"></script></head>
<body><div id="timeline-embed" style="width:100%;height:600px"></div>
<script>window.timeline = new TL.Timeline('timeline-embed', '{site}/export/timelinejs.json', {{script_path: '{base}js/'}});</script>
</body></html>"""
    context, page = open_page(browser)

    def serve(route):
        path = route.request.url.removeprefix(base).split("?")[0]
        if path in ("", "index.html"):
            return route.fulfill(body=page_html, content_type="text/html")
        local = dist / path
        if local.is_file():
            return route.fulfill(path=str(local))
        return route.fulfill(status=404, body="")

    context.route(base + "**", serve)
    # TimelineJS asks font services for its web fonts; this machine has no network.
    context.route(lambda url: not url.startswith(site), lambda route: route.abort())
    page.goto(base)
    expect(page.locator(".tl-timemarker").first).to_be_attached(timeout=20_000)
    headlines = page.locator(".tl-timemarker .tl-headline").all_inner_texts()
    expected = [e.title for e in Event.objects.published()]
    assert sorted(h.strip() for h in headlines) == sorted(expected)
    context.close()
