"""Events from seeds/events.toml: their actors, citations, claims with evidence, old slugs."""

from __future__ import annotations

from datetime import date

from ..models import Citation, Event, EventActor, EventRedirect, Reference
from ..store import evidence
from .read import SLUG, SeedFile

REQUIRED = ("slug", "title", "start", "kind", "tone", "significance")


class EventRows:
    """The events of one load; problems go to the loader, which owns the transaction."""

    def __init__(self, loader, file: SeedFile):
        self.loader, self.file = loader, file
        self.problem = loader.problem
        self.report = loader.report
        self.references = set(Reference.objects.values_list("slug", flat=True))
        self.used: set[str] = set()  # the citation keys and reference slugs evidence names

    def load(self) -> None:
        events = Event.objects.prefetch_related(
            "event_actors__actor", "citations__passage__source", "claims", "redirects"
        )
        _, stale = self.loader.upsert(
            "event", events, self.file, "events", REQUIRED, event_values, self.save_event
        )
        for event in stale:
            self.loader.delete("events", event)

    def save_event(self, event: Event, values: dict, entry: dict) -> None:
        self.loader.save(event, values, "events")
        where = f"{self.file.where(event.slug)}: event '{event.slug}'"
        self.save_actors(event, entry, where)
        self.save_citations(event, entry, where)
        self.save_evidence(event, entry, where)
        self.save_old_slugs(event, entry, where)

    def save_actors(self, event: Event, entry: dict, where: str) -> None:
        links = {link.actor.slug: link for link in event.event_actors.all()}
        wanted = set()
        for item in entry.get("actors", []):
            slug, role = item.get("actor", ""), item.get("role", "")
            actor = self.loader.actors.get(slug)
            if actor is None:
                self.problem(f"{where}: unknown actor '{slug}'")
                continue
            if slug in wanted:
                self.problem(f"{where}: actor '{slug}' is named twice")
                continue
            wanted.add(slug)
            link = links.get(slug) or EventActor(event=event, actor=actor)
            self.loader.save(link, {"role": role}, "event actors")
        for slug, link in links.items():
            if slug not in wanted:
                self.loader.delete("event actors", link)

    def save_citations(self, event: Event, entry: dict, where: str) -> None:
        existing = list(event.citations.all())
        line = self.file.line_of(event.slug)
        kept, keys = set(), set()
        for number, item in enumerate(entry.get("citations", []), 1):
            quote, key = str(item.get("quote", "")), str(item.get("key", ""))
            at = self.file.where(quote, line) if quote else where.split(": ")[0]
            label = f"{at}: event '{event.slug}', citation {number}"
            if not SLUG.match(key):
                self.problem(
                    f"{label}: give it a key, lower-case words joined by hyphens ('reuters-7')"
                )
                continue
            if key in keys:
                self.problem(f"{label}: the key “{key}” is used twice")
                continue
            keys.add(key)
            prefix, suffix = item.get("prefix", ""), item.get("suffix", "")
            placed = self.loader.place(item.get("source", ""), quote, prefix, suffix, label)
            if placed is None:
                continue
            passage, start, end = placed
            values = {
                "key": key,
                "passage": passage,
                "quote": quote,
                "prefix": prefix,
                "suffix": suffix,
                "start": start,
                "end": end,
                "note": item.get("note", "").strip(),
            }
            # The same citation, by its key, where it stood, or by its words.
            citation = next(
                (
                    c
                    for c in existing
                    if c.pk not in kept
                    and (
                        c.key == key
                        or (c.passage_id, c.start) == (passage.pk, start)
                        or (c.quote == quote and c.passage.source_id == passage.source_id)
                    )
                ),
                Citation(event=event),
            )
            try:
                self.loader.save(citation, values, "citations")
            except ValueError as error:
                self.problem(f"{label}: {error}")
                continue
            kept.add(citation.pk)
        for citation in existing:
            if citation.pk not in kept:
                self.loader.delete("citations", citation)
        self.keys = keys

    def save_evidence(self, event: Event, entry: dict, where: str) -> None:
        """The claims, in order, and the evidence of each claim, of the date, place and actors."""
        try:
            claims = [
                (
                    str(claim.get("text", "")).strip(),
                    evidence.parse_items(claim.get("evidence", [])),
                )
                for claim in entry.get("claims", [])
            ]
            targets = {
                target: evidence.parse_items(entry.get(f"{target}_evidence", []))
                for target in evidence.TARGETS
            }
        except ValueError as error:
            self.problem(f"{where}: {error}")
            return
        if any(not text for text, _ in claims):
            self.problem(f"{where}: a claim has no text")
            return
        found = evidence.problems(
            self.keys, self.references, [items for _, items in claims], targets, event.published
        )
        for problem in found:
            self.problem(f"{where}: {problem}")
        if not found and not self.loader.problems:
            evidence.save_evidence(event, claims, targets)
            self.used |= {i.name for _, items in claims for i in items}
            self.used |= {i.name for items in targets.values() for i in items}

    def save_old_slugs(self, event: Event, entry: dict, where: str) -> None:
        """Former slugs of the event, whose URLs redirect to it."""
        wanted = set(entry.get("old_slugs", []))
        have = {r.slug: r for r in event.redirects.all()}
        for slug in sorted(wanted - have.keys()):
            if not SLUG.match(slug) or slug == event.slug:
                self.problem(f"{where}: old slug '{slug}' is not a usable slug")
                continue
            taken = EventRedirect.objects.filter(slug=slug).exclude(event=event).exists()
            if taken or Event.objects.filter(slug=slug).exists():
                self.problem(f"{where}: old slug '{slug}' is in use elsewhere")
                continue
            EventRedirect.objects.create(slug=slug, event=event)
            self.report.count("created", "redirects")
        for slug, redirect in have.items():
            if slug not in wanted:
                self.loader.delete("redirects", redirect)


def event_values(entry: dict) -> dict:
    values = {
        "title": entry["title"],
        "start_text": str(entry["start"]),
        "end_text": str(entry.get("end", "")),
        "place": entry.get("place", ""),
        "kind": entry["kind"],
        "tone": entry["tone"],
        "significance": entry["significance"],
        "published": entry.get("published", True),
    }
    if "revised" in entry:  # kept as written: a load is not a revision
        try:
            values["revised"] = date.fromisoformat(str(entry["revised"]))
        except ValueError:
            raise ValueError("revised must be a date like 2012-07-03") from None
    return values
