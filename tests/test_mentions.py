import calendar
import tomllib
from datetime import date
from pathlib import Path

import pytest

from relations.text.cleaning import read_article
from relations.text.mentions import find_mentions

ROOT = Path(__file__).parent.parent
EXPECTED = tomllib.loads((ROOT / "tests/data/expected_mentions.toml").read_text())
SOURCES = tomllib.loads((ROOT / "seeds/sources.toml").read_text())["sources"]


def published(file_name: str) -> tuple[date, date]:
    """The first and last day the source may have been published ('2012-06':
    1 to 30 June 2012)."""
    entry = next(s for s in SOURCES if s["file"] == file_name)
    parts = [int(p) for p in entry["published"].split("-")]
    first = date(parts[0], *(parts[1:] + [1, 1])[:2])
    if len(parts) == 3:
        return first, first
    if len(parts) == 2:
        return first, first.replace(day=calendar.monthrange(first.year, first.month)[1])
    return first, date(first.year, 12, 31)


def extracted(path: Path, on: date, latest: date | None = None) -> set[tuple]:
    article = read_article(path.read_bytes(), path.name)
    found = []
    for number, text in enumerate(article.passage_texts(), 1):
        for m in find_mentions(text, on, latest_published=latest):
            assert text[m.start : m.end] == m.text
            found.append((number, m.text, m.date.earliest, m.date.latest, m.date.precision))
    return found


def expected(entries) -> list[tuple]:
    return [
        (
            e["passage"],
            e["text"],
            date.fromisoformat(e["earliest"]),
            date.fromisoformat(e["latest"]),
            e["precision"],
        )
        for e in entries
    ]


def precision_recall(found: list, wanted: list) -> tuple[float, float]:
    hits = [f for f in found if f in wanted]
    precision = len(hits) / len(found) if found else 1.0
    recall = len([w for w in wanted if w in found]) / len(wanted) if wanted else 1.0
    return precision, recall


@pytest.mark.parametrize("entry", EXPECTED["file"], ids=lambda e: e["name"])
def test_seed_mentions_match_the_hand_written_table(entry):
    found = extracted(ROOT / "seeds" / entry["name"], *published(entry["name"]))
    wanted = expected(entry["mentions"])
    precision, recall = precision_recall(found, wanted)
    print(f"{entry['name']}: precision {precision:.0%}, recall {recall:.0%}")
    assert sorted(found) == sorted(wanted)
    assert (precision, recall) == (1.0, 1.0)


def test_mentions_over_all_seeds_are_100_percent_precise_and_complete():
    found, wanted = [], []
    for entry in EXPECTED["file"]:
        found += [
            (entry["name"], *f)
            for f in extracted(ROOT / "seeds" / entry["name"], *published(entry["name"]))
        ]
        wanted += [(entry["name"], *w) for w in expected(entry["mentions"])]
    precision, recall = precision_recall(found, wanted)
    print(f"all seeds: {len(wanted)} mentions, precision {precision:.0%}, recall {recall:.0%}")
    assert len(wanted) == 27
    assert (precision, recall) == (1.0, 1.0)


# The unseen articles were written for the cleaning tests; these are their
# mentions, read by hand, for the publication dates given.
UNSEEN = {
    "unseen_newswire.txt": (
        date(2016, 3, 10),
        [
            (1, "Tuesday", date(2016, 3, 8), date(2016, 3, 8), "day"),
            (2, "March 3", date(2016, 3, 3), date(2016, 3, 3), "day"),
            (3, "next month", date(2016, 4, 1), date(2016, 4, 30), "month"),
            (5, "2015", date(2015, 1, 1), date(2015, 12, 31), "year"),
            (5, "last year", date(2015, 1, 1), date(2015, 12, 31), "year"),
        ],
    ),
    "unseen_transcript.txt": (
        date(2014, 8, 20),
        [
            (1, "the past two years", date(2012, 1, 1), date(2014, 12, 31), "year"),
            (2, "2012", date(2012, 1, 1), date(2012, 12, 31), "year"),
            (4, "June", date(2014, 6, 1), date(2014, 6, 30), "month"),
        ],
    ),
}


@pytest.mark.parametrize("name", sorted(UNSEEN))
def test_unseen_article_mentions_are_found_and_resolved(name):
    on, wanted = UNSEEN[name]
    found = extracted(ROOT / "tests/data" / name, on)
    assert precision_recall(found, wanted) == (1.0, 1.0)


@pytest.mark.parametrize(
    "text",
    [
        "The US may now push for more help.",
        "We may see, now, whether $24 million and 24 Pakistani soldiers matter.",
        "The 11th Corps, with 10,000 men and $2 billion a year, for years.",
        "March on, said April Smith to Will May.",
        "A week before Clinton's visit, in the past, months-long.",
    ],
)
def test_words_that_only_look_like_dates_are_not_mentions(text):
    assert find_mentions(text, date(2011, 10, 24)) == []


@pytest.mark.parametrize(
    ("text", "words", "earliest", "latest", "precision"),
    [
        ("On Nov. 24, an airstrike", "Nov. 24", date(2014, 11, 24), date(2014, 11, 24), "day"),
        ("in late November,", "late November", date(2014, 11, 21), date(2014, 11, 30), "month"),
        ("since November 2011", "November 2011", date(2011, 11, 1), date(2011, 11, 30), "month"),
        ("by 2014", "2014", date(2014, 1, 1), date(2014, 12, 31), "year"),
        ("this month", "this month", date(2014, 12, 1), date(2014, 12, 31), "month"),
        ("on Wednesday", "Wednesday", date(2014, 12, 3), date(2014, 12, 3), "day"),
        ("in May", "May", date(2014, 5, 1), date(2014, 5, 31), "month"),
        ("in mid-2012", "mid-2012", date(2012, 5, 1), date(2012, 8, 31), "year"),
        ("two weeks ago", "two weeks ago", date(2014, 11, 23), date(2014, 11, 23), "day"),
        ("on 5 August 2009", "5 August 2009", date(2009, 8, 5), date(2009, 8, 5), "day"),
    ],
)
def test_common_newspaper_forms_resolve_against_the_publication_date(
    text, words, earliest, latest, precision
):
    (mention,) = find_mentions(text, date(2014, 12, 7))
    assert (mention.text, mention.date.earliest, mention.date.latest, mention.date.precision) == (
        words,
        earliest,
        latest,
        precision,
    )


def read(text: str, on: date, latest: date | None = None) -> list[tuple]:
    bound = {"latest_published": latest} if latest else {}
    return [(m.text, m.date.earliest, m.date.latest) for m in find_mentions(text, on, **bound)]


UPI_DAY = date(2012, 7, 5)  # the UPI story's publication date


def test_a_month_and_day_told_in_the_past_is_the_latest_such_day_before_publication():
    # The UPI story: the routes closed on 27 November 2011, not 2012.
    text = (
        "NATO supply routes that Pakistan closed on Nov. 27 after the border incident. "
        "The November incident killed 24 soldiers."
    )
    assert read(text, UPI_DAY) == [
        ("Nov. 27", date(2011, 11, 27), date(2011, 11, 27)),
        ("November", date(2011, 11, 1), date(2011, 11, 30)),
    ]


def test_a_future_cue_reads_the_first_such_day_from_publication():
    assert read("Talks will resume on Nov. 27.", UPI_DAY) == [
        ("Nov. 27", date(2012, 11, 27), date(2012, 11, 27))
    ]
    assert read("Talks resumed on Nov. 27.", UPI_DAY) == [
        ("Nov. 27", date(2011, 11, 27), date(2011, 11, 27))
    ]


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("Talks will resume on June 1.", date(2013, 6, 1)),
        ("They'll meet on 3 February.", date(2013, 2, 3)),
        ("The vote is scheduled for Feb. 3.", date(2013, 2, 3)),
        ("Parliament is due to vote on Feb. 3.", date(2013, 2, 3)),
        ("The minister is expected to arrive on Jan. 10 in Kabul.", date(2013, 1, 10)),
        ("He plans to visit Islamabad on Jan. 10.", date(2013, 1, 10)),
        ("The routes stay shut until March 1.", date(2013, 3, 1)),
        ("Ahead of the upcoming March 1 deadline, envoys met.", date(2013, 3, 1)),
        ("Gen. Allen will meet Gen. Kayani in the U.S. on Feb. 3.", date(2013, 2, 3)),
    ],
)
def test_each_future_cue_turns_a_month_and_day_forward(text, day):
    ((_, earliest, latest),) = read(text, UPI_DAY)
    assert (earliest, latest) == (day, day)


def test_next_before_or_next_year_after_a_month_and_day_puts_it_ahead():
    assert read("They meet again next Feb. 3.", UPI_DAY) == [
        ("Feb. 3", date(2013, 2, 3), date(2013, 2, 3))
    ]
    # 'next year' is a mention of its own as well.
    assert read("They meet on Nov. 27 next year.", UPI_DAY) == [
        ("Nov. 27", date(2013, 11, 27), date(2013, 11, 27)),
        ("next year", date(2013, 1, 1), date(2013, 12, 31)),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "The routes were shut by Nov. 27.",  # 'by' is no cue
        "Talks will resume. The routes closed on Nov. 27.",  # the cue is in another sentence
        "The delay is due to the Nov. 27 attack.",  # a cause, not a schedule
        # More than eight words back, the cue is taken to govern another clause.
        "Officials said they will look again at what the commission found on Nov. 27.",
    ],
)
def test_words_that_are_no_future_cue_for_the_day_leave_it_in_the_past(text):
    ((_, earliest, _),) = read(text, UPI_DAY)
    assert earliest == date(2011, 11, 27)


def test_a_month_without_a_year_takes_the_same_future_cue():
    assert read("Talks will resume in August.", UPI_DAY) == [
        ("August", date(2012, 8, 1), date(2012, 8, 31))
    ]
    assert read("The routes closed in August.", UPI_DAY) == [
        ("August", date(2011, 8, 1), date(2011, 8, 31))
    ]
    assert read("They meet next November.", UPI_DAY) == [
        ("November", date(2012, 11, 1), date(2012, 11, 30))
    ]
    assert read("Talks will pick up where they stopped last November.", UPI_DAY) == [
        ("November", date(2011, 11, 1), date(2011, 11, 30))
    ]


def test_the_publication_day_itself_stays_that_day():
    for text in ("The talks ended on July 5.", "The talks will end on July 5."):
        assert read(text, UPI_DAY) == [("July 5", date(2012, 7, 5), date(2012, 7, 5))]
    # The day after publication, told in the past, is a year back.
    assert read("The talks ended on July 6.", UPI_DAY) == [
        ("July 6", date(2011, 7, 6), date(2011, 7, 6))
    ]


def test_the_rule_crosses_the_new_year():
    assert read("The routes closed on Dec. 31.", date(2012, 1, 2)) == [
        ("Dec. 31", date(2011, 12, 31), date(2011, 12, 31))
    ]
    assert read("The routes will open on Jan. 1.", date(2011, 12, 31)) == [
        ("Jan. 1", date(2012, 1, 1), date(2012, 1, 1))
    ]


def test_29_february_is_the_latest_leap_day():
    assert read("The routes closed on Feb. 29.", date(2013, 3, 1)) == [
        ("Feb. 29", date(2012, 2, 29), date(2012, 2, 29))
    ]


def test_a_source_dated_to_the_month_reads_days_up_to_the_months_end():
    first, last = date(2012, 6, 1), date(2012, 6, 30)
    assert read("Allen met Kayani on June 28.", first, last) == [
        ("June 28", date(2012, 6, 28), date(2012, 6, 28))
    ]
    assert read("Allen met Kayani on July 27.", first, last) == [
        ("July 27", date(2011, 7, 27), date(2011, 7, 27))
    ]
    assert read("Allen will meet Kayani on June 28.", first, last) == [
        ("June 28", date(2012, 6, 28), date(2012, 6, 28))
    ]
    # Without the bound, the first day of the month is the bound.
    assert read("Allen met Kayani on June 28.", first) == [
        ("June 28", date(2011, 6, 28), date(2011, 6, 28))
    ]
