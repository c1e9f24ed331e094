"""What led to an event and what followed it: its links, told from its side, with their evidence."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch

from ..models import Event, Evidence, Link
from ..text.highlight import spans

# How a link reads from the event it leads to, and from the event it comes from.
FROM_EFFECT = {
    Link.Kind.RESPONSE: "this was a response to it",
    Link.Kind.CAUSED: "it caused this",
    Link.Kind.LED_TO: "it led to this",
    Link.Kind.REVERSED: "this undid it",
    Link.Kind.PART_OF: "it was part of this",
}
FROM_CAUSE = {
    Link.Kind.RESPONSE: "a response to this",
    Link.Kind.CAUSED: "this caused it",
    Link.Kind.LED_TO: "this led to it",
    Link.Kind.REVERSED: "it undid this",
    Link.Kind.PART_OF: "this was part of it",
}

LINK_EVIDENCE = Evidence.objects.select_related("citation__passage__source", "reference")


def link_lookups() -> tuple:
    """Links both ways, the events at the other end and the evidence, as prefetch lookups."""
    return (
        Prefetch(
            "links_in",
            queryset=Link.objects.select_related("from_event").prefetch_related(
                Prefetch("evidence", queryset=LINK_EVIDENCE)
            ),
        ),
        Prefetch(
            "links_out",
            queryset=Link.objects.select_related("to_event").prefetch_related(
                Prefetch("evidence", queryset=LINK_EVIDENCE)
            ),
        ),
    )


def with_links(events):
    """Events with their links both ways, the events at the other end and the evidence."""
    return events.prefetch_related(*link_lookups())


@dataclass
class Shown:
    """One link as an event's page shows it: the other event, how they relate, the evidence."""

    other: Event
    relation: str
    note: str
    evidence: list[Evidence]


def shown(link: Link, other: Event, relation: str, visible) -> Shown | None:
    if not visible(other):
        return None
    for row in link.evidence.all():
        if row.citation_id:
            row.citation.runs = spans(row.citation.passage.text, [row.citation])
    return Shown(other, relation, link.note, list(link.evidence.all()))


def links_of(event: Event, visible) -> tuple[list[Shown], list[Shown]]:
    """(what led to it, what followed it), each in time order, only events `visible` allows."""
    before = [
        shown(link, link.from_event, FROM_EFFECT[link.kind], visible)
        for link in event.links_in.all()
    ]
    after = [
        shown(link, link.to_event, FROM_CAUSE[link.kind], visible) for link in event.links_out.all()
    ]
    return (
        sorted((s for s in before if s), key=lambda s: s.other.timeline_key),
        sorted((s for s in after if s), key=lambda s: s.other.timeline_key),
    )


def neighbours(event: Event, events) -> tuple[Event | None, Event | None]:
    """The events just before and just after it on the timeline."""
    earlier = events.filter(timeline_key__lt=event.timeline_key).order_by("-timeline_key").first()
    later = events.filter(timeline_key__gt=event.timeline_key).order_by("timeline_key").first()
    return earlier, later
