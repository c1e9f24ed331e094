"""Public pages are cached whole, under the data version, and never outlive the data they show."""

import gzip
import os
import urllib.request

import pytest
from django.contrib.auth.models import AnonymousUser, User
from django.db import connection
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.test.utils import CaptureQueriesContext

from relations.models import Actor, Citation, DataVersion, Event, Source
from relations.store.changes import batch, events_changed
from relations.views.cache import PublicPageCache, public_page

from .conftest import curators_group
from .test_durability import run

SALALA = "/events/salala-border-incident/"


def test_a_cached_page_is_the_same_bytes_served_gzipped_or_plain(client, seeded):
    first = client.get("/", {"kind": "raid"})
    again = client.get("/", {"kind": "raid"})
    zipped = client.get("/", {"kind": "raid"}, headers={"Accept-Encoding": "gzip, br"})
    assert first.content == again.content
    assert zipped["Content-Encoding"] == "gzip" and "Accept-Encoding" in zipped["Vary"]
    assert gzip.decompress(zipped.content) == first.content
    assert "Content-Encoding" not in again


def test_a_save_shows_at_once(client, seeded):
    assert "Salala border incident" in client.get(SALALA).content.decode()
    event = Event.objects.get(slug="salala-border-incident")
    event.title = "Salala, renamed"
    event.save()
    assert "Salala, renamed" in client.get(SALALA).content.decode()


def test_a_bulk_write_reported_to_the_write_path_shows_at_once(client, seeded):
    client.get(SALALA)
    with batch():
        Event.objects.filter(slug="salala-border-incident").update(title="Salala, in bulk")
        events_changed(
            Event.objects.filter(slug="salala-border-incident").values_list("pk", flat=True)
        )
    assert "Salala, in bulk" in client.get(SALALA).content.decode()


def test_htmx_parts_and_whole_pages_are_cached_apart(client, seeded):
    whole = client.get("/", {"kind": "raid"}).content.decode()
    part = client.get("/", {"kind": "raid"}, headers={"HX-Request": "true"}).content.decode()
    assert "<html" in whole and "<html" not in part
    assert "<html" in client.get("/", {"kind": "raid"}).content.decode()


def test_filters_in_another_order_are_one_page(client, seeded, django_assert_num_queries):
    client.get("/", {"kind": "raid", "tone": "-2"})
    with django_assert_num_queries(1):  # the data version
        client.get("/?tone=-2&kind=raid")


def test_a_curators_draft_preview_never_reaches_a_reader(client, seeded):
    event = Event.objects.get(slug="salala-border-incident")
    event.published = False
    event.save()
    assert client.get(SALALA).status_code == 404
    curator = User.objects.create_user("cora", password="x" * 20, is_staff=True)
    curator.groups.add(curators_group())
    client.force_login(curator)
    preview = client.get(SALALA)
    assert preview.status_code == 200 and preview["Cache-Control"] == "private, no-store"
    client.logout()
    assert client.get(SALALA).status_code == 404


def test_a_signed_in_curator_never_gets_a_cached_page(
    client, seeded, django_assert_max_num_queries
):
    client.get("/actors/cia/")  # cached for readers
    curator = User.objects.create_user("cora", password="x" * 20, is_staff=True)
    client.force_login(curator)
    with django_assert_max_num_queries(20) as captured:
        client.get("/actors/cia/")
    assert len(captured) > 1  # rendered for them, not served from the cache


def test_public_pages_set_no_cookie(client, seeded):
    for url in ("/", "/cite/?q=raid", SALALA, "/actors/cia/"):
        assert not client.get(url).cookies, url


def test_a_page_reads_the_version_once_and_again_after_a_change(client, seeded):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def version_reads(path, params):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(path, params).status_code == 200
        return sum("relations_dataversion" in q["sql"] for q in captured.captured_queries)

    # A misspelled search reads several cache entries kept under the version: one read.
    assert version_reads("/cite/", {"q": "Sallala"}) == 1
    assert version_reads("/", {"q": "Salalah"}) == 1
    with DataVersion.read_once():
        before = DataVersion.current()
        DataVersion.move()  # a change within: the version is read again, and moved
        assert DataVersion.current() > before


def test_the_version_never_goes_back_past_a_recreated_row(seeded):
    before = DataVersion.current()
    DataVersion.objects.update(version=0)  # as after a restored backup or a new database
    DataVersion.move()
    assert DataVersion.current() > before


def test_cards_redraw_when_what_they_show_changes_elsewhere(client, seeded):
    # Neither change touches the event's own row; both show on its card.
    assert "/actors/cia/" in client.get("/", {"actor": "cia"}).content.decode()
    cia = Actor.objects.get(slug="cia")
    cia.slug = "central-intelligence-agency"
    cia.save()
    reuters = Source.objects.get(slug="reuters-2012-military-trickles-back")
    reuters.publisher = "Renamed Wire"
    reuters.save()
    html = client.get("/").content.decode()
    assert "/actors/central-intelligence-agency/" in html and "/actors/cia/" not in html
    assert "Renamed Wire" in html


def test_a_repeated_search_in_another_order_is_another_page(client, seeded):
    # The form reads the last "q": these two addresses show different searches.
    first = client.get("/?q=Salala&q=Abbottabad").content.decode()
    second = client.get("/?q=Abbottabad&q=Salala").content.decode()
    assert 'value="Abbottabad"' in first and 'value="Salala"' in second


def test_a_response_setting_a_cookie_is_never_cached(rf, db):
    renders = []

    @public_page
    def form_page(request):
        renders.append(1)
        response = HttpResponse(f"<input name=csrfmiddlewaretoken value={get_token(request)}>")
        response.set_cookie("csrftoken", get_token(request))
        return response

    middleware = PublicPageCache(lambda request: form_page(request))
    for _ in range(2):
        request = rf.get("/form/")
        request.user = AnonymousUser()
        assert middleware.process_view(request, form_page, (), {}) is None
        middleware(request)
    assert len(renders) == 2


def test_head_is_answered_like_get(client, seeded):
    for url in ("/", SALALA, "/health/", "/api/events.json"):
        assert client.head(url).status_code == 200, url


def fetch(port: int, path: str) -> str:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=30) as response:
        return response.read().decode()


def test_two_server_processes_both_serve_a_curators_save_at_once(tmp_path, seeds_copy):
    """Each gunicorn worker has a cache of its own (or CACHE_URL's, shared): both must
    stop serving the page as soon as the save commits. They run on a SQLite file of
    their own, whichever database the suite runs on."""
    from relations.bench.servers import serve

    database = tmp_path / "db.sqlite3"
    setup = run(
        database,
        f"from django.core.management import call_command\ncall_command('migrate', verbosity=0)\n"
        f"call_command('load_seeds', {str(seeds_copy)!r})",
    )
    assert setup.wait(timeout=120) == 0, setup.stderr.read()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "PYTEST"))}
    env |= {"SQLITE_PATH": str(database), "DJANGO_DEBUG": "1"}
    servers = [serve(env, workers=1) for _ in range(2)]
    try:
        ports = [port for _, port in servers]
        for port in ports:  # each caches the page
            assert "Salala border incident" in fetch(port, SALALA)
            assert "Salala border incident" in fetch(port, SALALA)
        edit = run(
            database,
            "from relations.models import Event\nfrom relations.store.changes import batch\n"
            "with batch():\n"
            "    event = Event.objects.get(slug='salala-border-incident')\n"
            "    event.title = 'Salala, as a curator saved it'\n"
            "    event.save()",
        )
        assert edit.wait(timeout=60) == 0, edit.stderr.read()
        assert all("Salala, as a curator saved it" in fetch(port, SALALA) for port in ports)
    finally:
        for process, _ in servers:
            process.terminate()
            process.wait(timeout=30)


def test_an_event_pages_detail_is_kept_under_the_version_and_redrawn_on_a_change(
    client, seeded, settings, django_assert_max_num_queries
):
    settings.PAGE_CACHE = False  # a first visit to the page, as the bench's 'uncached' rows
    client.get(SALALA)
    with django_assert_max_num_queries(3):  # the version, the event, its first claim
        html = client.get(SALALA).content.decode()
    assert "What followed" in html and "In retaliation for the border deaths" in html
    # A change to a linked event, not to this one, shows in the kept detail at once.
    closure = Event.objects.get(slug="nato-supply-routes-closed")
    closure.title = "The routes, renamed"
    closure.save()
    assert "The routes, renamed" in client.get(SALALA).content.decode()


@pytest.mark.parametrize("address", ["/", "/actors/cia/", "/places/pakistan/"])
def test_a_list_reads_its_cards_json_once_and_only_for_cards_not_kept(
    client, seeded, settings, address
):
    settings.PAGE_CACHE = False  # a first visit to the page, as the bench's 'uncached' rows

    def card_reads():
        with CaptureQueriesContext(connection) as queries:
            html = client.get(address).content.decode()
        sqls = [query["sql"] for query in queries]
        assert not any("search_document" in sql for sql in sqls), address
        return html, sum('"card"' in sql for sql in sqls)

    # The cards are drawn from their JSON, read for all of them at once; then kept.
    html, reads = card_reads()
    assert reads == 1 and 'class="actor side-' in html
    assert card_reads() == (html, 0)


def test_a_curators_view_of_an_event_is_never_kept(admin_client, seeded, settings):
    settings.PAGE_CACHE = False
    draft = Event.objects.get(slug="nato-supply-routes-closed")
    draft.published = False
    draft.save()
    assert 'href="/events/nato-supply-routes-closed/"' in admin_client.get(SALALA).content.decode()
    # A draft's edit does not move the public version: the curator still sees it at once.
    Event.objects.filter(pk=draft.pk).update(title="Draft title, edited")
    assert "Draft title, edited" in admin_client.get(SALALA).content.decode()


def filters_form(html: str) -> str:
    return html[html.index('<form id="filters"') : html.index("</form>")]


def test_the_kept_filter_lists_follow_changes_and_what_is_ticked(client, seeded, settings):
    settings.PAGE_CACHE = False  # the lists are kept as fragments, not with the page
    ticked = 'name="actor" value="cia" checked'
    assert ticked in filters_form(client.get("/", {"actor": "cia"}).content.decode())
    assert ticked not in filters_form(client.get("/").content.decode())
    assert ticked in filters_form(client.get("/", {"actor": "cia"}).content.decode())
    cia = Actor.objects.get(slug="cia")
    cia.name = "Central Intelligence Agency, renamed"
    cia.save()
    assert "Central Intelligence Agency, renamed" in filters_form(client.get("/").content.decode())
    reuters = Source.objects.get(slug="reuters-2012-military-trickles-back")
    reuters.publisher = "Renamed Wire"
    reuters.save()
    assert "Renamed Wire" in filters_form(client.get("/").content.decode())


def test_a_kept_article_text_follows_changes_and_the_chosen_quote(client, seeded, settings):
    settings.PAGE_CACHE = False
    page = "/sources/reuters-2012-military-trickles-back/"
    citation = Citation.objects.filter(passage__source__slug="reuters-2012-military-trickles-back")[
        0
    ]
    assert 'id="cited"' not in client.get(page).content.decode()
    assert 'id="cited"' in client.get(page, {"cite": citation.pk}).content.decode()
    assert 'id="cited"' not in client.get(page).content.decode()  # each its own kept copy
    event = citation.event
    event.title = "A title changed elsewhere"
    event.save()
    assert "A title changed elsewhere" in client.get(page).content.decode()  # "Cited by"
