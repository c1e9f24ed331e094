"""Events from seeds/events.toml, with their actors, citations, references and old slugs."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError

from ..models import Citation, Event, EventActor, EventRedirect, ExternalReference
from .read import SLUG, SeedFile, assign, validation_messages

REQUIRED = ("slug", "title", "summary", "start", "kind", "tone", "significance")


class EventRows:
    """The events of one load; problems go to the loader, which owns the transaction."""

    def __init__(self, loader, file: SeedFile):
        self.loader, self.file = loader, file
        self.problem = loader.problem
        self.report = loader.report

    def load(self) -> None:
        events = Event.objects.prefetch_related(
            "event_actors__actor", "citations__passage__source", "references", "redirects"
        )
        _, stale = self.loader.upsert(
            "event", events, self.file, "events", REQUIRED, event_values, self.save_event
        )
        for event in stale:
            self.loader.delete("events", event)

    def save_event(self, event: Event, values: dict, entry: dict) -> None:
        self.loader.save(event, values, "events")
        where = self.file.where(event.slug)
        self.save_actors(event, entry, where)
        self.save_citations(event, entry, where)
        self.save_references(event, entry, where)
        self.save_old_slugs(event, entry, where)

    def save_actors(self, event: Event, entry: dict, where: str) -> None:
        links = {link.actor.slug: link for link in event.event_actors.all()}
        wanted = set()
        for item in entry.get("actors", []):
            slug, role = item.get("actor", ""), item.get("role", "")
            actor = self.loader.actors.get(slug)
            if actor is None:
                self.problem(f"{where}: event '{event.slug}': unknown actor '{slug}'")
                continue
            if slug in wanted:
                self.problem(f"{where}: event '{event.slug}': actor '{slug}' is named twice")
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
        kept = set()
        for number, item in enumerate(entry.get("citations", []), 1):
            quote = str(item.get("quote", ""))
            at = self.file.where(quote, line) if quote else where
            prefix, suffix = item.get("prefix", ""), item.get("suffix", "")
            label = f"{at}: event '{event.slug}', citation {number}"
            placed = self.loader.place(item.get("source", ""), quote, prefix, suffix, label)
            if placed is None:
                continue
            passage, start, end = placed
            values = {
                "passage": passage,
                "quote": quote,
                "prefix": prefix,
                "suffix": suffix,
                "start": start,
                "end": end,
                "note": item.get("note", "").strip(),
            }
            # The same citation, where it stood, or by its words (its paragraph moved).
            citation = next(
                (
                    c
                    for c in existing
                    if c.pk not in kept and (c.passage_id, c.start) == (passage.pk, start)
                ),
                None,
            ) or next(
                (
                    c
                    for c in existing
                    if c.pk not in kept
                    and c.quote == quote
                    and c.passage.source_id == passage.source_id
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
        if have == wanted:
            return
        event.references.all().delete()
        for claim, publisher, title, published, url in wanted:
            reference = ExternalReference(event=event)
            assign(reference, {"claim": claim, "publisher": publisher, "title": title})
            assign(reference, {"published": published, "url": url})
            try:
                reference.full_clean()
            except ValidationError as error:
                self.problem(
                    f"{where}: event '{event.slug}': reference: {validation_messages(error)}"
                )
                continue
            reference.save()
        self.report.count("updated" if have else "created", "events' outside references")

    def save_old_slugs(self, event: Event, entry: dict, where: str) -> None:
        """Former slugs of the event, whose URLs redirect to it."""
        wanted = set(entry.get("old_slugs", []))
        have = {r.slug: r for r in event.redirects.all()}
        for slug in sorted(wanted - have.keys()):
            if not SLUG.match(slug) or slug == event.slug:
                self.problem(
                    f"{where}: event '{event.slug}': old slug '{slug}' is not a usable slug"
                )
                continue
            taken = EventRedirect.objects.filter(slug=slug).exclude(event=event).exists()
            if taken or Event.objects.filter(slug=slug).exists():
                self.problem(
                    f"{where}: event '{event.slug}': old slug '{slug}' is in use elsewhere"
                )
                continue
            EventRedirect.objects.create(slug=slug, event=event)
            self.report.count("created", "redirects")
        for slug, redirect in have.items():
            if slug not in wanted:
                self.loader.delete("redirects", redirect)


def event_values(entry: dict) -> dict:
    return {
        "title": entry["title"],
        "summary": entry["summary"].strip(),
        "start_text": str(entry["start"]),
        "end_text": str(entry.get("end", "")),
        "place": entry.get("place", ""),
        "kind": entry["kind"],
        "tone": entry["tone"],
        "significance": entry["significance"],
        "published": entry.get("published", True),
    }
