"""Search that forgives: word forms, the syntax readers know, misspelled names."""

import json
import math
import re
import sqlite3

import pytest

from relations.models import Actor, Event, Passage, Place, Source
from relations.search import engine, sqlite
from relations.search.passages import count_passages, search_passages
from relations.search.query import HIT_END, HIT_START, fold_for_search, parse_query
from relations.search.spelling import Search, resolve
from relations.search.words import query_for


def passages(q: str) -> set[int]:
    return {hit.passage_id for hit in search_passages(q, limit=10_000)}


def events(q: str) -> set[str]:
    return set(Event.objects.published().matching(q).values_list("slug", flat=True))


def api(client, **params) -> dict:
    response = client.get("/api/events.json", params)
    return json.loads(b"".join(response.streaming_content))


def holding(word_pattern: str) -> set[int]:
    """Passages whose folded text holds the pattern as whole words."""
    pattern = re.compile(rf" {word_pattern} ")
    return {p.pk for p in Passage.objects.all() if pattern.search(fold_for_search(p.text))}


# --- Word forms ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("one", "other"),
    [("drones", "drone"), ("strikes", "strike"), ("killed", "kill"), ("raids", "raid")],
)
def test_a_word_finds_its_other_forms(seeded, one, other):
    assert passages(one) == passages(other) != set()
    assert events(one) == events(other) != set()
    assert holding(other) <= passages(one)  # 'drones' finds the passages that say 'drone'


def test_a_quoted_word_matches_only_itself(seeded):
    assert passages('"drones"') == holding("drones")
    assert passages('"drones"') < passages("drones")


def test_a_quoted_phrase_matches_as_written(seeded):
    assert passages('"war of words"') == holding("war of words") != set()
    assert passages('"drone strikes"') == holding("drone strikes")


def test_a_bare_word_widens_to_the_words_of_the_record_it_begins():
    from relations.search.words import WIDENED, completions

    words = "\nwazir\nwaziri\nwaziristan\nwaziristani\nwazirs\nzebra\n"  # as lexicon() keeps them
    assert completions("waziri", words) == ["waziri", "waziristan", "waziristani"]
    assert completions("zeb", words) == ["zebra"]  # the last word
    assert completions("wb", words) == [] and completions("zz", words) == []
    many = "\n" + "\n".join(f"a{i:04d}" for i in range(WIDENED + 1)) + "\n"
    assert completions("a", many) is None  # too many: left to the engine as a prefix
    assert len(completions("a", many[: many.rindex("a")])) == WIDENED  # one fewer: all


def test_a_word_still_matches_from_its_start(seeded):
    assert holding("waziristan") <= passages("Waziri") != set()


def test_stemmed_matches_are_marked(seeded):
    (hit,) = [hit for hit in search_passages("drone") if "drones" in hit.marked]
    assert f"{HIT_START}drones{HIT_END}" in hit.marked


# --- OR, minus, phrases --------------------------------------------------------------


def test_or_finds_either_word(seeded):
    either = passages("Peshawar OR Waziristan")
    assert either == passages("Peshawar") | passages("Waziristan")
    assert passages("Peshawar") and passages("Waziristan")
    assert events("Salala or Waziristan") == events("Salala") | events("Waziristan")


def test_or_binds_closer_than_the_words_around_it(seeded):
    assert passages("Pakistan drone OR raid") == passages("Pakistan drone") | passages(
        "Pakistan raid"
    )


def test_minus_leaves_out_what_holds_a_word(seeded):
    assert passages("drone -strike") == passages("drone") - passages("strike") != set()
    assert events("drone -strike") == events("drone") - events("strike")


def test_minus_a_quoted_phrase_leaves_out_only_that_phrase(seeded):
    assert passages('Pakistan -"drone strikes"') == passages("Pakistan") - holding("drone strikes")


@pytest.mark.parametrize("q", ["-drone", '-"war of words"', "-drone -raid"])
def test_a_query_that_only_leaves_out_is_refused_with_a_message(client, seeded, q):
    html = client.get("/cite/", {"q": q}).content.decode()
    assert "only says what to leave out" in html
    api = client.get("/api/events.json", {"q": q})
    assert api.status_code == 400 and "leave out" in api.json()["fields"]["q"]


# --- One policy, both engines ----------------------------------------------------------

SAME_ON_BOTH = [
    "drone",
    "drones",
    "strikes",
    "killed",
    "Pakistan",
    "Haqqani",
    "supply routes",
    '"war of words"',
    "drone OR raid",
    "Pakistan -Kabul",
    "Waziri",
    "al-Qaida",
    "Kayani",
    # Stop words to PostgreSQL's stock 'english' configuration; searched on both here.
    "not",
    "after",
    "against",
]


def sqlite_copy() -> sqlite3.Connection:
    """The record's sources, passages and published events in an in-memory SQLite
    database, indexed as SQLite's own migrations index them."""
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE relations_source (id INTEGER PRIMARY KEY, slug, status, published)")
    db.execute("CREATE TABLE relations_passage (id INTEGER PRIMARY KEY, source_id, text)")
    db.execute("CREATE TABLE relations_event (id INTEGER PRIMARY KEY, search_document)")
    for index, (table, column, tokenizer) in sqlite.INDEXES.items():
        for ddl in sqlite.index_ddl(index, table, column, tokenizer).values():
            db.execute(ddl)
    rows = Source.objects.values_list("id", "slug", "status", "published")
    db.executemany(
        "INSERT INTO relations_source VALUES (?, ?, ?, ?)",
        [(pk, slug, status, day.isoformat()) for pk, slug, status, day in rows],
    )
    db.executemany(
        "INSERT INTO relations_passage VALUES (?, ?, ?)",
        Passage.objects.values_list("id", "source_id", "text"),
    )
    db.executemany(
        "INSERT INTO relations_event VALUES (?, ?)",
        Event.objects.published().values_list("id", "search_document"),
    )
    return db


def test_the_same_query_finds_the_same_on_sqlite_and_postgresql(seeded):
    """This database's engine against SQLite's FTS5 over the same rows: on PostgreSQL,
    the two engines compared; on SQLite, the test's copy checked against the app's."""
    db = sqlite_copy()
    spellings = Actor.objects.spellings()
    for q in SAME_ON_BOTH:
        query = parse_query(q, spellings)
        matches, params = sqlite.passage_matches(query, "", None)
        (in_sqlite,) = db.execute(f"SELECT count(*){matches}".replace("%s", "?"), params).fetchone()
        sql, params = sqlite.event_match(query)
        events_in_sqlite = {row[0] for row in db.execute(sql.replace("%s", "?"), params)}
        published = Event.objects.published()
        assert count_passages(q, at_most=10**6) == in_sqlite > 0, q
        assert set(published.matching(q).values_list("id", flat=True)) == events_in_sqlite, q


def test_stop_words_are_searched_like_any_word(seeded):
    assert passages("not") == holding("not") != set()
    assert passages("after") >= holding("after") != set()


# --- Spellings -----------------------------------------------------------------------

# (what a reader types, the event it should reach); aliases and corrections alike.
MISSPELLINGS = [
    ("Kiyani", "allen-meets-kayani-june-2012"),
    ("Kayanni", "allen-meets-kayani-june-2012"),
    ("Kiani", "allen-meets-kayani-june-2012"),
    ("Baitullah Mahsud", "baitullah-mehsud-killed-in-drone-strike"),
    ("Mehsood", "baitullah-mehsud-killed-in-drone-strike"),
    ("Haqani", "us-embassy-kabul-attack"),
    ("Haqqany", "us-embassy-kabul-attack"),
    ("Abbotabad", "osama-bin-laden-killed-in-abbottabad"),
    ("Abottabad", "osama-bin-laden-killed-in-abbottabad"),
    ("Waziristaan", "pakistan-declines-north-waziristan-operation"),
    ("Wazirstan", "pakistan-declines-north-waziristan-operation"),
    ("Salalah", "salala-border-incident"),
    ("Sallala", "salala-border-incident"),
    ("Usama bin Laden", "osama-bin-laden-killed-in-abbottabad"),
    ("Osama bin Ladin", "osama-bin-laden-killed-in-abbottabad"),
    ("Tehreek-i-Taliban Pakistan", "us-designates-ttp-terrorist-organisation"),
    ("Pakistani Taleban", "us-designates-ttp-terrorist-organisation"),
    ("Malala Yousufzai", "malala-yousafzai-shot"),
    ("Yusufzai", "malala-yousafzai-shot"),
    ("Shakeel Afridi", "shakil-afridi-sentenced"),
    ("Afridy", "shakil-afridi-sentenced"),
    ("Zardary", "nato-chicago-summit-obama-snubs-zardari"),
    ("Zardri", "nato-chicago-summit-obama-snubs-zardari"),
    ("Radio Mullah", "us-strike-narrowly-misses-fazlullah"),
    ("Fazlulah", "us-strike-narrowly-misses-fazlullah"),
]


@pytest.mark.parametrize(("typed", "slug"), MISSPELLINGS)
def test_a_misspelled_name_reaches_its_event(client, seeded, typed, slug):
    event_url = Event.objects.get(slug=slug).get_absolute_url()
    html = client.get("/cite/", {"q": typed}).content.decode()
    if not events(typed):  # it finds nothing as typed: the page shows its correction
        assert "search instead for <a href=" in html
        corrected = re.search(r'Showing results for <a href="([^"]+)"', html).group(1)
        html = client.get("/cite/" + corrected.replace("&amp;", "&")).content.decode()
        assert "Showing results for" not in html  # the correction finds things itself
    assert f'href="{event_url}"' in html


@pytest.mark.parametrize(
    ("typed", "meant", "slug"),
    [
        ("Meshud", "Mehsud", "baitullah-mehsud-killed-in-drone-strike"),
        ("Kaynai", "Kayani", "allen-meets-kayani-june-2012"),
        ("Afirdi", "Afridi", "shakil-afridi-sentenced"),
        ("Osmaa", "Osama", "osama-bin-laden-killed-in-abbottabad"),
    ],
)
def test_two_letters_typed_the_wrong_way_round_are_corrected(client, seeded, typed, meant, slug):
    # Trigrams hardly see such a slip: 'Meshud' and 'Mehsud' share 3 of their 11.
    assert resolve(typed) == Search(meant, typed=typed)
    html = client.get("/cite/", {"q": typed}).content.decode()
    assert f'Showing results for <a href="?q={meant}" class="corrected">' in html
    assert f'href="{Event.objects.get(slug=slug).get_absolute_url()}"' in html


def test_a_place_in_another_spelling_finds_the_passages_that_spell_it_otherwise(client, seeded):
    written = holding("nangarhar")
    assert written and not holding("nangrahar")  # the articles spell it one way only
    assert passages("Nangrahar") == written  # an alias of the place: its names match
    html = client.get("/cite/", {"q": "Nangrahar"}).content.decode()
    assert '<mark class="hit">Nangarhar' in html  # marked as it is written
    assert "Showing results for" not in html  # found as typed
    assert passages('"Nangrahar"') == set()  # quoted, only as written
    assert holding("tribal areas") <= passages("FATA")  # and by its other names


def test_the_correction_keeps_the_readers_case_and_the_rest_of_the_query(seeded):
    assert resolve("Sallala").q == "Salala"
    assert resolve('Sallala "Mohmand Agency"').q == 'Salala "Mohmand Agency"'
    assert resolve("Sallala", verbatim=True).q == "Sallala"


@pytest.mark.parametrize("q", ["Pakistan", "drone", "Salala", "Pakistan OR Sallala", "Waziri"])
def test_no_correction_is_offered_when_the_query_finds_results(client, seeded, q):
    assert resolve(q).typed == ""
    assert "Showing results for" not in client.get("/cite/", {"q": q}).content.decode()


def test_a_query_finding_under_a_fifth_of_its_correction_shows_the_correction(seeded):
    source = Source.objects.order_by("pk").first()
    Passage.objects.create(source=source, number=999, text="A quokka crossed.", start=0, end=1)
    assert resolve("Sallala OR quokka").q == "Salala OR quokka"  # 1 against 1 + Salala's


def test_search_instead_searches_the_words_as_typed_everywhere(client, seeded):
    html = client.get("/cite/", {"q": "Sallala"}).content.decode()
    instead = re.search(r'search instead for <a href="([^"]+)"', html).group(1)
    assert "verbatim=1" in instead
    typed = client.get("/cite/" + instead.replace("&amp;", "&")).content.decode()
    assert "<strong>0</strong> passages and <strong>0</strong> events" in typed
    timeline = client.get("/", {"q": "Sallala"}).content.decode()
    assert "Showing results for" in timeline
    corrected = api(client, q="Sallala")
    assert events("Salala") == {event["slug"] for event in corrected["events"]}
    assert corrected["search"] == {"q": "Sallala", "showing": "Salala"}
    assert api(client, q="Sallala", verbatim="1") == {"events": []}


def test_a_misspelled_name_is_searched_as_typed_then_only_as_corrected(client, seeded):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        html = client.get("/cite/", {"q": "Sallala"}).content.decode()
    assert "Showing results for" in html
    searched = [q["sql"] for q in captured.captured_queries if "stemmed" in q["sql"]]
    # The passages as typed; whether the events find it; then the correction's
    # passages and events (counted, then listed, on SQLite). Nothing asks again whether
    # "Sallala" or "Salala" find anything.
    before = engine().events_counted(query_for("Salala")) == "before"
    assert len(searched) == (5 if before else 4), searched


def test_a_correction_that_finds_nothing_in_the_chosen_source_is_not_offered(client, seeded):
    elsewhere = Source.objects.exclude(text__icontains="Salala").first()
    html = client.get("/cite/", {"q": "Sallala", "source": elsewhere.slug}).content.decode()
    assert "Showing results for" not in html
    assert "<strong>0</strong> passages and <strong>0</strong> events match “Sallala”" in html
    everywhere = client.get("/cite/", {"q": "Sallala"}).content.decode()
    assert "Showing results for" in everywhere


def test_the_timeline_the_look_up_page_and_the_api_count_alike(client, seeded):
    for q in ["drones", "Kiyani", "Abbotabad", "drone OR raid -Kabul"]:
        found = len(api(client, q=q)["events"])
        timeline = client.get("/", {"q": q}).content.decode()
        look_up = client.get("/cite/", {"q": q}).content.decode()
        assert f'aria-live="polite"><strong>{found}</strong> event' in timeline
        assert f"<strong>{found}</strong> event" in look_up


def test_a_draft_is_never_offered_as_a_correction(client, seeded):
    from tests.factories import EventFactory

    EventFactory(title="Talks at Quokkalight", published=False)
    assert resolve("Quokkalite").typed == ""  # a word only a draft holds is no correction
    for page in ("/", "/cite/"):
        html = client.get(page, {"q": "Quokkalite"}).content.decode()
        assert "Showing results for" not in html
        assert "Quokkalight" not in html
    assert api(client, q="Quokkalite") == {"events": []}


def test_the_correction_is_the_likeliest_word_of_all_not_only_of_those_searched(seeded):
    # likeliest() scores only the words found by some of a typed word's trigrams; read
    # against every candidate, pg_trgm's similarity picks the same word for each typo,
    # after the commonest word two neighbouring letters away (swapped()).
    from relations.search.spelling import SIMILAR, candidates, likeliest, trigrams

    lines = candidates()
    words = {}
    for line in lines.strip("\n").split("\n"):
        word, documents = line.split("\t")
        words[word] = int(documents)

    def one_swap(typed, word):
        differ = [i for i in range(len(word)) if word[i] != typed[i]]
        return len(differ) == 2 and differ[1] == differ[0] + 1 and sorted(word) == sorted(typed)

    def best_of_all(typed):
        swaps = [(-words[w], w) for w in words if len(w) == len(typed) and one_swap(typed, w)]
        if swaps:
            return min(swaps)[1]
        mine, scored = trigrams(typed), []
        for word, documents in words.items():
            theirs = trigrams(word)
            similarity = len(mine & theirs) / len(mine | theirs)
            if word != typed and similarity >= SIMILAR and abs(len(word) - len(typed)) <= 3:
                scored.append((similarity + 0.02 * math.log10(1 + documents), word))
        # The best score; among equals, the first word alphabetically.
        return min(scored, key=lambda pair: (-pair[0], pair[1]))[1] if scored else None

    typos = []
    for index, word in enumerate(sorted(words)[::7]):
        at = index % len(word)
        swap = word[:at] + word[at + 1 : at + 2] + word[at] + word[at + 2 :]
        typos += [word[:at] + word[at + 1 :], word[:at] + "e" + word[at:], swap]
    typos = [typo for typo in typos if len(typo) >= 3 and typo not in words]
    assert len(typos) > 450
    assert [likeliest(typo, lines) for typo in typos] == [best_of_all(typo) for typo in typos]


def test_a_place_alias_in_no_document_is_still_a_correction(client, seeded):
    fata = Place.objects.get(slug="federally-administered-tribal-areas")
    fata.aliases = [*fata.aliases, "Qwat"]
    fata.save()
    html = client.get("/cite/", {"q": "qwatt"}).content.decode()
    assert re.search(r'Showing results for <a href="[^"]+" class="corrected">qwat</a>', html)
    assert '<mark class="hit">tribal' in html  # the place's other names are searched
