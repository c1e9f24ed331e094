"""An event's claims lead, by their markers, to the words they rest on (issue 17)."""

import re

import pytest
from playwright.sync_api import expect

from .test_for_people import serious_violations

SALALA = "/events/salala-border-incident/"


def test_tab_to_a_marker_read_its_quote_and_follow_it_to_the_passage(page, site):
    page.goto(site + SALALA)
    first = page.locator(".summary .marker-link").first
    # Keyboard only: Tab from the top of the page until the first marker has the focus.
    for _ in range(40):
        page.keyboard.press("Tab")
        if first.evaluate("element => element === document.activeElement"):
            break
    expect(first).to_be_focused()
    tip = page.locator(".summary .marker").first.locator(".tip")
    expect(tip).to_be_visible()  # the quote, shown on focus
    page.keyboard.press("Escape")
    expect(tip).to_be_hidden()  # dismissed without moving the focus (WCAG 1.4.13)
    expect(first).to_be_focused()

    # A marker that points at a quotation: follow it to the note, then to the article.
    marker = page.locator(".summary .marker", has=page.locator(".tip", has_text="¶")).first
    quote = marker.locator(".tip").inner_text().split("”")[0].strip("“ ")[:30]
    marker.locator(".marker-link").focus()
    page.keyboard.press("Enter")
    note = page.locator(".evidence .note:target")
    expect(note).to_contain_text(quote)
    note.locator(".attribution a").focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/sources/[a-z0-9-]+/\?cite=\d+#p-\d+$"))
    expect(page.locator("mark.selected").first).to_contain_text(quote)


def test_hovering_a_marker_shows_its_quote_and_the_quote_can_be_hovered(page, site):
    page.goto(site + SALALA)
    marker = page.locator(".summary .marker").first
    marker.locator(".marker-link").hover()
    tip = marker.locator(".tip")
    expect(tip).to_be_visible()
    tip.hover()  # moving onto the tip keeps it (WCAG 1.4.13: hoverable)
    expect(tip).to_be_visible()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_an_event_page_with_its_evidence_open_has_no_serious_violations(browser, site, scheme):
    context = browser.new_context(bypass_csp=True, color_scheme=scheme)
    page = context.new_page()
    page.goto(site + SALALA)
    page.locator(".summary .marker-link").first.focus()
    expect(page.locator(".summary .tip").first).to_be_visible()
    found = serious_violations(page)
    context.close()
    assert found == []
