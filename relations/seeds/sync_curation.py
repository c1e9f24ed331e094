"""What curation adds beside the events in seeds/: threads, and date mentions that are
deliberately not events."""

from __future__ import annotations

from ..models import DateCorrection, Event, NotAnEvent, Source, Thread, ThreadEvent
from ..store.mentions import refresh_mentions
from .read import SeedFile, missing_keys


def save_thread(loader, thread: Thread, values: dict, entry: dict) -> None:
    """A thread and its events, in order."""
    slugs = [str(slug) for slug in entry["events"]]
    events = {e.slug: e for e in Event.objects.filter(slug__in=slugs)}
    if unknown := [slug for slug in slugs if slug not in events]:
        raise ValueError(f"no event is called {', '.join(repr(s) for s in unknown)}")
    if len(set(slugs)) < len(slugs):
        raise ValueError("an event is listed twice")
    loader.save(thread, values, "threads")
    if [step.event.slug for step in thread.steps.all()] != slugs:
        thread.steps.all().delete()
        ThreadEvent.objects.bulk_create(
            ThreadEvent(thread=thread, event=events[slug], position=position)
            for position, slug in enumerate(slugs, 1)
        )
        loader.report.count("updated", "threads' events")


def load_not_events(loader, file: SeedFile) -> None:
    existing = {(n.passage_id, n.start): n for n in NotAnEvent.objects.all()}
    kept = set()
    for number, entry in enumerate(file.entries("not_events"), 1):
        quote = str(entry.get("quote", ""))
        label = f"{file.where(quote) if quote else f'{file.path}:1'}: not-an-event {number}"
        if missing := missing_keys(entry, ("source", "quote", "reason")):
            loader.problem(f"{label}: missing {', '.join(missing)}")
            continue
        prefix, suffix = entry.get("prefix", ""), entry.get("suffix", "")
        placed = loader.place(entry["source"], quote, prefix, suffix, label)
        if placed is None:
            continue
        passage, start, end = placed
        if not any(m.start < end and start < m.end for m in passage.mentions.all()):
            loader.problem(f"{label}: “{quote}” holds no date mention; only mentions need a reason")
            continue
        item = existing.get((passage.pk, start)) or NotAnEvent(passage=passage)
        values = {
            "quote": quote,
            "prefix": prefix,
            "suffix": suffix,
            "start": start,
            "end": end,
            "reason": entry["reason"].strip(),
        }
        try:
            loader.save(item, values, "not-events")
        except ValueError as error:
            loader.problem(f"{label}: {error}")
            continue
        kept.add(item.pk)
    for item in existing.values():
        if item.pk not in kept:
            loader.delete("not-events", item)


def load_date_corrections(loader, file: SeedFile) -> None:
    """Each source's date corrections; its mentions are read again where they changed."""
    touched = set()
    for entry in file.entries("sources"):
        slug = str(entry.get("slug", ""))
        source = Source.objects.filter(slug=slug).first()
        if source is None:
            continue
        existing = {c.quote_key: c for c in DateCorrection.objects.filter(passage__source=source)}
        kept = set()
        for number, item in enumerate(entry.get("date_corrections", []), 1):
            label = f"{file.where(slug)}: date correction {number}"
            if missing := missing_keys(item, ("quote", "means")):
                loader.problem(f"{label}: missing {', '.join(missing)}")
                continue
            quote, prefix, suffix = (str(item.get(k, "")) for k in ("quote", "prefix", "suffix"))
            placed = loader.place(slug, quote, prefix, suffix, label)
            if placed is None:
                continue
            passage, start, end = placed
            key = (quote, prefix, suffix)
            correction = existing.get(key) or DateCorrection(passage=passage)
            values = {
                "passage": passage,
                "quote": quote,
                "prefix": prefix,
                "suffix": suffix,
                "start": start,
                "end": end,
                "date_text": str(item["means"]),
                "note": str(item.get("note", "")).strip(),
            }
            before = _reading(correction)
            try:
                loader.save(correction, values, "date corrections")
            except ValueError as error:
                loader.problem(f"{label}: {error}")
                continue
            kept.add(key)
            if before != _reading(correction):
                touched.add(source.pk)
        for key, correction in existing.items():
            if key not in kept:
                loader.delete("date corrections", correction)
                touched.add(source.pk)
    for source in Source.objects.filter(pk__in=touched):
        refresh_mentions(source)


def _reading(correction: DateCorrection) -> tuple:
    """What the mentions are read from: where the words are, and what they mean."""
    return (correction.passage_id, correction.start, correction.end, correction.date_text)
