import tomllib
from datetime import date
from pathlib import Path

import pytest

from relations.text.cleaning import read_article
from relations.text.mentions import find_mentions

ROOT = Path(__file__).parent.parent
EXPECTED = tomllib.loads((ROOT / "tests/data/expected_mentions.toml").read_text())
SOURCES = tomllib.loads((ROOT / "seeds/sources.toml").read_text())["sources"]


def published(file_name: str) -> date:
    entry = next(s for s in SOURCES if s["file"] == file_name)
    parts = [int(p) for p in entry["published"].split("-")] + [1, 1]
    return date(parts[0], parts[1], parts[2])


def extracted(path: Path, on: date) -> set[tuple]:
    article = read_article(path.read_bytes(), path.name)
    found = []
    for number, text in enumerate(article.passage_texts(), 1):
        for m in find_mentions(text, on):
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
    found = extracted(ROOT / "seeds" / entry["name"], published(entry["name"]))
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
            for f in extracted(ROOT / "seeds" / entry["name"], published(entry["name"]))
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
