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

from .calendar_words import month_end
from .dates import DAY, MONTH, YEAR, FuzzyDate, parse_date_text, qualified_span


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


# Words that put a month, or a month and day, without a year in the future
# ('will resume on Nov. 27', 'next November'). 'by' is left out: it is as
# often past ('by November the routes were shut'), and 'due to' a cause is not
# a schedule.
_FUTURE_CUE = re.compile(
    r"\b(?:will|shall|next|until|upcoming|coming|scheduled|expected\s+to|plans?\s+to"
    r"|(?:is|are)\s+due(?!\s+to\s+(?:the|a|an|his|her|its|their)\b))\b|['’]ll\b",
    re.IGNORECASE,
)
_CUE_WORDS = 8  # how far back a cue may stand: the clause, not the paragraph
# A word ending in a full stop that does not end a sentence ('Gen.', 'U.S.').
_ABBREVIATION = re.compile(
    r"(?:[A-Za-z]\.)+|(?i:Mr|Mrs|Ms|Dr|Gen|Lt|Col|Maj|Capt|Sgt|Adm|Gov|Sen|Rep|St|Jr"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\."
)
# 'Nov. 27 next year', 'in November last year': the year is given after all.
_YEAR_AFTER = re.compile(r"\s+(?P<which>last|this|next)\s+year\b", re.IGNORECASE)


def _in_future(text: str, start: int) -> bool:
    """Whether the words just before `start`, in its sentence, say it is to come."""
    words = text[:start].split()[-_CUE_WORDS:]
    for i in range(len(words) - 1, -1, -1):
        word = words[i].rstrip("\"'’”)]")
        if word.endswith(("?", "!")) or (word.endswith(".") and not _ABBREVIATION.fullmatch(word)):
            words = words[i + 1 :]  # an earlier sentence says nothing of this one
            break
    return bool(_FUTURE_CUE.search(" ".join(words)))


def _year_step(text: str, end: int) -> int | None:
    """-1, 0 or 1 for 'last', 'this' or 'next year' right after the mention."""
    if m := _YEAR_AFTER.match(text, end):
        return {"last": -1, "this": 0, "next": 1}[m.group("which").lower()]
    return None


def _nearest_day(month: int, day: int, published: date, latest: date, future: bool) -> date:
    """The latest such day on or before `latest`, or if `future` the first on or
    after `published`. A news report tells what has happened unless it says
    otherwise, so 'closed on Nov. 27' in July is last November."""
    year, step = (published.year, 1) if future else (latest.year, -1)
    while True:
        try:
            candidate = date(year, month, day)
        except ValueError:  # 29 February, outside a leap year
            candidate = None
        if candidate and (candidate >= published if future else candidate <= latest):
            return candidate
        year += step


def _nearest_month_year(month: int, published: date, latest: date, future: bool) -> int:
    """The year of the latest such month not after `latest`'s month, or if
    `future` of the first not before `published`'s month."""
    if future:
        return published.year if month >= published.month else published.year + 1
    return latest.year if month <= latest.month else latest.year - 1


def _resolve(
    match: re.Match, published: date, latest: date, future: bool, year_step: int | None
) -> tuple[date, date, str]:
    kind = match.lastgroup
    groups = match.groupdict()
    if kind in ("month_day_year", "day_month_year", "qual_month_year"):
        value = parse_date_text(match.group(kind))
        return value.earliest, value.latest, value.precision
    if kind in ("month_day", "day_month"):
        # 2000 is a leap year, so '29 February' reads and '31 February' does not.
        day = parse_date_text(f"{match.group(kind)} 2000").earliest
        if year_step is not None:
            day = day.replace(year=published.year + year_step)
        else:
            day = _nearest_day(day.month, day.day, published, latest, future)
        return day, day, DAY
    if kind == "qual_month":
        words = match.group("qual_month").replace("-", " ").split()
        qualifier = words[0].lower() if len(words) > 1 else None
        month = _month_number(words[-1])
        if year_step is not None:
            year = published.year + year_step
        else:
            # 'last November' is past whatever the sentence says before it.
            future = future and match.group("cue").lower() != "last"
            year = _nearest_month_year(month, published, latest, future)
        first = date(year, month, 1)
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


def find_mentions(
    text: str, published: date, latest_published: date | None = None
) -> list[Mention]:
    """Every date expression in `text`, resolved against `published`.

    `latest_published` is the last day the text may have been published, for
    a source dated only to the month or year (default: `published`). A month,
    or a month and day, without a year is taken as on or before it.
    """
    latest_published = latest_published or published
    mentions = []
    for match in _GRAMMAR.finditer(text):
        # lastgroup names the alternative that matched (for a month after a
        # cue word, the month itself: the cue is context, not the mention).
        start, end = match.span(match.lastgroup)
        try:
            earliest, latest, precision = _resolve(
                match,
                published,
                latest_published,
                _in_future(text, start),
                _year_step(text, end),
            )
        except ValueError:
            continue  # '31 February' and the like: not a date after all
        words = text[start:end]
        mentions.append(
            Mention(start, end, words, FuzzyDate(earliest, latest, precision, None, words))
        )
    return mentions
