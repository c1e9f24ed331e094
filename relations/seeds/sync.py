"""Loading seeds/ into the database, atomically and idempotently.

seeds/ holds the article files, `sources.toml` (their metadata),
`places.toml` (the gazetteer), `events.toml` (actors, events with their places,
citations and outside references, periods) and `not_events.toml` (date mentions
that are deliberately not events). A load either applies all of it or nothing; its errors name the
file, the line or passage, and the reason. Objects keep their ids across
loads, so URLs stay put. Each object's seed form is fingerprinted after a
load, so a later load can tell curators' unexported changes from its own and
refuse to overwrite them.
"""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import connection

from ..models import (
    Actor,
    Citation,
    NotAnEvent,
    Period,
    Reference,
    Source,
    Thread,
)
from ..store.articles import (
    DuplicateArticle,
    OrphanedCitations,
    check_article,
    place_quote,
    store_article,
)
from ..store.changes import batch
from ..text.anchoring import QuoteAmbiguous, QuoteNotFound
from ..text.cleaning import ArticleError, CleanArticle, read_article
from ..text.dates import DateTextError, parse_date_text
from .digests import record_digests, unexported_changes
from .read import (
    EVENTS_FILE,
    NOT_EVENTS_FILE,
    PLACES_FILE,
    REFERENCES_FILE,
    SOURCES_FILE,
    THREADS_FILE,
    LoadReport,
    SeedError,
    SeedFile,
    assign,
    missing_keys,
    slug_problem,
    validation_messages,
)
from .records import actor_values, period_values, reference_values, thread_values
from .sync_curation import load_date_corrections, load_not_events, save_thread
from .sync_events import EventRows
from .sync_places import delete_unused_places, load_places


class Loader:
    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self.problems: list[str] = []
        self.report = LoadReport()
        self.articles: dict[str, CleanArticle] = {}
        self.passages: dict[str, list] = {}  # each source's passages, in order, once placed

    def problem(self, message: str) -> None:
        self.problems.append(message)

    def check(self) -> None:
        if self.problems:
            raise SeedError(self.problems)

    def run(self, replace: bool = False) -> LoadReport:
        sources = SeedFile.read(self.folder / SOURCES_FILE)
        events = SeedFile.read(self.folder / EVENTS_FILE)
        references = SeedFile.read(self.folder / REFERENCES_FILE)
        not_events = SeedFile.read(self.folder / NOT_EVENTS_FILE, required=False)
        threads = SeedFile.read(self.folder / THREADS_FILE, required=False)
        places = SeedFile.read(self.folder / PLACES_FILE, required=False)
        with batch():
            if not replace and (changes := unexported_changes()):
                raise SeedError(
                    [
                        "The database holds changes not exported to seeds/ "
                        "(run `manage.py export_seeds` first, or load with --replace to discard them):"
                    ]
                    + [f"  - {change}" for change in changes]
                )
            prune_anchored(events.data, not_events.data)
            stale_sources = self.load_sources(sources)
            self.check()
            load_date_corrections(self, sources)
            self.check()
            self.actors, stale_actors = self.upsert(
                "actor",
                Actor.objects.all(),
                events,
                "actors",
                ("slug", "name", "kind", "side"),
                actor_values,
            )
            self.check()
            self.places, stale_places = load_places(self, places)
            self.check()
            _, stale_references = self.upsert(
                "reference",
                Reference.objects.all(),
                references,
                "references",
                ("slug", "publisher", "title", "published"),
                reference_values,
            )
            self.check()
            rows = EventRows(self, events)
            rows.load()
            self.check()
            for reference in references.entries("references"):
                if reference.get("slug") not in rows.used:
                    self.problem(
                        f"{references.where(reference['slug'])}: reference '{reference['slug']}' "
                        "backs nothing: name it in an event's evidence, or remove it"
                    )
            for reference in stale_references:
                self.delete("references", reference)
            self.check()
            _, stale_periods = self.upsert(
                "period",
                Period.objects.all(),
                events,
                "periods",
                ("slug", "name", "start", "end"),
                period_values,
            )
            load_not_events(self, not_events)
            _, stale_threads = self.upsert(
                "thread",
                Thread.objects.prefetch_related("steps__event"),
                threads,
                "threads",
                ("slug", "title", "introduction", "events"),
                thread_values,
                lambda thread, values, entry: save_thread(self, thread, values, entry),
            )
            self.check()
            for thread in stale_threads:
                self.delete("threads", thread)
            for period in stale_periods:
                self.delete("periods", period)
            self.delete_unused(stale_actors, stale_sources)
            delete_unused_places(self, stale_places)
            self.check()
            record_digests(reason="load_seeds")
        refresh_planner_statistics()
        return self.report

    def upsert(self, kind, rows, file: SeedFile, name: str, required: tuple, values, save=None):
        """One row per entry, found by slug, created or updated where it differs.

        `values(entry)` gives the row's fields from its entry, and
        `save(row, fields, entry)` saves them (both raise ValueError with a
        reason). Returns the rows by slug, and the rows the seeds no longer list.
        """
        save = save or (lambda row, fields, entry: self.save(row, fields, f"{kind}s"))
        model = rows.model
        existing = {row.slug: row for row in rows}
        kept = {}
        for entry in file.entries(name):
            where = file.where(str(entry.get("slug", "")))
            if missing := missing_keys(entry, required):
                self.problem(f"{where}: missing {', '.join(missing)}")
                continue
            if problem := slug_problem(entry):
                self.problem(f"{where}: {problem}")
                continue
            slug = entry["slug"]
            if slug in kept:
                self.problem(f"{where}: {kind} '{slug}' is listed twice")
                continue
            row = existing.get(slug) or model(slug=slug)
            try:
                save(row, values(entry), entry)
                kept[slug] = row
            except ValueError as error:
                self.problem(f"{where}: {kind} '{slug}': {error}")
        return kept, [row for slug, row in existing.items() if slug not in kept]

    def save(self, row, values: dict, counted: str) -> None:
        """Assign, check (the model's own rules) and save a row if anything changed."""
        created = row.pk is None
        before = stored_values(row)
        assign(row, values)
        # A row the seeds leave as it is keeps its fields' checks but is not checked
        # against the database again (a query a constraint): its constraints held when
        # it was saved, and a row that changes checks them itself.
        unchanged = not created and stored_values(row) == before
        try:
            row.full_clean(validate_unique=False, validate_constraints=not unchanged)
            changed = created or stored_values(row) != before
            if changed and unchanged:  # its own rules (clean()) changed it
                row.validate_constraints()
        except ValidationError as error:
            raise ValueError(validation_messages(error)) from None
        if changed:
            row.save()
            self.report.count("created" if created else "updated", counted)

    def delete(self, counted: str, row) -> None:
        row.delete()
        self.report.count("deleted", counted)

    def delete_unused(self, actors: list[Actor], sources: list[Source]) -> None:
        """Actors and sources dropped from the seeds go once nothing uses them."""
        for actor in actors:
            if actor.event_roles.exists():
                self.problem(
                    f"actor '{actor.slug}' was removed from the seeds but events still name it"
                )
            else:
                self.delete("actors", actor)
        for source in sources:
            if Citation.objects.filter(passage__source=source).exists():
                self.problem(
                    f"source '{source.slug}' was removed from the seeds but events still cite it"
                )
            else:
                self.delete("sources", source)

    # Sources and their articles.

    def load_sources(self, file: SeedFile) -> list[Source]:
        if not file.entries("sources"):
            self.problem(f"{file.path}: no [[sources]] entries")
            return []
        required = ("slug", "file", "title", "publisher", "published")
        _, stale = self.upsert(
            "source",
            Source.objects.all(),
            file,
            "sources",
            required,
            self.source_values,
            self.save_source,
        )
        return stale

    def source_values(self, entry: dict) -> dict:
        try:
            published = parse_date_text(str(entry["published"]))
        except DateTextError as error:
            raise ValueError(f"published: {error}") from None
        path = self.folder / entry["file"]
        if not path.is_file():
            raise ValueError(f"article file {path} not found")
        try:
            self.articles[entry["slug"]] = read_article(path.read_bytes(), str(path))
        except ArticleError as error:
            raise ValueError(str(error)) from None
        return {
            "file_name": entry["file"],
            "title": entry["title"],
            "sentence_title": entry.get("sentence_title", ""),
            "publisher": entry["publisher"],
            "outlet": entry.get("outlet", ""),
            "authors": list(entry.get("authors", [])),
            "published": published.earliest,
            "published_precision": published.precision,
            "url": entry.get("url", ""),
            "kind": entry.get("kind", Source.Kind.NEWS_REPORT),
            "status": entry.get("status", Source.Status.PUBLIC),
            "notes": entry.get("notes", ""),
        }

    def save_source(self, source: Source, values: dict, entry: dict) -> None:
        """A source is saved with its article, through the write path (store_article)."""
        created = source.pk is None
        article = self.articles[source.slug]
        changed = assign(source, {**values, "raw_text": article.raw})
        if not (created or changed):
            return
        try:
            source.full_clean(validate_unique=False, exclude=["text", "raw_sha256"])
            check_article(source, article)
        except ValidationError as error:
            raise ValueError(validation_messages(error)) from None
        except OrphanedCitations as error:
            raise ValueError("; ".join(error.problems)) from None
        except DuplicateArticle as error:
            raise ValueError(str(error)) from None
        # A source's status is checked from its citing events (EventRows), which may
        # change in the same load.
        if store_article(source, article) and not created:
            self.report.count("updated", "article texts")
        self.report.count("created" if created else "updated", "sources")

    def place(self, slug: str, quote: str, prefix: str, suffix: str, label: str):
        """(passage, start, end) of a quote in the named source, or None after a problem."""
        source = Source.objects.filter(slug=slug).first() if slug in self.articles else None
        if source is None:
            self.problem(f"{label}: unknown source '{slug}'")
            return None
        try:
            index, start, end = place_quote(self.articles[slug], quote, prefix, suffix)
        except (QuoteNotFound, QuoteAmbiguous) as error:
            self.problem(f"{label}: in source '{slug}': {error}")
            return None
        if slug not in self.passages:  # once per source, not once per quote
            self.passages[slug] = list(source.passages.order_by("number"))
        return self.passages[slug][index], start, end


def stored_values(row) -> list:
    """What saving the row would write (a generated column is the database's to write)."""
    return [getattr(row, f.attname) for f in row._meta.concrete_fields if not f.generated]


def prune_anchored(events_data: dict, not_events_data: dict) -> None:
    """Drop citations and 'not an event' marks the seeds no longer make.

    This runs before articles are re-split, so that an edited article is not
    refused for the sake of a quote that is going away anyway.
    """
    cited = {
        (event.get("slug"), item.get("source"), item.get("quote"))
        for event in events_data.get("events", [])
        for item in event.get("citations", [])
    }
    stale = [
        c.pk
        for c in Citation.objects.select_related("event", "passage__source")
        if (c.event.slug, c.passage.source.slug, c.quote) not in cited
    ]
    Citation.objects.filter(pk__in=stale).delete()
    marked = {
        (item.get("source"), item.get("quote")) for item in not_events_data.get("not_events", [])
    }
    stale = [
        n.pk
        for n in NotAnEvent.objects.select_related("passage__source")
        if (n.passage.source.slug, n.quote) not in marked
    ]
    NotAnEvent.objects.filter(pk__in=stale).delete()


def refresh_planner_statistics() -> None:
    """Statistics for the query planner, refreshed after a load.

    Without them SQLite guesses, and on a large corpus it guesses wrong: it would
    walk every published event to find the citations of one article's passages
    instead of looking the passages up. PostgreSQL's autovacuum gathers them
    too, but only some time after a load. VACUUM also marks the pages just written as
    seen by all, so that PostgreSQL reads a word's matches from the word tables'
    index alone (migration 0026); it cannot run inside a transaction.
    """
    vacuum = connection.vendor == "postgresql" and not connection.in_atomic_block
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE)" if vacuum else "ANALYZE")


def load_seeds(folder: Path, replace: bool = False) -> LoadReport:
    return Loader(folder).run(replace=replace)
