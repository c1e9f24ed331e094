"""The map in Chromium: from a filtered timeline to a place and back; marks a finger can hit;
no script needed; axe-core clean, light and dark, wide and narrow."""

import re
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import expect

from .conftest import open_page
from .test_for_people import serious_violations


def query(page) -> dict:
    return parse_qs(urlparse(page.url).query)


def test_from_a_timeline_filtered_by_an_actor_to_a_place_and_back(page, site):
    page.goto(site + "/?actor=cia")
    page.get_by_role("link", name="on a map").click()
    expect(page).to_have_url(re.compile(r"/map/\?actor=cia$"))
    expect(page.locator(".chips")).to_contain_text("Actor: Central Intelligence Agency")
    # Choose a place: its mark leads to its page, carrying the filter along.
    page.locator('.marks.wide a[href^="/places/lahore/"]').click()
    expect(page.locator("h1")).to_have_text("Lahore")
    expect(page.locator(".actor-meta")).to_contain_text("Punjab")
    page.get_by_role("link", name=re.compile("^Lahore with your other filters")).click()
    expect(page.locator("#result-count")).to_contain_text("1 event matches")
    assert query(page) == {"actor": ["cia"], "place": ["lahore"]}
    expect(page.locator(".chips")).to_contain_text("Place: Lahore")


@pytest.mark.parametrize("width", [1280, 360])
def test_each_mark_is_on_top_at_its_centre_and_at_least_24_px_each_way(browser, site, width):
    context, page = open_page(browser, width=width)
    for path in ("/map/", "/map/?near=islamabad", "/map/?near=kabul"):
        page.goto(site + path)
        marks = [m for m in page.locator(".marks a").all() if m.is_visible()]
        assert len(marks) >= 3, path
        for mark in marks:
            mark.scroll_into_view_if_needed()
            box = mark.bounding_box()
            assert box["width"] >= 24 and box["height"] >= 24, (path, box)
            on_top = mark.evaluate(
                """m => { const r = m.getBoundingClientRect();
                          const hit = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
                          return hit !== null && hit.closest('a') === m; }"""
            )
            assert on_top, (path, mark.get_attribute("href"))
    problems = list(page.problems)
    context.close()
    assert problems == []


def test_the_map_works_without_javascript_and_by_keyboard(browser, site):
    context, page = open_page(browser, javascript=False, width=360)
    page.goto(site + "/map/")
    group = page.locator('.marks.narrow a[href*="near="]').first
    group.click()
    expect(page.get_by_role("link", name="Whole region")).to_be_visible()
    page.locator('.marks.narrow a[href^="/places/"]').first.click()
    expect(page).to_have_url(re.compile(r"/places/[-a-z]+/"))
    context.close()
    context, page = open_page(browser)
    page.goto(site + "/map/")
    page.locator(".map-svg").scroll_into_view_if_needed()
    page.locator("h1").focus()
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.closest('.marks') !== null"):
            break
    focused = page.locator(".marks.wide a:focus")
    expect(focused).to_have_count(1)
    outline = focused.evaluate("e => getComputedStyle(e).outlineStyle")
    assert outline == "solid"
    href = focused.get_attribute("href")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(re.escape(href.split("#")[0]) + "$"))
    context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_map_and_a_place_page_have_no_serious_accessibility_violations(browser, site, scheme):
    found = {}
    for width in (1280, 360):
        # axe is injected by the test, so this context lets it past the site's CSP.
        context = browser.new_context(
            bypass_csp=True, color_scheme=scheme, viewport={"width": width, "height": 900}
        )
        page = context.new_page()
        for name, path in (("map", "/map/?actor=pakistan"), ("place", "/places/khyber-agency/")):
            page.goto(site + path)
            found[f"{name} at {width}"] = serious_violations(page)
        context.close()
    assert {name: v for name, v in found.items() if v} == {}
