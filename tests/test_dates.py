from datetime import date

import pytest

from relations.text.dates import (
    DateTextError,
    FuzzyDate,
    format_fuzzy,
    html_datetime,
    parse_date_text,
    reads_as_span,
)

D = date

# text → (earliest, latest, precision, qualifier, shown as)
FORMS = [
    ("2 May 2011", D(2011, 5, 2), D(2011, 5, 2), "day", None, "2 May 2011"),
    ("May 2, 2011", D(2011, 5, 2), D(2011, 5, 2), "day", None, "2 May 2011"),
    ("2011-05-02", D(2011, 5, 2), D(2011, 5, 2), "day", None, "2 May 2011"),
    ("Nov. 24, 2014", D(2014, 11, 24), D(2014, 11, 24), "day", None, "24 November 2014"),
    ("24 Nov 2014", D(2014, 11, 24), D(2014, 11, 24), "day", None, "24 November 2014"),
    ("Sept. 13, 2011", D(2011, 9, 13), D(2011, 9, 13), "day", None, "13 September 2011"),
    ("26 November 2011", D(2011, 11, 26), D(2011, 11, 26), "day", None, "26 November 2011"),
    ("29 February 2012", D(2012, 2, 29), D(2012, 2, 29), "day", None, "29 February 2012"),
    ("  5   August 2009 ", D(2009, 8, 5), D(2009, 8, 5), "day", None, "5 August 2009"),
    ("May 2011", D(2011, 5, 1), D(2011, 5, 31), "month", None, "May 2011"),
    ("Sept. 2011", D(2011, 9, 1), D(2011, 9, 30), "month", None, "September 2011"),
    ("February 2012", D(2012, 2, 1), D(2012, 2, 29), "month", None, "February 2012"),
    ("2011-05", D(2011, 5, 1), D(2011, 5, 31), "month", None, "May 2011"),
    ("2011", D(2011, 1, 1), D(2011, 12, 31), "year", None, "2011"),
    ("late November 2011", D(2011, 11, 21), D(2011, 11, 30), "month", "late", "late November 2011"),
    ("early May 2011", D(2011, 5, 1), D(2011, 5, 10), "month", "early", "early May 2011"),
    ("mid-June 2012", D(2012, 6, 11), D(2012, 6, 20), "month", "mid", "mid-June 2012"),
    ("Late February 2012", D(2012, 2, 21), D(2012, 2, 29), "month", "late", "late February 2012"),
    ("mid-2012", D(2012, 5, 1), D(2012, 8, 31), "year", "mid", "mid-2012"),
    ("mid 2012", D(2012, 5, 1), D(2012, 8, 31), "year", "mid", "mid-2012"),
    ("early 2009", D(2009, 1, 1), D(2009, 4, 30), "year", "early", "early 2009"),
    ("late 2011", D(2011, 9, 1), D(2011, 12, 31), "year", "late", "late 2011"),
    ("1–2 May 2011", D(2011, 5, 1), D(2011, 5, 2), "day", None, "1–2 May 2011"),
    ("1-2 May 2011", D(2011, 5, 1), D(2011, 5, 2), "day", None, "1–2 May 2011"),
    ("the night of 1–2 May 2011", D(2011, 5, 1), D(2011, 5, 2), "day", None, "1–2 May 2011"),
    (
        "night of 25-26 November 2011",
        D(2011, 11, 25),
        D(2011, 11, 26),
        "day",
        None,
        "25–26 November 2011",
    ),
    ("May 1-2, 2011", D(2011, 5, 1), D(2011, 5, 2), "day", None, "1–2 May 2011"),
    ("13–14 September 2011", D(2011, 9, 13), D(2011, 9, 14), "day", None, "13–14 September 2011"),
    ("20 to 21 October 2011", D(2011, 10, 20), D(2011, 10, 21), "day", None, "20–21 October 2011"),
    ("July 2012.", D(2012, 7, 1), D(2012, 7, 31), "month", None, "July 2012"),
    (
        "September–October 2011",
        D(2011, 9, 1),
        D(2011, 10, 31),
        "month",
        None,
        "September–October 2011",
    ),
    ("October 2011", D(2011, 10, 1), D(2011, 10, 31), "month", None, "October 2011"),
    (
        "September to October 2011",
        D(2011, 9, 1),
        D(2011, 10, 31),
        "month",
        None,
        "September–October 2011",
    ),
    ("April-May 2012", D(2012, 4, 1), D(2012, 5, 31), "month", None, "April–May 2012"),
    # Spans written as the site shows them, and ISO dates with a time of day.
    ("2011–2012", D(2011, 1, 1), D(2012, 12, 31), "year", None, "2011–2012"),
    ("2011-2012", D(2011, 1, 1), D(2012, 12, 31), "year", None, "2011–2012"),
    (
        "November 2011 – January 2012",
        D(2011, 11, 1),
        D(2012, 1, 31),
        "month",
        None,
        "November 2011 – January 2012",
    ),
    (
        "31 May - 2 June 2011",
        D(2011, 5, 31),
        D(2011, 6, 2),
        "day",
        None,
        "31 May 2011 – 2 June 2011",
    ),
    (
        "26 November 2011 – 3 July 2012",
        D(2011, 11, 26),
        D(2012, 7, 3),
        "day",
        None,
        "26 November 2011 – 3 July 2012",
    ),
    # Ends of different precisions: from the start's first day to the end's last, shown by month.
    ("May 2011 – 3 July 2012", D(2011, 5, 1), D(2012, 7, 3), "month", None, "May 2011 – July 2012"),
    ("May 2011 – 2012", D(2011, 5, 1), D(2012, 12, 31), "month", None, "May 2011 – December 2012"),
    ("2011 – May 2012", D(2011, 1, 1), D(2012, 5, 31), "month", None, "January 2011 – May 2012"),
    ("2011-05-02T10:00", D(2011, 5, 2), D(2011, 5, 2), "day", None, "2 May 2011"),
    # Seasons and quarters are month spans, shown as written (in the house style).
    ("summer 2012", D(2012, 6, 1), D(2012, 8, 31), "month", None, "summer 2012"),
    ("Autumn of 2011", D(2011, 9, 1), D(2011, 11, 30), "month", None, "autumn 2011"),
    ("winter 2012", D(2011, 12, 1), D(2012, 2, 29), "month", None, "winter 2011–2012"),
    ("winter 2011-12", D(2011, 12, 1), D(2012, 2, 29), "month", None, "winter 2011–2012"),
    ("Q4 2011", D(2011, 10, 1), D(2011, 12, 31), "month", None, "Q4 2011"),
    ("2011 Q1", D(2011, 1, 1), D(2011, 3, 31), "month", None, "Q1 2011"),
    ("the third quarter of 2012", D(2012, 7, 1), D(2012, 9, 30), "month", None, "Q3 2012"),
    # A span keeps the writer's qualifiers.
    (
        "late 2011 to early 2012",
        D(2011, 9, 1),
        D(2012, 4, 30),
        "year",
        None,
        "late 2011 – early 2012",
    ),
    (
        "summer–autumn 2012",
        D(2012, 6, 1),
        D(2012, 11, 30),
        "month",
        None,
        "summer 2012 – autumn 2012",
    ),
    # A month in numbers, and a span said in words.
    ("11/2011", D(2011, 11, 1), D(2011, 11, 30), "month", None, "November 2011"),
    ("2011/05", D(2011, 5, 1), D(2011, 5, 31), "month", None, "May 2011"),
    (
        "between May and December 2011",
        D(2011, 5, 1),
        D(2011, 12, 31),
        "month",
        None,
        "May–December 2011",
    ),
    ("Between 2011 and 2012", D(2011, 1, 1), D(2012, 12, 31), "year", None, "2011–2012"),
    (
        "between 1 May and 3 June 2011",
        D(2011, 5, 1),
        D(2011, 6, 3),
        "day",
        None,
        "1 May 2011 – 3 June 2011",
    ),
    # A weekday that is right is accepted and left out.
    ("Tuesday, July 3, 2012", D(2012, 7, 3), D(2012, 7, 3), "day", None, "3 July 2012"),
    ("Thursday 5th July 2012", D(2012, 7, 5), D(2012, 7, 5), "day", None, "5 July 2012"),
]


@pytest.mark.parametrize(("text", "earliest", "latest", "precision", "qualifier", "shown"), FORMS)
def test_person_written_date_is_read_at_its_precision(
    text, earliest, latest, precision, qualifier, shown
):
    value = parse_date_text(text)
    assert (value.earliest, value.latest, value.precision, value.qualifier) == (
        earliest,
        latest,
        precision,
        qualifier,
    )
    assert value.display() == shown
    assert value.text == text.strip()


def test_table_has_at_least_thirty_forms():
    assert len(FORMS) >= 30


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("soon", "write the year in full"),
        ("May 2", "write the year in full"),
        ("the 24th", "write the year in full"),
        ("2 Smarch 2011", "name the month"),
        ("32 May 2011", "May 2011 has 31 days"),
        ("31 February 2012", "February 2012 has 29 days"),
        ("Feb 29, 2011", "February 2011 has 28 days"),
        ("2012-13", "for a span of years write “2012–2013”"),
        ("2011-14", "there is no month 14"),
        ("0000", "there is no year 0"),
        ("late 0000", "there is no year 0"),
        ("0000-05", "there is no year 0"),
        ("2011-02-30", "February 2011 has 28 days"),
        ("Monday, July 3, 2012", "3 July 2012 was a Tuesday, not a Monday"),
        ("Sunday July 2012", "a day of the week goes with a single day"),
        ("summer 2011-12", "only a winter runs from one year into the next"),
        ("late 2 May 2011", "goes with a month or a year"),
        ("5–2 May 2011", "ends before it starts"),
        ("October–September 2011", "ends before it starts"),
        ("2012–2011", "ends before it starts"),
        ("May 2011 to 2010", "ends before it starts"),
        ("2 May 2011 – soon", "write the year in full"),
        ("2011–2012–2013", "write one span"),
        ("2011-05-02T25:00", ""),
        ("x" * 500, "too long"),
        ("<script>alert(1)</script> 2011", "name the month"),
        ("13/2011", "there is no month 13"),
        ("5/2/2011", "it could be 5 February 2011 or 2 May 2011: name the month"),
        ("2011/12", "it could be December 2011 or 2011–2012"),
        ("between May and April 2011", "ends before it starts"),
    ],
)
def test_unreadable_date_is_an_error_that_quotes_it_and_lists_forms(text, reason):
    with pytest.raises(DateTextError) as caught:
        parse_date_text(text)
    message = str(caught.value)
    assert reason in message
    assert "Understood forms:" in message
    assert "late November 2011" in message
    assert text.strip()[:20] in message


def test_more_precise_date_sorts_first_on_the_same_day():
    day = parse_date_text("1 May 2011")
    month = parse_date_text("May 2011")
    year = parse_date_text("2011")
    assert sorted([year, month, day], key=lambda d: d.sort_key) == [year, day, month]
    assert sorted([month, day], key=lambda d: d.sort_key) == [day, month]


def test_json_form_gives_earliest_latest_precision_qualifier_and_text():
    assert parse_date_text("late November 2011").as_json() == {
        "date": "2011-11-21",
        "latest": "2011-11-30",
        "precision": "month",
        "qualifier": "late",
        "text": "late November 2011",
    }


def test_month_is_never_shown_as_its_first_day():
    assert format_fuzzy(D(2011, 5, 1), D(2011, 5, 31), "month", None) == "May 2011"


def test_fuzzy_date_refuses_latest_before_earliest():
    with pytest.raises(ValueError):
        FuzzyDate(D(2011, 5, 2), D(2011, 5, 1), "day")


@pytest.mark.parametrize(
    ("text", "html", "is_range"),
    [
        ("2 May 2011", "2011-05-02", False),
        ("late November 2014", "2014-11", False),
        ("mid-2012", "2012", False),
        ("13–14 September 2011", "2011-09-13", True),
        ("September–October 2011", "2011-09", True),
        ("May 2011", "2011-05", False),
    ],
)
def test_a_date_is_machine_readable_at_its_precision_and_knows_a_written_span(text, html, is_range):
    value = parse_date_text(text)
    assert html_datetime(value.earliest, value.precision) == html
    assert value.is_range is is_range


@pytest.mark.parametrize(
    ("text", "suggestion"),
    [
        ("25/12/2011", "25 December 2011"),
        ("2011/2012", "2011–2012"),
        ("Novmber 2011", "November 2011"),
        ("May2011", "May 2011"),
        ("since May 2011", "May 2011"),
        ("until late 2012", "late 2012"),
    ],
)
def test_a_refused_date_suggests_a_form_that_is_read(text, suggestion):
    with pytest.raises(DateTextError) as caught:
        parse_date_text(text)
    assert f"Did you mean “{suggestion}”?" in str(caught.value)
    assert parse_date_text(suggestion).display() == suggestion  # the suggestion itself is read


def test_a_date_with_nothing_close_suggests_nothing_but_the_forms():
    with pytest.raises(DateTextError) as caught:
        parse_date_text("soon")
    assert "Did you mean" not in str(caught.value)
    assert "Understood forms:" in str(caught.value)


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("2011–2012", True),
        ("between May and December 2011", True),
        ("November 2011 – January 2012", True),
        ("13–14 September 2011", True),
        ("2011", False),
        ("May 2011", False),
        ("11/2011", False),
        ("Q4 2011", False),
        ("autumn 2011", False),
        ("winter 2011–12", False),
        ("late 2011", False),
    ],
)
def test_a_span_is_told_from_a_single_day_month_year_season_or_quarter(text, span):
    assert reads_as_span(parse_date_text(text)) is span
