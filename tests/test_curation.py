"""Curation that loses nothing and misreads nothing: drafts by default, sources with a
status and a lock, history field by field, corrected date mentions, uploads read right."""

import codecs
import os
import stat

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils.html import escape

from relations.models import (
    Citation,
    DateCorrection,
    DateMention,
    Event,
    EventRedirect,
    Passage,
    Source,
)
from relations.seeds import export_seeds, load_seeds
from relations.store.changes import batch

from .conftest import DATA, change_form_data, dump, event_url, source_post

ADD_EVENT = "/admin/relations/event/add/"
ADD_SOURCE = "/admin/relations/source/add/"
ARTICLE = (DATA / "unseen_newswire.txt").read_text()


def source_url(source, action="change"):
    return f"/admin/relations/source/{source.pk}/{action}/"


def new_event_post(**overrides) -> dict:
    data = {
        "title": "A new event",
        "slug": "",
        "start_text": "3 July 2012",
        "end_text": "",
        "place": "Islamabad, Pakistan",
        "kind": "meeting",
        "tone": "0",
        "significance": "1",
        "date_evidence": "",
        "place_evidence": "",
        "actors_evidence": "",
        "loaded_version": "",
    }
    for prefix in ("event_actors", "event_places", "citations", "claims", "links_in", "redirects"):
        data |= {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}
    data.update(overrides)
    return data


def errors_of(response) -> str:
    assert response.status_code == 200, "the form was accepted"
    form = response.context["adminform"].form
    return " ".join(str(e) for errors in form.errors.values() for e in errors)


# --- Drafts by default -----------------------------------------------------------------


def test_a_new_event_starts_as_a_draft_that_readers_cannot_see(curator_client, client):
    form = curator_client.get(ADD_EVENT).context["adminform"].form
    assert form["published"].value() is False
    assert curator_client.post(ADD_EVENT, new_event_post()).status_code == 302
    event = Event.objects.get(slug="a-new-event")
    assert not event.published
    client.logout()
    assert client.get(event.get_absolute_url()).status_code == 404


def test_publishing_an_event_with_no_evidence_is_refused_and_nothing_is_saved(curator_client):
    before = dump()
    response = curator_client.post(ADD_EVENT, new_event_post(published="on"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "a published event needs at least one claim" in html
    assert "a published event needs at least one citation" in html
    assert dump() == before


def test_the_work_queue_lists_drafts_and_events_whose_evidence_is_thin(curator_client):
    curator_client.post(ADD_EVENT, new_event_post())
    event = Event.objects.get(slug="salala-border-incident")
    event.evidence.filter(target="place").update(support="partial")
    html = curator_client.get("/admin/relations/event/work-queue/").content.decode()
    drafts = html.split("<h2>Draft events</h2>")[1].split("<h2>")[0]
    assert "A new event" in drafts and "no claims" in drafts
    thin = html.split("missing or partial evidence</h2>")[1].split("<h2>")[0]
    assert "Salala" in thin and "only partial evidence of its place" in thin


# --- Sources: draft, public, withdrawn ---------------------------------------------------


def test_a_new_source_is_a_draft_shown_nowhere_until_it_is_made_public(curator_client):
    assert curator_client.post(ADD_SOURCE, source_post()).status_code == 302
    source = Source.objects.get(slug="wirecorp-2016-torkham")
    assert source.status == Source.Status.DRAFT
    client = Client()
    assert client.get(source.get_absolute_url()).status_code == 404
    api = b"".join(client.get("/api/sources.json").streaming_content).decode()
    assert source.slug not in api
    assert "Wirecorp" not in client.get("/cite/", {"q": "Torkham crossing"}).content.decode()
    data = change_form_data(curator_client.get(source_url(source)))
    assert curator_client.post(source_url(source), data | {"status": "public"}).status_code == 302
    assert client.get(source.get_absolute_url()).status_code == 200
    assert "Wirecorp" in client.get("/cite/", {"q": "Torkham crossing"}).content.decode()


def test_an_event_citing_a_draft_source_cannot_be_published(curator_client):
    curator_client.post(ADD_SOURCE, source_post())
    passage = Passage.objects.filter(source__slug="wirecorp-2016-torkham").first()
    event = Event.objects.get(slug="salala-border-incident")
    data = change_form_data(curator_client.get(event_url(event)))
    total = int(data["citations-TOTAL_FORMS"])
    data |= {
        "citations-TOTAL_FORMS": str(total + 1),
        f"citations-{total}-key": "wirecorp-1",
        f"citations-{total}-passage": str(passage.pk),
        f"citations-{total}-quote": passage.text[:40],
    }
    data["date_evidence"] += ", wirecorp-1"
    before = dump()
    html = curator_client.post(event_url(event), data).content.decode()
    assert "source “wirecorp-2016-torkham” is a draft or withdrawn" in html
    assert dump() == before


def test_a_source_that_published_events_cite_cannot_be_withdrawn(curator_client):
    source = Source.objects.get(slug="reuters-2012-military-trickles-back")
    data = change_form_data(curator_client.get(source_url(source)))
    data["status"] = "withdrawn"
    message = errors_of(curator_client.post(source_url(source), data))
    assert "Published events cite it (" in message and "nato-supply-routes-closed" in message
    assert Source.objects.get(pk=source.pk).status == Source.Status.PUBLIC


def test_a_source_no_published_event_cites_can_be_withdrawn(curator_client, client):
    source = Source.objects.get(slug="reuters-2012-military-trickles-back")
    Event.objects.filter(citations__passage__source=source).update(published=False)
    data = change_form_data(curator_client.get(source_url(source)))
    data["status"] = "withdrawn"
    assert curator_client.post(source_url(source), data).status_code == 302
    client.logout()
    assert client.get(source.get_absolute_url()).status_code == 404


def test_pasting_an_article_twice_is_refused_with_a_link_to_the_first(curator_client):
    existing = Source.objects.get(slug="reuters-2012-military-trickles-back")
    before = dump()
    response = curator_client.post(
        ADD_SOURCE, source_post(slug="reuters-again", raw_text=existing.raw_text)
    )
    message = errors_of(response)
    assert "This text is already a source" in message
    assert f'href="{source_url(existing)}"' in response.content.decode()
    assert dump() == before


# --- Two curators, one source ------------------------------------------------------------


def test_a_stale_source_form_is_refused_and_says_who_changed_what(curator_client, curator):
    source = Source.objects.get(slug="reuters-2012-military-trickles-back")
    first = change_form_data(curator_client.get(source_url(source)))
    second = dict(first)
    first["title"] = "First curator's title"
    assert curator_client.post(source_url(source), first).status_code == 302
    second["notes"] = "Second curator's note"
    response = curator_client.post(source_url(source), second)
    message = errors_of(response)
    assert "Someone else saved this source after you opened it" in message
    assert "carol" in message and "title" in message and "First curator&#x27;s title" in message
    # Nothing of the second save was written, and what was typed is still in the form.
    assert Source.objects.get(pk=source.pk).title == "First curator's title"
    assert Source.objects.get(pk=source.pk).notes != "Second curator's note"
    assert response.context["adminform"].form["notes"].value() == "Second curator's note"


def test_a_stale_event_form_says_who_changed_what_since_it_was_opened(curator_client):
    event = Event.objects.get(slug="salala-border-incident")
    first = change_form_data(curator_client.get(event_url(event)))
    second = dict(first)
    first["place"] = "Salala, Mohmand Agency, Pakistan (edited)"
    assert curator_client.post(event_url(event), first).status_code == 302
    message = errors_of(curator_client.post(event_url(event), second))
    assert "Their changes since you opened it" in message
    assert "place" in message and "(edited)" in message


def test_citing_the_same_words_twice_is_a_message_not_an_error_page(curator_client):
    event = Event.objects.get(slug="salala-border-incident")
    cited = event.citations.first()
    data = change_form_data(curator_client.get(event_url(event)))
    total = int(data["citations-TOTAL_FORMS"])
    data |= {
        "citations-TOTAL_FORMS": str(total + 1),
        f"citations-{total}-key": "again",
        f"citations-{total}-passage": str(cited.passage_id),
        f"citations-{total}-quote": cited.quote,
        f"citations-{total}-prefix": cited.prefix,
        f"citations-{total}-suffix": cited.suffix,
    }
    data["date_evidence"] += ", again"
    before = dump()
    response = curator_client.post(event_url(event), data)
    assert response.status_code == 200
    assert "are marked already" in response.content.decode()
    assert dump() == before


# --- History, field by field ---------------------------------------------------------------


def test_the_event_history_shows_a_citation_added(curator_client):
    event = Event.objects.get(slug="salala-border-incident")
    passage = Passage.objects.get(source__slug="washington-post-2011-after-setbacks", number=1)
    data = change_form_data(curator_client.get(event_url(event)))
    total = int(data["citations-TOTAL_FORMS"])
    quote = passage.text[:50].rsplit(" ", 1)[0]
    data |= {
        "citations-TOTAL_FORMS": str(total + 1),
        f"citations-{total}-key": "reuters-extra",
        f"citations-{total}-passage": str(passage.pk),
        f"citations-{total}-quote": quote,
    }
    data["date_evidence"] += ", reuters-extra"
    assert curator_client.post(event_url(event), data).status_code == 302
    html = curator_client.get(event_url(event, "history")).content.decode()
    assert "<dt>Citations</dt>" in html
    assert escape(f"reuters-extra: washington-post-2011-after-setbacks “{quote}”") in html
    assert "<dt>Date evidence</dt>" in html


def test_the_source_history_shows_the_words_of_a_corrected_text(curator_client):
    source = Source.objects.get(slug="reuters-2012-military-trickles-back")
    data = change_form_data(curator_client.get(source_url(source)))
    data["raw_text"] = source.raw_text.replace("Warren Strobel", "Warren P. Strobel")
    assert curator_client.post(source_url(source), data).status_code == 302
    html = curator_client.get(source_url(source, "history")).content.decode()
    assert "<dt>Text</dt>" in html
    assert "(Editing by Warren <ins>P. </ins>Strobel" in html


# --- Renames and slugs ---------------------------------------------------------------------


def test_a_draft_renamed_before_it_was_ever_public_leaves_no_redirect(curator_client):
    curator_client.post(ADD_EVENT, new_event_post())
    draft = Event.objects.get(slug="a-new-event")
    data = change_form_data(curator_client.get(event_url(draft)))
    data["slug"] = "a-better-name"
    assert curator_client.post(event_url(draft), data).status_code == 302
    assert not EventRedirect.objects.filter(event=draft).exists()


def test_a_slug_made_from_a_long_title_ends_on_a_whole_word(curator_client):
    title = "Pakistan reopens the NATO supply routes after the apology " * 3
    assert curator_client.post(ADD_EVENT, new_event_post(title=title.strip())).status_code == 302
    event = Event.objects.get(title=title.strip())
    assert len(event.slug) <= 120
    assert title.lower().replace(" ", "-").startswith(event.slug + "-")


# --- Dates ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("Tuesday, July 3, 2012", "3 July 2012"),
        ("summer 2012", "summer 2012"),
        ("Q4 2011", "Q4 2011"),
        ("late 2011 to early 2012", "late 2011 – early 2012"),
    ],
)
def test_dates_are_stored_and_exported_in_the_house_style(curator_client, tmp_path, typed, stored):
    assert curator_client.post(ADD_EVENT, new_event_post(start_text=typed)).status_code == 302
    assert Event.objects.get(slug="a-new-event").start_text == stored
    export_seeds(tmp_path)
    assert f'start = "{stored}"' in (tmp_path / "events.toml").read_text()


def test_a_wrong_weekday_is_refused_with_the_right_one(curator_client):
    response = curator_client.post(ADD_EVENT, new_event_post(start_text="Monday, July 3, 2012"))
    assert "3 July 2012 was a Tuesday, not a Monday" in errors_of(response)


def test_the_timeline_filters_read_seasons_and_quarters(client, seeded):
    html = client.get("/", {"from": "summer 2012", "to": "Q3 2012"}).content.decode()
    assert 'datetime="2012-06-24"' in html  # the Upper Dir attack
    assert 'datetime="2011-05-02"' not in html  # the bin Laden raid
    assert "Could not read" not in html


def test_a_curator_corrects_a_misread_mention_and_it_survives_a_resplit(curator_client, tmp_path):
    passage = Passage.objects.get(source__slug="csmonitor-2009-strike-on-mehsud", number=3)
    mention = DateMention.objects.get(passage=passage, text="Wednesday")
    response = curator_client.post(
        "/admin/relations/datecorrection/add/",
        {
            "passage": passage.pk,
            "quote": "Wednesday",
            "prefix": "",
            "suffix": "",
            "date_text": "5 August 2009",
            "note": "A test correction.",
        },
    )
    assert response.status_code == 302
    mention = DateMention.objects.get(passage=passage, text="Wednesday")
    assert mention.correction_id
    # A re-split of the article (text added before it) keeps the correction and its reading.
    source = passage.source
    data = change_form_data(curator_client.get(source_url(source)))
    data["raw_text"] = "An editor's line added at the top.\n\n" + source.raw_text
    assert curator_client.post(source_url(source), data).status_code == 302
    correction = DateCorrection.objects.get(quote="Wednesday")
    assert correction.passage.text[correction.start : correction.end] == "Wednesday"
    assert DateMention.objects.get(correction=correction).text == "Wednesday"
    export_seeds(tmp_path)
    assert 'note = "A test correction."' in (tmp_path / "sources.toml").read_text()


def test_the_stored_corrections_round_trip_through_the_seeds(seeded, tmp_path):
    export_seeds(tmp_path)
    with batch():  # an empty database (one change, as the admin deletes), then the exported files
        DateCorrection.objects.all().delete()
        Event.objects.all().delete()
    load_seeds(tmp_path, replace=True)
    assert DateCorrection.objects.filter(date_text="27 June 2012").exists()
    again = tmp_path / "again"
    export_seeds(again)
    for name in ("sources.toml", "events.toml"):
        assert (again / name).read_bytes() == (tmp_path / name).read_bytes()


# --- Uploads ------------------------------------------------------------------------------------


def upload(curator_client, data: bytes, **fields):
    post = source_post(raw_text="", upload=SimpleUploadedFile("article.txt", data), **fields)
    return curator_client.post(ADD_SOURCE, post)


def test_a_utf16_upload_is_read(curator_client):
    data = codecs.BOM_UTF16_LE + ARTICLE.encode("utf-16-le")
    assert upload(curator_client, data).status_code == 302
    assert Source.objects.get(slug="wirecorp-2016-torkham").raw_text == ARTICLE


def test_a_windows_1252_upload_is_offered_conversion_and_kept_until_confirmed(curator_client):
    data = ARTICLE.replace("reopened", "reopened – at last – the café’s").encode("cp1252")
    response = upload(curator_client, data)
    message = errors_of(response)
    assert "Read as Windows-1252 it says" in message and "the café’s" in message
    assert not Source.objects.filter(slug="wirecorp-2016-torkham").exists()
    # The browser forgets the file; the form kept it. Ticking the box is enough.
    retry = change_form_data(response) | {
        "passages-TOTAL_FORMS": "0",
        "passages-INITIAL_FORMS": "0",
    }
    retry["convert"] = "on"
    assert curator_client.post(ADD_SOURCE, retry).status_code == 302
    assert "the café’s" in Source.objects.get(slug="wirecorp-2016-torkham").raw_text


def test_an_empty_upload_shows_one_error(curator_client):
    response = upload(curator_client, b"")
    form = response.context["adminform"].form
    assert sum(len(errors) for errors in form.errors.values()) == 1
    assert "The submitted file is empty" in str(form.errors["upload"])


def test_an_uploaded_text_and_the_typed_fields_survive_a_refused_save(curator_client):
    response = upload(curator_client, ARTICLE.encode(), title="")
    form = response.context["adminform"].form
    assert "title" in form.errors
    assert form["raw_text"].value() == ARTICLE
    assert form["publisher"].value() == "Wirecorp"
    assert "you need not choose the file again" in response.content.decode()


def test_exported_files_have_the_usual_mode(seeded, tmp_path):
    old = os.umask(0o022)
    try:
        export_seeds(tmp_path)
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "sources.toml").stat().st_mode) == 0o644


def test_a_quote_citing_a_passage_is_kept_when_a_source_is_corrected(curator_client):
    # The correction of an article re-anchors its citations (and its date corrections).
    source = Source.objects.get(slug="stratfor-2012-uneasy-interdependence")
    data = change_form_data(curator_client.get(source_url(source)))
    data["raw_text"] = "A line added at the top by the editors.\n\n" + source.raw_text
    assert curator_client.post(source_url(source), data).status_code == 302
    assert DateCorrection.objects.filter(passage__source=source).count() == 2
    assert Citation.objects.filter(passage__source=source).exists()
