"""The full record: every date the articles mention is accounted for."""

import re

from relations.models import Citation, DateMention, Event, NotAnEvent, Period, Reference


def covering(mention, items):
    return [
        i
        for i in items
        if i.passage_id == mention.passage_id and i.covers(mention.start, mention.end)
    ]


def test_every_date_mention_is_cited_by_an_event_or_listed_as_not_an_event(seeded):
    citations = list(Citation.objects.all())
    not_events = list(NotAnEvent.objects.all())
    unaccounted = [
        f"{m.passage}: “{m.text}”"
        for m in DateMention.objects.select_related("passage__source")
        if not covering(m, citations) and not covering(m, not_events)
    ]
    assert unaccounted == []
    assert DateMention.objects.count() == 27


def test_a_mention_listed_as_not_an_event_is_not_also_cited(seeded):
    citations = list(Citation.objects.all())
    for item in NotAnEvent.objects.all():
        assert item.reason
        mentions = [m for m in item.passage.mentions.all() if item.covers(m.start, m.end)]
        assert mentions, item
        for mention in mentions:
            assert covering(mention, citations) == [], (item, mention)


def test_every_event_has_a_citation_and_actors(seeded):
    for event in Event.objects.prefetch_related("citations", "event_actors"):
        assert event.citations.exists(), event.slug
        assert event.event_actors.exists(), event.slug


def test_every_disagreement_note_names_what_the_article_says(seeded):
    notes = Citation.objects.exclude(note="").select_related("passage")
    assert notes.count() >= 5
    for citation in notes:
        match = re.search(r"The article(?: \([^)]*\))? says “([^”]+)”", citation.note)
        assert match, citation.note
        assert match.group(1).lower() in citation.passage.text.lower(), citation.note


def test_stratfor_dates_are_corrected_and_its_version_noted(seeded):
    allen = Event.objects.get(slug="allen-meets-kayani-june-2012")
    assert allen.start.display() == "27 June 2012"
    assert "“July 27”" in allen.citations.exclude(note="").get().note
    dir_attack = Event.objects.get(slug="upper-dir-cross-border-attack")
    assert dir_attack.start.display() == "24 June 2012"
    assert "“On July 26”" in dir_attack.citations.exclude(note="").get().note


def test_key_events_carry_their_true_dates_at_their_true_precision(seeded):
    shown = {e.slug: e.date_display for e in Event.objects.all()}
    assert shown["osama-bin-laden-killed-in-abbottabad"] == "2 May 2011"
    assert shown["salala-border-incident"] == "26 November 2011"
    assert shown["baitullah-mehsud-killed-in-drone-strike"] == "5 August 2009"
    assert shown["nato-supply-routes-closed"] == "26 November 2011 – 3 July 2012"
    assert shown["pakistan-cuts-us-training-mission"] == "May 2011"
    # A trend, from about May to the US briefing of 27 October: not one month (the audit).
    assert shown["paktika-cross-border-shelling"] == "May 2011 – October 2011"


def test_the_bin_laden_raid_is_cited_in_the_three_articles_that_report_it(seeded):
    raid = Event.objects.get(slug="osama-bin-laden-killed-in-abbottabad")
    publishers = {
        c.passage.source.publisher for c in raid.citations.select_related("passage__source")
    }
    assert publishers == {"The Washington Post", "Reuters", "The Philadelphia Inquirer"}


def test_a_ranged_event_whose_end_no_article_states_cites_outside_reporting(seeded):
    closure = Event.objects.get(slug="nato-supply-routes-closed")
    assert closure.end is not None
    dated_by = [
        row.reference for row in closure.evidence.filter(target="date", reference__isnull=False)
    ]
    assert dated_by and all(reference.url and reference.publisher for reference in dated_by)
    assert "3 July 2012" in closure.summary


def test_references_are_dated_named_and_each_backs_something(seeded):
    assert Reference.objects.count() >= 40
    for reference in Reference.objects.all():
        assert reference.publisher and reference.title and reference.published, reference.slug
        assert reference.uses.exists(), reference.slug


def test_periods_come_from_the_events(seeded):
    closed = Period.objects.get(slug="supply-routes-closed")
    closure = Event.objects.get(slug="nato-supply-routes-closed")
    assert (closed.first_day, closed.last_day) == (closure.start_earliest, closure.end_latest)
