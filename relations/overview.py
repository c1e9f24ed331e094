"""The overview's geometry: the current selection across time, as SVG shapes.

Few events are drawn one by one: a point for a known day, a span for a range
or a fuzzy date, above the axis for cooperation and below it for tension,
larger for more significant events. Many events are counted per month (or
per year over long stretches) so the picture stays readable and small at any
size. Periods are labelled bands behind the events. Nothing here renders
HTML: the template draws these numbers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Avg, CharField, Count, Max, Min
from django.db.models.functions import Cast, Substr

from .text.dates import format_fuzzy

WIDTH, HEIGHT = 960, 170
MARGIN = 12
AXIS_Y = 104
LANE = 14  # vertical distance per step of tone
MAX_SINGLE = 150  # above this many events, draw counts instead
BAR_MAX = 60


def to_ordinal(day: date) -> int:
    return day.toordinal()


@dataclass
class Scale:
    first: date
    last: date

    def x(self, day: date) -> float:
        """Position of the start of a day; monotonic in the date."""
        span = max(to_ordinal(self.last) + 1 - to_ordinal(self.first), 1)
        return round(
            MARGIN + (to_ordinal(day) - to_ordinal(self.first)) * (WIDTH - 2 * MARGIN) / span, 1
        )

    def x_end(self, day: date) -> float:
        """Position of the end of a day."""
        return self.x(date.fromordinal(to_ordinal(day) + 1))

    def day_at(self, x: float) -> date:
        span = max(to_ordinal(self.last) + 1 - to_ordinal(self.first), 1)
        offset = (x - MARGIN) * span / (WIDTH - 2 * MARGIN)
        return date.fromordinal(
            min(
                max(to_ordinal(self.first) + int(offset), to_ordinal(self.first)),
                to_ordinal(self.last),
            )
        )


@dataclass
class Mark:
    slug: str
    title: str
    x: float
    width: float  # 0 for a known day: drawn as a point
    y: float
    radius: float
    tone: int
    label: str

    @property
    def top(self) -> float:
        return self.y - 3


@dataclass
class Bar:
    x: float
    width: float
    height: float
    count: int
    tone: float
    label: str


@dataclass
class Band:
    x: float
    width: float
    name: str
    label: str
    row: int = 0  # labels of neighbouring bands stand on different rows

    @property
    def text_x(self) -> float:
        return self.x + 3

    @property
    def text_y(self) -> int:
        return 13 + self.row * 12


@dataclass
class Tick:
    x: float
    year: int
    width: float

    @property
    def text_x(self) -> float:
        return self.x + 3


@dataclass
class Overview:
    width: int = WIDTH
    height: int = HEIGHT
    axis_y: int = AXIS_Y
    first: date | None = None
    last: date | None = None
    marks: list[Mark] = field(default_factory=list)
    bars: list[Bar] = field(default_factory=list)
    bands: list[Band] = field(default_factory=list)
    ticks: list[Tick] = field(default_factory=list)
    by_year: list[tuple[int, int]] = field(default_factory=list)  # the text alternative
    grouped_by: str = ""  # "", "month" or "year"
    band_height: int = HEIGHT - 30
    tick_top: int = HEIGHT - 24
    tick_bottom: int = HEIGHT - 18
    tick_text_y: int = HEIGHT - 6


def tone_y(tone: int) -> float:
    """Cooperation above the axis, tension below; the stronger, the farther."""
    return AXIS_Y - 8 - tone * LANE if tone >= 0 else AXIS_Y + 8 + (-tone - 1) * LANE


def months(events) -> list[dict]:
    """Per month of start: how many events, their mean tone, their first and last days (one query)."""
    month = Substr(Cast("start_earliest", output_field=CharField()), 1, 7)  # '2011-05'
    return list(
        events.order_by()
        .annotate(month=month)
        .values("month")
        .annotate(
            n=Count("id"), tone=Avg("tone"), first=Min("start_earliest"), last=Max("last_day")
        )
        .order_by("month")
    )


def build(events, periods, total: int) -> Overview:
    """The overview of a queryset of events (already filtered and published)."""
    if not total:
        return Overview()
    counted = months(events)
    first = date(min(row["first"] for row in counted).year, 1, 1)
    last = date(max(row["last"] for row in counted).year, 12, 31)
    scale = Scale(first, last)
    view = Overview(first=first, last=last)
    by_year = {}
    for row in counted:
        year = int(row["month"][:4])
        by_year[year] = by_year.get(year, 0) + row["n"]
    view.by_year = sorted(by_year.items())

    for year in range(first.year, last.year + 1):
        start = scale.x(date(year, 1, 1))
        view.ticks.append(Tick(start, year, round(scale.x_end(date(year, 12, 31)) - start, 1)))

    for period in periods:
        if period.last_day < first or period.first_day > last:
            continue
        start = scale.x(max(period.first_day, first))
        view.bands.append(
            Band(
                start,
                round(scale.x_end(min(period.last_day, last)) - start, 1),
                period.name,
                f"{period.name}: {period.start_text} – {period.end_text}",
                row=len(view.bands) % 3,
            )
        )

    if total <= MAX_SINGLE:
        rows = events.order_by().values_list(
            "slug",
            "title",
            "start_earliest",
            "start_latest",
            "start_precision",
            "start_qualifier",
            "end_earliest",
            "end_latest",
            "end_precision",
            "end_qualifier",
            "last_day",
            "tone",
            "significance",
        )
        for (
            slug,
            title,
            earliest,
            latest,
            precision,
            qualifier,
            end_earliest,
            end_latest,
            end_precision,
            end_qualifier,
            last_day,
            tone,
            significance,
        ) in rows:
            shown = format_fuzzy(earliest, latest, precision, qualifier or None)
            if end_earliest:  # a span's mark names both ends, as its card does
                shown += " – " + format_fuzzy(
                    end_earliest, end_latest, end_precision, end_qualifier or None
                )
            start = scale.x(earliest)
            end = scale.x_end(last_day or latest)
            is_point = earliest == (last_day or latest) and precision == "day"
            view.marks.append(
                Mark(
                    slug,
                    title,
                    start,
                    0 if is_point else round(max(end - start, 2), 1),
                    tone_y(tone),
                    2 + significance * 1.5,
                    tone,
                    f"{shown}: {title}",
                )
            )
        return view

    # Many events: counts per month, or per year when months would be too thin.
    view.grouped_by = "month" if last.year - first.year < 40 else "year"
    buckets = {}
    for row in counted:
        key = row["month"] if view.grouped_by == "month" else row["month"][:4]
        n, tone_sum = buckets.get(key, (0, 0))
        buckets[key] = (n + row["n"], tone_sum + (row["tone"] or 0) * row["n"])
    peak = max(n for n, _ in buckets.values())
    for key, (n, tone_sum) in sorted(buckets.items()):
        if view.grouped_by == "month":
            begin = date(int(key[:4]), int(key[5:7]), 1)
            end = date(begin.year + (begin.month == 12), begin.month % 12 + 1, 1)
            label = f"{begin:%B %Y}: {n} events"
        else:
            begin, end = date(int(key), 1, 1), date(int(key) + 1, 1, 1)
            label = f"{begin.year}: {n} events"
        x = scale.x(begin)
        width = max(round(scale.x(min(end, last)) - x, 1), 1)
        height = round(max(n / peak * BAR_MAX, 1), 1)
        view.bars.append(Bar(x, width, height, n, round(tone_sum / n, 2), label))
    return view
