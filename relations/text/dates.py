"""Dates as people write them: '2 May 2011', 'May 2011', 'late November 2011'.

A `FuzzyDate` keeps the earliest and latest day the text allows, its precision
(day, month or year), an optional qualifier (early, mid, late) and the text
itself. dateparser reads the plain forms; qualifiers, ranges and the checks it
does not make (a year must be written, nothing is guessed) are handled here.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache

from .calendar_words import (
    days_problem,
    month_end,
    month_number,
    numeric_day_problem,
    repairs,
    season_or_quarter,
    split_weekday,
    weekday_problem,
    written_days_problem,
)

DAY, MONTH, YEAR = "day", "month", "year"
PRECISIONS = (DAY, MONTH, YEAR)
QUALIFIERS = ("early", "mid", "late")

UNDERSTOOD_FORMS = (
    "'2 May 2011', 'May 2, 2011', 'Nov. 24, 2014', '2011-05-02', 'May 2011', "
    "'late November 2011', '2011', 'early 2009', 'mid-2012', 'summer 2012', 'Q4 2011', "
    "'1–2 May 2011', 'the night of 1–2 May 2011', 'September–October 2011', '2011–2012', "
    "'November 2011 – January 2012', 'late 2011 – early 2012', '11/2011', "
    "'between May and December 2011'"
)


class DateTextError(ValueError):
    """Text that cannot be read as a date; the message quotes it."""

    def __init__(self, text: str, reason: str = "", suggestion: str = ""):
        self.text, self.reason, self.suggestion = text, reason, suggestion
        shown = text if len(text) <= 60 else text[:57] + "…"
        why = f" ({reason})" if reason else ""
        instead = f" Did you mean “{suggestion}”?" if suggestion else ""
        super().__init__(
            f"Could not read “{shown}” as a date{why}.{instead} "
            f"Understood forms: {UNDERSTOOD_FORMS}."
        )


@dataclass(frozen=True)
class FuzzyDate:
    earliest: date
    latest: date
    precision: str
    qualifier: str | None = None
    text: str = ""  # as written
    label: str = ""  # in the house style, the writer's words kept ('summer 2012', 'late 2011')

    def __post_init__(self):
        if self.precision not in PRECISIONS:
            raise ValueError(f"unknown precision {self.precision!r}")
        if self.qualifier not in (None, *QUALIFIERS):
            raise ValueError(f"unknown qualifier {self.qualifier!r}")
        if self.latest < self.earliest:
            raise ValueError("latest day is before earliest day")

    @property
    def sort_key(self) -> tuple:
        return (self.earliest, PRECISIONS.index(self.precision), self.latest)

    def display(self) -> str:
        return self.label or format_fuzzy(
            self.earliest, self.latest, self.precision, self.qualifier
        )

    @property
    def is_range(self) -> bool:
        """Written as a span ('13–14 September 2011', 'September–October 2011'), not one unit."""
        if self.qualifier:
            return False
        if self.precision == DAY:
            return self.latest != self.earliest
        if self.precision == MONTH:
            return (self.latest.year, self.latest.month) != (
                self.earliest.year,
                self.earliest.month,
            )
        return self.latest.year != self.earliest.year

    def as_json(self) -> dict:
        return {
            "date": self.earliest.isoformat(),
            "latest": self.latest.isoformat(),
            "precision": self.precision,
            "qualifier": self.qualifier,
            "text": self.text,
        }

    def __str__(self) -> str:
        return self.display()


def format_fuzzy(earliest: date, latest: date, precision: str, qualifier: str | None) -> str:
    """A date shown at its precision: '2 May 2011', 'May 2011', 'late 2011'."""
    if precision == YEAR:
        core = str(earliest.year)
        if latest.year != earliest.year:
            core = f"{earliest.year}–{latest.year}"
    elif precision == MONTH:
        core = f"{calendar.month_name[earliest.month]} {earliest.year}"
        if (latest.year, latest.month) != (earliest.year, earliest.month):
            core = f"{calendar.month_name[earliest.month]}–{format_month(latest)}"
            if latest.year != earliest.year:
                core = f"{format_month(earliest)} – {format_month(latest)}"
    else:
        core = f"{earliest.day} {format_month(earliest)}"
        if latest != earliest:
            if (latest.year, latest.month) == (earliest.year, earliest.month):
                core = f"{earliest.day}–{latest.day} {format_month(earliest)}"
            else:
                core = (
                    f"{earliest.day} {format_month(earliest)} – {latest.day} {format_month(latest)}"
                )
    if qualifier == "mid":
        return f"mid-{core}"
    return f"{qualifier} {core}" if qualifier else core


def html_datetime(day: date, precision: str) -> str:
    """A <time datetime> value no more precise than the date: '2011-05-02', '2011-05', '2011'."""
    return {
        DAY: day.isoformat(),
        MONTH: f"{day.year:04d}-{day.month:02d}",
        YEAR: f"{day.year:04d}",
    }[precision]


def end_problem(start: FuzzyDate, end: FuzzyDate) -> str:
    """Why `end` cannot end an event that starts at `start` ('' if it can).

    An end may be vaguer than its start, but may not begin before it.
    """
    if end.latest < start.earliest:
        return f"the end ({end.display()}) is before the start ({start.display()})"
    if end.earliest < start.earliest:
        return (
            f"the end ({end.display()}) may fall before the start ({start.display()}): "
            f"it begins on {end.earliest.day} {format_month(end.earliest)}; "
            "write the end at least as precisely as the start"
        )
    return ""


def format_month(day: date) -> str:
    return f"{calendar.month_name[day.month]} {day.year}"


def qualified_span(earliest: date, latest: date, precision: str, qualifier: str | None):
    """Narrow a month or a year to its early, mid or late part."""
    if qualifier is None:
        return earliest, latest
    if precision == MONTH:
        first, last = {"early": (1, 10), "mid": (11, 20), "late": (21, latest.day)}[qualifier]
        return earliest.replace(day=first), earliest.replace(day=last)
    # A year in thirds: January–April, May–August, September–December.
    first_month, last_month = {"early": (1, 4), "mid": (5, 8), "late": (9, 12)}[qualifier]
    return date(earliest.year, first_month, 1), month_end(earliest.year, last_month)


_DASH = r"(?:\s*[-–—‐‑]\s*|\s+to\s+)"
_QUALIFIER = re.compile(r"^(early|mid|late)(?:\s*-\s*|\s+)(.+)$", re.IGNORECASE)
_NIGHT = re.compile(r"^(?:the\s+)?night\s+of\s+(.+)$", re.IGNORECASE)
_DAY_RANGE = re.compile(rf"^(\d{{1,2}}){_DASH}(\d{{1,2}})\s+([A-Za-z]+\.?)\s*,?\s+(\d{{4}})$")
_MONTH_DAY_RANGE = re.compile(rf"^([A-Za-z]+\.?)\s+(\d{{1,2}}){_DASH}(\d{{1,2}}),?\s+(\d{{4}})$")
_MONTH_RANGE = re.compile(rf"^([A-Za-z]+\.?){_DASH}([A-Za-z]+\.?)\s+(\d{{4}})$")
_YEAR_ONLY = re.compile(r"^(\d{4})$")
_YEAR_RANGE = re.compile(rf"^(\d{{4}}){_DASH}(\d{{4}})$")
# Any two dates with a dash between them ('31 May – 2 June 2011'); a hyphen needs spaces.
_SPAN = re.compile(r"^(.+?)(?:\s+[-–—]\s+|\s*[–—]\s*|\s+to\s+)(.+)$")
# A time of day after an ISO date is left out: the date is what is meant.
_ISO = re.compile(
    r"^(\d{4})-(\d{2})(?:-(\d{2})(?:[T ](?:[01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d+)?)?"
    r"(?:Z|[+-]\d{2}:?\d{2})?)?)?$"
)
# Numbers alone: '11/2011' and '2011/11' are months; '5/2/2011' is refused, since
# people read it as 5 February or May 2.
_NUMERIC_MONTH = re.compile(r"^(\d{1,2})\s*/\s*(\d{4})$|^(\d{4})\s*/\s*(\d{1,2})$")
_NUMERIC_DAY = re.compile(r"^(\d{1,2})\s*[/.]\s*(\d{1,2})\s*[/.]\s*(\d{4})$")
_SLASHED_YEARS = re.compile(r"^(\d{4})\s*/\s*(\d{2}|\d{4})$")
_BETWEEN = re.compile(r"^between\s+(.+?)\s+and\s+(.+)$", re.IGNORECASE)
_HAS_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_MONTH_NAME = re.compile(
    r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?(?=\s|,|$)",
    re.IGNORECASE,
)


@lru_cache(maxsize=1)
def _parser():
    from dateparser.date import DateDataParser

    return DateDataParser(
        languages=["en"],
        settings={"PREFER_DAY_OF_MONTH": "first", "STRICT_PARSING": False},
    )


def _plain(text: str) -> tuple[date, date, str]:
    """A single day, month or year with its year written out."""
    if m := _YEAR_ONLY.match(text):
        year = int(m.group(1))
        if year < 1:
            raise DateTextError(text, "there is no year 0")
        return date(year, 1, 1), date(year, 12, 31), YEAR
    if m := _ISO.match(text):
        return _iso(text, int(m.group(1)), int(m.group(2)), m.group(3))
    if not _HAS_YEAR.search(text):
        raise DateTextError(text, "write the year in full")
    if not _MONTH_NAME.search(text):
        raise DateTextError(text, "name the month")
    if problem := written_days_problem(text):
        raise DateTextError(text, problem)
    data = _parser().get_date_data(text)
    if data.date_obj is None or data.period not in (DAY, MONTH):
        raise DateTextError(text)
    parsed = data.date_obj.date()
    if str(parsed.year) not in text:
        raise DateTextError(text)
    if data.period == MONTH:
        return parsed.replace(day=1), month_end(parsed.year, parsed.month), MONTH
    return parsed, parsed, DAY


def _iso(text: str, year: int, month: int, day: str | None) -> tuple[date, date, str]:
    if year < 1:
        raise DateTextError(text, "there is no year 0")
    if not 1 <= month <= 12:
        if day is None and month == (year + 1) % 100:  # '2012-13', a span of years
            raise DateTextError(text, f"for a span of years write “{year}–{year + 1}”")
        raise DateTextError(text, f"there is no month {month}")
    if day is None:
        return date(year, month, 1), month_end(year, month), MONTH
    if problem := days_problem(year, month, int(day)):
        raise DateTextError(text, problem)
    exact = date(year, month, int(day))
    return exact, exact, DAY


def parse_date_text(text: str) -> FuzzyDate:
    """Read what a person wrote as a FuzzyDate, or raise DateTextError.

    Its `label` is the date in the house style with the writer's qualifiers,
    seasons and quarters kept: what is stored and shown.
    """
    original = (text or "").strip()
    text = " ".join((text or "").split()).strip(" .,;")
    if not text:
        raise DateTextError(original, "it is empty")
    if len(text) > 80:
        raise DateTextError(text, "too long for a date")
    try:
        value = _read(text)
    except DateTextError as error:  # quote all they wrote, "late 0000", not "0000"
        raise DateTextError(original, error.reason, error.suggestion or suggest(text)) from None
    return replace(value, text=original)


def reads_as_span(value: FuzzyDate) -> bool:
    """Written from one date to another ('2011–2012', 'between May and December 2011'),
    not as one unit: a day, a month, a year, a season or a quarter ('Q4 2011')."""
    return value.is_range and not isinstance(season_or_quarter(value.label), tuple)


def suggest(text: str) -> str:
    """A form that would be read, for text that is not ('Novmber 2011' → 'November 2011'),
    or '' when no small repair is read."""
    for candidate in repairs(text):
        try:
            return _read(candidate).display()
        except DateTextError:
            continue
    return ""


def _read(text: str) -> FuzzyDate:
    if m := _NIGHT.match(text):
        return _read(m.group(1))
    if weekday := split_weekday(text):  # 'Tuesday, July 3, 2012' if it was a Tuesday
        written, text = weekday
        day, _latest, precision = _plain(text)
        if precision != DAY:
            raise DateTextError(text, "a day of the week goes with a single day")
        if problem := weekday_problem(day, written):
            raise DateTextError(text, problem)
    if m := _BETWEEN.match(text):  # 'between May and December 2011'
        return _span(m.group(1), m.group(2), text)
    if m := _NUMERIC_MONTH.match(text):
        month, year = (int(m.group(1)), m.group(2)) if m.group(1) else (int(m.group(4)), m.group(3))
        if m.group(3) and month == (int(year) + 1) % 100:  # '2011/12'
            reading = f"{calendar.month_name[month]} {year} or {year}–{int(year) + 1}"
            raise DateTextError(text, f"it could be {reading}: write which")
        if not 1 <= month <= 12:
            raise DateTextError(text, f"there is no month {month}")
        return _read(f"{calendar.month_name[month]} {year}")
    if m := _NUMERIC_DAY.match(text):
        raise DateTextError(text, *numeric_day_problem(*(int(g) for g in m.groups())))
    if m := _SLASHED_YEARS.match(text):
        first, second = int(m.group(1)), int(m.group(2))
        second += first - first % 100 if second < 100 else 0
        raise DateTextError(text, "for a span of years use a dash", f"{first}–{second}")
    season = season_or_quarter(text)
    if isinstance(season, str):
        raise DateTextError(text, season)
    if season:
        earliest, latest, label = season
        return FuzzyDate(earliest, latest, MONTH, None, label, label)

    if m := _DAY_RANGE.match(text):
        first, last, month, year = m.groups()
        start = _plain(f"{first} {month} {year}")[0]
        end = _plain(f"{last} {month} {year}")[0]
        if end < start:
            raise DateTextError(text, "the range ends before it starts")
        return _house(start, end, DAY)
    if m := _MONTH_DAY_RANGE.match(text):
        month, first, last, year = m.groups()
        return _read(f"{first}–{last} {month} {year}")

    if (m := _MONTH_RANGE.match(text)) and month_number(m.group(1)) is not None:
        first, last, year = m.groups()
        start = _plain(f"{first} {year}")
        end = _plain(f"{last} {year}")
        if start[2] != MONTH or end[2] != MONTH:
            raise DateTextError(text)
        if end[0] < start[0]:
            raise DateTextError(text, "the range ends before it starts")
        return _house(start[0], end[1], MONTH)

    if m := _YEAR_RANGE.match(text):
        return _span(m.group(1), m.group(2), text)

    qualifier, single = None, text
    if m := _QUALIFIER.match(text):
        qualifier, single = m.group(1).lower(), m.group(2)

    try:
        earliest, latest, precision = _plain(single)
    except DateTextError:
        if m := _SPAN.match(text):
            return _span(m.group(1), m.group(2), text)
        raise
    if qualifier and precision == DAY:
        raise DateTextError(text, f"“{qualifier}” goes with a month or a year, not a day")
    earliest, latest = qualified_span(earliest, latest, precision, qualifier)
    return _house(earliest, latest, precision, qualifier)


def _house(earliest: date, latest: date, precision: str, qualifier: str | None = None):
    label = format_fuzzy(earliest, latest, precision, qualifier)
    return FuzzyDate(earliest, latest, precision, qualifier, label, label)


def _span(first: str, last: str, text: str) -> FuzzyDate:
    """From one date to another, at the coarser precision: 'November 2011 – January 2012'.

    The first may leave its year to the last ('31 May – 2 June 2011').
    """
    if _SPAN.match(last) or _YEAR_RANGE.match(last):
        raise DateTextError(text, "write one span, from one date to another")
    end = _read(last)
    try:
        start = _read(first)
    except DateTextError as error:
        if error.reason != "write the year in full":
            raise
        start = _read(f"{first} {end.latest.year}")
    if end.latest < start.earliest:
        raise DateTextError(text, "the range ends before it starts")
    # The span runs from the first day the start allows to the last the end allows.
    # Ends of different precisions are shown by month: 'May 2011 – 2012' is
    # May 2011 – December 2012, not the whole of 2011.
    precision = start.precision if start.precision == end.precision else MONTH
    value = _house(start.earliest, end.latest, precision)
    if _worded(start) or _worded(end):  # 'late 2011 – early 2012' keeps its words
        return replace(value, label=f"{start.display()} – {end.display()}")
    return value


def _worded(value: FuzzyDate) -> bool:
    """Said with a qualifier, season or quarter, which the span's own label would lose."""
    plain = format_fuzzy(value.earliest, value.latest, value.precision, None)
    return value.display() != plain
