"""The system proposes, the curator decides: actors, kind and title from the words, the
events a report may duplicate, words cited where a curator selects them, dates read back."""

import pytest

from relations.models import Actor, Citation, DateMention, Event, Passage
from relations.store.proposals import (
    proposed_actors,
    proposed_kind,
    proposed_places,
    proposed_title,
)

from .conftest import change_form_data, event_url

QUEUE = "/admin/relations/event/work-queue/"


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        ("Secretary of State Hillary Rodham Clinton said", {"hillary-clinton"}),
        (
            "Clinton spoke to Hina Rabbani Khar by telephone",
            {"hillary-clinton", "hina-rabbani-khar"},
        ),
        ("officials of the CIA said", {"cia"}),
        ("a special case of Pakistani politics", set()),  # 'cia' inside a word is no alias
    ],
)
def test_actors_are_proposed_from_their_names_and_aliases(seeded, text, wanted):
    found = {actor.slug for actor in proposed_actors(text)}
    assert wanted <= found
    if not wanted:
        assert "cia" not in found


def test_every_actor_is_found_by_each_of_its_aliases(seeded):
    for actor in Actor.objects.all():
        for alias in actor.aliases:
            assert actor in proposed_actors(f"Reports said {alias} acted."), (actor.slug, alias)


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        ("the raid in Abbottabad, Pakistan", {("abbottabad", "town")}),
        ("a compound in Abbotabad", {("abbottabad", "town")}),  # the press's spelling
        # Peshawar lies in Khyber Pakhtunkhwa, which is not also the Khyber Agency.
        ("a bombing in Peshawar, in Khyber Pakhtunkhwa", {("peshawar", "town")}),
        ("posts at Salala in Mohmand", {("salala", "site")}),
        (
            "strikes in South Waziristan and in Kabul",
            {("south-waziristan", "district"), ("kabul", "town")},
        ),
        ("militants along the Afghan border", {("afghanistan-pakistan-border", "region")}),
        (
            "talks in the US and in Pakistan",
            {("united-states", "country"), ("pakistan", "country")},
        ),
        ("let us meet in us", set()),  # 'us' is not the US
        ("returning Taliban rule to Afghanistan", set()),  # named, not a place of the event
    ],
)
def test_places_are_proposed_most_specific_first(seeded, text, wanted):
    assert {(place.slug, precision) for place, precision in proposed_places(text)} == wanted


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("A U.S. drone strike killed Baitullah Mehsud", "air strike"),
        ("the NATO summit in Chicago", "summit"),
        ("Pakistan reopened the supply routes", "policy decision"),
        ("The weather was mild", "other"),
    ],
)
def test_a_kind_is_proposed_only_when_the_words_make_it_plain(text, kind):
    assert proposed_kind(text) == kind


def test_a_proposed_title_is_a_clause_cut_at_a_whole_word():
    title = proposed_title(
        "Pakistan reopened the routes, which had been closed since November. " * 3
    )
    assert title == "Pakistan reopened the routes"
    long = proposed_title("word " * 60)
    assert len(long) <= 121 and long.endswith("word…")


def test_a_draft_from_a_mention_proposes_actors_kind_claim_and_evidence(curator_client):
    mention = DateMention.objects.get(
        text="Wednesday", passage__source__slug="csmonitor-2009-strike-on-mehsud"
    )
    Event.objects.filter(slug="baitullah-mehsud-killed-in-drone-strike").delete()
    response = curator_client.post(f"{QUEUE}{mention.pk}/event/")
    draft = Event.objects.get(published=False)
    assert response["Location"] == event_url(draft)
    assert draft.kind == "air strike"
    assert {link.actor.slug for link in draft.event_actors.all()} >= {"baitullah-mehsud"}
    claim = draft.claims.get()
    key = draft.citations.get().key
    assert claim.text == draft.citations.get().quote
    assert [row.citation.key for row in draft.evidence.filter(target="claim")] == [key]
    assert draft.evidence.filter(target="date").exists()
    assert draft.evidence.filter(target="actors").exists()
    # The sentence names no place: none is proposed, and nothing backs one.
    assert not draft.event_places.exists() and not draft.evidence.filter(target="place")


def test_a_second_report_of_an_event_is_offered_to_the_event_not_duplicated(curator_client):
    mention = DateMention.objects.get(
        text="Wednesday", passage__source__slug="csmonitor-2009-strike-on-mehsud"
    )
    strike = Event.objects.get(slug="baitullah-mehsud-killed-in-drone-strike")
    strike.citations.filter(passage=mention.passage).delete()  # as if not yet cited
    html = curator_client.post(f"{QUEUE}{mention.pk}/event/").content.decode()
    assert "Is this an event already in the record?" in html
    assert strike.title in html
    assert not Event.objects.filter(published=False).exists()
    # Adding it to the published event opens its page with the citation filled in.
    response = curator_client.post(f"{QUEUE}{mention.pk}/to-event/", {"event": strike.pk})
    page = curator_client.get(response["Location"])
    data = change_form_data(page)
    new = [k for k in data if k.startswith("citations-") and k.endswith("-quote") and data[k]]
    quotes = [data[k] for k in new]
    assert any("Wednesday" in quote for quote in quotes)
    assert curator_client.post(event_url(strike), data).status_code == 302
    assert strike.citations.filter(passage=mention.passage).exists()
    assert Event.objects.count() == Event.objects.filter(published=True).count()


def test_selected_words_become_a_draft_or_evidence_of_a_draft(curator_client):
    passage = Passage.objects.get(source__slug="reuters-2012-military-trickles-back", number=4)
    start = passage.text.index("Pakistan")
    end = start + 60
    page = curator_client.get(
        "/admin/relations/event/cite-words/",
        {"passage": passage.pk, "start": start, "end": end},
    ).content.decode()
    assert "Cite these words in an event" in page
    curator_client.post(
        "/admin/relations/event/cite-words/",
        {"passage": passage.pk, "start": start, "end": end, "event": "new"},
    )
    draft = Event.objects.get(published=False)
    assert draft.citations.get().quote == passage.text[start:end]
    # More words of the article, as a new claim of the same draft.
    later = passage.text.index("Pakistan", end) if "Pakistan" in passage.text[end:] else end + 1
    curator_client.post(
        "/admin/relations/event/cite-words/",
        {
            "passage": passage.pk,
            "start": later,
            "end": later + 30,
            "event": draft.pk,
            "backs": "new-claim",
        },
    )
    assert draft.claims.count() == 2 and draft.citations.count() == 2


def test_a_draft_takes_the_place_its_words_put_it_in(curator_client):
    passage = Passage.objects.get(
        source__slug="washington-post-2011-after-setbacks", text__contains="attacks in Kabul"
    )
    start = passage.text.index("responsible for many attacks in Kabul")
    end = start + len("responsible for many attacks in Kabul")
    curator_client.post(
        "/admin/relations/event/cite-words/",
        {"passage": passage.pk, "start": start, "end": end, "event": "new"},
    )
    draft = Event.objects.get(published=False)
    assert [(p.place.slug, p.precision) for p in draft.event_places.all()] == [("kabul", "town")]
    assert draft.place == "Kabul"
    # Backed by the same citation, as the evidence rules ask of every place.
    assert draft.evidence.get(target="place").citation == draft.citations.get()


def test_words_outside_the_paragraph_are_a_message_not_an_error(curator_client):
    passage = Passage.objects.first()
    response = curator_client.get(
        "/admin/relations/event/cite-words/", {"passage": passage.pk, "start": 5, "end": 10**6}
    )
    assert response.status_code == 302
    assert (
        not Citation.objects.filter(passage=passage, start=5)
        .exclude(event__published=True)
        .exists()
    )


@pytest.mark.parametrize(
    ("typed", "shown"),
    [("Tuesday, July 3, 2012", "3 July 2012"), ("summer 2012", "summer 2012")],
)
def test_a_typed_date_is_read_back_in_the_house_style(curator_client, typed, shown):
    answer = curator_client.get("/admin/relations/event/read-date/", {"text": typed}).json()
    assert answer["shown"] == shown


def test_a_wrong_date_is_read_back_with_its_reason(curator_client):
    answer = curator_client.get(
        "/admin/relations/event/read-date/", {"text": "31 February 2012"}
    ).json()
    assert "February 2012 has 29 days" in answer["error"]
