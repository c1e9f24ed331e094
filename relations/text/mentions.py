"""Date mentions in article text, resolved against the publication date.

dateparser's own `search_dates` is not precise enough for this (it takes the
verb 'may', 'we', 'now', money and counts for dates, and splits 'Nov. 24'), so
candidates are found here by a small grammar of the forms newspapers write,
and each is resolved by rules a careful reader applies (see
tests/data/expected_mentions.toml for the conventions). Explicit dates go
through the project's date module, and so through dateparser.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from .dates import DAY, MONTH, YEAR, FuzzyDate, month_end, parse_date_text, qualified_span


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    text: str
    date: FuzzyDate


_MONTHS = {
    name.lower(): number
    for number in range(1, 13)
    for name in (calendar.month_name[number], calendar.month_abbr[number])
}
_MONTHS["sept"] = 9
_WEEKDAYS = {calendar.day_name[i].lower(): i for i in range(7)}
_NUMBERS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
}

# Full month names, or abbreviations with their full stop ('Nov.', 'Sept.').
_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.)"
)
_DAY = r"(?:[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?"
_YEAR = r"(?:19[5-9]\d|20[0-4]\d)"
_QUAL = r"(?i:early|mid|late)"
_COUNT = r"(?i:a|an|one|two|three|four|five|six|seven|eight|nine|ten|\d{1,2})"
_UNIT = r"(?i:day|week|month|year)s?"
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
# Words before a bare month name that make it a month, not a verb or a name.
_MONTH_CUE = (
    r"(?i:in|on|since|after|before|until|till|by|during|from|through|of|the|this|last|next)"
)

_GRAMMAR = re.compile(
    rf"""
    (?P<month_day_year>{_MONTH}\s+{_DAY},?\s+{_YEAR})\b
  | (?P<day_month_year>{_DAY}\s+{_MONTH}\s+{_YEAR})\b
  | (?P<qual_month_year>(?:{_QUAL}[- ]\s*)?{_MONTH}\s+{_YEAR})\b
  | (?P<month_day>{_MONTH}\s+{_DAY})\b(?!,?\s*\d)
  | (?P<day_month>{_DAY}\s+{_MONTH})(?!\s*,?\s*\d)
  | (?P<qual_year>{_QUAL}(?:-|\s+)(?:in\s+)?{_YEAR})\b
  | (?P<over_ago>(?i:(?:a\s+little|just|slightly)\s+)?(?i:over|more\s+than)\s+(?P<over_count>{_COUNT})\s+(?P<over_unit>{_UNIT})\s+(?i:ago))\b
  | (?P<ago>(?P<ago_count>{_COUNT})\s+(?P<ago_unit>{_UNIT})\s+(?i:ago))\b
  | (?P<the_past>(?i:the)\s+(?i:past|last)\s+(?P<past_few>(?i:few|several|couple\s+of)\s+|(?P<past_count>{_COUNT})\s+)?(?P<past_unit>(?i:day|week|month|year|decade)s?))\b
  | (?P<recent>(?i:recent)\s+(?P<recent_unit>(?i:days|weeks|months)))\b
  | (?P<deictic>(?P<deictic_which>(?i:last|this|next))\s+(?P<deictic_unit>(?i:week|month|year)))\b
  | (?P<named_day>(?i:yesterday|today|tomorrow))\b
  | (?P<weekday>{_WEEKDAY})\b
  | (?P<cue>{_MONTH_CUE})\s+(?P<qual_month>(?:{_QUAL}[- ]\s*)?{_MONTH})(?![\w-]|\s*,?\s*\d)
  | (?<![\w$.,])(?P<year>{_YEAR})(?!\w|[-,.]\d|\s*%|\s*(?i:percent))
    """,
    re.VERBOSE,
)


def _shift_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return day.replace(
        year=year, month=month + 1, day=min(day.day, calendar.monthrange(year, month + 1)[1])
    )


def _month_span(day: date) -> tuple[date, date]:
    return day.replace(day=1), month_end(day.year, day.month)


def _year_span(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year, 12, 31)


def _month_number(word: str) -> int:
    return _MONTHS[word.rstrip(".").lower()]


def _latest_month(month: int, published: date) -> int:
    """The year of the latest such month not after the publication's month."""
    return published.year if month <= published.month else published.year - 1


def _resolve(match: re.Match, published: date) -> tuple[date, date, str]:
    kind = match.lastgroup
    groups = match.groupdict()
    if kind in ("month_day_year", "day_month_year", "qual_month_year"):
        value = parse_date_text(match.group(kind))
        return value.earliest, value.latest, value.precision
    if kind in ("month_day", "day_month"):
        candidate = parse_date_text(f"{match.group(kind)} {published.year}").earliest
        if candidate > published + timedelta(days=183):
            candidate = candidate.replace(year=candidate.year - 1)
        return candidate, candidate, DAY
    if kind == "qual_month":
        words = match.group("qual_month").replace("-", " ").split()
        qualifier = words[0].lower() if len(words) > 1 else None
        month = _month_number(words[-1])
        first = date(_latest_month(month, published), month, 1)
        start, end = qualified_span(first, month_end(first.year, month), MONTH, qualifier)
        return start, end, MONTH
    if kind == "qual_year":
        value = parse_date_text(match.group(kind).replace(" in ", " "))
        return value.earliest, value.latest, YEAR
    if kind == "year":
        return (*_year_span(int(match.group(kind))), YEAR)
    if kind == "weekday":
        wanted = _WEEKDAYS[match.group(kind).lower()]
        day = published - timedelta(days=(published.weekday() - wanted) % 7)
        return day, day, DAY
    if kind == "named_day":
        day = published + timedelta(
            days={"yesterday": -1, "today": 0, "tomorrow": 1}[match.group(kind).lower()]
        )
        return day, day, DAY
    if kind == "deictic":
        step = {"last": -1, "this": 0, "next": 1}[groups["deictic_which"].lower()]
        unit = groups["deictic_unit"].lower()
        if unit == "year":
            return (*_year_span(published.year + step), YEAR)
        if unit == "month":
            return (*_month_span(_shift_months(published, step)), MONTH)
        monday = published - timedelta(days=published.weekday()) + timedelta(weeks=step)
        return monday, monday + timedelta(days=6), DAY
    if kind == "recent":
        back = {"days": timedelta(days=14), "weeks": timedelta(weeks=6)}
        unit = groups["recent_unit"].lower()
        start = published - back[unit] if unit in back else _shift_months(published, -3)
        return start, published, DAY
    if kind == "the_past":
        unit = groups["past_unit"].lower().rstrip("s")
        count = groups["past_count"]
        if count:  # 'the past two years': that many units back
            count = _NUMBERS.get(count.lower()) or int(count)
            if unit == "decade":
                count, unit = count * 10, "year"
            if unit == "year":
                return date(published.year - count, 1, 1), date(published.year, 12, 31), YEAR
            if unit == "month":
                return _shift_months(published, -count), published, DAY
            return published - timedelta(days=count * (7 if unit == "week" else 1)), published, DAY
        few = bool(groups["past_few"])
        if unit == "decade":
            return date(published.year - 10, 1, 1), date(published.year, 12, 31), YEAR
        if unit == "year" and few:
            return date(published.year - 5, 1, 1), date(published.year, 12, 31), YEAR
        if unit == "day":
            return published - timedelta(days=7 if few else 1), published, DAY
        if unit == "week":
            return published - timedelta(weeks=6 if few else 1), published, DAY
        months = {"month": 6 if few else 1, "year": 12}[unit]
        return _shift_months(published, -months), published, DAY
    if kind in ("ago", "over_ago"):
        prefix = "ago" if kind == "ago" else "over"
        count = groups[f"{prefix}_count"].lower()
        count = _NUMBERS.get(count) or int(count)
        unit = groups[f"{prefix}_unit"].lower().rstrip("s")
        if unit in ("day", "week"):
            day = published - timedelta(days=count * (7 if unit == "week" else 1))
            return day, day, DAY
        months = count * (12 if unit == "year" else 1)
        if kind == "over_ago":
            return (
                _shift_months(published, -months - 3).replace(day=1),
                _month_span(_shift_months(published, -months - 1))[1],
                MONTH,
            )
        return (*_month_span(_shift_months(published, -months)), MONTH)
    raise AssertionError(f"unhandled mention kind {kind}")


def find_mentions(text: str, published: date) -> list[Mention]:
    """Every date expression in `text`, resolved against `published`."""
    mentions = []
    for match in _GRAMMAR.finditer(text):
        # lastgroup names the alternative that matched (for a month after a
        # cue word, the month itself: the cue is context, not the mention).
        try:
            earliest, latest, precision = _resolve(match, published)
        except ValueError:
            continue  # '31 February' and the like: not a date after all
        start, end = match.span(match.lastgroup)
        words = text[start:end]
        mentions.append(
            Mention(start, end, words, FuzzyDate(earliest, latest, precision, None, words))
        )
    return mentions
