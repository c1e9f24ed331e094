import json
import re
import tomllib
from pathlib import Path

import pytest

from relations.text.cleaning import (
    byline_of,
    clean_article,
    is_dateline,
    read_article,
    split_blocks,
)
from relations.text.decoding import MAX_ARTICLE_BYTES, ArticleError

SEEDS = Path(__file__).parent.parent / "seeds"
DATA = Path(__file__).parent / "data"
# Stored copies of real public pages (see README.md there), each with the
# article's paragraphs (.expected.txt) and its metadata (.meta.toml).
ARTICLES = DATA / "articles"
REAL_PAGES = sorted(p.name.removesuffix(".meta.toml") for p in ARTICLES.glob("*.meta.toml"))
# The passages the seed articles cleaned to before the cleaner learned the
# shapes of real pages: citations are anchored in them, so they must not move.
SEEDS_EXPECTED = DATA / "seeds-expected"

# Strings of page furniture that must never reach a passage.
DEBRIS = [
    "Skip to",
    "Link copied",
    "newsletter",
    "Sign up",
    "inbox",
    "Show Comments",
    "Play Videos",
    "Most Read",
    "facebook comments",
    "Video Transcript",
    "click here",
    "Get unlimited",
    "Subscribe",
    "free articles",
    "Terms of Service",
    "Editing by",
    "In May 30 story",
    "bureau chief in Mexico",
    "Please enter",
    "Thank you",
    "$11/month",
    "Comments (12)",
    "Advertisement",
    "Privacy Policy",
    "Related videos",
    "read the full story here",
]


def load(path: Path):
    return read_article(path.read_bytes(), path.name)


def seed(prefix: str):
    return load(next(SEEDS.glob(f"{prefix}_*.txt")))


@pytest.mark.parametrize(
    ("prefix", "count", "first", "last"),
    [
        (
            "000",
            18,
            "When Lt. Gen. Curtis M. Scaparrotti",
            "a little over a year ago,” Scaparrotti said.",
        ),
        ("001", 17, "WASHINGTON (Reuters) – The United States", "after the bin Laden raid."),
        (
            "002",
            9,
            "Recent airstrikes point to improved relations",
            "some counterterrorism matters.",
        ),
        ("003", 7, "Gen. John Allen, commander of", "low-level tactical cooperation."),
        (
            "004",
            16,
            "The targeting of the Pakistan Taliban leader",
            'in the settled areas of Pakistan?"',
        ),
    ],
)
def test_seed_article_keeps_the_article_and_only_the_article(prefix, count, first, last):
    article = seed(prefix)
    texts = article.passage_texts()
    assert len(texts) == count
    assert texts[0].startswith(first)
    assert texts[-1].endswith(last)
    for text in texts:
        for debris in DEBRIS:
            assert debris.lower() not in text.lower(), (debris, text)


def test_headline_publisher_and_section_label_are_not_passages():
    texts = seed("001").passage_texts()
    assert not any(
        t in {"US Military Trickles Back into Western Pakistan", "Muslim Matters"} for t in texts
    )


def test_byline_credits_and_correction_become_metadata():
    article = seed("001")
    assert article.byline == "By Missy Ryan and Mark Hosenball"
    assert article.credits == ["Editing by Warren Strobel and Christopher Wilson"]
    assert "official clarifies" in article.correction


def test_author_note_becomes_metadata():
    article = seed("000")
    assert any(c.startswith("Joshua Partlow is The Post") for c in article.credits)


def test_orphaned_dateline_dash_is_dropped():
    assert seed("000").passage_texts()[0].startswith("When Lt. Gen.")


def test_inline_click_here_prompt_is_removed_without_leaving_a_gap():
    text = seed("004").passage_texts()[2]
    assert "Baitullah Mehsud on Wednesday" in text


def test_subhead_is_a_heading_passage():
    article = seed("004")
    headings = [
        t for t, (_, _, h) in zip(article.passage_texts(), article.passages, strict=True) if h
    ]
    assert headings == ["Watch list: Haqqani, Mullah Omar"]


def test_single_line_paragraphs_of_a_transcript_split_into_passages():
    assert len(seed("003").passages) == 7


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_passage_text_is_exactly_its_slice_of_the_stored_text(prefix):
    article = seed(prefix)
    for (start, end, _), text in zip(article.passages, article.passage_texts(), strict=True):
        assert article.text[start:end] == text
        assert text == text.strip() and text
    assert article.text == "\n\n".join(article.passage_texts())


def test_unseen_newswire_article_is_cleaned_by_the_same_rules():
    article = load(DATA / "unseen_newswire.txt")
    texts = article.passage_texts()
    assert len(texts) == 5
    assert texts[0].startswith("ISLAMABAD (Wirecorp) – Pakistan reopened")
    assert texts[1] == (
        "The crossing was closed on March 3 after an exchange of fire between border guards "
        "that killed one Pakistani soldier."
    )
    assert article.byline == "By Jane Example and Omar Sample"
    assert article.credits == ["Reporting by Omar Sample; Editing by Jane Example"]
    assert article.correction.startswith("This story corrects")
    for text in texts:
        for debris in DEBRIS:
            assert debris.lower() not in text.lower()


def test_unseen_transcript_is_cleaned_by_the_same_rules():
    article = load(DATA / "unseen_transcript.txt")
    texts = article.passage_texts()
    assert texts[0].startswith("Good evening.")
    # A hard-wrapped line is joined to its sentence.
    assert "and what it means for the relationship" in texts[0]
    assert [t for t, (_, _, h) in zip(texts, article.passages, strict=True) if h] == [
        "Key questions ahead"
    ]
    assert texts[-1].endswith("began a new offensive in June.")
    assert len(texts) == 4


def test_crlf_line_endings_clean_like_lf():
    raw = (SEEDS / "000_b7b5fa3f56b9efe0.txt").read_bytes()
    assert read_article(raw.replace(b"\n", b"\r\n"), "x").text == read_article(raw, "x").text


def test_long_paragraph_that_mentions_email_is_kept():
    text = (
        "Officials said the hackers had read the e-mail address book of the embassy and every "
        "subscription list it kept, which is why the inquiry took so long, the report said.\n\n"
        "A second paragraph of the article follows here with enough words to be prose."
    )
    assert len(clean_article(text).passages) == 2


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"", "x.txt: the file is empty"),
        (b"  \n\n \t", "x.txt: the file is empty"),
        (b"Some text\n\x00\x01\x02binary", "x.txt: line 2: the file is binary"),
        (b"Caf\xe9 au lait\n", "x.txt: line 1, byte 3: not UTF-8 text"),
        (b"line one\nline two \xff\xfe", "x.txt: line 2, byte 18: not UTF-8 text"),
        (b"\x1b\x1b\x1b\x1b\x1b\x1b\x1b" + b"a" * 10, "the file is binary"),
        (b"x" * (MAX_ARTICLE_BYTES + 1), "articles may be at most"),
        (b"Skip to content\nSubscribe\n", "no article text was found"),
        # A download cut off in the middle of a character.
        (
            "The talks broke down in Islamabad, officials said. A long sentence of the article, then “".encode()[
                :-1
            ],
            "x.txt: line 1, byte 88: not UTF-8 text",
        ),
    ],
)
def test_broken_article_file_gets_a_message_naming_file_and_problem(raw, message):
    with pytest.raises(ArticleError) as caught:
        read_article(raw, "x.txt")
    assert message in str(caught.value)


def test_blocks_split_on_blank_lines_and_single_lines():
    assert split_blocks("One para\nTwo para\n\nThree") == ["One para", "Two para", "Three"]


# Pages the cleaner does not get right yet, and why.
NOT_YET_CLEAN = {
    "rferl-2010-10-10-torkham-reopens": (
        "the photo caption above the article is one full sentence with no credit beside it "
        "and no year in its date: the shape of a lead paragraph"
    ),
}


@pytest.mark.parametrize(
    "name",
    [
        pytest.param(name, marks=pytest.mark.xfail(strict=True, reason=NOT_YET_CLEAN[name]))
        if name in NOT_YET_CLEAN
        else name
        for name in REAL_PAGES
    ],
)
def test_real_page_cleans_to_its_article(name):
    meta = tomllib.loads((ARTICLES / f"{name}.meta.toml").read_text(encoding="utf-8"))
    raw = (ARTICLES / f"{name}.txt").read_bytes()
    # The stored copy of a long page stops mid-paragraph: drop the cut-off end.
    if fragment := meta.get("truncated_fragment", "").encode():
        assert raw.endswith(fragment)
        raw = raw.removesuffix(fragment)
    expected = (ARTICLES / f"{name}.expected.txt").read_text(encoding="utf-8")
    article = read_article(raw, name)
    # Deks (meta 'standfirst') are kept as the first passage, as in seeds 002 and 004.
    assert article.passage_texts() == expected.strip().split("\n\n")
    assert re.sub(r"^(?:By|From)\s+", "", article.byline) == meta["byline"]


def test_real_pages_are_all_tested():
    assert len(REAL_PAGES) >= 5
    for name in REAL_PAGES:
        assert (ARTICLES / f"{name}.txt").exists() and (ARTICLES / f"{name}.expected.txt").exists()


@pytest.mark.parametrize("path", sorted(SEEDS.glob("0*.txt")), ids=lambda p: p.name)
def test_seed_article_cleans_to_its_pinned_passages(path):
    article = load(path)
    expected = (SEEDS_EXPECTED / path.name).read_text(encoding="utf-8").removesuffix("\n")
    assert article.passage_texts() == expected.split("\n\n")
    metadata = json.loads((SEEDS_EXPECTED / "metadata.json").read_text(encoding="utf-8"))
    assert {
        "headings": [i for i, (_, _, heading) in enumerate(article.passages) if heading],
        "byline": article.byline,
        "credits": article.credits,
        "correction": article.correction,
    } == metadata[path.name]


@pytest.mark.parametrize(
    ("line", "byline"),
    [
        ("By Missy Ryan and Mark Hosenball", "By Missy Ryan and Mark Hosenball"),
        ("Huma Imtiaz May 23, 2012", "Huma Imtiaz"),
        ("Post by: Jane Example", "By Jane Example"),
        ("By Jane ExampleAssociated Press / July 3, 2012", "By Jane Example"),
        ("By Omar Sample,  Example Staff", "By Omar Sample"),
        ("By then, it was too late.", ""),
        ("Afridi verdict shocking", ""),
    ],
)
def test_byline_is_read_from_its_line(line, byline):
    assert byline_of(" ".join(line.split())) == byline


@pytest.mark.parametrize(
    ("line", "dateline"),
    [
        ("July 5, 2012 -- Updated 1232 GMT (2032 HKT)", True),
        ("updated 5:33 AM EDT, Tue July 24, 2012", True),
        ("Published: May 23, 2012", True),
        ("Posted Nov 27, 2011 8:41 AM CST", True),
        ("Pakistan reopened the route on July 3, 2012.", False),
        ("Huma Imtiaz May 23, 2012", False),
    ],
)
def test_date_line_with_time_is_recognised(line, dateline):
    assert is_dateline(line) is dateline


def test_clutter_of_a_made_up_page_is_dropped():
    text = (
        "Talks resume in Islamabad\n\n"
        "Officials from both countries are seen at the talks in Islamabad on March 4, 2013.\n"
        "Credit: A. Photographer / Getty Images\n\n"
        "ISLAMABAD – Talks between the two governments resumed on Monday, officials said, "
        "after a pause of several weeks.\n\n"
        "Read more: Why the talks stalled\n\n"
        "A second paragraph of the article follows here with enough words to be prose.\n\n"
        "In .\n\nTagged: Pakistan, United States.\n\nFiled under: Diplomacy\n\n"
        "COMMENTS (2)\n\nA reader | 2 days ago | Reply This is a long comment by a reader, "
        "which is not part of the article at all."
    )
    texts = clean_article(text).passage_texts()
    assert [t[:12] for t in texts] == ["ISLAMABAD – ", "A second par"]
