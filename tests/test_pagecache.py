"""Whole pages are cached per process and never outlive the data they show."""

import gzip

import pytest
from django.contrib.auth.models import User
from django.db import connection, transaction

from relations.models import Actor, Event, Passage, Source
from relations.pagecache import data_version

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


def in_another_connection(sql: str):
    """Run `sql` on a second connection to the test database (a thread has its own)."""
    from concurrent.futures import ThreadPoolExecutor

    def run():
        try:
            with connection.cursor() as cursor:
                cursor.execute(sql)
                return cursor.fetchone()
        finally:
            connection.close()

    with ThreadPoolExecutor(1) as pool:
        return pool.submit(run).result(timeout=30)


def test_a_writer_takes_the_version_only_as_it_commits(transactional_db):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has one writer at a time: there is no lock to wait on")
    before = data_version()
    with transaction.atomic():
        Actor.objects.create(slug="lock-test", name="Lock test", kind="person", side="us")
        # Another writer is not kept waiting on the counter (two curators saving at
        # once could deadlock through it), and no reader sees a version before its data.
        read = "SELECT version FROM relations_data_version WHERE id = 1"
        assert in_another_connection(read + " FOR UPDATE NOWAIT") == (before,)
    assert data_version() > before


def test_the_version_never_goes_back_past_a_recreated_counter(seeded):
    before = data_version()
    with connection.cursor() as cursor:  # as after a restored backup or a new database
        cursor.execute("UPDATE relations_data_version SET version = 0")
    Actor.objects.filter(slug="cia").update(description="After the restore.")
    assert data_version() > before


def test_cards_redraw_when_what_they_show_changes_elsewhere(client, seeded):
    # Neither change touches the event's own row; both show on its card.
    assert "/actors/cia/" in client.get("/", {"actor": "cia"}).content.decode()
    Actor.objects.filter(slug="cia").update(slug="central-intelligence-agency")
    Source.objects.filter(slug="reuters-2012-military-trickles-back").update(
        publisher="Renamed Wire"
    )
    html = client.get("/").content.decode()
    assert "/actors/central-intelligence-agency/" in html and "/actors/cia/" not in html
    assert "Renamed Wire" in html


def test_a_repeated_search_in_another_order_is_another_page(client, seeded):
    # The form reads the last "q": these two addresses show different searches.
    first = client.get("/?q=Salala&q=Abbottabad").content.decode()
    second = client.get("/?q=Abbottabad&q=Salala").content.decode()
    assert 'value="Abbottabad"' in first and 'value="Salala"' in second


def test_a_page_holding_a_csrf_token_is_never_cached(rf):
    from django.contrib.auth.models import AnonymousUser
    from django.http import HttpResponse
    from django.middleware.csrf import get_token
    from django_htmx.middleware import HtmxDetails

    from relations.pagecache import cached_page

    renders = []

    @cached_page
    def form_page(request):
        renders.append(1)
        return HttpResponse(f"<input name=csrfmiddlewaretoken value={get_token(request)}>")

    for _ in range(2):
        request = rf.get("/form/")
        request.user, request.htmx, request.data_version = AnonymousUser(), HtmxDetails(request), 1
        form_page(request)
    assert len(renders) == 2


def test_head_is_answered_like_get(client, seeded):
    for url in ("/", SALALA, "/health/", "/api/events.json"):
        assert client.head(url).status_code == 200, url
