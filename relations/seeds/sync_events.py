"""Events from seeds/events.toml: their actors, citations, claims with evidence, old slugs."""

from __future__ import annotations

from datetime import date

from ..models import Citation, Event, EventActor, EventRedirect, Link, Reference, Source
from ..store import evidence
from ..store.links import cycle_problem, save_links
from .read import SLUG, SeedFile
from .sync_places import save_event_places

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
            "event_actors__actor",
            "event_places__place",
            "citations__passage__source",
            "claims",
            "redirects",
            "links_in",
        )
        self.saved = []
        rows, stale = self.loader.upsert(
            "event", events, self.file, "events", REQUIRED, event_values, self.save_event
        )
        for event in stale:
            self.loader.delete("events", event)
        # Once every event is there: a link may come from an event listed after it.
        for event, entry, where, keys in self.saved:
            self.save_evidence(event, entry, where, keys, rows)
        if not self.loader.problems and (cycle := cycle_problem()):
            self.problem(f"{self.file.path}: {cycle}")

    def save_event(self, event: Event, values: dict, entry: dict) -> None:
        self.loader.save(event, values, "events")
        where = f"{self.file.where(event.slug)}: event '{event.slug}'"
        self.save_actors(event, entry, where)
        save_event_places(self, event, entry, where)
        keys = self.save_citations(event, entry, where)
        self.save_old_slugs(event, entry, where)
        self.saved.append((event, entry, where, keys))

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
        return keys

    def save_evidence(self, event: Event, entry: dict, where: str, keys: set, events: dict):
        """The claims, in order, the links to the event, and the evidence of each claim, link
        and of the date, place and actors."""
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
            links = [
                (link, evidence.parse_items(link.get("evidence", [])))
                for link in entry.get("links", [])
            ]
        except ValueError as error:
            self.problem(f"{where}: {error}")
            return
        if any(not text for text, _ in claims):
            self.problem(f"{where}: a claim has no text")
            return
        wanted = []
        for link, _ in links:
            cause, kind = events.get(str(link.get("from", ""))), link.get("kind", "")
            if cause is None or cause == event:
                self.problem(
                    f"{where}: a link comes from “{link.get('from', '')}”, not another event"
                )
            elif kind not in Link.Kind.values:
                self.problem(f"{where}: a link's kind is one of {', '.join(Link.Kind.values)}")
            else:
                wanted.append((cause, kind, str(link.get("note", "")).strip()))
        named = {
            f"the link from '{link.get('from', '')}' ({link.get('kind', '')})": items
            for link, items in links
        }
        hidden = Citation.objects.filter(event=event).exclude(
            passage__source__status=Source.Status.PUBLIC
        )
        found = evidence.problems(
            keys,
            self.references,
            [items for _, items in claims],
            targets,
            event.published,
            named,
            sorted(set(hidden.values_list("passage__source__slug", flat=True))),
        )
        for problem in found:
            self.problem(f"{where}: {problem}")
        if found or self.loader.problems:
            return
        rows = save_links(event, wanted)
        evidence.save_evidence(
            event, claims, targets, list(zip(rows, [i for _, i in links], strict=True))
        )
        for items in [*(i for _, i in claims), *targets.values(), *(i for _, i in links)]:
            self.used |= {item.name for item in items}

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
