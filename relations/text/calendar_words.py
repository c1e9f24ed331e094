"""The calendar's words in dates people type: months, weekdays, seasons, quarters.

Plain functions that return a reason ('February 2012 has 29 days') or a span;
`dates.parse_date_text` turns a reason into its one error message.
"""

from __future__ import annotations

import calendar
import re
from datetime import date
from difflib import get_close_matches

# Months of each season (northern); winter is named by the year it ends in.
SEASONS = {
    "spring": (3, 5),
    "summer": (6, 8),
    "autumn": (9, 11),
    "fall": (9, 11),
    "winter": (12, 2),
}
QUARTERS = {"first": 1, "second": 2, "third": 3, "fourth": 4}

_DAY_MONTH_YEAR = re.compile(
    r"^(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?P<month>[A-Za-z]+\.?),?\s+(?P<year>\d{4})$"
)
_MONTH_DAY_YEAR = re.compile(
    r"^(?P<month>[A-Za-z]+\.?)\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>\d{4})$"
)
_WEEKDAY = re.compile(
    r"^(mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*\.?,?\s+(.+)$", re.IGNORECASE
)
_SEASON = re.compile(
    r"^(spring|summer|autumn|fall|winter)\s+(?:of\s+)?(\d{4})(?:\s*[-–/]\s*(\d{2}|\d{4}))?$",
    re.IGNORECASE,
)
_QUARTER = re.compile(
    r"^(?:q([1-4])|(?:the\s+)?(first|second|third|fourth)\s+quarter(?:\s+of)?)\s+(\d{4})$"
    r"|^(\d{4})\s*-?\s*q([1-4])$",
    re.IGNORECASE,
)


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def month_number(name: str) -> int | None:
    """1 for 'January', 'Jan' or 'Jan.'; None for a word that is no month."""
    key = name.lower().rstrip(".")[:3]
    return next((n for n in range(1, 13) if calendar.month_abbr[n].lower() == key), None)


def days_problem(year: int, month: int, day: int) -> str:
    """'February 2012 has 29 days' for a day the month does not have, else ''."""
    last = calendar.monthrange(year, month)[1]
    if 1 <= day <= last:
        return ""
    return f"{calendar.month_name[month]} {year} has {last} days"


def written_days_problem(text: str) -> str:
    """days_problem for '31 February 2012' or 'Feb. 31, 2012' as typed."""
    m = _DAY_MONTH_YEAR.match(text) or _MONTH_DAY_YEAR.match(text)
    if not m or int(m.group("year")) < 1:
        return ""
    month = month_number(m.group("month"))
    return days_problem(int(m.group("year")), month, int(m.group("day"))) if month else ""


def split_weekday(text: str) -> tuple[int, str] | None:
    """'Monday, July 3, 2012' → (0, 'July 3, 2012'); None without a weekday."""
    m = _WEEKDAY.match(text)
    if not m:
        return None
    key = m.group(1).lower()[:3]
    return next(n for n in range(7) if calendar.day_abbr[n].lower() == key), m.group(2)


def weekday_problem(day: date, written: int) -> str:
    """'3 July 2012 was a Tuesday, not a Monday', or '' when the weekday is right."""
    if day.weekday() == written:
        return ""
    return (
        f"{day.day} {calendar.month_name[day.month]} {day.year} was a "
        f"{calendar.day_name[day.weekday()]}, not a {calendar.day_name[written]}"
    )


def season_or_quarter(text: str) -> tuple[date, date, str] | str | None:
    """(earliest, latest, label) for 'summer 2012' (June–August), 'winter 2012' or
    'winter 2011–12' (December 2011 – February 2012), 'Q4 2011' or 'the fourth
    quarter of 2011' (October–December); a reason for a season that cannot be;
    None for other text."""
    if m := _SEASON.match(text):
        season, year = m.group(1).lower(), int(m.group(2))
        if m.group(3):  # 'winter 2011–12': the winter that ends in the second year
            second = int(m.group(3))
            second += year - year % 100 if second < 100 else 0
            if season != "winter" or second != year + 1:
                return "only a winter runs from one year into the next"
            year = second
        first_month, last_month = SEASONS[season]
        if first_month > last_month:
            return (
                date(year - 1, first_month, 1),
                month_end(year, last_month),
                (f"winter {year - 1}–{year}"),
            )
        return date(year, first_month, 1), month_end(year, last_month), f"{season} {year}"
    if m := _QUARTER.match(text):
        quarter = int(m.group(1) or m.group(5) or QUARTERS[m.group(2).lower()])
        year = int(m.group(3) or m.group(4))
        first_month = 3 * quarter - 2
        return date(year, first_month, 1), month_end(year, first_month + 2), f"Q{quarter} {year}"
    return None


def numeric_day_problem(first: int, second: int, year: int) -> tuple[str, str]:
    """Why '5/2/2011' is refused (people read it as 5 February or May 2), and the
    day it can only be, if one: ('name the month', '25 December 2011') for '25/12/2011'."""
    readings = list(
        dict.fromkeys(
            f"{day} {calendar.month_name[month]} {year}"
            for day, month in ((first, second), (second, first))
            if 1 <= month <= 12 and day >= 1 and not days_problem(year, month, day)
        )
    )
    if len(readings) > 1:
        return f"it could be {readings[0]} or {readings[1]}: name the month", ""
    if readings:
        return "name the month", readings[0]
    return "no day and month fit these numbers", ""


# Words that say where a span starts or ends: the date alone goes in From or To.
_BOUND_WORDS = re.compile(
    r"^(?:since|from|after|starting|before|until|till|up\s+to|by|in|on)\s+(.+)$", re.IGNORECASE
)
_MONTH_NAMES = [calendar.month_name[n].lower() for n in range(1, 13)]


def repairs(text: str) -> list[str]:
    """Small rewrites of a date that was not read, most likely first: the date after
    'since' or 'until', a space between words and numbers ('May2011'), a misspelt
    month ('Novmber')."""
    candidates = []
    if m := _BOUND_WORDS.match(text):
        candidates.append(m.group(1))
    spaced = re.sub(r"(?<=[A-Za-z])(?=\d)|(?<=\d)(?=[A-Za-z]{3})", " ", text)
    candidates.append(spaced)
    words = spaced.split()
    for i, word in enumerate(words):
        bare = word.lower().strip(".,")
        if bare.isalpha() and len(bare) > 4 and bare not in (*_MONTH_NAMES, "sept"):
            close = get_close_matches(bare, _MONTH_NAMES, n=1, cutoff=0.75)
            if close:
                candidates.append(" ".join([*words[:i], close[0].capitalize(), *words[i + 1 :]]))
    return [c for c in dict.fromkeys(candidates) if c != text]
