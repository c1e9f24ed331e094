from datetime import date

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone
from django.utils.html import escape

from relations.models import (
    Citation,
    DateMention,
    Event,
    EventRedirect,
    NotAnEvent,
    Passage,
    Revision,
    Source,
)
from relations.search.query import fold_for_search
from relations.seeds import load_seeds

from .conftest import PASSWORD, change_form_data, curators_group, dump, event_url, source_post

# --- The Curators group --------------------------------------------------------


# What a curator may do to each model of the app, written out: a model added
# without its data migration granting these fails the test below.
CURATION = {
    "source": ("add", "change", "view"),
    "passage": ("view",),
    "datemention": ("view",),
    "actor": ("add", "change", "delete", "view"),
    "event": ("add", "change", "delete", "view", "review"),
    "eventactor": ("add", "change", "delete", "view"),
    "eventredirect": ("view",),
    "citation": ("add", "change", "delete", "view"),
    "notanevent": ("add", "change", "delete", "view"),
    "period": ("add", "change", "delete", "view"),
    "claim": ("add", "change", "delete", "view"),
    "reference": ("add", "change", "delete", "view"),
    "link": ("add", "change", "delete", "view"),
    "thread": ("add", "change", "delete", "view"),
    "threadevent": ("add", "change", "delete", "view"),
    "datecorrection": ("add", "change", "delete", "view"),
    "place": ("add", "change", "delete", "view"),
    "eventplace": ("add", "change", "delete", "view"),
    # Written by the event's form, from its evidence lists.
    "evidence": (),
    # Written by the write path after each save; read on each object's history page.
    "revision": (),
    # Written by the event admin under review; read and decided in the review queue.
    "proposal": (),
    # Bookkeeping of the loader and the cache: nothing to curate.
    "seeddigest": (),
    "dataversion": (),
}


def test_curators_group_has_exactly_the_permissions_curation_needs(db):
    from django.apps import apps

    models = {model._meta.model_name for model in apps.get_app_config("relations").get_models()}
    assert models == set(CURATION), "a model without its curators' permissions written down"
    granted = set(curators_group().permissions.values_list("content_type__app_label", "codename"))
    assert granted == {
        ("relations", f"{action}_{model}")
        for model, actions in CURATION.items()
        for action in actions
    }


def test_create_curator_makes_a_staff_member_of_curators(db, monkeypatch):
    curators_group()
    monkeypatch.setenv("CURATOR_PASSWORD", PASSWORD)
    call_command("create_curator", "dana")
    user = User.objects.get(username="dana")
    assert user.is_staff and not user.is_superuser and user.check_password(PASSWORD)
    assert list(user.groups.values_list("name", flat=True)) == ["Curators"]
    with pytest.raises(CommandError, match="already exists"):
        call_command("create_curator", "dana")


def test_create_curator_refuses_a_weak_password(db, monkeypatch):
    monkeypatch.setenv("CURATOR_PASSWORD", "123")
    with pytest.raises(CommandError, match="Password refused"):
        call_command("create_curator", "erin")
    assert not User.objects.filter(username="erin").exists()


def test_admin_asks_for_a_login(client, seeded):
    response = client.get("/admin/relations/event/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_curator_cannot_manage_users(curator_client):
    assert curator_client.get("/admin/auth/user/").status_code == 403


# --- Events -----------------------------------------------------------------------


def test_event_list_shows_dates_at_precision_and_source_counts(curator_client):
    html = curator_client.get("/admin/relations/event/").content.decode()
    assert "May 2011" in html and "26 November 2011 – 3 July 2012" in html
    assert "Work queue" in html


def test_event_list_search_matches_spelling_variants(curator_client):
    html = curator_client.get("/admin/relations/event/", {"q": "al-Qaida"}).content.decode()
    assert "US commandos kill Osama bin Laden" in html
    assert "Salala" not in html


def test_event_list_filters_by_actor_source_and_year(curator_client):
    html = curator_client.get(
        "/admin/relations/event/", {"actor": "cia", "year": "2011"}
    ).content.decode()
    assert "Raymond Davis" in html and "drone strike kills Pakistani Taliban leader" not in html
    html = curator_client.get(
        "/admin/relations/event/", {"source": "csmonitor-2009-strike-on-mehsud"}
    ).content.decode()
    assert (
        "drone strike kills Pakistani Taliban leader" in html
        and "Salala border incident:" not in html
    )


def test_dates_typed_as_text_are_saved_and_shown_as_read(curator_client):
    event = Event.objects.get(slug="salala-border-incident")
    response = curator_client.get(event_url(event))
    assert "“26 November 2011” = 26 November 2011 (day" in response.content.decode()
    data = change_form_data(response)
    data["start_text"] = "late November 2011"
    response = curator_client.post(event_url(event), data)
    assert response.status_code == 302, (
        response.context and response.context["adminform"].form.errors
    )
    event.refresh_from_db()
    assert (
        event.start_earliest.isoformat(),
        event.start_latest.isoformat(),
        event.start_precision,
    ) == (
        "2011-11-21",
        "2011-11-30",
        "month",
    )
    assert event.date_display == "late November 2011"


@pytest.mark.parametrize(
    ("start", "end", "field", "message"),
    [
        ("the autumn", "", "start_text", "Could not read “the autumn” as a date"),
        ("", "", "start_text", "Write a date"),
        ("26 November 2011", "3 July 2010", "end_text", "is before the start"),
        ("2 May 2011", "May 2011", "end_text", "may fall before the start (2 May 2011)"),
        ("26 November 2011", "32 July 2012", "end_text", "Could not read “32 July 2012”"),
    ],
)
def test_bad_dates_are_field_errors_and_nothing_is_saved(
    curator_client, start, end, field, message
):
    event = Event.objects.get(slug="nato-supply-routes-closed")
    data = change_form_data(curator_client.get(event_url(event)))
    data.update(start_text=start, end_text=end, title="Changed title")
    before = dump()
    response = curator_client.post(event_url(event), data)
    assert response.status_code == 200
    assert message in " ".join(response.context["adminform"].form.errors[field])
    assert dump() == before
    # "read as" still pairs the saved text with the saved date, not with what was typed.
    assert "start: “26 November 2011” = 26 November 2011" in response.content.decode()


def test_a_pasted_quote_is_checked_against_its_passage(curator_client):
    event = Event.objects.get(slug="salala-border-incident")
    data = change_form_data(curator_client.get(event_url(event)))
    data["citations-0-quote"] = "U.S. aircraft killed 25 Pakistani soldiers"
    before = dump()
    response = curator_client.post(event_url(event), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "In Reuters ¶4: “U.S. aircraft killed 25 Pakistani soldiers” is not in the text." in html
    assert dump() == before


def test_a_quote_with_straight_quotes_and_line_breaks_is_accepted(curator_client):
    event = Event.objects.get(slug="salala-border-incident")
    data = change_form_data(curator_client.get(event_url(event)))
    data["citations-0-quote"] = (
        "The number of American military\nin that key region dropped to zero"
    )
    response = curator_client.post(event_url(event), data)
    assert response.status_code == 302
    citation = Citation.objects.get(
        event=event, passage__number=4, passage__source__publisher="Reuters"
    )
    assert citation.passage.text[citation.start : citation.end].startswith(
        "The number of American military in"
    )


def test_renaming_a_slug_keeps_the_old_address_working(curator_client, client):
    event = Event.objects.get(slug="salala-border-incident")
    data = change_form_data(curator_client.get(event_url(event)))
    data["slug"] = "salala-incident"
    assert curator_client.post(event_url(event), data).status_code == 302
    assert EventRedirect.objects.get(slug="salala-border-incident").event == event
    client.logout()
    response = client.get("/events/salala-border-incident/")
    assert response.status_code == 301 and response["Location"] == "/events/salala-incident/"
    # Browsers must not keep it: renamed back, a remembered 301 would loop.
    assert "no-store" in response["Cache-Control"]
    assert client.get("/events/salala-incident/").status_code == 200


def test_the_second_of_two_curators_saving_the_same_event_is_refused(curator_client):
    event = Event.objects.get(slug="salala-border-incident")
    first = change_form_data(curator_client.get(event_url(event)))
    second = dict(first)
    first["title"] = "First curator's title"
    assert curator_client.post(event_url(event), first).status_code == 302
    second["title"] = "Second curator's title"
    response = curator_client.post(event_url(event), second)
    assert response.status_code == 200
    assert "Someone else saved this event after you opened it" in response.content.decode()
    assert Event.objects.get(pk=event.pk).title == "First curator's title"


def test_admin_changes_are_recorded_in_history_with_the_curator(curator_client, curator):
    event = Event.objects.get(slug="salala-border-incident")
    data = change_form_data(curator_client.get(event_url(event)))
    data["title"] = "Salala incident, retitled"
    curator_client.post(event_url(event), data)
    latest = Revision.objects.filter(kind="event", object_id=event.pk).last()
    assert latest.user == curator
    html = curator_client.get(event_url(event, "history")).content.decode()
    assert "<dt>Title</dt>" in html
    assert f"{escape(event.title)}</del>" in html
    assert "Salala incident, retitled</ins>" in html


def test_loader_changes_are_recorded_in_history(seeded):
    raid = Event.objects.get(slug="osama-bin-laden-killed-in-abbottabad")
    first = Revision.objects.filter(kind="event", object_id=raid.pk).first()
    assert first.reason == "load_seeds" and first.user is None
    assert first.record["title"] == raid.title


# --- Drafts ------------------------------------------------------------------------


def test_a_draft_is_previewed_by_curators_and_hidden_from_everyone_else(
    curator_client, client, curator
):
    Event.objects.filter(slug="salala-border-incident").update(published=False)
    response = curator_client.get("/events/salala-border-incident/")
    assert response.status_code == 200
    assert "Draft preview." in response.content.decode()
    assert response["Cache-Control"] == "private, no-store"
    client.logout()
    assert client.get("/events/salala-border-incident/").status_code == 404
    staff = User.objects.create_user("staffer", password=PASSWORD, is_staff=True)
    client.force_login(staff)
    assert client.get("/events/salala-border-incident/").status_code == 404
    for url in ("/", "/api/events.json", "/actors/nato-isaf/"):
        body = client.get(url)
        content = b"".join(body.streaming_content) if body.streaming else body.content
        assert b"salala-border-incident" not in content


# --- Sources -----------------------------------------------------------------------


def test_a_pasted_article_is_cleaned_split_and_its_dates_found(curator_client):
    response = curator_client.post("/admin/relations/source/add/", source_post())
    assert response.status_code == 302
    source = Source.objects.get(slug="wirecorp-2016-torkham")
    assert source.file_name == "wirecorp-2016-torkham.txt"
    assert source.authors == ["Jane Example", "Omar Sample"]
    assert source.byline == "By Jane Example and Omar Sample"
    assert source.passages.count() == 5
    assert "Tuesday" in list(
        DateMention.objects.filter(passage__source=source).values_list("text", flat=True)
    )
    page = curator_client.get(f"/admin/relations/source/{source.pk}/change/").content.decode()
    assert "“March 3” → 3 March 2016" in page


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00", "the file is binary"),
        (b"Caf\xe9 " * 20, "not UTF-8 text"),
        (b"", "The submitted file is empty"),
        (b"Skip to content\nSubscribe\n", "no article text was found"),
    ],
)
def test_a_bad_upload_is_refused_with_its_reason_and_nothing_is_saved(
    curator_client, upload, message
):
    before = dump()
    data = source_post(raw_text="", upload=SimpleUploadedFile("article.txt", upload))
    response = curator_client.post("/admin/relations/source/add/", data)
    assert response.status_code == 200
    assert message in response.content.decode().replace("&#x27;", "'")
    assert dump() == before


def test_correcting_a_source_text_resplits_and_reanchors(curator_client):
    source = Source.objects.get(slug="reuters-2012-military-trickles-back")
    response = curator_client.get(f"/admin/relations/source/{source.pk}/change/")
    data = change_form_data(response)
    data["raw_text"] = source.raw_text.replace(
        "(Editing by Warren Strobel and Christopher Wilson)",
        "Officials declined further comment on the matter, a spokesman for the embassy said.",
    )
    assert (
        curator_client.post(f"/admin/relations/source/{source.pk}/change/", data).status_code == 302
    )
    assert source.passages.count() == 18
    for citation in Citation.objects.filter(passage__source=source):
        assert citation.passage.text[citation.start : citation.end]
    # Search finds the citing events by the publisher's new name.
    data = change_form_data(curator_client.get(f"/admin/relations/source/{source.pk}/change/"))
    data["publisher"] = "Thomson Reuters Wire"
    assert (
        curator_client.post(f"/admin/relations/source/{source.pk}/change/", data).status_code == 302
    )
    citing = Event.objects.filter(citations__passage__source=source)
    assert citing.filter(search_document__contains=fold_for_search("Thomson Reuters Wire")).exists()


def test_a_correction_that_would_orphan_citations_is_refused_and_lists_them(curator_client):
    source = Source.objects.get(slug="reuters-2012-military-trickles-back")
    data = change_form_data(curator_client.get(f"/admin/relations/source/{source.pk}/change/"))
    data["raw_text"] = source.raw_text.replace(
        "In retaliation for the border deaths", "In response"
    )
    before = dump()
    response = curator_client.post(f"/admin/relations/source/{source.pk}/change/", data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "This text would orphan citations; nothing was saved" in html
    assert "event &#x27;salala-border-incident&#x27;" in html
    assert dump() == before


def test_passages_cannot_be_edited_by_hand(curator_client):
    passage = Passage.objects.first()
    assert (
        curator_client.post(
            f"/admin/relations/passage/{passage.pk}/change/", {"text": "x"}
        ).status_code
        == 403
    )


def test_passage_autocomplete_finds_by_source_and_words(curator_client):
    response = curator_client.get(
        "/admin/autocomplete/",
        {
            "app_label": "relations",
            "model_name": "citation",
            "field_name": "passage",
            "term": "Reuters retaliation",
        },
    )
    results = response.json()["results"]
    assert len(results) == 1
    assert results[0]["text"].startswith(
        "Reuters, 31 May 2012 ¶7: In retaliation for the border deaths"
    )


# --- The work queue ----------------------------------------------------------------


def test_work_queue_on_the_seeds_lists_no_uncited_mention(curator_client):
    html = curator_client.get("/admin/relations/event/work-queue/").content.decode()
    assert "Every date the articles mention is cited by an event or marked as not an event." in html
    assert "NATO commander Gen. John Allen meets Gen. Kayani" in html  # 'July 27' disagrees


def test_creating_an_event_from_a_mention_makes_a_cited_draft(curator_client):
    NotAnEvent.objects.filter(quote="if it hopes to withdraw its forces by 2014").delete()
    html = curator_client.get("/admin/relations/event/work-queue/").content.decode()
    mention = DateMention.objects.get(
        text="2014", passage__source__slug="stratfor-2012-uneasy-interdependence"
    )
    assert f'id="mention-{mention.pk}"' in html
    url = f"/admin/relations/event/work-queue/{mention.pk}/event/"
    # 2014 holds events with the same actors: the curator is asked first.
    assert "Is this an event already in the record?" in curator_client.post(url).content.decode()
    assert not Event.objects.filter(published=False).exists()
    response = curator_client.post(url, {"anyway": "1"})
    draft = Event.objects.get(published=False)
    assert response["Location"] == event_url(draft)
    assert draft.start_text == "2014" and draft.start_precision == "year"
    citation = draft.citations.get()
    assert (
        citation.quote
        == "The U.S. needs Pakistan's help if it hopes to withdraw its forces by 2014 - and leave behind a viable political and security arrangement."
    )
    assert "Draft preview." in curator_client.get(draft.get_absolute_url()).content.decode()
    assert draft.slug not in curator_client.get("/").content.decode()


def test_marking_a_mention_not_an_event_needs_a_reason(curator_client):
    NotAnEvent.objects.filter(quote="say, a year ago").delete()
    mention = DateMention.objects.get(text="a year ago")
    url = f"/admin/relations/event/work-queue/{mention.pk}/not-an-event/"
    response = curator_client.post(url, {"reason": "  "}, follow=True)
    assert "Say why “a year ago” is not an event" in response.content.decode()
    assert not NotAnEvent.objects.filter(passage=mention.passage).exists()
    curator_client.post(url, {"reason": "A state, not an event."})
    item = NotAnEvent.objects.get(passage=mention.passage)
    assert item.covers(mention.start, mention.end) and item.reason == "A state, not an event."


def test_work_queue_choices_survive_an_export_and_reload(curator_client, seeds_copy):
    from relations.seeds import export_seeds

    NotAnEvent.objects.filter(quote="say, a year ago").delete()
    mention = DateMention.objects.get(text="a year ago")
    curator_client.post(
        f"/admin/relations/event/work-queue/{mention.pk}/not-an-event/", {"reason": "A state."}
    )
    export_seeds(seeds_copy)
    text = (seeds_copy / "not_events.toml").read_text()
    assert 'reason = """\nA state."""' in text
    load_seeds(seeds_copy)


# --- Claims and their evidence -------------------------------------------------------


def claim_forms(data: dict) -> list[str]:
    """The prefixes of the claim forms a change form posted."""
    return sorted(
        {
            key.rsplit("-", 1)[0]
            for key in data
            if key.startswith("claims-") and key.endswith("-text")
        }
    )


def refused(curator_client, event, data) -> str:
    before = dump()
    response = curator_client.post(event_url(event), data)
    assert response.status_code == 200
    assert dump() == before
    return " ".join(
        str(error)
        for inline in response.context["inline_admin_formsets"]
        for error in inline.formset.non_form_errors()
    )


def test_a_claim_without_evidence_is_refused_and_nothing_is_saved(curator_client):
    event = Event.objects.get(slug="salala-border-incident")
    data = change_form_data(curator_client.get(event_url(event)))
    data[f"{claim_forms(data)[0]}-evidence"] = ""
    data["title"] = "Changed title"
    assert "claim 1 has no evidence" in refused(curator_client, event, data)


def test_evidence_naming_nothing_known_is_refused(curator_client):
    event = Event.objects.get(slug="salala-border-incident")
    data = change_form_data(curator_client.get(event_url(event)))
    first = claim_forms(data)[0]
    data[f"{first}-evidence"] += ", no-such-report"
    assert "“no-such-report” is neither a citation" in refused(curator_client, event, data)


def test_a_published_event_without_a_citation_is_refused(curator_client):
    event = Event.objects.get(slug="salala-border-incident")
    data = change_form_data(curator_client.get(event_url(event)))
    keys = [data[k] for k in data if k.startswith("citations-") and k.endswith("-key")]
    for key in [k for k in data if k.startswith("citations-") and k.endswith("-key")]:
        data[key.replace("-key", "-DELETE")] = "on"
    for prefix in claim_forms(data):  # the claims name what is left: references only
        items = [i.strip() for i in data[f"{prefix}-evidence"].split(",")]
        kept = [i for i in items if i.split(" (")[0] not in keys] or ["spokesman-2011-11-26-salala"]
        data[f"{prefix}-evidence"] = ", ".join(kept)
    for target in ("date", "place", "actors"):
        data[f"{target}_evidence"] = "spokesman-2011-11-26-salala"
    message = refused(curator_client, event, data)
    assert "a published event needs at least one citation of an article passage" in message


def test_a_real_change_dates_the_event_revised_today_and_a_plain_save_does_not(curator_client):
    event = Event.objects.get(slug="salala-border-incident")
    Event.objects.filter(pk=event.pk).update(revised=date(2020, 1, 1))
    data = change_form_data(curator_client.get(event_url(event)))
    assert curator_client.post(event_url(event), data).status_code == 302
    event.refresh_from_db()
    assert event.revised == date(2020, 1, 1)
    data = change_form_data(curator_client.get(event_url(event)))
    data[f"{claim_forms(data)[-1]}-text"] += " More."
    assert curator_client.post(event_url(event), data).status_code == 302
    event.refresh_from_db()
    assert event.revised == timezone.localdate()
    assert event.claims.last().text.endswith(" More.")


def test_the_codebook_is_the_help_beside_tone_and_significance(curator_client):
    event = Event.objects.get(slug="salala-border-incident")
    html = curator_client.get(event_url(event)).content.decode()
    assert "cut off a form of cooperation" in html  # −2, rupture: its test
    assert "measure the whole relationship before and after it" in html  # 3, turning point
