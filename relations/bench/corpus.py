"""The benchmark's corpus: many sources, passages and events shaped like the seeds.

Each corpus lives in its own database, made once by a `manage.py bench
--make-corpus` subprocess and kept in /tmp/relations-bench (or BENCH_DIR)
between runs.

Text is sampled from the seeds' own vocabulary and sentence shapes (random
letters would make search look fast): each generated sentence takes a real
sentence of the articles and swaps its words for others of the same length.
"""

from __future__ import annotations

import os
import random
import re
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

from django.conf import settings
from django.db import transaction

from ..models import (
    Actor,
    Citation,
    Claim,
    Event,
    EventActor,
    Evidence,
    Passage,
    Source,
    timeline_key,
)
from ..seeds.sync import refresh_planner_statistics
from ..store.changes import refresh_all
from ..text.cleaning import read_article
from ..text.dates import format_fuzzy
from .gazetteer import make_places

PUBLISHERS = [
    "Reuters",
    "The Washington Post",
    "The New York Times",
    "Dawn",
    "The Express Tribune",
    "Associated Press",
    "Agence France-Presse",
    "BBC News",
    "Al Jazeera",
    "The Guardian",
    "Stratfor",
    "The Christian Science Monitor",
    "Los Angeles Times",
    "The News International",
    "Bloomberg",
    "Voice of America",
    "The Wall Street Journal",
    "Pajhwok Afghan News",
    "The Nation",
    "Radio Free Europe",
]


class TextSampler:
    def __init__(self, rng: random.Random):
        self.rng = rng
        sentences, words = [], {}
        for path in sorted(Path(settings.SEEDS_DIR).glob("0*.txt")):
            for text in read_article(path.read_bytes(), path.name).passage_texts():
                for sentence in re.split(r"(?<=[.!?])\s+", text):
                    if len(sentence.split()) >= 6:
                        sentences.append(sentence)
                for word in re.findall(r"[A-Za-z][a-z'’-]+", text):
                    words.setdefault(len(word), []).append(word)
        self.sentences, self.words = sentences, words

    def sentence(self) -> str:
        shape = self.rng.choice(self.sentences)

        def swap(match):
            word = match.group(0)
            choices = self.words.get(len(word))
            if not choices or self.rng.random() < 0.3:
                return word
            new = self.rng.choice(choices)
            return new.capitalize() if word[0].isupper() else new.lower()

        return re.sub(r"[A-Za-z][a-z'’-]+", swap, shape)

    def paragraph(self, sentences: int) -> str:
        return " ".join(self.sentence() for _ in range(sentences))

    def title(self) -> str:
        words = self.sentence().rstrip('.!?”"').split()
        return " ".join(words[: self.rng.randint(5, 10)])


# Bumped whenever generate() writes something different: kept corpora are made again.
CORPUS_VERSION = 5


def generate(
    events: int, sources: int, passages: int, actors: int, citations: int, seed: int = 2011
) -> None:
    """Fill an empty database with a corpus of the given size."""
    rng = random.Random(seed)
    text = TextSampler(rng)
    first_day, days = date(2009, 1, 1), (date(2014, 12, 31) - date(2009, 1, 1)).days
    with transaction.atomic():
        source_rows = []
        per_source = max(passages // sources, 1)
        bodies = []
        for index in range(sources):
            paragraphs = [text.paragraph(rng.randint(1, 3)) for _ in range(per_source)]
            body = "\n\n".join(paragraphs)
            bodies.append(paragraphs)
            day = first_day + timedelta(days=rng.randrange(days))
            source_rows.append(
                Source(
                    slug=f"source-{index:05d}",
                    file_name=f"source-{index:05d}.txt",
                    title=text.title(),
                    publisher=rng.choice(PUBLISHERS),
                    published=day,
                    url="",
                    kind="news report",
                    status=Source.Status.PUBLIC,
                    raw_text=body,
                    text=body,
                    raw_sha256=f"{index:064d}",
                )
            )
        source_rows = Source.objects.bulk_create(source_rows, batch_size=500)
        passage_rows = []
        for source, paragraphs in zip(source_rows, bodies, strict=True):
            offset = 0
            for number, paragraph in enumerate(paragraphs, 1):
                passage_rows.append(
                    Passage(
                        source=source,
                        number=number,
                        text=paragraph,
                        start=offset,
                        end=offset + len(paragraph),
                    )
                )
                offset += len(paragraph) + 2
        passage_rows = Passage.objects.bulk_create(passage_rows, batch_size=2000)

        actor_rows = Actor.objects.bulk_create(
            [
                Actor(
                    slug=f"actor-{i:04d}",
                    name=" ".join(text.title().split()[:2]),
                    kind="person",
                    side=rng.choice(["us", "pakistan", "afghanistan", "nato", "militant", "other"]),
                    aliases=[],
                )
                for i in range(actors)
            ],
            batch_size=500,
        )

        kinds = [choice for choice, _ in Event.Kind.choices]
        event_rows = []
        for index in range(events):
            day = first_day + timedelta(days=rng.randrange(days))
            precision = rng.choices(["day", "month", "year"], weights=[6, 3, 1])[0]
            earliest, latest = day, day
            if precision == "month":
                earliest = day.replace(day=1)
                latest = (earliest + timedelta(days=32)).replace(day=1) - timedelta(days=1)
            elif precision == "year":
                earliest, latest = date(day.year, 1, 1), date(day.year, 12, 31)
            slug, significance = f"event-{index:06d}", rng.randint(1, 3)
            event_rows.append(
                Event(
                    slug=slug,
                    title=text.title(),
                    start_earliest=earliest,
                    start_latest=latest,
                    start_precision=precision,
                    start_text=format_fuzzy(earliest, latest, precision, None),
                    place="Pakistan",
                    kind=rng.choice(kinds),
                    tone=rng.randint(-2, 2),
                    significance=significance,
                    published=True,
                    timeline_key=timeline_key(earliest, 0, significance, slug),
                )
            )
        event_rows = Event.objects.bulk_create(event_rows, batch_size=2000)
        claims = Claim.objects.bulk_create(
            [
                Claim(event=event, position=position, text=text.sentence())
                for event in event_rows
                for position in (1, 2)
            ],
            batch_size=5000,
        )

        links, seen = [], set()
        for event in event_rows:
            for actor in rng.sample(actor_rows, k=min(rng.randint(1, 3), len(actor_rows))):
                if (event.pk, actor.pk) not in seen:
                    seen.add((event.pk, actor.pk))
                    links.append(EventActor(event=event, actor=actor, role="took part"))
        EventActor.objects.bulk_create(links, batch_size=5000)

        cited, places = [], set()
        for index in range(citations):
            event = event_rows[index % len(event_rows)]
            passage = rng.choice(passage_rows)
            if (event.pk, passage.pk) in places:
                continue
            places.add((event.pk, passage.pk))
            end = min(len(passage.text), 60)
            key = f"c{index // len(event_rows) + 1}"
            cited.append(
                Citation(
                    event=event,
                    key=key,
                    passage=passage,
                    quote=passage.text[:end],
                    start=0,
                    end=end,
                )
            )
        cited = Citation.objects.bulk_create(cited, batch_size=5000)
        # Each citation backs one of its event's two claims; the first also backs the date.
        first_claims = {claim.event_id: claim for claim in claims if claim.position == 1}
        second_claims = {claim.event_id: claim for claim in claims if claim.position == 2}
        evidence = []
        for citation in cited:
            claim = (first_claims if citation.key == "c1" else second_claims)[citation.event_id]
            evidence.append(
                Evidence(event_id=citation.event_id, target="claim", claim=claim, citation=citation)
            )
            if citation.key == "c1":
                evidence.append(
                    Evidence(event_id=citation.event_id, target="date", citation=citation)
                )
        Evidence.objects.bulk_create(evidence, batch_size=5000)
        make_places(rng, event_rows)

        # The same derived fields a load writes: search documents, counts, spellings.
        refresh_all()
    refresh_planner_statistics()


def articles_per_second(seconds: float = 3.0) -> float:
    """Seed articles cleaned, split and searched for dates per second, on one core."""
    import time

    from ..text.mentions import find_mentions

    raws = [(p.name, p.read_bytes()) for p in sorted(Path(settings.SEEDS_DIR).glob("0*.txt"))]
    done, started = 0, time.perf_counter()
    while time.perf_counter() - started < seconds:
        for name, raw in raws:
            article = read_article(raw, name)
            for text in article.passage_texts():
                find_mentions(text, date(2012, 6, 1))
            done += 1
    return done / (time.perf_counter() - started)


ROOT = Path(settings.BASE_DIR)
# BENCH_DIR keeps one engineer's corpora apart from another's.
WORK = Path(os.environ.get("BENCH_DIR") or "/tmp/relations-bench")


def prepare(engine: str, label: str, sizes: dict, out) -> dict:
    """The environment of a server on a corpus of these sizes, made if missing.

    A corpus is kept between runs, until the schema (the migrations) or the
    generator changes."""
    schema = len(list((ROOT / "relations" / "migrations").glob("0*.py")))
    name = f"{engine}-s{schema}-g{CORPUS_VERSION}-{sizes['events']}-{sizes['sources']}-{sizes['passages']}-{sizes['citations']}"
    env = {
        **os.environ,
        "DJANGO_SECRET_KEY": "benchmark-only-" + "x" * 40,
        "DJANGO_PLAIN_HTTP": "1",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,testserver",
    }
    env.pop("DJANGO_DEBUG", None)
    if engine == "sqlite":
        env["SQLITE_PATH"] = str(WORK / f"{name}.sqlite3")
        ready = Path(env["SQLITE_PATH"]).exists()
    else:
        base = os.environ["DATABASE_URL"].rsplit("/", 1)[0]
        database = name.replace("-", "_")
        env["DATABASE_URL"] = f"{base}/{database}"
        ready = create_database(os.environ["DATABASE_URL"], database)
    if not ready:
        started = time.perf_counter()
        arguments = [
            f"--{key}={sizes[key]}"
            for key in ("events", "sources", "passages", "actors", "citations")
        ]
        subprocess.run(
            [sys.executable, "manage.py", "bench", "--make-corpus", *arguments],
            cwd=ROOT,
            env=env,
            check=True,
        )
        out(
            f"  {label} corpus ({sizes['events']:,} events) made in {time.perf_counter() - started:.0f} s"
        )
    return env


def create_database(url: str, database: str) -> bool:
    """Create the database if missing; True if it was there (with its corpus)."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [database]
        ).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{database}"')
    return bool(exists)
