import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from relations.models import NotAnEvent, Passage, Source
from relations.text.anchoring import QuoteAmbiguous, QuoteNotFound, anchor_quote, fold, normalise

TEXT = (
    "“After May, this relationship is not what it was, say, a year ago,” Scaparrotti said.\n\n"
    "Those include Pakistan‘s jailing of a doctor — a man who helped\u00a0the hunt.\n\n"
    "The raid came at night. Officials said the raid came at night, again."
)


def found(quote, **context):
    anchor = anchor_quote(TEXT, quote, **context)
    return TEXT[anchor.start : anchor.end]


# Text made of what folding changes: quotes, dashes, ellipses, every kind of space, case.
typographic_text = st.text(
    alphabet=st.sampled_from("‘’`“”«»‐–—−-…. \t\n\u00a0\u2009\u3000ǅßẞﬁİΣς'\"Aa1"), max_size=30
)


@given(text=typographic_text, ignore_case=st.booleans())
@example(text=" A -- b—–c … \n\n ", ignore_case=True)
def test_normalise_gives_the_text_that_quotes_are_anchored_in(text, ignore_case):
    # normalise() folds in C what fold() folds char by char: the same text, or quotes
    # checked as found would not anchor.
    assert normalise(text, ignore_case) == fold(text, ignore_case)[0].strip()


def test_straight_quotes_anchor_where_the_article_has_curly_ones():
    assert found('"After May, this relationship') == "“After May, this relationship"


def test_quote_with_right_apostrophe_anchors_on_the_seeds_wrong_way_one():
    assert found("Pakistan’s jailing") == "Pakistan‘s jailing"
    assert found("Pakistan's jailing") == "Pakistan‘s jailing"


def test_hyphen_or_double_hyphen_matches_an_em_dash():
    assert found("a doctor - a man") == "a doctor — a man"
    assert found("a doctor -- a man") == "a doctor — a man"


def test_line_breaks_and_non_breaking_spaces_match_plain_spaces():
    assert found("helped\nthe   hunt") == "helped\u00a0the hunt"


def test_offsets_cover_exactly_the_quote_in_the_original_text():
    anchor = anchor_quote(TEXT, "  what it was  ")
    assert TEXT[anchor.start : anchor.end] == "what it was"


def test_repeated_quote_without_context_is_ambiguous_and_says_how_to_fix_it():
    with pytest.raises(QuoteAmbiguous) as caught:
        anchor_quote(TEXT, "raid came at night")
    assert "occurs 2 times" in str(caught.value)
    assert "prefix" in str(caught.value)


def test_prefix_picks_the_occurrence():
    anchor = anchor_quote(TEXT, "raid came at night", prefix="Officials said the")
    assert TEXT[anchor.start - 19 : anchor.end] == "Officials said the raid came at night"


def test_suffix_picks_the_occurrence():
    anchor = anchor_quote(TEXT, "raid came at night", suffix=". Officials")
    assert anchor.start == TEXT.index("raid came at night")


def test_context_that_matches_neither_occurrence_is_not_found():
    with pytest.raises(QuoteNotFound) as caught:
        anchor_quote(TEXT, "raid came at night", prefix="Nobody said the")
    assert "not between" in str(caught.value)


def test_missing_quote_is_reported_with_its_words():
    with pytest.raises(QuoteNotFound) as caught:
        anchor_quote(TEXT, "the raid came at dawn")
    assert "“the raid came at dawn” is not in the text" in str(caught.value)


def test_empty_quote_is_refused():
    with pytest.raises(QuoteNotFound):
        anchor_quote(TEXT, "  ")


def test_case_still_matters():
    with pytest.raises(QuoteNotFound):
        anchor_quote(TEXT, "after may, this relationship")


# A quote that is not found names the nearest text, its differing words marked.


def not_found(text, quote, **context):
    with pytest.raises(QuoteNotFound) as caught:
        anchor_quote(text, quote, **context)
    return caught.value


def test_a_mistyped_word_is_bracketed_in_the_nearest_text():
    error = not_found(TEXT, "Officials said the raid came at dawn")
    assert "nearest text: “… Officials said the raid came at [night] …”" in str(error)
    assert "([ ] mark the words that differ)" in str(error)
    assert error.nearest == [
        ("… Officials said the raid came at ", False),
        ("night", True),
        (" …", False),
    ]


def test_a_missing_word_is_bracketed_where_the_text_has_it():
    error = not_found(TEXT, "include Pakistan's jailing of doctor")
    # The article's own typography is shown; the straight apostrophe is no difference.
    assert "nearest text: “… include Pakistan‘s jailing of [a] doctor …”" in str(error)


def test_differing_words_next_to_each_other_are_one_bracket():
    error = not_found(TEXT, "Pakistan's jailing of a man")
    assert "“… Pakistan‘s jailing of a [doctor — a] man …”" in str(error)


def test_a_wholly_unrelated_quote_has_no_nearest_text():
    error = not_found(TEXT, "completely unrelated words about something else entirely")
    assert error.nearest is None
    assert "nearest" not in str(error)
    assert (
        str(error)
        == "“completely unrelated words about something else entirely” is not in the text"
    )


def test_a_long_quote_is_shown_whole_not_cut_at_60_characters():
    quote = "Those include Pakistan's jailing of a doctor, a man who helped the hunt, and more."
    assert len(quote) > 60
    assert f"“{quote}” is not in the text" in str(not_found(TEXT, quote))


def test_a_very_long_quote_is_shown_by_its_start_and_end():
    quote = "Officials met at night. " + "Talks went on for hours and hours. " * 15 + "Nobody left."
    shown = str(not_found(TEXT, quote)).split("”")[0].removeprefix("“")
    assert shown.startswith("Officials met at night. Talks went on")
    assert shown.endswith("and hours. Nobody left.")
    assert " … " in shown and len(shown) < 250
    # Cut between words, not through one.
    assert set(shown.replace(" … ", " ").split()) <= set(quote.split())


def test_the_nearest_text_is_found_in_a_long_article():
    article = " ".join(f"Report {n} says the talks went on at the base." for n in range(1000))
    assert len(article.split()) == 10000
    words = article.split()[5000:5060]
    words[34] = "walks"  # in report 503: “the walks went on”
    error = not_found(article, " ".join(words))
    differing = [text for text, differs in error.nearest if differs]
    assert differing == ["talks"]
    shown = "".join(text for text, _ in error.nearest)
    assert shown.startswith("… Report 500 says the talks") and shown.endswith(
        "Report 505 says the talks went on at the base. …"
    )


# The admin shows the nearest text as HTML, marked and escaped.


@pytest.fixture
def passage_with_markup(db):
    source = Source.objects.filter(publisher="Reuters").first()
    text = "Officials said <script>alert(1)</script> Kayani met with Pakistan's army chief."
    return Passage.objects.create(
        source=source, number=999, text=text, start=0, end=len(text), is_heading=False
    )


def test_the_admin_marks_the_differing_words_and_escapes_the_article(
    admin_client, passage_with_markup
):
    response = admin_client.post(
        "/admin/relations/notanevent/add/",
        {
            "passage": passage_with_markup.pk,
            "quote": "<script>alert(1)</script> Kayani met with Pakistan's navy chief",
            "prefix": "",
            "suffix": "",
            "reason": "A test.",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert not NotAnEvent.objects.filter(passage=passage_with_markup).exists()
    assert (
        "In Reuters ¶999: “&lt;script&gt;alert(1)&lt;/script&gt; Kayani met with Pakistan&#x27;s"
        " navy chief” is not in the text. Nearest text: “… &lt;script&gt;alert(1)&lt;/script&gt;"
        " Kayani met with Pakistan&#x27;s <mark>army</mark> chief …”"
    ) in html
    assert "<script>alert(1)" not in html
