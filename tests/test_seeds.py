import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from relations.models import Actor, Citation, Event, Passage, Source
from relations.seeds import SeedError, load_seeds
from relations.text.anchoring import normalise

from .conftest import SEEDS, dump

REUTERS = "001_cbe5d81de21a38a5.txt"
MONITOR = "004_93bbea33c0236dcf.txt"


def test_load_builds_sources_passages_events_and_citations(seeded):
    assert Source.objects.count() == 5
    assert Passage.objects.filter(source__slug="reuters-2012-military-trickles-back").count() == 17
    bin_laden = Event.objects.get(slug="osama-bin-laden-killed-in-abbottabad")
    cited = {c.passage.source.slug for c in bin_laden.citations.all()}
    assert cited == {
        "washington-post-2011-after-setbacks",
        "reuters-2012-military-trickles-back",
        "inquirer-2014-resume-cooperation",
    }


def test_every_citation_points_at_its_quote_in_its_passage(seeded):
    for citation in Citation.objects.select_related("passage"):
        words = citation.passage.text[citation.start : citation.end]
        assert normalise(words) == normalise(citation.quote)


def test_source_metadata_and_harvested_byline_are_stored(seeded):
    reuters = Source.objects.get(slug="reuters-2012-military-trickles-back")
    assert reuters.publisher == "Reuters"
    assert reuters.outlet == "The Muslim Observer"
    assert reuters.byline == "By Missy Ryan and Mark Hosenball"
    assert "liaison officers" in reuters.correction
    stratfor = Source.objects.get(slug="stratfor-2012-uneasy-interdependence")
    assert (stratfor.published_precision, stratfor.published_display) == ("month", "June 2012")


def test_second_load_changes_nothing_and_keeps_every_id(seeded):
    before = dump()
    report = load_seeds(SEEDS)
    assert not report.changed
    assert dump() == before


def test_date_mentions_are_stored_with_passages(seeded):
    wednesday = Passage.objects.get(
        source__slug="csmonitor-2009-strike-on-mehsud", number=3
    ).mentions.get()
    assert (wednesday.text, wednesday.earliest.isoformat(), wednesday.precision) == (
        "Wednesday",
        "2009-08-05",
        "day",
    )


def edit(folder, name, old, new):
    path = folder / name
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new, 1))


UNUSED_CITATION = """
[[events.citations]]
key = "reuters-unused"
source = "reuters-2012-military-trickles-back"
quote = "Still, formal military training has not resumed, the official said."
"""


def append_to_event(folder, slug: str, block: str) -> None:
    """Add TOML tables to the end of one event's entry in events.toml."""
    path = folder / "events.toml"
    text = path.read_text()
    at = text.index(f'\nslug = "{slug}"\n')
    end = text.find("\n[[events]]\n", at)
    path.write_text(text[:end] + "\n" + block + text[end:])


NO_CITATION = """
[[events]]
slug = "uncited-event"
title = "An event no article reports"
start = "2 May 2011"
kind = "other"
tone = 0
significance = 1
date_evidence = ["bloomberg-2011-10-31-paktika"]

[[events.claims]]
text = "Something happened."
evidence = ["bloomberg-2011-10-31-paktika"]

[[events]]
slug = "us-liaison"""

UNUSED_REFERENCE = """
[[references]]
slug = "nobody-2012-01-01-unused"
publisher = "Nobody"
title = "A report nothing rests on"
published = "2012-01-01"
"""

BAD_INPUTS = [
    ("missing article file", lambda f: (f / REUTERS).unlink(), f"{REUTERS} not found"),
    ("empty article", lambda f: (f / REUTERS).write_bytes(b""), f"{REUTERS}: the file is empty"),
    (
        "non-UTF-8 article",
        lambda f: (f / REUTERS).write_bytes("Café".encode("latin-1") + b" " * 40),
        f"{REUTERS}: line 1, byte 3: not UTF-8 text",
    ),
    (
        "binary article",
        lambda f: (f / REUTERS).write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00IHDR"),
        f"{REUTERS}: line 3: the file is binary",
    ),
    (
        "unknown source",
        lambda f: edit(
            f,
            "events.toml",
            'source = "reuters-2012-military-trickles-back"',
            'source = "reuters-2099"',
        ),
        "unknown source 'reuters-2099'",
    ),
    (
        "quote not in its article",
        lambda f: edit(
            f, "events.toml", "But Islamabad sharply reduced", "But Islamabad quietly reduced"
        ),
        "“But Islamabad quietly reduced the size of the mission",
    ),
    (
        "quote found twice",
        lambda f: edit(
            f,
            "events.toml",
            'quote = "Still, formal military training has not resumed, the official said."',
            'quote = "the official said"',
        ),
        "“the official said” occurs 2 times",
    ),
    (
        "unreadable date",
        lambda f: edit(f, "events.toml", 'start = "2 May 2011"', 'start = "the spring"'),
        "event 'osama-bin-laden-killed-in-abbottabad': start: Could not read “the spring” as a date",
    ),
    (
        "end before start",
        lambda f: edit(
            f, "events.toml", 'start = "2 May 2011"', 'start = "2 May 2011"\nend = "1 May 2011"'
        ),
        "end: The end (1 May 2011) is before the start",
    ),
    ("tone out of range", lambda f: edit(f, "events.toml", "tone = -2", "tone = -7"), "tone"),
    (
        "unknown actor",
        lambda f: edit(
            f,
            "events.toml",
            '{ actor = "cia", role = "carried out the strike, a US official said" }',
            '{ actor = "kgb", role = "carried out the strike, a US official said" }',
        ),
        "unknown actor 'kgb'",
    ),
    (
        "TOML syntax error",
        lambda f: edit(
            f, "events.toml", 'slug = "salala-border-incident"', 'slug = "salala-border-incident'
        ),
        "events.toml: ",
    ),
    (
        "missing sources.toml",
        lambda f: (f / "sources.toml").unlink(),
        "sources.toml: file not found",
    ),
    (
        "duplicate event slug",
        lambda f: edit(
            f,
            "events.toml",
            'slug = "salala-border-incident"',
            'slug = "osama-bin-laden-killed-in-abbottabad"',
        ),
        "event 'osama-bin-laden-killed-in-abbottabad' is listed twice",
    ),
    (
        "duplicate source slug",
        lambda f: edit(
            f,
            "sources.toml",
            'slug = "inquirer-2014-resume-cooperation"',
            'slug = "reuters-2012-military-trickles-back"',
        ),
        "source 'reuters-2012-military-trickles-back' is listed twice",
    ),
    (
        "claim without evidence",
        lambda f: edit(
            f,
            "events.toml",
            'evidence = ["tribune-2011-01-30-immunity", "phillyburbs-2011-01-30-davis (partly)"]',
            "evidence = []",
        ),
        "event 'raymond-davis-kills-two-in-lahore': claim 4 has no evidence",
    ),
    (
        "evidence naming nothing",
        lambda f: edit(
            f,
            "events.toml",
            'evidence = ["tribune-2011-01-30-immunity", "phillyburbs-2011-01-30-davis (partly)"]',
            'evidence = ["tribune-1", "phillyburbs-2011-01-30-davis (partly)"]',
        ),
        "“tribune-1” is neither a citation of this event nor a known reference",
    ),
    (
        "citation backing nothing",
        lambda f: append_to_event(f, "salala-border-incident", UNUSED_CITATION),
        "event 'salala-border-incident': citation “reuters-unused” backs nothing",
    ),
    (
        "citation without a key",
        lambda f: edit(f, "events.toml", 'key = "reuters-14"\n', ""),
        "citation 1: give it a key",
    ),
    (
        "published event citing no article",
        lambda f: edit(f, "events.toml", '\n[[events]]\nslug = "us-liaison', NO_CITATION),
        "event 'uncited-event': a published event needs at least one citation",
    ),
    (
        "reference backing nothing",
        lambda f: (f / "references.toml").write_text(
            (f / "references.toml").read_text() + UNUSED_REFERENCE
        ),
        "reference 'nobody-2012-01-01-unused' backs nothing",
    ),
    (
        "bad slug",
        lambda f: edit(
            f, "events.toml", 'slug = "salala-border-incident"', 'slug = "Salala incident!"'
        ),
        "must be lower-case words joined by hyphens",
    ),
]


@pytest.mark.parametrize(
    ("label", "breakage", "message"), BAD_INPUTS, ids=[b[0] for b in BAD_INPUTS]
)
def test_bad_seed_input_loads_nothing_and_names_the_problem(
    seeded, seeds_copy, label, breakage, message
):
    edit(
        seeds_copy,
        "events.toml",
        'title = "Salala border incident',
        'title = "The Salala border incident',
    )
    breakage(seeds_copy)
    before = dump()
    with pytest.raises(SeedError) as caught:
        load_seeds(seeds_copy)
    assert message in str(caught.value)
    assert dump() == before
    assert not Event.objects.filter(title__startswith="The Salala").exists()


def test_problem_message_names_the_file_and_line(empty_db, seeds_copy):
    path = seeds_copy / "events.toml"
    text = path.read_text()
    at = text.index('slug = "salala-border-incident"')
    path.write_text(
        text[:at] + text[at:].replace('start = "26 November 2011"', 'start = "Nov 2011ish"', 1)
    )
    with pytest.raises(SeedError) as caught:
        load_seeds(seeds_copy)
    lines = (seeds_copy / "events.toml").read_text().splitlines()
    line = next(i for i, text in enumerate(lines, 1) if 'slug = "salala-border-incident"' in text)
    assert f"events.toml:{line}: event 'salala-border-incident'" in str(caught.value)


def test_failed_first_load_leaves_an_empty_database(empty_db, seeds_copy):
    (seeds_copy / MONITOR).write_bytes(b"\x00\x01")
    with pytest.raises(SeedError):
        load_seeds(seeds_copy)
    assert not Source.objects.exists() and not Event.objects.exists()


def test_edited_paragraph_keeps_its_passage_and_the_others_keep_their_numbers(seeded, seeds_copy):
    before = {
        p.number: p.pk
        for p in Passage.objects.filter(source__slug="reuters-2012-military-trickles-back")
    }
    edit(seeds_copy, REUTERS, "Normalcy is relative when", "Normality is relative when")
    load_seeds(seeds_copy)
    after = {
        p.number: p.pk
        for p in Passage.objects.filter(source__slug="reuters-2012-military-trickles-back")
    }
    assert after == before
    assert Passage.objects.get(pk=before[10]).text.startswith("Normality is relative")


def test_inserted_paragraph_renumbers_in_reading_order_and_citations_follow(seeded, seeds_copy):
    quote = "But Islamabad sharply reduced the size of the mission after the bin Laden raid."
    old = Citation.objects.select_related("passage").filter(quote=quote).first()
    edit(
        seeds_copy,
        REUTERS,
        "Two U.S. officers have been sent",
        "A new paragraph the editors added, long enough to be prose in the article.\n\nTwo U.S. officers have been sent",
    )
    load_seeds(seeds_copy)
    citation = Citation.objects.get(pk=old.pk)
    assert citation.passage.pk == old.passage.pk
    assert citation.passage.number == old.passage.number + 1
    assert citation.passage.text[citation.start : citation.end] == quote
    numbers = list(
        Passage.objects.filter(source=citation.passage.source).values_list("number", flat=True)
    )
    assert numbers == list(range(1, 19))


def test_edit_that_orphans_citations_lists_all_of_them_and_changes_nothing(seeded, seeds_copy):
    edit(
        seeds_copy,
        REUTERS,
        "In retaliation for the border deaths",
        "In response to the border deaths",
    )
    edit(seeds_copy, REUTERS, "as well as the U.S. raid that killed bin Laden", "and the raid")
    before = dump()
    with pytest.raises(SeedError) as caught:
        load_seeds(seeds_copy)
    message = str(caught.value)
    # The whole quote, and the article's words nearest to it with the differing ones marked.
    assert (
        "“In retaliation for the border deaths, Pakistan also shut down ground supply routes"
        in message
    )
    assert "nearest text: “… In [response to] the border deaths" in message
    assert "“as well as the U.S. raid that killed bin Laden" in message
    assert dump() == before


def test_load_refuses_to_overwrite_unexported_admin_changes(seeded):
    Event.objects.filter(slug="salala-border-incident").update(title="Edited in the admin")
    Actor.objects.create(slug="new-actor", name="New actor", kind="person", side="other")
    before = dump()
    with pytest.raises(SeedError) as caught:
        load_seeds(SEEDS)
    message = str(caught.value)
    assert "event 'salala-border-incident' was changed" in message
    assert "actor 'new-actor' was added" in message
    assert "export_seeds" in message
    assert dump() == before


def test_replace_discards_unexported_admin_changes(seeded):
    Event.objects.filter(slug="salala-border-incident").update(title="Edited in the admin")
    Event.objects.get(slug="baitullah-mehsud-killed-in-drone-strike").delete()
    load_seeds(SEEDS, replace=True)
    assert Event.objects.get(slug="salala-border-incident").title.startswith(
        "Salala border incident"
    )
    assert Event.objects.filter(slug="baitullah-mehsud-killed-in-drone-strike").exists()


def test_command_reports_failure_without_a_traceback(seeded, seeds_copy):
    (seeds_copy / REUTERS).write_bytes(b"")
    with pytest.raises(CommandError) as caught:
        call_command("load_seeds", str(seeds_copy))
    assert "Nothing was loaded; the database is unchanged." in str(caught.value)


def test_command_if_empty_leaves_a_loaded_database_alone(seeded, capsys):
    Event.objects.filter(slug="salala-border-incident").update(title="Kept")
    call_command("load_seeds", "--if-empty")
    assert Event.objects.get(slug="salala-border-incident").title == "Kept"


def test_a_load_leaves_statistics_for_the_query_planner(seeded):
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT DISTINCT tbl FROM sqlite_stat1")
        else:
            cursor.execute("SELECT DISTINCT tablename FROM pg_stats WHERE schemaname = 'public'")
        analysed = {row[0] for row in cursor.fetchall()}
    assert {"relations_citation", "relations_passage", "relations_event"} <= analysed
