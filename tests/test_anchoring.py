import pytest

from relations.text.anchoring import QuoteAmbiguous, QuoteNotFound, anchor_quote

TEXT = (
    "“After May, this relationship is not what it was, say, a year ago,” Scaparrotti said.\n\n"
    "Those include Pakistan‘s jailing of a doctor — a man who helped\u00a0the hunt.\n\n"
    "The raid came at night. Officials said the raid came at night, again."
)


def found(quote, **context):
    anchor = anchor_quote(TEXT, quote, **context)
    return TEXT[anchor.start : anchor.end]


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
