"""Accessibility, keyboard use, small screens, print and the overview, in Chromium."""

from datetime import date
from urllib.parse import parse_qs, urlparse

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from relations.models import Event

from .conftest import open_page


def query(page):
    return parse_qs(urlparse(page.url).query)


def serious_violations(page) -> list[str]:
    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_pages_have_no_serious_accessibility_violations(browser, site, scheme):
    # axe is injected by the test, so this context lets it past the site's CSP.
    context = browser.new_context(bypass_csp=True, color_scheme=scheme)
    page = context.new_page()
    found = {}
    page.goto(site + "/")
    found["timeline"] = serious_violations(page)
    page.locator("summary", has_text="Embed").click()
    expect(page.locator("#embed-code")).to_be_visible()
    found["embed code"] = serious_violations(page)
    page.locator("#title-salala-border-incident a").click()
    expect(page.locator("#detail-salala-border-incident mark").first).to_be_visible()
    found["expanded event"] = serious_violations(page)
    for name, path in [
        ("event, with its quotes to copy", "/events/salala-border-incident/"),
        ("embedded timeline", "/embed/?kind=raid"),
        ("source", "/sources/stratfor-2012-uneasy-interdependence/"),
        ("actor", "/actors/pakistan/"),
        ("about", "/about/"),
        ("lookup", "/cite/?q=supply+routes"),
        ("admin login", "/admin/login/"),
    ]:
        page.goto(site + path)
        found[name] = serious_violations(page)
    context.close()
    assert {name: v for name, v in found.items() if v} == {}


def test_keyboard_only_journey(page, site):
    page.goto(site + "/")
    page.keyboard.press("Tab")
    expect(page.locator(".skip-link")).to_be_focused()
    # Tab to the search field and apply a filter with the keyboard.
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.id") == "f-q":
            break
    expect(page.locator("#f-q")).to_be_focused()
    page.keyboard.type("Salala")
    page.keyboard.press("Enter")
    expect(page.locator("#result-count")).to_contain_text("match")
    # Expand an event with Enter; focus moves into what opened.
    link = page.locator("#title-salala-border-incident a")
    link.focus()
    page.keyboard.press("Enter")
    expect(page.locator("#detail-salala-border-incident .detail-heading").first).to_be_focused()
    # Follow a citation with the keyboard.
    page.locator("#detail-salala-border-incident .citation .attribution a").first.focus()
    page.keyboard.press("Enter")
    expect(page.locator("mark.selected").first).to_be_visible()
    assert "/sources/" in page.url


def test_clicking_a_year_narrows_the_timeline(page, site):
    # The events of 2012, and the closure of the supply routes that lasted into it: counted
    # before the browser acts, as the live server shares the test's SQLite connection.
    in_2012 = Event.objects.published().between(date(2012, 1, 1), date(2012, 12, 31)).count()
    page.goto(site + "/")
    page.locator("svg.overview-svg a.year", has_text="2012").click()
    expect(page.locator("#result-count")).to_contain_text(f"{in_2012} events match")
    assert query(page)["from"] == ["2012"] and query(page)["to"] == ["2012"]
    # The overview now spans the selection, 2012, month by month.
    expect(page.locator("svg.overview-svg a.month")).to_have_count(12)


def test_dragging_across_the_overview_selects_a_range(page, site):
    total = Event.objects.published().count()  # before the browser acts
    page.goto(site + "/")
    svg = page.locator("svg.overview-svg")
    box = svg.bounding_box()
    # From the start of 2011 to the middle of 2012 (six years across the width).
    left = box["x"] + box["width"] * (2 / 6)
    right = box["x"] + box["width"] * (3.5 / 6)
    page.mouse.move(left, box["y"] + 20)
    page.mouse.down()
    page.mouse.move((left + right) / 2, box["y"] + 20, steps=5)
    page.mouse.move(right, box["y"] + 20, steps=5)
    page.mouse.up()
    expect(page.locator(".chip", has_text="From: 20")).to_be_visible()
    params = query(page)
    assert params["from"][0].startswith("2011-") or params["from"][0].startswith("2010-12")
    assert params["to"][0].startswith("2012-")
    shown = int(page.locator("#result-count strong").inner_text())
    assert 0 < shown < total


def test_at_360_pixels_nothing_overflows_and_screenshots_are_kept(browser, site, output_dir):
    for width in (360, 1280):
        context, page = open_page(browser, width=width)
        for path in (
            "/",
            "/events/nato-supply-routes-closed/",
            "/sources/reuters-2012-military-trickles-back/",
            "/cite/?q=Kayani",
            # Citations carry long addresses (the Inquirer's especially).
            "/cite/events/osama-bin-laden-killed-in-abbottabad/",
            "/events/us-airstrikes-on-pakistani-taliban/",
        ):
            page.goto(site + path)
            if path.startswith("/events/"):  # with its citations open
                page.locator("details.cite-this summary").click()
                expect(page.locator(".cite-formats")).to_be_visible()
            overflow = page.evaluate(
                "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 0, (width, path, overflow)
        page.goto(site + "/")
        page.screenshot(path=str(output_dir / f"timeline-{width}.png"), full_page=True)
        assert page.problems == []
        context.close()


def test_print_hides_controls_and_lists_sources_and_notes(page, site):
    page.goto(site + "/?q=Kayani")
    page.emulate_media(media="print")
    for selector in ("#filters", ".site-header nav", ".overview", ".chips", ".exports"):
        expect(page.locator(selector).first).to_be_hidden()
    allen = page.locator("#event-allen-meets-kayani-june-2012 .print-only")
    expect(allen).to_be_visible()
    expect(allen).to_contain_text("Stratfor, June 2012, ¶1 (The article says “July 27”")
    page.emulate_media(media="screen")
    expect(allen).to_be_hidden()
