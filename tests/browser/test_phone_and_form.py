"""The filters form on a phone and the way back, in Chromium: the first event on the
first screen, the filters folded behind a counted button, one history entry per search,
a typed date applied on leaving the field, and Back from a source to the open event."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}
SALALA = "salala-border-incident"


def new_page(browser, viewport, **options):
    context = browser.new_context(viewport=viewport, **options)
    page = context.new_page()
    page.problems = []
    page.on("console", lambda m: page.problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: page.problems.append(str(e)))
    return context, page


def serious_violations(page) -> list[str]:
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in Axe().run(page).response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def test_on_a_phone_the_first_event_is_on_the_first_screen_and_the_filters_fold(
    browser, site, output_dir
):
    context, page = new_page(browser, PHONE)
    page.goto(site + "/")
    first = page.locator(".timeline .event").first
    assert first.bounding_box()["y"] < PHONE["height"]
    button = page.locator("#filters-button")
    expect(button).to_have_text("Filters (none active)")
    expect(button).to_have_attribute("aria-expanded", "false")
    expect(page.locator("#filters")).to_be_hidden()
    # A phase's description folds under its heading; its name and dates stay.
    phase = page.locator(".phase-heading").first
    expect(phase.locator("h2")).to_be_visible()
    expect(phase.locator(".phase-description")).to_be_hidden()
    phase.locator("summary").click()
    expect(phase.locator(".phase-description")).to_be_visible()
    page.screenshot(path=str(output_dir / "phone-timeline-360.png"))
    page.reload()  # a screenshot leaves marks in the page (style=""), which a swap would copy
    # Open the filters, choose one: the button counts it, and folds the form again.
    button.click()
    expect(page.locator("#f-q")).to_be_focused()
    page.locator("details.choice summary", has_text="Kind").click()
    page.locator("input[name=kind][value=raid]").check()
    expect(page.locator("#result-count")).to_contain_text("match")
    expect(button).to_have_text("Filters (1 active)")
    expect(page.locator(".lede")).to_be_hidden()  # the swap brought chips: results first
    button.click()
    expect(page.locator("#filters")).to_be_hidden()
    button.click()
    page.screenshot(path=str(output_dir / "phone-filters-open-360.png"))
    assert page.problems == []
    context.close()


def test_on_a_phone_a_filtered_timeline_starts_its_first_event_on_the_first_screen(
    browser, site, output_dir
):
    # Chips, a phase heading and the chart stand above the list; the introduction gives
    # way to them, and a closed Embed button shares a line.
    context, page = new_page(browser, PHONE)
    page.goto(site + "/")
    expect(page.locator(".lede")).to_be_visible()
    for address in ("/?kind=raid", "/?actor=cia&from=2011", "/?q=drone"):
        page.goto(site + address)
        expect(page.locator(".chips")).to_be_visible()
        expect(page.locator(".lede")).to_be_hidden()
        first = page.locator(".timeline .event").first
        assert first.bounding_box()["y"] < PHONE["height"], address
    page.screenshot(path=str(output_dir / "phone-filtered-360.png"))
    context.close()
    assert page.problems == []


def test_on_a_wide_screen_the_form_shows_and_no_button_is_needed(browser, site, output_dir):
    context, page = new_page(browser, DESKTOP)
    page.goto(site + "/?actor=nato-isaf&actor=haqqani-network&actors_match=any")
    expect(page.locator("#filters")).to_be_visible()
    expect(page.locator("#filters-button")).to_be_hidden()
    expect(page.locator(".phase-heading .phase-description").first).to_be_visible()
    expect(page.locator("details.choice summary", has_text="Actors")).to_contain_text("any of")
    # Back to "all of": applied at once, the count narrows.
    count = page.locator("#result-count strong").inner_text()
    page.locator("input[name=actors_match][value=all]").check()
    expect(page.locator("#result-count strong")).not_to_have_text(count)
    assert "actors_match" not in page.url
    page.screenshot(path=str(output_dir / "form-1280.png"))
    assert page.problems == []
    context.close()


@pytest.mark.parametrize(("path", "field"), [("/", "#f-q"), ("/cite/", "#cite-q")])
def test_typing_a_search_slowly_adds_at_most_two_history_entries(browser, site, path, field):
    context, page = new_page(browser, DESKTOP)
    page.goto(site + path)
    before = page.evaluate("history.length")
    page.click(field)
    # Each pause (0.6 s) outlasts the search's wait (0.5 s, 0.3 s on the look-up page): four
    # searches, and at most two entries.
    page.keyboard.type("Swat", delay=600)
    page.wait_for_timeout(2300)  # two seconds without typing: the search is kept
    assert page.evaluate("history.length") - before <= 2
    assert "q=Swat" in page.url
    page.go_back()
    expect(page).to_have_url(site + path)
    assert page.problems == []
    context.close()


def test_leaving_the_search_field_keeps_one_entry(browser, site):
    context, page = new_page(browser, DESKTOP)
    page.goto(site + "/")
    before = page.evaluate("history.length")
    page.click("#f-q")
    page.keyboard.type("Salala", delay=100)
    expect(page.locator("#result-count")).to_contain_text("match")
    page.keyboard.press("Tab")
    page.wait_for_timeout(600)
    assert page.evaluate("history.length") - before == 1
    assert "q=Salala" in page.url
    context.close()


def test_a_typed_date_says_it_is_pending_and_applies_on_leaving_the_field(browser, site):
    context, page = new_page(browser, DESKTOP)
    page.goto(site + "/")
    total = page.locator("#result-count strong").inner_text()
    page.fill("#f-from", "")
    page.locator("#f-from").press_sequentially("2011–2012")
    expect(page.locator("#hint-from")).to_have_text(
        "Not applied yet: press Enter or leave the field."
    )
    page.keyboard.press("Tab")
    expect(page.locator("#hint-from")).to_have_text(
        "From 1 January 2011 to 31 December 2012: the span typed, with To empty."
    )
    expect(page.locator("#result-count strong")).not_to_have_text(total)
    assert "from=2011" in page.url
    # What is refused is named, with what would be read.
    page.fill("#f-to", "Decmber 2012")
    page.keyboard.press("Tab")
    expect(page.locator("#error-to")).to_contain_text("Did you mean “December 2012”?")
    assert page.problems == []
    context.close()


def test_back_from_a_source_reopens_the_event_where_it_was(browser, site):
    context, page = new_page(browser, DESKTOP)
    page.goto(site + "/?kind=air+strike&kind=border+clash&kind=raid")
    link = page.locator(f"#title-{SALALA} a")
    link.scroll_into_view_if_needed()
    link.click()
    expect(page.locator(f"#detail-{SALALA} .evidence")).to_be_visible()
    assert page.url.endswith(f"#event-{SALALA}")
    source = page.locator(f"#detail-{SALALA} .citation .attribution a").first
    source.scroll_into_view_if_needed()
    top = page.locator(f"#event-{SALALA}").bounding_box()["y"]
    source.click()
    expect(page.locator("#cited")).to_be_visible()
    page.go_back()
    expect(page.locator(f"#detail-{SALALA} .evidence")).to_be_visible()
    expect(page.locator(f"#title-{SALALA} a")).to_have_attribute("aria-expanded", "true")
    page.wait_for_timeout(300)
    assert abs(page.locator(f"#event-{SALALA}").bounding_box()["y"] - top) < 40
    assert "kind=air+strike" in page.url
    # Folding the event away takes it out of the address.
    page.locator(f"#title-{SALALA} a").click()
    expect(page.locator(f"#detail-{SALALA}")).to_be_empty()
    assert "#event-" not in page.url
    assert page.problems == []
    context.close()


def test_timeline_link_on_an_event_page_returns_to_the_filtered_list_at_the_event(browser, site):
    context, page = new_page(browser, DESKTOP)
    page.goto(site + "/?kind=air+strike&kind=border+clash")
    page.goto(site + f"/events/{SALALA}/")
    page.locator("a.to-timeline").click()
    expect(page.locator(f"#event-{SALALA}")).to_be_in_viewport()
    assert "kind=air+strike" in page.url and page.url.endswith(f"#event-{SALALA}")
    expect(page.locator("#result-count")).to_contain_text("match")
    assert page.problems == []
    context.close()


def test_a_chosen_quote_is_one_mark_and_its_event_link_sits_beside_it(browser, site, output_dir):
    context, page = new_page(browser, PHONE)
    page.goto(site + f"/events/{SALALA}/")
    page.locator(".citation .attribution a", has_text="¶4").first.click()
    expect(page.locator("#cited")).to_have_count(1)
    mark = page.locator("#cited")
    expect(mark).to_contain_text("dropped to zero after U.S. aircraft")
    # The last word of the quote is not covered by anything drawn over it.
    covered = page.evaluate(
        """() => { const range = document.createRange(); const mark = document.getElementById('cited');
        const text = mark.firstChild; range.setStart(text, text.length - 2); range.setEnd(text, text.length - 1);
        const box = range.getBoundingClientRect();
        return !mark.contains(document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2)); }"""
    )
    assert not covered
    expect(page.locator(".cited-for a")).to_have_attribute("href", f"/events/{SALALA}/")
    page.screenshot(path=str(output_dir / "quote-360.png"))
    assert page.problems == []
    context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_phone_and_form_have_no_serious_accessibility_violations(browser, site, scheme, output_dir):
    found = {}
    for viewport in (PHONE, DESKTOP):
        # axe is injected by the test, so this context lets it past the site's CSP.
        context, page = new_page(browser, viewport, bypass_csp=True, color_scheme=scheme)
        width = viewport["width"]
        page.goto(site + "/?from=2011–2012&actor=pakistan&actor=nato-isaf&actors_match=any")
        if width == PHONE["width"]:
            page.locator("#filters-button").click()
        page.locator("details.choice summary", has_text="Actors").click()
        found[f"timeline {width}"] = serious_violations(page)
        page.screenshot(path=str(output_dir / f"form-{scheme}-{width}.png"), full_page=True)
        page.goto(site + "/sources/reuters-2012-military-trickles-back/")
        page.locator(".cited-by a").first.wait_for()
        found[f"source {width}"] = serious_violations(page)
        context.close()
    assert {name: v for name, v in found.items() if v} == {}
