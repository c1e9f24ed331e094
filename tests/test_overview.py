import gzip
import re
from datetime import date, timedelta
from itertools import combinations
from urllib.parse import parse_qs, urlparse

import pytest

from relations import overview
from relations.filters import timeline_events
from relations.models import Event, Period
from relations.overview_marks import SIDES
from relations.text.dates import parse_date_text

from .factories import make_events


def build(start="", end="", **filters):
    values = {**filters}
    values["from_"] = parse_date_text(start) if start else None
    values["to"] = parse_date_text(end) if end else None
    events = timeline_events(values)
    return overview.build(
        events, Period.objects.all(), events.count(), values["from_"], values["to"]
    )


def targets(view):
    """Every link's box in the chart: (x, y, width, height)."""
    boxes = [(m.hit_x, m.top, m.hit_width, 24) for m in view.marks]
    boxes += [(b.x, overview.LANES_TOP, b.width, view.lanes_height) for b in view.buckets]
    boxes += [(t.x, view.tick_top, t.width, 24) for t in view.ticks]
    boxes += [(b.text_x, view.phase_top, b.text_width, 24) for b in view.bands if b.text_width]
    return boxes


def overlap(a, b) -> bool:
    return (
        a[0] < b[0] + b[2] - 0.05
        and b[0] < a[0] + a[2] - 0.05
        and a[1] < b[1] + b[3]
        and b[1] < a[1] + a[3]
    )


def zoom_of(href: str) -> dict:
    return {key: value[0] for key, value in parse_qs(urlparse(href).query).items()}


def test_dates_map_to_positions_monotonically():
    scale = overview.Scale(date(2009, 1, 1), date(2014, 12, 31))
    days = [date(2009, 1, 1) + timedelta(days=n) for n in range(0, 2190, 7)]
    xs = [scale.x(day) for day in days]
    assert xs == sorted(xs) and len(set(xs)) == len(xs)
    assert xs[0] == overview.MARGIN
    assert scale.x_end(date(2014, 12, 31)) == overview.WIDTH - overview.MARGIN
    middle = (scale.x(date(2011, 5, 2)) + scale.x_end(date(2011, 5, 2))) / 2
    assert scale.day_at(middle) == date(2011, 5, 2)


@pytest.mark.parametrize(
    "start,end",
    [("", ""), ("2011", "2011"), ("May 2011", "May 2011"), ("November 2011", "mid-2012")],
)
def test_every_target_is_24_px_each_way_and_none_covers_another(seeded, start, end):
    view = build(start, end)
    boxes = targets(view)
    assert view.marks and boxes
    assert all(w >= 24 and h >= 24 for _, _, w, h in boxes)
    assert all(x >= 0 and x + w <= overview.WIDTH + 0.05 for x, _, w, _ in boxes)
    assert [pair for pair in combinations(boxes, 2) if overlap(*pair)] == []


def test_every_event_is_drawn_once_or_counted(seeded):
    for start, end in [("", ""), ("2011", "2011"), ("2012", "2012")]:
        view = build(start, end)
        slugs = [slug for mark in view.marks for slug in mark.slugs]
        assert sorted(slugs) == sorted(
            timeline_events(
                {
                    "from_": parse_date_text(start) if start else None,
                    "to": parse_date_text(end) if end else None,
                }
            ).values_list("slug", flat=True)
        )
        assert sum(mark.count for mark in view.marks) == len(slugs)


def test_a_count_zooms_to_the_span_of_its_events_where_they_spread_out(seeded):
    view = build()
    many = max(view.marks, key=lambda m: m.count)
    assert many.count > 1
    assert many.label.startswith(f"{many.count} events, ")
    closer = build(overview.day_text(many.first), overview.day_text(many.last))
    drawn = {m.slug: m for m in closer.marks if m.count == 1}
    assert len(closer.marks) > 1 and set(drawn) & set(many.slugs)


def test_a_known_day_is_a_point_and_a_fuzzy_date_or_range_a_span(seeded):
    marks = {m.slug: m for m in build("2011", "2012").marks if m.count == 1}
    assert marks["osama-bin-laden-killed-in-abbottabad"].width == 0
    closure = marks["nato-supply-routes-closed"]
    assert closure.width > 200  # seven months of two years
    assert closure.lane in SIDES["tension"]  # below the axis
    assert closure.label.startswith("26 November 2011 – 3 July 2012: ")
    conference = build("2011", "2011").marks
    conference = next(m for m in conference if m.slugs == ["coalition-conference-with-11th-corps"])
    assert conference.width > 24  # a fuzzy date spans its months


def test_cooperation_is_above_the_axis_tension_below_neutral_on_it(seeded):
    for mark in build("2011", "2011").marks:
        if mark.tone > 0:
            assert mark.y < overview.AXIS_Y
        elif mark.tone < 0:
            assert mark.y > overview.AXIS_Y
        else:
            assert mark.top < overview.AXIS_Y < mark.top + 24


def test_more_significant_events_draw_larger(seeded):
    marks = {m.slug: m for m in build("2011", "2012").marks}
    assert (
        marks["osama-bin-laden-killed-in-abbottabad"].radius
        > marks["british-council-kabul-attack"].radius
    )


def test_the_axis_counts_years_months_or_days_as_the_span_needs(seeded):
    whole = build()
    assert whole.tick_unit == "year" and [t.text for t in whole.ticks] == [
        str(y) for y in range(2009, 2015)
    ]
    year = build("2011", "2011")
    assert year.tick_unit == "month"
    assert [t.text for t in year.ticks][:3] == ["2011", "Feb", "Mar"]
    assert year.ticks[4].zoom == "May 2011"
    month = build("November 2011", "November 2011")
    assert month.tick_unit == "day" and len(month.ticks) == 30
    assert month.ticks[25].text == "26" and month.ticks[25].zoom == "26 November 2011"
    assert month.span == "November 2011"
    later = build("November 2011", "August 2012")  # no January at the start: the year
    assert [t.text for t in later.ticks][:3] == ["Nov 2011", "Dec", "2012"]
    for view in (whole, year, month, later, build("2011", "2012")):
        assert all(len(t.text) * 6.5 + 3 <= t.width for t in view.ticks)  # labels fit


def test_a_tick_zooms_to_its_year_month_or_day_and_keeps_the_other_filters(client, seeded):
    html = client.get("/", {"from": "2011", "to": "2011", "kind": "raid"}).content.decode()
    svg = html[html.index("<svg") : html.index("</svg>")]
    hrefs = re.findall(r'<a class="tick month" href="([^"]+)"', svg)
    assert len(hrefs) == 12
    may = zoom_of(hrefs[4].replace("&amp;", "&"))
    assert may == {"kind": "raid", "from": "May 2011", "to": "May 2011"}
    response = client.get("/", may)
    assert response.status_code == 200
    assert 'class="tick day"' in response.content.decode()


def test_an_empty_span_keeps_the_chart_and_says_so(client, seeded):
    html = client.get("/", {"from": "2013", "to": "2013"}).content.decode()
    assert '<svg class="overview-svg"' in html
    assert "No event matches these filters in 2013." in html
    assert html.count('class="tick month"') == 12
    nothing = client.get("/", {"q": "nothing-matches-this-word"}).content.decode()
    assert '<svg class="overview-svg"' in nothing and "No event matches these filters" in nothing


@pytest.mark.parametrize(
    "start,end", [("9999", ""), ("0001", "9999"), ("9999-12-31", ""), ("", "0001")]
)
def test_the_first_and_last_years_of_the_calendar_draw_without_error(client, seeded, start, end):
    response = client.get("/", {"from": start, "to": end})
    assert response.status_code == 200
    view = build(start, end)
    assert view.ticks and view.ticks[-1].x + view.ticks[-1].width <= overview.WIDTH
    assert [pair for pair in combinations(targets(view), 2) if overlap(*pair)] == []


def test_phase_labels_never_overlap_and_carry_their_description(seeded):
    for start, end in [("", ""), ("2011", "2012"), ("2011", "2011")]:
        view = build(start, end)
        labelled = [b for b in view.bands if b.text_width]
        assert labelled
        for a, b in zip(labelled, labelled[1:], strict=False):
            assert a.text_x + a.text_width <= b.text_x
        for band in labelled:
            assert len(band.name) * overview.CHAR + 8 <= band.text_width + 0.05
    supply = next(b for b in build("2011", "2012").bands if b.zoom_from == "26 November 2011")
    period = Period.objects.get(first_day=date(2011, 11, 26))
    assert supply.label.startswith(f"{period.name}, 26 November 2011 – ")
    assert period.description and period.description in supply.label


def test_ten_thousand_events_aggregate_and_the_first_view_stays_small(client, seeded):
    make_events(10_000, first_day=date(2000, 1, 1))
    view = build()
    assert view.marks == [] and view.grouped_by == "year"
    assert sum(bucket.count for bucket in view.buckets) == Event.objects.published().count()
    assert all(bucket.width >= 24 for bucket in view.buckets)
    year = build("2005", "2005")
    assert year.grouped_by == "month" and [b.zoom for b in year.buckets][:2] == [
        "January 2005",
        "February 2005",
    ]
    assert len(build("March 2005", "March 2005").marks) > 1  # few enough to draw one by one
    ages = build("0001", "9999")
    assert ages.grouped_by == "year" and all(bucket.width >= 24 for bucket in ages.buckets)
    assert sum(bucket.count for bucket in ages.buckets) == Event.objects.published().count()
    html = client.get("/").content
    assert len(gzip.compress(html)) < 60_000  # the stated limit, gzipped
    svg = html[html.index(b"<svg") : html.index(b"</svg>")].decode()
    assert "events: zoom in" in svg and "<circle" not in svg


def test_the_cached_overview_follows_changes_to_the_events(client, seeded):
    link = 'href="/events/salala-border-incident/"'
    assert (
        link in client.get("/", {"from": "November 2011", "to": "November 2011"}).content.decode()
    )
    event = Event.objects.get(slug="salala-border-incident")
    event.published = False
    event.save()  # moves the data stamp that keys the cached fragment
    assert (
        link
        not in client.get("/", {"from": "November 2011", "to": "November 2011"}).content.decode()
    )
