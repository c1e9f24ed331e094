"""Events as marks on the overview: each in a lane where no other covers it.

The chart is drawn at its size in CSS pixels, so a target of 24 px is 24 px on
any screen. Lanes run from top to bottom: two for cooperation above the axis,
one for neutral events on it, two for tension below. An event goes to the first
free lane of its side (strong tones farther out), the most significant events
first; when none is free it joins a mark that covers it as a labelled count,
which links to the span of its events.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date, timedelta

from .text.dates import format_fuzzy

WIDTH = 920  # fits the page's column at 1280 px; narrower screens scroll it
TARGET = 24  # the smallest target, each way (WCAG 2.2, 2.5.8)
MARGIN = 12
PHASE_TOP, PHASE_HEIGHT = 2, TARGET
LANES_TOP = PHASE_TOP + PHASE_HEIGHT + 2
# Lanes from top to bottom: two for cooperation, one for neutral, two for tension.
SIDES = {"closer": (1, 0), "neutral": (2,), "tension": (3, 4)}
LANE_COUNT = 5
AXIS_Y = LANES_TOP + 2 * TARGET + TARGET // 2
TICK_TOP = LANES_TOP + LANE_COUNT * TARGET + 2
HEIGHT = TICK_TOP + TARGET + 2
CHAR = 7  # a generous width of a 12 px character, to shorten labels before they overlap


@dataclass
class Scale:
    first: date
    last: date

    @property
    def days(self) -> int:
        return self.last.toordinal() + 1 - self.first.toordinal()

    @property
    def per_day(self) -> float:
        return (WIDTH - 2 * MARGIN) / self.days

    def x(self, day: date, ends: int = 0) -> float:
        """Position of the start of a day, clamped to the chart; monotonic in the date."""
        offset = min(max(day.toordinal() + ends - self.first.toordinal(), 0), self.days)
        return round(MARGIN + offset * self.per_day, 1)

    def x_end(self, day: date) -> float:
        """Position of the end of a day (counted in days: the last day of 9999 has an end)."""
        return self.x(day, ends=1)

    def day_at(self, x: float) -> date:
        offset = min(max(int((x - MARGIN) / self.per_day), 0), self.days - 1)
        return self.first + timedelta(days=offset)


@dataclass
class Mark:
    """One event (or, with `count` above 1, a labelled count of several) in a lane."""

    slug: str
    title: str
    x: float  # the drawn shape
    width: float  # 0 for a known day: drawn as a point
    lane: int
    size: int  # significance, 1 to 3
    tone: int
    label: str
    hit_x: float  # the target: at least TARGET wide
    hit_width: float
    first: date
    last: date
    count: int = 1
    slugs: list[str] = field(default_factory=list)
    zooms: bool = True  # a count over the whole chart cannot zoom: it points to the list

    @property
    def top(self) -> int:
        return LANES_TOP + self.lane * TARGET

    @property
    def y(self) -> int:
        return self.top + TARGET // 2

    @property
    def radius(self) -> int:
        return 2 + 2 * self.size

    @property
    def bar_top(self) -> float:
        return self.y - (1 + self.size * 1.5)

    @property
    def bar_height(self) -> float:
        return 2 + self.size * 3

    @property
    def centre(self) -> float:
        return round(self.hit_x + self.hit_width / 2, 1)

    @property
    def hit_end(self) -> float:
        return self.hit_x + self.hit_width


def day_text(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def span_text(first: date, last: date) -> str:
    """A span in words at the precision it covers: '2011', 'November 2011', '2 May 2011'."""
    month_end = calendar.monthrange(last.year, last.month)[1]
    years = (first.month, first.day, last.month, last.day) == (1, 1, 12, 31)
    if years:
        ends = str(first.year), str(last.year)
    elif first.day == 1 and last.day == month_end:
        ends = f"{first:%B %Y}", f"{last:%B %Y}"
    else:
        ends = day_text(first), day_text(last)
    if ends[0] == ends[1]:
        return ends[0]
    return f"{ends[0]}–{ends[1]}" if years else f"{ends[0]} – {ends[1]}"


def side(tone: int) -> str:
    return "closer" if tone > 0 else "tension" if tone < 0 else "neutral"


def overlaps(a: Mark, b: Mark) -> bool:
    return a.hit_x < b.hit_end and b.hit_x < a.hit_end


def place(marks: list[Mark], mark: Mark) -> None:
    """Put a mark in the first lane of its side where nothing covers it (strong tones
    farther out), or count it with the least significant mark that covers it there."""
    lanes = SIDES[side(mark.tone)]
    if abs(mark.tone) == 2:
        lanes = lanes[::-1]
    for lane in lanes:
        if not any(m.lane == lane and overlaps(m, mark) for m in marks):
            mark.lane = lane
            marks.append(mark)
            return
    # The count keeps the box of the mark it replaces, so it covers nothing new.
    covering = [m for m in marks if m.lane in lanes and overlaps(m, mark)]
    merged = min(covering, key=lambda m: (m.count == 1, m.size, m.hit_width))
    merged.count += 1
    merged.slugs.append(mark.slug)
    merged.first, merged.last = min(merged.first, mark.first), max(merged.last, mark.last)
    merged.x, merged.width = merged.hit_x, merged.hit_width
    merged.label = f"{merged.count} events, {span_text(merged.first, merged.last)}"


def event_marks(events, scale: Scale) -> list[Mark]:
    """Each event placed in a lane, the most significant first, then in time order
    (as the links run); one query."""
    marks = []
    fields = ("slug", "title", *events.model.DATE_FIELDS, "last_day", "tone", "significance")
    rows = events.order_by("-significance", "start_earliest", "timeline_key").values_list(*fields)
    for row in rows:
        slug, title, earliest, latest, precision, qualifier = row[:6]
        end_earliest, end_latest, end_precision, end_qualifier, last_day, tone, size = row[6:]
        shown = format_fuzzy(earliest, latest, precision, qualifier or None)
        if end_earliest:  # a span's mark names both ends, as its card does
            shown += " – " + format_fuzzy(
                end_earliest, end_latest, end_precision, end_qualifier or None
            )
        last_day = last_day or latest
        start, end = scale.x(earliest), scale.x_end(last_day)
        is_point = earliest == last_day and precision == "day"
        if is_point:
            start = end = round((start + end) / 2, 1)
        hit_x, hit_width = start, end - start
        if hit_width < TARGET:
            hit_x, hit_width = (start + end) / 2 - TARGET / 2, TARGET
        hit_x = min(max(hit_x, 0), WIDTH - hit_width)
        mark = Mark(
            slug,
            title,
            start,
            0 if is_point else round(max(end - start, 4), 1),
            0,
            size,
            tone,
            f"{shown}: {title}",
            round(hit_x, 1),
            round(hit_width, 1),
            max(earliest, scale.first),
            min(last_day, scale.last),
            slugs=[slug],
        )
        place(marks, mark)
    for mark in marks:
        if mark.count > 1:
            mark.zooms = not (mark.first <= scale.first and mark.last >= scale.last)
            mark.label += ": zoom in" if mark.zooms else ": listed below the chart"
    return sorted(marks, key=lambda m: (m.hit_x, m.lane))
