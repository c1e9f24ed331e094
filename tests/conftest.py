import importlib
import io
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.core.management import call_command

from relations.models import (
    Actor,
    DateCorrection,
    Event,
    NotAnEvent,
    Period,
    Place,
    Reference,
    SeedDigest,
    Source,
    Thread,
)
from relations.seeds import load_seeds
from relations.store.changes import batch

SEEDS = Path(settings.SEEDS_DIR)
DATA = Path(__file__).parent / "data"


def pytest_configure(config):
    # pytest-django runs with DEBUG off: serve static files from the finders,
    # unhashed, instead of whitenoise's manifest (which needs collectstatic).
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.WHITENOISE_USE_FINDERS = True
    settings.WHITENOISE_AUTOREFRESH = True
    # The test client and the live server speak plain HTTP (DJANGO_PLAIN_HTTP).
    settings.SECURE_SSL_REDIRECT = False
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = False
    # Django's advice for tests: a fast password hash. The production hasher
    # (PBKDF2) spends a third of a second on every curator a test creates or
    # signs in; what the tests check (sign-in, throttling, permissions) is the same.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def single_curator(request, settings):
    """Curate as a single-curator site (as under `make run`) unless the test is about review."""
    if "review" not in request.keywords:
        settings.REVIEW_REQUIRED = False


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts cold: a rolled-back test leaves the data version where it found it."""
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the real seeds once; each test's transaction then rolls back its changes."""
    with django_db_blocker.unblock():
        load_seeds(SEEDS)


@pytest.fixture
def seeded(db):
    """The database loaded from the real seeds/.

    A transactional test (the browser's live server) empties the database when
    it ends; a test after it loads the seeds again inside its own transaction.
    """
    if not Source.objects.exists():
        load_seeds(SEEDS)


def curators_group():
    """The Curators group of the data migrations (a transactional test's flush removes it)."""
    from django.apps import apps
    from django.contrib.auth.models import Group

    if not Group.objects.filter(name="Curators").exists():
        for path in sorted(
            (Path(__file__).parent.parent / "relations" / "migrations").glob("0*.py")
        ):
            migration = importlib.import_module(f"relations.migrations.{path.stem}")
            for name in ("create_group", "grant_curators"):
                if hasattr(migration, name):
                    getattr(migration, name)(apps, None)
    return Group.objects.get(name="Curators")


@pytest.fixture
def empty_db(db):
    """A database with nothing loaded (inside the test's transaction).

    One change of the write path, as the admin deletes: derived data is refreshed
    once at the end instead of after each of the thousands of rows.
    """
    with batch():
        Event.objects.all().delete()
        NotAnEvent.objects.all().delete()
        DateCorrection.objects.all().delete()
        Place.objects.update(parent=None)
        for model in (Thread, Source, Actor, Reference, Period, Place, SeedDigest):
            model.objects.all().delete()


@pytest.fixture
def seeds_copy(tmp_path):
    """A copy of seeds/ that a test may edit or break."""
    folder = tmp_path / "seeds"
    shutil.copytree(SEEDS, folder)
    return folder


def dump() -> str:
    """The whole database as JSON: what 'the database is unchanged' compares."""
    out = io.StringIO()
    call_command(
        "dumpdata",
        "relations",
        "auth",
        "--natural-foreign",
        "--indent",
        "1",
        "--exclude",
        "relations.DataVersion",
        stdout=out,
    )
    return out.getvalue()


# --- Curators in the admin -----------------------------------------------------

PASSWORD = "a-long-curator-passphrase"


@pytest.fixture
def curator(db):
    user = User.objects.create_user("carol", password=PASSWORD, is_staff=True)
    user.groups.add(curators_group())
    return user


@pytest.fixture
def curator_client(client, curator, seeded):
    client.force_login(curator)
    return client


def change_form_data(response) -> dict:
    """What a browser would post back from an admin change form, unchanged."""
    data = {}

    def add(form, name):
        value = form[name].value()
        if value is None:
            return
        if isinstance(value, bool):
            if value:
                data[form.add_prefix(name)] = "on"
            return
        data[form.add_prefix(name)] = value if isinstance(value, list) else str(value)

    form = response.context["adminform"].form
    for name in form.fields:
        add(form, name)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        for key, value in formset.management_form.initial.items():
            data[f"{formset.prefix}-{key}"] = value
        for sub in formset.forms:
            for name in sub.fields:
                add(sub, name)
    return data


def event_url(event, action="change"):
    return f"/admin/relations/event/{event.pk}/{action}/"


def source_post(**overrides) -> dict:
    data = {
        "title": "Pakistan reopens Torkham crossing after talks",
        "slug": "wirecorp-2016-torkham",
        "publisher": "Wirecorp",
        "outlet": "",
        "authors": "Jane Example\nOmar Sample",
        "published_text": "2016-03-10",
        "kind": "news report",
        "status": "draft",
        "url": "",
        "file_name": "",
        "notes": "",
        "raw_text": (DATA / "unseen_newswire.txt").read_text(),
        "passages-TOTAL_FORMS": "0",
        "passages-INITIAL_FORMS": "0",
        "passages-MIN_NUM_FORMS": "0",
        "passages-MAX_NUM_FORMS": "1000",
    }
    data.update(overrides)
    return data
