"""Reading seeds/ into the database, atomically and idempotently.

seeds/ holds the article files, `sources.toml` (their metadata),
`events.toml` (actors, events and the citations anchoring them to quotes,
outside references, periods) and `not_events.toml` (date mentions that are
deliberately not events). A load either applies all of it or nothing; its
errors name the file, the line or passage, and the reason. Objects keep their
ids across loads, so URLs stay put. Each object's seed form is fingerprinted
after a load, so a later load can tell curators' unexported changes from its
own and refuse to overwrite them.
"""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from ..anchoring import QuoteAmbiguous, QuoteNotFound
from ..dates import DateTextError, end_problem, parse_date_text
from ..ingest import ArticleError, CleanArticle, fingerprint, read_article
from ..models import (
    Actor,
    Citation,
    Event,
    EventActor,
    EventRedirect,
    ExternalReference,
    NotAnEvent,
    Period,
    Source,
)
from ..planner import refresh_planner_statistics
from ..resplit import OrphanedCitations, place_quote, refresh_mentions, resplit
from ..search import DERIVED_PREFETCH, refresh_derived_fields
from .forms import record_digests, unexported_changes

SOURCES_FILE = "sources.toml"
EVENTS_FILE = "events.toml"
NOT_EVENTS_FILE = "not_events.toml"


class SeedError(Exception):
    """Everything wrong with a seeds folder, one problem a line."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass
class LoadReport:
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    deleted: dict[str, int] = field(default_factory=dict)

    def count(self, bucket: str, kind: str, n: int = 1) -> None:
        target = getattr(self, bucket)
        target[kind] = target.get(kind, 0) + n

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.deleted)

    def __str__(self) -> str:
        if not self.changed:
            return "Nothing to change: the database already matches the seeds."
        parts = []
        for bucket in ("created", "updated", "deleted"):
            counts = getattr(self, bucket)
            if counts:
                parts.append(
                    f"{bucket} " + ", ".join(f"{n} {kind}" for kind, n in sorted(counts.items()))
                )
        return "Loaded seeds: " + "; ".join(parts) + "."


# --- Reading the files --------------------------------------------------------


def _read_toml(path: Path) -> tuple[dict, str]:
    if not path.is_file():
        raise SeedError([f"{path}: file not found"])
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise SeedError([f"{path}: line {line}: not UTF-8 text"]) from None
    try:
        return tomllib.loads(text), text
    except tomllib.TOMLDecodeError as error:
        raise SeedError([f"{path}: {error}"]) from None


def _line_of(text: str, value: str, after: int = 1) -> int:
    """The line where a TOML string value first appears, at or after line `after`."""
    needle = json.dumps(value, ensure_ascii=False)[1:-1][:60]
    lines = text.splitlines()
    for number in range(max(after, 1), len(lines) + 1):
        if needle in lines[number - 1]:
            return number
    return after


_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def _require(entry: dict, keys: tuple[str, ...], where: str, problems: list[str]) -> bool:
    missing = [key for key in keys if not str(entry.get(key, "")).strip()]
    if missing:
        problems.append(f"{where}: missing {', '.join(missing)}")
    slug = entry.get("slug")
    if isinstance(slug, str) and slug and not _SLUG.match(slug):
        problems.append(f"{where}: slug '{slug}' must be lower-case words joined by hyphens")
        return False
    return not missing


def _assign(obj, values: dict) -> bool:
    """Set fields that differ; True if any did."""
    changed = False
    for name, value in values.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed = True
    return changed


def _validation_messages(error: ValidationError) -> str:
    if hasattr(error, "message_dict"):
        return "; ".join(
            f"{name}: {' '.join(messages)}" if name != "__all__" else " ".join(messages)
            for name, messages in error.message_dict.items()
        )
    return " ".join(error.messages)


# --- Loading -------------------------------------------------------------------


class Loader:
    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self.problems: list[str] = []
        self.report = LoadReport()
        self.articles: dict[str, CleanArticle] = {}
        self.passages: dict[str, list] = {}  # each source's passages, in order, once placed
        self.dropped_sources: list[Source] = []

    def problem(self, message: str) -> None:
        self.problems.append(message)

    def check(self) -> None:
        if self.problems:
            raise SeedError(self.problems)

    def run(self, replace: bool = False) -> LoadReport:
        sources_path = self.folder / SOURCES_FILE
        events_path = self.folder / EVENTS_FILE
        not_events_path = self.folder / NOT_EVENTS_FILE
        sources_data, sources_text = _read_toml(sources_path)
        events_data, events_text = _read_toml(events_path)
        not_events_data, not_events_text = (
            _read_toml(not_events_path) if not_events_path.exists() else ({}, "")
        )
        started = timezone.now()
        with transaction.atomic():
            if not replace and (changes := unexported_changes()):
                raise SeedError(
                    [
                        "The database holds changes not exported to seeds/ "
                        "(run `manage.py export_seeds` first, or load with --replace to discard them):"
                    ]
                    + [f"  - {change}" for change in changes]
                )
            prune_anchored(events_data, not_events_data)
            self.load_sources(sources_data, sources_text, sources_path)
            self.check()
            self.load_actors(events_data, events_text, events_path)
            self.check()
            self.load_events(events_data, events_text, events_path)
            self.check()
            self.load_periods(events_data, events_text, events_path)
            self.load_not_events(not_events_data, not_events_text, not_events_path)
            self.check()
            refresh_derived_fields(Event.objects.prefetch_related(*DERIVED_PREFETCH))
            record_digests()
            stamp_history(started, "load_seeds")
        refresh_planner_statistics()
        return self.report

    # Sources and their passages.

    def load_sources(self, data: dict, text: str, path: Path) -> None:
        entries = data.get("sources", [])
        if not isinstance(entries, list) or not entries:
            self.problem(f"{path}: no [[sources]] entries")
            return
        seen: set[str] = set()
        wanted = []
        for entry in entries:
            line = _line_of(text, str(entry.get("slug", "")))
            where = f"{path}:{line}"
            if not _require(
                entry, ("slug", "file", "title", "publisher", "published"), where, self.problems
            ):
                continue
            slug = entry["slug"]
            if slug in seen:
                self.problem(f"{where}: source '{slug}' is listed twice")
                continue
            seen.add(slug)
            try:
                published = parse_date_text(str(entry["published"]))
            except DateTextError as error:
                self.problem(f"{where}: source '{slug}': published: {error}")
                continue
            article_path = self.folder / entry["file"]
            if not article_path.is_file():
                self.problem(f"{where}: source '{slug}': article file {article_path} not found")
                continue
            raw = article_path.read_bytes()
            try:
                article = read_article(raw, str(article_path))
            except ArticleError as error:
                self.problem(str(error))
                continue
            self.articles[slug] = article
            wanted.append((where, entry, published, article, fingerprint(raw)))
        if self.problems:
            return

        existing = {s.slug: s for s in Source.objects.all()}
        for where, entry, published, article, sha in wanted:
            source = existing.pop(entry["slug"], None)
            values = {
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
                "notes": entry.get("notes", ""),
                "raw_text": article.raw,
                "text": article.text,
                "byline": article.byline,
                "correction": article.correction,
                "raw_sha256": sha,
            }
            created = source is None
            source = source or Source(slug=entry["slug"])
            dated_anew = not created and source.published != published.earliest
            if _assign(source, values) or created:
                try:
                    source.full_clean(validate_unique=False)
                except ValidationError as error:
                    self.problem(f"{where}: source '{source.slug}': {_validation_messages(error)}")
                    continue
                source.save()
                self.report.count("created" if created else "updated", "sources")
            try:
                if resplit(source, article) and not created:
                    self.report.count("updated", "article texts")
                elif dated_anew:
                    refresh_mentions(source, list(source.passages.all()))
            except OrphanedCitations as error:
                for problem in error.problems:
                    self.problem(f"{where}: {problem}")
        # Sources dropped from the seeds go once no event cites them (checked last).
        self.dropped_sources = list(existing.values())

    # Actors.

    def load_actors(self, data: dict, text: str, path: Path) -> None:
        existing = {a.slug: a for a in Actor.objects.all()}
        seen: set[str] = set()
        for entry in data.get("actors", []):
            line = _line_of(text, str(entry.get("slug", "")))
            where = f"{path}:{line}"
            if not _require(entry, ("slug", "name", "kind", "side"), where, self.problems):
                continue
            slug = entry["slug"]
            if slug in seen:
                self.problem(f"{where}: actor '{slug}' is listed twice")
                continue
            seen.add(slug)
            actor = existing.get(slug) or Actor(slug=slug)
            created = actor.pk is None
            values = {
                "name": entry["name"],
                "kind": entry["kind"],
                "side": entry["side"],
                "aliases": list(entry.get("aliases", [])),
                "description": entry.get("description", ""),
            }
            if _assign(actor, values) or created:
                try:
                    actor.full_clean(validate_unique=False)
                except ValidationError as error:
                    self.problem(f"{where}: actor '{slug}': {_validation_messages(error)}")
                    continue
                actor.save()
                self.report.count("created" if created else "updated", "actors")
        self.actors = {a.slug: a for a in Actor.objects.filter(slug__in=seen)}
        self.stale_actors = [a for slug, a in existing.items() if slug not in seen]

    # Events, their actors and citations.

    def load_events(self, data: dict, text: str, path: Path) -> None:
        existing = {
            e.slug: e
            for e in Event.objects.prefetch_related(
                "event_actors__actor", "citations__passage__source", "references"
            )
        }
        sources = {s.slug: s for s in Source.objects.all()}
        seen: set[str] = set()
        for entry in data.get("events", []):
            line = _line_of(text, str(entry.get("slug", "")))
            where = f"{path}:{line}"
            if not _require(
                entry,
                ("slug", "title", "summary", "start", "kind", "tone", "significance"),
                where,
                self.problems,
            ):
                continue
            slug = entry["slug"]
            if slug in seen:
                self.problem(f"{where}: event '{slug}' is listed twice")
                continue
            seen.add(slug)
            event = existing.get(slug) or Event(slug=slug)
            if self.save_event(event, entry, where):
                self.save_event_actors(event, entry, where)
                self.save_citations(event, entry, where, text, line, sources)
                self.save_references(event, entry, where)
                self.save_old_slugs(event, entry, where)

        for slug, event in existing.items():
            if slug not in seen:
                event.delete()
                self.report.count("deleted", "events")
        for actor in self.stale_actors:
            if actor.event_roles.exists():
                self.problem(
                    f"actor '{actor.slug}' was removed from the seeds but events still name it"
                )
            else:
                actor.delete()
                self.report.count("deleted", "actors")
        for source in self.dropped_sources:
            if Citation.objects.filter(passage__source=source).exists():
                self.problem(
                    f"source '{source.slug}' was removed from the seeds but events still cite it"
                )
            else:
                source.delete()
                self.report.count("deleted", "sources")

    def save_event(self, event: Event, entry: dict, where: str) -> bool:
        created = event.pk is None
        try:
            start = parse_date_text(str(entry["start"]))
            end = parse_date_text(str(entry["end"])) if entry.get("end") else None
        except DateTextError as error:
            self.problem(f"{where}: event '{event.slug}': {error}")
            return False
        before = _date_fields(event)
        event.start, event.end = start, end
        after = _date_fields(event)
        values = {
            "title": entry["title"],
            "summary": entry["summary"].strip(),
            "place": entry.get("place", ""),
            "kind": entry["kind"],
            "tone": entry["tone"],
            "significance": entry["significance"],
            "published": entry.get("published", True),
        }
        changed = _assign(event, values) or before != after
        if end is not None and (problem := end_problem(start, end)):
            self.problem(f"{where}: event '{event.slug}': {problem}")
            return False
        if changed or created:
            try:
                event.full_clean(validate_unique=False)
            except ValidationError as error:
                self.problem(f"{where}: event '{event.slug}': {_validation_messages(error)}")
                return False
            event.save()
            self.report.count("created" if created else "updated", "events")
        return True

    def save_event_actors(self, event: Event, entry: dict, where: str) -> None:
        links = {link.actor.slug: link for link in event.event_actors.all()} if event.pk else {}
        wanted = set()
        for item in entry.get("actors", []):
            slug, role = item.get("actor", ""), item.get("role", "")
            actor = self.actors.get(slug)
            if actor is None:
                self.problem(f"{where}: event '{event.slug}': unknown actor '{slug}'")
                continue
            if slug in wanted:
                self.problem(f"{where}: event '{event.slug}': actor '{slug}' is named twice")
                continue
            wanted.add(slug)
            link = links.get(slug)
            if link is None:
                EventActor.objects.create(event=event, actor=actor, role=role)
                self.report.count("created", "event actors")
            elif link.role != role:
                link.role = role
                link.save(update_fields=["role"])
                self.report.count("updated", "event actors")
        for slug, link in links.items():
            if slug not in wanted:
                link.delete()
                self.report.count("deleted", "event actors")

    def place(self, sources: dict, slug: str, quote: str, prefix: str, suffix: str, label: str):
        """(passage, start, end) of a quote in the named source, or None after a problem."""
        source = sources.get(slug)
        if source is None:
            self.problem(f"{label}: unknown source '{slug}'")
            return None
        try:
            index, start, end = place_quote(self.articles[source.slug], quote, prefix, suffix)
        except (QuoteNotFound, QuoteAmbiguous) as error:
            self.problem(f"{label}: in source '{source.slug}': {error}")
            return None
        if source.slug not in self.passages:  # once per source, not once per quote
            self.passages[source.slug] = list(source.passages.order_by("number"))
        return self.passages[source.slug][index], start, end

    def save_citations(self, event, entry, where, text, line, sources) -> None:
        existing = list(event.citations.all()) if event.pk else []
        kept = set()
        for number, item in enumerate(entry.get("citations", []), 1):
            quote = str(item.get("quote", ""))
            at = f"{where.rsplit(':', 1)[0]}:{_line_of(text, quote, line) if quote else line}"
            label = f"event '{event.slug}', citation {number}"
            prefix, suffix = item.get("prefix", ""), item.get("suffix", "")
            placed = self.place(
                sources, item.get("source", ""), quote, prefix, suffix, f"{at}: {label}"
            )
            if placed is None:
                continue
            passage, start, end = placed
            source = passage.source
            values = {
                "passage": passage,
                "quote": quote,
                "prefix": prefix,
                "suffix": suffix,
                "start": start,
                "end": end,
                "note": item.get("note", "").strip(),
            }
            citation = next(
                (
                    c
                    for c in existing
                    if c.pk not in kept and c.passage_id == passage.pk and c.start == start
                ),
                None,
            ) or next(
                (
                    c
                    for c in existing
                    if c.pk not in kept and c.quote == quote and c.passage.source_id == source.pk
                ),
                None,
            )
            if citation is None:
                citation = Citation(event=event, **values)
                citation.save()
                self.report.count("created", "citations")
            elif _assign(citation, values):
                citation.save()
                self.report.count("updated", "citations")
            kept.add(citation.pk)
        for citation in existing:
            if citation.pk not in kept:
                citation.delete()
                self.report.count("deleted", "citations")

    def save_references(self, event: Event, entry: dict, where: str) -> None:
        """Reporting outside the corpus for claims no article states."""
        wanted = []
        for number, item in enumerate(entry.get("references", []), 1):
            label = f"{where}: event '{event.slug}', reference {number}"
            missing = [k for k in ("claim", "publisher", "title", "published") if not item.get(k)]
            if missing:
                self.problem(f"{label}: missing {', '.join(missing)}")
                continue
            try:
                published = date.fromisoformat(str(item["published"]))
            except ValueError:
                self.problem(f"{label}: published must be a date like 2012-07-03")
                continue
            wanted.append(
                (item["claim"], item["publisher"], item["title"], published, item.get("url", ""))
            )
        # Stored, and so compared, in date order (see ExternalReference.Meta).
        wanted.sort(key=lambda r: (r[3], r[0]))
        have = [(r.claim, r.publisher, r.title, r.published, r.url) for r in event.references.all()]
        if have != wanted:
            event.references.all().delete()
            for claim, publisher, title, published, url in wanted:
                reference = ExternalReference(
                    event=event,
                    claim=claim,
                    publisher=publisher,
                    title=title,
                    published=published,
                    url=url,
                )
                try:
                    reference.full_clean()
                except ValidationError as error:
                    self.problem(
                        f"{where}: event '{event.slug}': reference: {_validation_messages(error)}"
                    )
                    continue
                reference.save()
            self.report.count("updated" if have else "created", "events' outside references")

    def save_old_slugs(self, event: Event, entry: dict, where: str) -> None:
        """Former slugs of the event, whose URLs redirect to it."""
        wanted = set(entry.get("old_slugs", []))
        have = {r.slug: r for r in event.redirects.all()}
        for slug in sorted(wanted - have.keys()):
            if not _SLUG.match(slug) or slug == event.slug:
                self.problem(
                    f"{where}: event '{event.slug}': old slug '{slug}' is not a usable slug"
                )
                continue
            taken = EventRedirect.objects.filter(slug=slug).exclude(event=event).first()
            if taken or Event.objects.filter(slug=slug).exists():
                self.problem(
                    f"{where}: event '{event.slug}': old slug '{slug}' is in use elsewhere"
                )
                continue
            EventRedirect.objects.create(slug=slug, event=event)
            self.report.count("created", "redirects")
        for slug, redirect in have.items():
            if slug not in wanted:
                redirect.delete()
                self.report.count("deleted", "redirects")

    # Periods.

    def load_periods(self, data: dict, text: str, path: Path) -> None:
        existing = {p.slug: p for p in Period.objects.all()}
        seen: set[str] = set()
        for entry in data.get("periods", []):
            where = f"{path}:{_line_of(text, str(entry.get('slug', '')))}"
            if not _require(entry, ("slug", "name", "start", "end"), where, self.problems):
                continue
            slug = entry["slug"]
            if slug in seen:
                self.problem(f"{where}: period '{slug}' is listed twice")
                continue
            seen.add(slug)
            try:
                start, end = (
                    parse_date_text(str(entry["start"])),
                    parse_date_text(str(entry["end"])),
                )
            except DateTextError as error:
                self.problem(f"{where}: period '{slug}': {error}")
                continue
            if end.latest < start.earliest:
                self.problem(f"{where}: period '{slug}': it ends before it starts")
                continue
            period = existing.get(slug) or Period(slug=slug)
            created = period.pk is None
            values = {
                "name": entry["name"],
                "description": entry.get("description", "").strip(),
                "start_text": start.text,
                "end_text": end.text,
                "first_day": start.earliest,
                "last_day": end.latest,
                "start_precision": start.precision,
                "end_precision": end.precision,
            }
            if _assign(period, values) or created:
                period.save()
                self.report.count("created" if created else "updated", "periods")
        for slug, period in existing.items():
            if slug not in seen:
                period.delete()
                self.report.count("deleted", "periods")

    # Date mentions that are deliberately not events.

    def load_not_events(self, data: dict, text: str, path: Path) -> None:
        sources = {s.slug: s for s in Source.objects.all()}
        existing = {(n.passage_id, n.start): n for n in NotAnEvent.objects.all()}
        kept = set()
        for number, entry in enumerate(data.get("not_events", []), 1):
            quote = str(entry.get("quote", ""))
            where = f"{path}:{_line_of(text, quote) if quote else 1}"
            label = f"{where}: not-an-event {number}"
            if not _require(entry, ("source", "quote", "reason"), label, self.problems):
                continue
            prefix, suffix = entry.get("prefix", ""), entry.get("suffix", "")
            placed = self.place(sources, entry["source"], quote, prefix, suffix, label)
            if placed is None:
                continue
            passage, start, end = placed
            if not any(m.start < end and start < m.end for m in passage.mentions.all()):
                self.problem(
                    f"{label}: “{quote}” holds no date mention; only mentions need a reason"
                )
                continue
            values = {
                "quote": quote,
                "prefix": prefix,
                "suffix": suffix,
                "start": start,
                "end": end,
                "reason": entry["reason"].strip(),
            }
            item = existing.get((passage.pk, start))
            if item is None:
                item = NotAnEvent.objects.create(passage=passage, **values)
                self.report.count("created", "not-events")
            elif _assign(item, values):
                item.save()
                self.report.count("updated", "not-events")
            kept.add(item.pk)
        for item in existing.values():
            if item.pk not in kept:
                item.delete()
                self.report.count("deleted", "not-events")


def _date_fields(event: Event) -> tuple:
    return tuple(
        getattr(event, f"{side}_{part}")
        for side in ("start", "end")
        for part in ("earliest", "latest", "precision", "qualifier", "text")
    )


def stamp_history(since, reason: str) -> None:
    """Mark the history entries written since `since` as made by `reason`."""
    for model in (Source, Actor, Event, EventActor, Citation, NotAnEvent, ExternalReference):
        model.history.filter(history_date__gte=since, history_change_reason__isnull=True).update(
            history_change_reason=reason
        )


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


def load_seeds(folder: Path, replace: bool = False) -> LoadReport:
    return Loader(folder).run(replace=replace)
