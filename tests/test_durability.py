"""A load killed halfway leaves the previous data; backups give the database back."""

import io
import os
import re
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from relations.models import Event
from relations.store.changes import batch

from .conftest import SEEDS, dump

ROOT = Path(__file__).resolve().parent.parent


def run(database: Path, code: str, **kwargs):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "PYTEST"))}
    env.update(DJANGO_DEBUG="1", SQLITE_PATH=str(database))
    script = (
        f"import sys; sys.path.insert(0, {str(ROOT)!r})\nimport django, os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'relations.settings')\ndjango.setup()\n"
        + textwrap.dedent(code)
    )
    return subprocess.Popen(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        **kwargs,
    )


def titles(database: Path) -> str:
    process = run(
        database,
        "from relations.models import Event\nprint(sorted(Event.objects.values_list('slug', 'title')))",
    )
    out, err = process.communicate(timeout=120)
    assert process.returncode == 0, err
    return out


@pytest.mark.skipif(
    connection.vendor != "sqlite",
    reason="the load killed runs on a SQLite file of its own: the SQLite run covers it",
)
def test_a_load_killed_halfway_leaves_the_previous_data_intact(tmp_path, seeds_copy):
    database = tmp_path / "db.sqlite3"
    first = run(
        database,
        f"""
        from django.core.management import call_command
        call_command("migrate", verbosity=0)
        call_command("load_seeds", {str(SEEDS)!r})
    """,
    )
    assert first.wait(timeout=300) == 0, first.stderr.read()
    before = titles(database)

    events = seeds_copy / "events.toml"
    events.write_text(events.read_text().replace('title = "', 'title = "Changed: '))
    loader = run(
        database,
        f"""
        import time
        from relations.seeds import sync_events
        original = sync_events.EventRows.load
        def load_events_then_hang(self, *args):
            original(self, *args)  # every event rewritten, inside the transaction
            print("HALFWAY", flush=True)
            time.sleep(120)
        sync_events.EventRows.load = load_events_then_hang
        from django.core.management import call_command
        call_command("load_seeds", {str(seeds_copy)!r}, "--replace")
    """,
    )
    assert loader.stdout.readline().strip() == "HALFWAY"
    os.kill(loader.pid, signal.SIGKILL)
    loader.wait(timeout=60)

    after = titles(database)
    assert after == before
    assert "Changed:" not in after


def test_dumpdata_and_loaddata_give_back_an_identical_database(seeded, tmp_path):
    backup = tmp_path / "backup.json"
    before = dump()
    call_command(
        "dumpdata",
        "relations",
        "auth",
        "contenttypes",
        "--output",
        str(backup),
        verbosity=0,
    )
    call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
    assert not Event.objects.exists()
    call_command("loaddata", str(backup), verbosity=0)
    # Django's JSON keeps timestamps to the millisecond: a time whose
    # microseconds were under 1,000 comes back as a whole second.
    assert dump() == re.sub(r'\.000Z"', 'Z"', before)
    # The full-text index came back with the rows.
    assert Event.objects.matching("Knife Edge").count() == 1


def test_export_seeds_is_a_backup_that_loads_into_an_empty_database(seeded, tmp_path):
    from relations.seeds import export_seeds, load_seeds

    export_seeds(tmp_path)
    forms_before = (tmp_path / "events.toml").read_text()
    from relations.models import NotAnEvent, Source

    with batch():  # one change, as the admin deletes
        Event.objects.all().delete()
        NotAnEvent.objects.all().delete()
        Source.objects.all().delete()
    load_seeds(tmp_path, replace=True)
    again = tmp_path / "again"
    export_seeds(again)
    assert (again / "events.toml").read_text() == forms_before
    out = io.StringIO()
    call_command("load_seeds", str(tmp_path), stdout=out)
    assert "Nothing to change" in out.getvalue()
