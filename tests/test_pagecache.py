"""Whole pages are cached per process and never outlive the data they show."""

import gzip

from django.contrib.auth.models import User
from django.db import connection

from relations.models import Actor, Event, Passage

from .conftest import curators_group

SALALA = "/events/salala-border-incident/"


def test_a_cached_page_is_the_same_bytes_served_gzipped_or_plain(client, seeded):
    first = client.get("/", {"kind": "raid"})
    again = client.get("/", {"kind": "raid"})
    zipped = client.get("/", {"kind": "raid"}, headers={"Accept-Encoding": "gzip, br"})
    assert first.content == again.content
    assert zipped["Content-Encoding"] == "gzip" and "Accept-Encoding" in zipped["Vary"]
    assert gzip.decompress(zipped.content) == first.content
    assert "Content-Encoding" not in again


def test_a_bulk_update_shows_at_once(client, seeded):
    assert "Salala border incident" in client.get(SALALA).content.decode()
    # .update() sends no signal and skips auto_now: the database's own triggers count it.
    Event.objects.filter(slug="salala-border-incident").update(title="Salala, renamed")
    assert "Salala, renamed" in client.get(SALALA).content.decode()


def test_a_change_to_any_table_a_page_shows_moves_the_version(client, seeded):
    passage = Passage.objects.filter(source__slug="reuters-2012-military-trickles-back").first()
    url = "/sources/reuters-2012-military-trickles-back/"
    client.get(url)
    with connection.cursor() as cursor:  # raw SQL, past the ORM
        cursor.execute(
            "UPDATE relations_passage SET text = text || ' Appended line.' WHERE id = %s",
            [passage.pk],
        )
    assert "Appended line." in client.get(url).content.decode()
    Actor.objects.filter(slug="cia").update(description="Renamed description for the test.")
    assert "Renamed description for the test." in client.get("/actors/cia/").content.decode()


def test_htmx_parts_and_whole_pages_are_cached_apart(client, seeded):
    whole = client.get("/", {"kind": "raid"}).content.decode()
    part = client.get("/", {"kind": "raid"}, headers={"HX-Request": "true"}).content.decode()
    assert "<html" in whole and "<html" not in part
    assert "<html" in client.get("/", {"kind": "raid"}).content.decode()


def test_filters_in_another_order_are_one_page(client, seeded, django_assert_num_queries):
    client.get("/", {"kind": "raid", "tone": "-2"})
    with django_assert_num_queries(1):
        client.get("/?tone=-2&kind=raid")


def test_a_curators_draft_preview_never_reaches_a_reader(client, seeded):
    Event.objects.filter(slug="salala-border-incident").update(published=False)
    assert client.get(SALALA).status_code == 404
    curator = User.objects.create_user("cora", password="x" * 20, is_staff=True)
    curator.groups.add(curators_group())
    client.force_login(curator)
    preview = client.get(SALALA)
    assert preview.status_code == 200 and preview["Cache-Control"] == "private, no-store"
    client.logout()
    assert client.get(SALALA).status_code == 404


def test_public_pages_set_no_cookie(client, seeded):
    for url in ("/", "/cite/?q=raid", SALALA, "/actors/cia/"):
        assert not client.get(url).cookies, url
