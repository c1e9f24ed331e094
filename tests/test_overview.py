from datetime import date, timedelta

from relations import overview
from relations.filters import timeline_events
from relations.models import Event, Period

from .factories import make_events


def build(**filters):
    events = timeline_events(filters)
    return overview.build(events, Period.objects.all(), events.count())


def test_dates_map_to_positions_monotonically():
    scale = overview.Scale(date(2009, 1, 1), date(2014, 12, 31))
    days = [date(2009, 1, 1) + timedelta(days=n) for n in range(0, 2190, 7)]
    xs = [scale.x(day) for day in days]
    assert xs == sorted(xs) and len(set(xs)) == len(xs)
    assert xs[0] == overview.MARGIN
    assert scale.x_end(date(2014, 12, 31)) == overview.WIDTH - overview.MARGIN
    middle = (scale.x(date(2011, 5, 2)) + scale.x_end(date(2011, 5, 2))) / 2
    assert scale.day_at(middle) == date(2011, 5, 2)


def test_a_known_day_is_a_point_and_a_fuzzy_date_or_range_a_span(seeded):
    marks = {m.slug: m for m in build().marks}
    assert marks["osama-bin-laden-killed-in-abbottabad"].width == 0
    month = marks["pakistan-cuts-us-training-mission"]
    assert month.width > 5  # May 2011 spans the month
    closure = marks["nato-supply-routes-closed"]
    assert closure.width > month.width * 5  # seven months
    assert marks["salala-border-incident"].y > overview.AXIS_Y  # tension below the axis
    assert marks["us-strike-narrowly-misses-fazlullah"].y < overview.AXIS_Y  # cooperation above


def test_more_significant_events_draw_larger(seeded):
    marks = {m.slug: m for m in build().marks}
    assert (
        marks["osama-bin-laden-killed-in-abbottabad"].radius
        > marks["british-council-kabul-attack"].radius
    )


def test_periods_are_labelled_bands_and_years_are_ticks(seeded):
    view = build()
    assert [t.year for t in view.ticks] == list(range(2009, 2015))
    band = next(b for b in view.bands if b.name == "Supply routes closed")
    scale = overview.Scale(view.first, view.last)
    assert band.x == scale.x(date(2011, 11, 26))
    assert view.by_year == [(2009, 2), (2010, 2), (2011, 14), (2012, 11), (2014, 3)]


def test_the_overview_follows_the_filters(seeded):
    view = build(kind=["raid"])
    assert [m.slug for m in view.marks] == ["osama-bin-laden-killed-in-abbottabad"]
    assert (view.first, view.last) == (date(2011, 1, 1), date(2011, 12, 31))
    assert build(q="nothing-matches-this").first is None


def test_ten_thousand_events_aggregate_and_the_svg_stays_small(client, seeded):
    make_events(10_000, first_day=date(2000, 1, 1))
    view = build()
    assert view.marks == [] and view.grouped_by == "month"
    assert sum(bar.count for bar in view.bars) == Event.objects.published().count()
    html = client.get("/").content.decode()
    svg = html[html.index("<svg") : html.index("</svg>")]
    assert len(svg.encode()) < 60_000  # the stated limit: 60 KB at any size
    assert "events" in svg and "<circle" not in svg


def test_the_cached_overview_follows_changes_to_the_events(client, seeded):
    link = 'href="/events/salala-border-incident/" class="mark'
    assert link in client.get("/").content.decode()
    event = Event.objects.get(slug="salala-border-incident")
    event.published = False
    event.save()  # moves the data stamp that keys the cached fragment
    assert link not in client.get("/").content.decode()


def test_a_span_is_marked_with_both_its_ends(seeded):
    closure = next(m for m in build().marks if m.slug == "nato-supply-routes-closed")
    assert closure.label.startswith("26 November 2011 – 3 July 2012: ")
