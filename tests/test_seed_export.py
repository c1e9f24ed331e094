import tomllib

import pytest
from django.core.management import call_command

from relations.models import Event, EventRedirect, NotAnEvent
from relations.seeds import export_seeds, load_seeds, unexported_changes
from relations.seeds.toml import table
from relations.store.changes import batch

from .conftest import SEEDS, dump


def test_committed_seeds_load_and_export_back_byte_for_byte(seeded, tmp_path):
    export_seeds(tmp_path)
    committed = sorted(p.name for p in SEEDS.iterdir() if p.is_file())
    assert sorted(p.name for p in tmp_path.iterdir()) == committed
    for name in committed:
        assert (tmp_path / name).read_bytes() == (SEEDS / name).read_bytes(), name


def test_export_writes_admin_changes_that_a_load_then_reproduces(seeded, seeds_copy):
    event = Event.objects.get(slug="salala-border-incident")
    event.title = 'The "Salala" incident \\ with odd characters """ and a tab\t'
    event.save()
    claim = event.claims.first()
    claim.text = 'Line one.\nLine two with """triple quotes""" and a trailing quote"'
    claim.save()
    EventRedirect.objects.create(slug="salala-old", event=event)
    assert "event 'salala-border-incident' was changed" in unexported_changes()

    export_seeds(seeds_copy)
    assert unexported_changes() == []
    before = dump()
    report = load_seeds(seeds_copy)
    assert not report.changed
    assert dump() == before
    reloaded = Event.objects.get(slug="salala-border-incident")
    assert (reloaded.title, reloaded.claims.first().text) == (event.title, claim.text)


def test_export_then_load_into_an_empty_database_gives_the_same_seed_forms(seeded, tmp_path):
    export_seeds(tmp_path)
    with batch():  # one change, as the admin deletes
        Event.objects.all().delete()
        NotAnEvent.objects.all().delete()
    load_seeds(tmp_path, replace=True)
    second = tmp_path / "again"
    export_seeds(second)
    for name in ("sources.toml", "events.toml", "not_events.toml"):
        assert (second / name).read_text() == (tmp_path / name).read_text()


def test_export_command_reports_what_it_wrote(seeded, tmp_path, capsys):
    call_command("export_seeds", str(tmp_path))
    assert "events.toml" in capsys.readouterr().out
    call_command("export_seeds", str(tmp_path))
    assert "Nothing to write" in capsys.readouterr().out


@pytest.mark.parametrize(
    "text",
    [
        "plain",
        'quote " and \\ backslash',
        "tab\tand\nnewline",
        '"""',
        'ends with "',
        "del \x7f and \x01",
        "unicode “curly” — dash ‘x’",
        "",
    ],
)
def test_toml_writer_round_trips_awkward_strings(text):
    written = table(
        "things",
        {
            "name": text,
            "summary": text or "x",
            "tone": -2,
            "published": False,
            "aliases": [text, "b"],
        },
    )
    parsed = tomllib.loads(written)["things"][0]
    assert parsed.get("name", "") == text
    assert parsed["summary"] == (text or "x")
    assert parsed["tone"] == -2 and parsed["published"] is False
