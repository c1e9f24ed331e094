"""The overview chart in Chromium at 1280×900 and 360×740: targets, zoom, keyboard, links."""

import base64
import re
from urllib.parse import parse_qs, urlparse

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

SIZES = {"wide": (1280, 900), "phone": (360, 740)}

# Each link of the chart scrolled into view, then asked: is it the element at its
# own centre, and is its target at least 24 px each way?
TARGETS = """() => Array.from(document.querySelectorAll("svg.overview-svg a")).map((link) => {
  link.scrollIntoView({block: "center", inline: "center"});
  const box = link.querySelector(".hit").getBoundingClientRect();
  const x = box.left + box.width / 2, y = box.top + box.height / 2;
  const found = document.elementFromPoint(x, y);
  return {name: link.querySelector("title").textContent, width: box.width, height: box.height,
          own: Boolean(found && found.closest("a") === link)};
})"""


def open_at(browser, size, scheme="light", **options):
    width, height = SIZES[size]
    context = browser.new_context(
        viewport={"width": width, "height": height}, color_scheme=scheme, **options
    )
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    return context, page, errors


def query(page):
    return {key: value[0] for key, value in parse_qs(urlparse(page.url).query).items()}


@pytest.mark.parametrize("size", SIZES)
def test_every_mark_is_the_element_at_its_centre_and_24_px_each_way(browser, site, size):
    context, page, errors = open_at(browser, size)
    for address in ("/", "/?from=2011&to=2011", "/?from=November+2011&to=mid-2012"):
        page.goto(site + address)
        links = page.evaluate(TARGETS)
        assert len(links) > 10, address
        small = [link["name"] for link in links if min(link["width"], link["height"]) < 23.99]
        covered = [link["name"] for link in links if not link["own"]]
        assert (small, covered) == ([], []), address
    context.close()
    assert errors == []


def test_at_360_px_the_chart_and_its_legend_fit_240_px_with_12_px_labels(browser, site):
    context, page, errors = open_at(browser, "phone")
    page.goto(site + "/")
    figure = page.locator("#overview")
    assert figure.bounding_box()["height"] <= 240
    expect(figure.locator(".legend")).to_contain_text("closer: above the line")
    expect(figure.locator(".legend")).to_contain_text("tension: below")
    expect(figure.locator(".legend")).to_contain_text("neutral: on it")
    expect(figure.locator(".legend")).to_contain_text("larger: more significant")
    sizes = page.evaluate(
        """() => Array.from(document.querySelectorAll("#overview svg text, #overview figcaption"))
          .map((e) => e.getBoundingClientRect().height && parseFloat(getComputedStyle(e).fontSize)
                      * document.querySelector("svg.overview-svg").getScreenCTM().a)"""
    )
    assert sizes and min(size for size in sizes if size) >= 12
    # The chart scrolls sideways inside its box; the page itself does not.
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 360
    context.close()
    assert errors == []


# How far each of three strips of a PNG (6 px at the left edge, the middle, the right
# edge, inside the border) is from the box's own colour, the middle's: 0 to 255.
STRIPS = """async (data) => {
  const image = new Image();
  image.src = "data:image/png;base64," + data;
  await image.decode();
  const canvas = document.createElement("canvas");
  canvas.width = image.width; canvas.height = image.height;
  const context = canvas.getContext("2d");
  context.drawImage(image, 0, 0);
  const mean = (x) => {
    const d = context.getImageData(x, 2, 6, image.height - 4).data;
    let sum = 0;
    for (let i = 0; i < d.length; i += 4) sum += (d[i] + d[i + 1] + d[i + 2]) / 3;
    return sum / (d.length / 4);
  };
  const middle = mean(Math.floor(image.width / 2) - 3);
  return [Math.abs(mean(1) - middle), Math.abs(mean(image.width - 7) - middle)];
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_at_360_px_a_shade_shows_the_side_the_chart_scrolls_to(browser, site, scheme):
    context, page, errors = open_at(browser, "phone", scheme)
    page.goto(site + "/")
    box = page.locator(".overview-scroll")
    assert page.evaluate(
        "() => { const e = document.querySelector('.overview-scroll');"
        " return e.scrollWidth > e.clientWidth + 100; }"
    )
    # The chart's own marks hidden (it keeps its size): only the box's colours are left.
    page.evaluate("() => { document.querySelector('.overview-svg').style.visibility = 'hidden'; }")
    blank = context.new_page()  # no page policy there to refuse a data: image
    shades = {}
    for end, scroll in (("start", "0"), ("end", "e.scrollWidth")):
        page.evaluate(
            f"() => {{ const e = document.querySelector('.overview-scroll');"
            f" e.scrollLeft = {scroll}; }}"
        )
        png = base64.b64encode(box.screenshot()).decode()
        shades[end] = blank.evaluate(STRIPS, png)
    context.close()
    (left, right), (left_at_end, right_at_end) = shades["start"], shades["end"]
    assert right > 8 and left < 2, shades  # more to the right, nothing to the left
    assert left_at_end > 8 and right_at_end < 2, shades  # and the other way round
    assert errors == []


def test_zoom_from_a_year_to_its_months_to_a_day_and_an_empty_year(page, site):
    page.goto(site + "/")
    page.get_by_role("link", name="Zoom to 2011", exact=True).click()
    expect(page.locator("svg.overview-svg a.tick.month")).to_have_count(12)
    assert query(page) == {"from": "2011", "to": "2011"}
    page.get_by_role("link", name="Zoom to November 2011", exact=True).click()
    expect(page.locator("svg.overview-svg a.tick.day")).to_have_count(30)
    assert query(page) == {"from": "November 2011", "to": "November 2011"}
    expect(page.locator("#result-count")).to_contain_text("match")
    page.get_by_role("link", name="Zoom to 26 November 2011", exact=True).click()
    expect(page.get_by_label("From", exact=True)).to_have_value("26 November 2011")
    expect(
        page.locator(".overview-svg a.mark[href='/events/salala-border-incident/']")
    ).to_be_visible()

    page.goto(site + "/?from=2013&to=2013")
    expect(page.locator("svg.overview-svg .empty-note")).to_have_text(
        "No event matches these filters in 2013."
    )
    expect(page.locator("svg.overview-svg a.tick.month")).to_have_count(12)


def test_a_count_zooms_in_until_its_events_are_marks(page, site):
    page.goto(site + "/")
    count = page.locator("svg.overview-svg a.many[data-events*='nato-chicago-summit']")
    names = count.get_attribute("data-events").split()
    count.click()
    expect(page).to_have_url(re.compile(r"from="))
    marks = page.locator("svg.overview-svg a.mark:not(.many)")
    expect(marks.first).to_be_visible()
    shown = [
        href.split("/")[2]
        for href in marks.evaluate_all("(a) => a.map((e) => e.getAttribute('href'))")
    ]
    assert set(names) & set(shown)


def test_zoom_links_work_without_javascript(page_without_js, site):
    page = page_without_js
    page.goto(site + "/?actor=pakistan")
    page.get_by_role("link", name="Zoom to 2012", exact=True).click()
    assert query(page) == {"actor": "pakistan", "from": "2012", "to": "2012"}
    expect(page.locator("svg.overview-svg a.tick.month")).to_have_count(12)


def test_keyboard_one_tab_stop_arrows_in_time_order_enter_opens(page, site):
    page.goto(site + "/?from=2011&to=2011")
    page.locator("#overview").scroll_into_view_if_needed()
    page.locator(".chip.clear").focus()  # the last link before the chart
    page.keyboard.press("Tab")
    first = page.locator("svg.overview-svg a.mark").first
    expect(first).to_be_focused()
    readout = page.locator(".overview-readout")
    expect(readout).to_have_text(first.locator("title").text_content())
    expect(readout).to_contain_text("2011: ")

    page.keyboard.press("ArrowRight")
    second = page.locator("svg.overview-svg a.mark").nth(1)
    expect(second).to_be_focused()
    expect(readout).to_have_text(second.locator("title").text_content())
    assert page.locator("svg.overview-svg a[tabindex='0']").count() == 1
    page.keyboard.press("ArrowDown")  # to the axis: the month below
    expect(page.locator("svg.overview-svg a.tick:focus")).to_have_count(1)
    page.keyboard.press("End")
    expect(page.locator("svg.overview-svg a.tick").last).to_be_focused()
    page.keyboard.press("Enter")  # zoom to December: focus stays in the chart
    expect(page.locator("svg.overview-svg a.tick.day")).to_have_count(31)
    assert query(page) == {"from": "December 2011", "to": "December 2011"}
    expect(page.locator("svg.overview-svg a[tabindex='0']")).to_be_focused()
    page.go_back()
    expect(page.locator("svg.overview-svg a.tick.month")).to_have_count(12)
    page.locator(".chip.clear").focus()
    page.keyboard.press("Tab")
    first = page.locator("svg.overview-svg a.mark").first
    expect(first).to_be_focused()

    # Tab leaves the chart at once; Shift+Tab comes back to the mark last focused.
    page.keyboard.press("Tab")
    assert not page.evaluate("() => Boolean(document.activeElement.closest('svg'))")
    page.keyboard.press("Shift+Tab")
    expect(first).to_be_focused()

    osama = page.locator(
        "svg.overview-svg a.mark[href='/events/osama-bin-laden-killed-in-abbottabad/']"
    )
    for _ in range(20):
        if osama.evaluate("(e) => e === document.activeElement"):
            break
        page.keyboard.press("ArrowRight")
    expect(readout).to_have_text(re.compile(r"^2 May 2011: .*Osama bin Laden"))
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/events/osama-bin-laden-killed-in-abbottabad/$"))


def test_an_opened_event_rings_its_mark_and_its_linked_events_without_hiding_others(page, site):
    page.goto(site + "/")
    marks = page.locator("svg.overview-svg a.mark")
    before = marks.count()
    page.locator("#title-salala-border-incident a").click()
    expect(page.locator("#detail-salala-border-incident .event-links").first).to_be_visible()
    opened = page.locator("svg.overview-svg a.mark.opened")
    expect(opened).to_have_count(1)
    assert opened.get_attribute("href") == "/events/salala-border-incident/"
    linked = page.locator("svg.overview-svg a.mark.linked")
    expect(linked.first).to_be_visible()
    hrefs = linked.evaluate_all(
        "(a) => a.map((e) => e.getAttribute('href') + ' ' + (e.dataset.events || ''))"
    )
    assert any("nato-supply-routes-closed" in href for href in hrefs)
    assert (
        marks.count() == before
        and page.locator("svg.overview-svg a.mark:not(.opened):not(.linked)").count() > 10
    )
    page.locator("#title-salala-border-incident a").click()  # folded away: the rings go
    expect(page.locator("svg.overview-svg a.mark.opened")).to_have_count(0)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_chart_has_no_serious_violations_and_screenshots_are_kept(
    browser, site, output_dir, scheme
):
    found = {}
    for size in SIZES:
        # axe is injected by the test, so this context lets it past the site's CSP.
        context, page, errors = open_at(browser, size, scheme, bypass_csp=True)
        for name, address in [
            ("all", "/"),
            ("a month", "/?from=November+2011&to=November+2011"),
            ("empty", "/?from=2013&to=2013"),
        ]:
            page.goto(site + address)
            results = Axe().run(page)
            found[f"{name} at {size}"] = [
                f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}"
                for v in results.response["violations"]
                if v["impact"] in ("serious", "critical")
            ]
            if name in ("all", "a month"):
                path = (
                    output_dir / f"overview-{name.replace(' ', '-')}-{SIZES[size][0]}-{scheme}.png"
                )
                page.locator("#overview").screenshot(path=str(path))
                print(path)
        if size == "phone":
            page.goto(site + "/")
            page.locator("#overview").scroll_into_view_if_needed()
            page.screenshot(path=str(output_dir / f"overview-page-360-{scheme}.png"))
        context.close()
        assert errors == []
    assert {name: v for name, v in found.items() if v} == {}
