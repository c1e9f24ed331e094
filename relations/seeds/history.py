"""The history of events and sources: each saved state as seeds/ would write it,
and what changed between two states, field by field.

The admin records a revision after each save, the loader after each load that
changed an object. Comparing records (not rows) shows a citation, an actor or a
link added to an event, and the words of a corrected article.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from django.utils import timezone

from ..models import Event, Revision, Source
from .records import EVENT_PREFETCH, event_form, source_form

# Fields shown as a text whose changed words are marked, not as old → new.
LONG_TEXT = {"text", "notes"}
# A list item in a line a curator recognises.
ITEM_LINE = {
    "claims": lambda c: f"{c['text']} [{', '.join(c['evidence'])}]",
    "citations": lambda c: (
        f"{c['key']}: {c['source']} “{c['quote']}”"
        + (f" (note: {c['note']})" if c.get("note") else "")
    ),
    "actors": lambda a: f"{a['actor']} ({a['role']})",
    "places": lambda p: f"{p['place']} ({p['role']}; {p['precision']})",
    "links": lambda link: (
        f"{link['kind']} from {link['from']} [{', '.join(link['evidence'])}]"
        + (f" (note: {link['note']})" if link.get("note") else "")
    ),
    "date_corrections": lambda c: (
        f"“{c['quote']}” means {c['means']}" + (f" (note: {c['note']})" if c.get("note") else "")
    ),
}
CONTEXT_WORDS = 8


@dataclass
class Change:
    """One field's change: old → new for a value, lines out and in for a list,
    and for a long text the changed stretches, each as (words, '-'|'+'|' ') runs."""

    name: str
    old: str = ""
    new: str = ""
    removed: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    stretches: list[list[tuple[str, str]]] = field(default_factory=list)

    @property
    def label(self) -> str:
        return self.name.replace("_", " ")

    def __str__(self) -> str:
        if self.stretches:
            marked = [
                "".join(f"[{op}{words}]" if op != " " else words for words, op in stretch)
                for stretch in self.stretches
            ]
            return f"{self.label}: " + " … ".join(marked)
        if self.removed or self.added:
            lines = [f"- {line}" for line in self.removed] + [f"+ {line}" for line in self.added]
            return f"{self.label}: " + "; ".join(lines)
        return f"{self.label}: “{self.old}” → “{self.new}”"


def event_record(event: Event) -> dict:
    event = Event.objects.prefetch_related(*EVENT_PREFETCH).get(pk=event.pk)
    return event_form(event)


def source_record(source: Source) -> dict:
    source = Source.objects.prefetch_related("passages__date_corrections").get(pk=source.pk)
    return {**source_form(source), "text": source.raw_text}


def record_of(obj) -> dict:
    return event_record(obj) if isinstance(obj, Event) else source_record(obj)


def kind_of(obj) -> str:
    return Revision.Kind.EVENT if isinstance(obj, Event) else Revision.Kind.SOURCE


def record_revision(obj, user=None, reason: str = "", record: dict | None = None, proposed_by=None):
    """Keep the object's state as a revision, unless it is the one last kept. It is
    dated by the object's `updated` stamp, which the admin's forms are opened with."""
    kind = kind_of(obj)
    record = record_of(obj) if record is None else record
    last = latest(kind, obj.pk)
    if last is not None and last.record == record:
        return None
    updated = type(obj).objects.filter(pk=obj.pk).values_list("updated", flat=True).first()
    return Revision.objects.create(
        kind=kind,
        object_id=obj.pk,
        record=record,
        user=user,
        proposed_by=proposed_by,
        reason=reason,
        time=updated or timezone.now(),
    )


def latest(kind: str, object_id: int, before=None) -> Revision | None:
    revisions = Revision.objects.filter(kind=kind, object_id=object_id)
    if before is not None:
        revisions = revisions.filter(time__lte=before)
    return revisions.order_by("-time", "-id").first()


def ever_published(event: Event, initial: dict) -> bool:
    """Whether the event was public when the form was opened, or at any time before."""
    return (
        bool(initial.get("published"))
        or Revision.objects.filter(
            kind=Revision.Kind.EVENT, object_id=event.pk, record__published=True
        ).exists()
    )


def history(obj) -> list[tuple[Revision, list[Change]]]:
    """Each revision, newest first, with what it changed from the one before."""
    revisions = list(
        Revision.objects.filter(kind=kind_of(obj), object_id=obj.pk)
        .select_related("user")
        .order_by("time", "id")
    )
    entries, before = [], None
    for revision in revisions:
        entries.append((revision, changes(before, revision.record)))
        before = revision.record
    return entries[::-1]


def changes_since(obj, moment) -> list[tuple[Revision, list[Change]]]:
    """Who changed what after `moment` (when a curator opened the form), each
    change against the state before it."""
    return [(rev, found) for rev, found in history(obj) if rev.time > moment]


def changes(before: dict | None, after: dict) -> list[Change]:
    """What differs between two records, in the record's own order."""
    if before is None:
        return [Change("created")]
    found = []
    for name in after.keys() | before.keys():
        old, new = before.get(name), after.get(name)
        if old == new:
            continue
        if name in ITEM_LINE or isinstance(old, list) or isinstance(new, list):
            to_line = ITEM_LINE.get(name, str)
            old_lines = [to_line(item) for item in old or []]
            new_lines = [to_line(item) for item in new or []]
            found.append(
                Change(
                    name,
                    removed=[line for line in old_lines if line not in new_lines],
                    added=[line for line in new_lines if line not in old_lines],
                )
            )
        elif name in LONG_TEXT:
            found.append(Change(name, stretches=text_stretches(str(old or ""), str(new or ""))))
        else:
            found.append(Change(name, old=_shown(old), new=_shown(new)))
    order = list(after) + [name for name in before if name not in after]
    return sorted(found, key=lambda change: order.index(change.name))


def _shown(value) -> str:
    return "" if value is None else str(value)


def text_stretches(old: str, new: str) -> list[list[tuple[str, str]]]:
    """The changed stretches of a text, word by word, with a few words either side."""
    a, b = re.split(r"(\s+)", old), re.split(r"(\s+)", new)
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    stretches = []
    for group in matcher.get_grouped_opcodes(CONTEXT_WORDS * 2):
        runs = []
        for op, i1, i2, j1, j2 in group:
            if op == "equal":
                runs.append(("".join(a[i1:i2]), " "))
                continue
            if i2 > i1:
                runs.append(("".join(a[i1:i2]), "-"))
            if j2 > j1:
                runs.append(("".join(b[j1:j2]), "+"))
        stretches.append(runs)
    return stretches
