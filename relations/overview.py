"""The overview's geometry: the selection across its span of time, as SVG shapes.

The chart is drawn at its size in CSS pixels (a phone scrolls it sideways), so
every target is at least 24×24 px and every label at least 12 px. Its span is
the From/To filter, or the years of the events when none is given; the axis
counts years, months or days as the span needs, and each tick zooms to its
year, month or day. Few events are drawn one by one in lanes that never
overlap: cooperation above the axis, tension below, neutral on it; an event
that finds no free lane joins a labelled count that zooms in. Many events are
counted per year, month or day instead. Phases are labelled in a row of their
own. Nothing here renders HTML: the template draws these numbers.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Avg, CharField, Count, Max, Min
from django.db.models.functions import Cast, Substr

from .overview_marks import (
    AXIS_Y,
    CHAR,
    HEIGHT,
    LANE_COUNT,
    LANES_TOP,
    MARGIN,
    PHASE_TOP,
    TARGET,
    TICK_TOP,
    WIDTH,
    Mark,
    Scale,
    day_text,
    event_marks,
    span_text,
)

MAX_SINGLE = 150  # above this many events, draw counts instead
YEAR_STEPS = (1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500)  # enough for years 1 to 9999


@dataclass
class Bucket:
    """Many events counted over one year, month or day: a bar that zooms in."""

    x: float
    width: float
    height: float
    count: int
    tone: float
    label: str
    zoom: str  # the From/To text of its span

    @property
    def top(self) -> float:
        return TICK_TOP - 2 - self.height


@dataclass
class Band:
    """A phase: a faint band over its span, its name in the row above the lanes."""

    x: float
    width: float
    name: str  # shortened to fit its room
    label: str  # name, dates and description, for focus and hover
    zoom_from: str
    zoom_to: str
    text_x: float = 0
    text_width: float = 0  # 0: no room for a label


@dataclass
class Tick:
    x: float
    width: float
    text: str
    zoom: str  # the From/To text of its year, month or day
    label: str

    @property
    def text_x(self) -> float:
        return self.x + 3


@dataclass
class Overview:
    width: int = WIDTH
    height: int = HEIGHT
    axis_y: int = AXIS_Y
    lanes_top: int = LANES_TOP
    lanes_bottom: int = LANES_TOP + LANE_COUNT * TARGET
    lanes_height: int = LANE_COUNT * TARGET
    note_x: int = MARGIN + 8
    phase_top: int = PHASE_TOP
    phase_text_y: int = PHASE_TOP + 17
    tick_top: int = TICK_TOP
    tick_text_y: int = TICK_TOP + 17
    margin: int = MARGIN
    first: date | None = None
    last: date | None = None
    span: str = ""
    marks: list[Mark] = field(default_factory=list)
    buckets: list[Bucket] = field(default_factory=list)
    bands: list[Band] = field(default_factory=list)
    ticks: list[Tick] = field(default_factory=list)
    by_year: list[tuple[int, int]] = field(default_factory=list)  # the text alternative
    grouped_by: str = ""  # "", "day", "month" or "year"
    tick_unit: str = "year"  # "day", "month" or "year"
    total: int = 0


def months(events) -> list[dict]:
    """Per month of start: how many events, their mean tone, their first and last days (one query)."""
    return periods_of(events, 7)


def periods_of(events, length: int) -> list[dict]:
    """Counts per year (4), month (7) or day (10) of start, as 'YYYY-MM-DD' prefixes."""
    key = Substr(Cast("start_earliest", output_field=CharField()), 1, length)
    return list(
        events.order_by()
        .annotate(key=key)
        .values("key")
        .annotate(
            n=Count("id"), tone=Avg("tone"), first=Min("start_earliest"), last=Max("last_day")
        )
        .order_by("key")
    )


def chart_span(counted, start, end, everything) -> tuple[date, date] | None:
    """The From/To filter's span; an open end reaches the whole years of the events."""
    if counted:
        low = date(min(r["first"] for r in counted).year, 1, 1)
        high = date(max(r["last"] for r in counted).year, 12, 31)
    elif start or end:
        low, high = (
            date((end or start).latest.year, 1, 1),
            date((start or end).earliest.year, 12, 31),
        )
    else:  # nothing matches: the span of all published events, drawn empty
        extent = everything.aggregate(first=Min("start_earliest"), last=Max("last_day"))
        if not extent["first"]:
            return None
        low, high = date(extent["first"].year, 1, 1), date(extent["last"].year, 12, 31)
    first, last = (start.earliest if start else low), (end.latest if end else high)
    return (first, last) if last >= first else (first, first)


def ticks(scale: Scale) -> tuple[str, list[Tick]]:
    """Days, months or years along the axis, as many as fit without overlapping."""
    unit = "day" if scale.per_day >= TARGET else "month" if scale.per_day * 30 >= 34 else "year"
    starts = []
    if unit == "day":
        starts = [scale.first + timedelta(days=n) for n in range(scale.days)]
    elif unit == "month":
        day = scale.first.replace(day=1)
        while day <= scale.last:
            starts.append(day)
            if (day.year, day.month) == (date.max.year, 12):
                break
            day = date(day.year + day.month // 12, day.month % 12 + 1, 1)
    else:
        step = next(s for s in YEAR_STEPS if s * 365 * scale.per_day >= 40)
        starts = [date(y, 1, 1) for y in range(scale.first.year, scale.last.year + 1, step)]
    drawn = []
    for index, begin in enumerate(starts):
        end = starts[index + 1] - timedelta(days=1) if index + 1 < len(starts) else scale.last
        if unit == "day":
            text, zoom = str(begin.day), day_text(begin)
            if begin.day == 1 or index == 0:
                text = f"{begin:%b}" if scale.per_day < 44 else f"{begin.day} {begin:%b}"
        elif unit == "month":
            text, zoom = f"{begin:%b}", f"{begin:%B %Y}"
            if begin.month == 1:
                text = str(begin.year)
        else:
            text = str(begin.year)
            zoom = text if end.year == begin.year else f"{begin.year}–{end.year}"
        x = max(scale.x(begin), MARGIN)
        width = round(scale.x_end(end) - x, 1)
        if index == 0 and unit == "month" and begin.month != 1 and width >= 9 * CHAR:
            text = f"{begin:%b %Y}"  # the year, where no January names it
        drawn.append(Tick(x, width, text, zoom, f"Zoom to {zoom}"))
    return unit, drawn


def bands(periods, scale: Scale) -> list[Band]:
    """Phases in the span; each label gets the room up to the next one, shortened to fit."""
    shown = [p for p in periods if p.last_day >= scale.first and p.first_day <= scale.last]
    drawn = []
    for period in shown:
        start = scale.x(max(period.first_day, scale.first))
        label = f"{period.name}, {period.start_text} – {period.end_text}"
        if period.description:
            label += f". {period.description}"
        drawn.append(
            Band(
                start,
                round(scale.x_end(min(period.last_day, scale.last)) - start, 1),
                period.name,
                label,
                period.start_text,
                period.end_text,
            )
        )
    room_from = MARGIN
    for index, band in enumerate(drawn):
        later = drawn[index + 1].x if index + 1 < len(drawn) else WIDTH - MARGIN
        band.text_x = max(band.x, room_from)
        room = later - band.text_x  # a narrow phase's label may reach over the gap after it
        if room < TARGET:
            continue  # no room here: named in the list below and on hover of its band
        fits = int((room - 8) // CHAR)
        if len(band.name) > fits:
            band.name = band.name[: max(fits - 1, 1)].rstrip() + "…"
        band.text_width = round(min(room, len(band.name) * CHAR + 8), 1)
        room_from = band.text_x + band.text_width
    return drawn


def counted_buckets(events, scale: Scale, counted) -> tuple[str, list[Bucket]]:
    """Many events: a bar per day, month or year (or run of years), each at least 24 px wide."""
    if scale.per_day >= TARGET:
        unit, length = "day", 10
    elif scale.per_day * 28 >= TARGET:
        unit, length = "month", 7
    else:
        unit, length = "year", 4
    rows = periods_of(events, length) if unit == "day" else counted  # years sum the months
    step = 1
    if unit == "year":
        step = next(s for s in YEAR_STEPS if s * 365 * scale.per_day >= TARGET)
    merged = {}
    for row in rows:
        key = row["key"][:length]
        key = key if step == 1 else str(max(int(key) // step * step, 1))
        n, tone_sum = merged.get(key, (0, 0))
        merged[key] = (n + row["n"], tone_sum + (row["tone"] or 0) * row["n"])
    peak = max(n for n, _ in merged.values())
    drawn = []
    for key, (n, tone_sum) in sorted(merged.items()):
        if unit == "day":
            begin = date.fromisoformat(key)
            end = begin
        elif unit == "month":
            begin = date(int(key[:4]), int(key[5:7]), 1)
            end = begin.replace(day=calendar.monthrange(begin.year, begin.month)[1])
        else:
            begin, end = date(int(key), 1, 1), date(min(int(key) + step - 1, date.max.year), 12, 31)
        begin, end = max(begin, scale.first), min(end, scale.last)
        x = scale.x(begin)
        zoom = span_text(begin, end)
        height = round(max(n / peak * (LANE_COUNT * TARGET - 4), 2), 1)
        width = max(round(scale.x_end(end) - x, 1), TARGET)
        label = f"{zoom}: {n:,} event{'s' if n != 1 else ''}: zoom in"
        drawn.append(Bucket(x, width, height, n, round(tone_sum / n, 2), label, zoom))
    return unit, drawn


def build(events, periods, total: int, start=None, end=None, everything=None) -> Overview:
    """The overview of a queryset of events (already filtered and published), over the
    span of the From/To filter values (FuzzyDates) when given. With nothing to show,
    the chart spans `everything` (all published events) and says it is empty."""
    counted = months(events) if total else []
    if everything is None:
        everything = events.model.objects.published()
    span = chart_span(counted, start, end, everything)
    if span is None:
        return Overview()
    scale = Scale(*span)
    view = Overview(first=scale.first, last=scale.last, span=span_text(*span), total=total)
    by_year = {}
    for row in counted:
        by_year[int(row["key"][:4])] = by_year.get(int(row["key"][:4]), 0) + row["n"]
    view.by_year = sorted(by_year.items())
    view.tick_unit, view.ticks = ticks(scale)
    view.bands = bands(periods, scale)
    if not total:
        return view
    if total <= MAX_SINGLE:
        view.marks = event_marks(events, scale)
    else:
        view.grouped_by, view.buckets = counted_buckets(events, scale, counted)
    return view
