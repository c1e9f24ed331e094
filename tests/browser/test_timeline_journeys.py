import re
import time
from datetime import date
from urllib.parse import parse_qs, urlparse

from playwright.sync_api import expect

from relations.filters import timeline_events
from relations.models import Event

from ..factories import make_events


def count_text(page):
    return page.locator("#result-count").inner_text()


def query(page):
    return parse_qs(urlparse(page.url).query)


def test_filter_by_actor_and_typed_date_range_changes_count_and_url(page, site):
    # Counted before the browser acts: the live server shares the test's in-memory SQLite
    # connection, and a query here while it answers a filter's request breaks both.
    total = Event.objects.published().count()
    cia = Event.objects.published().involving(["cia"])
    in_cia = cia.count()
    in_2011 = cia.between(date(2011, 1, 1), date(2011, 8, 31)).count()
    page.goto(site + "/")
    expect(page.locator("#result-count")).to_contain_text(f"{total} events")

    page.get_by_text("Actors", exact=True).click()
    page.get_by_label("Central Intelligence Agency").check()
    expect(page.locator("#result-count")).to_contain_text(f"{in_cia} events match")
    assert query(page)["actor"] == ["cia"]

    page.get_by_label("From", exact=True).fill("2011")
    page.get_by_label("To", exact=True).fill("mid-2011")
    page.get_by_label("To", exact=True).press("Enter")
    expect(page.locator("#result-count")).to_contain_text(f"{in_2011} events match")
    assert query(page)["from"] == ["2011"] and query(page)["to"] == ["mid-2011"]
    expect(page.locator(".chip", has_text="From: 2011")).to_be_visible()


def test_unreadable_date_is_named_beside_its_field_without_leaving_the_page(page, site):
    total = Event.objects.published().count()  # before the browser acts (see the first test)
    page.goto(site + "/")
    page.get_by_label("From", exact=True).fill("the spring")
    page.get_by_label("From", exact=True).press("Enter")
    expect(page.locator("#error-from")).to_contain_text("Could not read “the spring” as a date")
    expect(page.locator("#result-count")).to_contain_text(f"{total} events")


def test_expand_an_event_and_follow_a_citation_to_the_highlighted_passage(page, site):
    page.goto(site + "/")
    link = page.locator("#title-osama-bin-laden-killed-in-abbottabad a")
    link.click()
    detail = page.locator("#detail-osama-bin-laden-killed-in-abbottabad")
    expect(
        detail.locator("mark", has_text="Osama bin Laden in May on Pakistani soil")
    ).to_be_visible()
    expect(link).to_have_attribute("aria-expanded", "true")
    assert "/events/" not in page.url  # opened in place

    detail.locator(".citation .attribution a").first.click()
    expect(page.locator("mark.selected").first).to_be_visible()
    expect(page.locator(".passage.target")).to_have_count(1)
    assert re.search(r"/sources/[a-z0-9-]+/\?cite=\d+#p-\d+$", page.url)

    page.go_back()
    # The event is open again, as it was left (its address kept #event-<slug>).
    link = page.locator("#title-osama-bin-laden-killed-in-abbottabad a")
    expect(link).to_have_attribute("aria-expanded", "true")
    expect(detail.locator("mark").first).to_be_visible()
    link.click()  # a click folds it away
    expect(link).to_have_attribute("aria-expanded", "false")
    expect(detail).to_be_empty()


def test_back_and_forward_restore_the_filters(page, site):
    page.goto(site + "/")
    page.get_by_text("Kind", exact=True).click()
    page.get_by_label("Raid", exact=True).check()
    expect(page.locator("#result-count")).to_contain_text("1 event match")
    page.get_by_label("Air or drone strike").check()
    expect(page.locator("#result-count")).to_contain_text("4 events match")

    page.go_back()
    expect(page.locator("#result-count")).to_contain_text("1 event match")
    assert query(page)["kind"] == ["raid"]
    expect(page.get_by_label("Air or drone strike")).not_to_be_checked()

    page.go_forward()
    expect(page.locator("#result-count")).to_contain_text("4 events match")


def test_load_more_pages_to_the_end(page, site):
    make_events(120, prefix="bulk")
    total = Event.objects.published().count()
    page.goto(site + "/")
    cards = page.locator("article.event")
    expect(cards).to_have_count(50)
    shown = 50
    while page.locator("#load-more").count():
        # Scrolling the 'load more' link into view loads the next page.
        page.locator("#load-more a").scroll_into_view_if_needed()
        shown = min(shown + 50, total)
        expect(cards).to_have_count(shown)
    expect(cards).to_have_count(total)
    slugs = page.eval_on_selector_all("article.event", "els => els.map(e => e.id)")
    assert len(set(slugs)) == total


def test_the_same_journey_works_without_javascript(page_without_js, site):
    page = page_without_js
    # Counted before the browser acts (see the first test).
    since_2011 = Event.objects.published().involving(["cia"]).between(date(2011, 1, 1)).count()
    total = Event.objects.published().count()
    page.goto(site + "/")
    page.get_by_text("Actors", exact=True).click()
    page.get_by_label("Central Intelligence Agency").check()
    page.get_by_label("From", exact=True).fill("2011")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.locator("#result-count")).to_contain_text(f"{since_2011} events match")
    assert query(page)["actor"] == ["cia"] and query(page)["from"] == ["2011"]

    page.locator("#title-osama-bin-laden-killed-in-abbottabad a").click()
    expect(page).to_have_url(re.compile(r"/events/osama-bin-laden-killed-in-abbottabad/$"))
    expect(page.locator("h1")).to_have_text("US commandos kill Osama bin Laden in Abbottabad")
    page.locator(".citation .attribution a").first.click()
    expect(page.locator("mark.selected").first).to_be_visible()

    page.goto(site + "/?kind=raid")
    page.get_by_role("link", name="Remove filter Kind: raid").click()
    expect(page.locator("#result-count")).to_contain_text(f"{total} events")


def test_a_year_chosen_in_the_overview_stays_when_another_filter_changes(page, site):
    page.goto(site + "/")
    page.locator("svg.overview-svg a.year", has_text="2012").click()
    expect(page.locator("#result-count")).to_contain_text("events match")
    expect(page.get_by_label("From", exact=True)).to_have_value("2012")
    expect(page.get_by_label("To", exact=True)).to_have_value("2012")
    in_2012 = count_text(page)
    expect(page).to_have_title(re.compile(r"^\d+ events? · "))

    page.get_by_label("Order", exact=True).select_option("desc")
    expect(page).to_have_url(re.compile(r"order=desc"))
    assert query(page)["from"] == ["2012"] and query(page)["to"] == ["2012"]
    expect(page.locator("#result-count")).to_have_text(in_2012)


def test_a_removed_filter_leaves_the_form_and_does_not_come_back(page, site):
    page.goto(site + "/?q=Haqqani&kind=raid&kind=meeting")
    page.get_by_role("link", name="Remove filter Search: Haqqani").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_label("Search", exact=True)).to_have_value("")
    expect(page.locator("#result-count")).to_be_focused()  # the keyboard keeps its place
    page.get_by_role("link", name="Remove filter Kind: meeting").click()
    page.get_by_text("Kind", exact=True).click()
    expect(page.get_by_label("Meeting", exact=True)).not_to_be_checked()
    expect(page.get_by_label("Raid", exact=True)).to_be_checked()

    page.get_by_label("Order", exact=True).select_option("desc")
    expect(page).to_have_url(re.compile(r"order=desc"))
    assert "q" not in query(page) and query(page)["kind"] == ["raid"]
    expect(page.locator("#result-count")).to_contain_text("1 event match")


def test_a_chip_clicked_while_the_form_is_loading_leaves_one_consistent_page(
    page, site, monkeypatch
):
    # The form's request (newest first) is slow; the chip is clicked before it answers.
    import relations.views.timeline as pages

    def slow(values, search=None, timeline_events=pages.timeline_events):
        if values.get("order") == "desc":
            time.sleep(1.5)
        return timeline_events(values, search)

    page.goto(site + "/?q=Haqqani&tone=-2")
    monkeypatch.setattr(pages, "timeline_events", slow)
    page.get_by_label("Order", exact=True).select_option("desc")
    page.get_by_role("link", name="Remove filter Tone: rupture").click()
    expect(page).to_have_url(re.compile(r"order=desc"))
    page.wait_for_timeout(2500)  # nothing is still on its way
    # One request's answer is shown whole: address, form and list agree.
    params = query(page)
    shown = int(page.locator("#result-count strong").inner_text())
    tones = [int(t) for t in params.get("tone", [])]
    assert shown == timeline_events({"q": params["q"][0], "tone": tones}).count()
    expect(page.get_by_label("Order", exact=True)).to_have_value(params.get("order", ["asc"])[0])
    expect(page.locator(".chip", has_text="Tone")).to_have_count(len(tones))


def test_no_page_logs_an_error(page, site):
    for path in (
        "/",
        "/?q=bin+Laden&from=2011",
        "/events/salala-border-incident/",
        "/sources/stratfor-2012-uneasy-interdependence/",
        "/actors/pakistan/",
        "/about/",
    ):
        page.goto(site + path)
        page.wait_for_load_state("networkidle")
        expect(page.locator("h1")).to_be_visible()
    # The fixture fails the test if any console or page error was logged.


def test_screenshots_of_the_timeline_and_a_source_page(page, site, output_dir):
    page.goto(site + "/")
    page.locator("#title-salala-border-incident a").click()
    expect(page.locator("#detail-salala-border-incident mark").first).to_be_visible()
    page.screenshot(path=str(output_dir / "timeline.png"), full_page=True)
    page.goto(site + "/sources/stratfor-2012-uneasy-interdependence/?cite=1#p-1")
    page.screenshot(path=str(output_dir / "source.png"), full_page=True)
    assert (output_dir / "timeline.png").stat().st_size > 10_000
