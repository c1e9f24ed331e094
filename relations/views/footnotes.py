"""An event's claims with numbered markers, and the evidence they point to, like footnotes."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..models import Evidence
from ..text.highlight import spans

TARGET_NAMES = {"date": "the date", "place": "the place", "actors": "who took part"}


@dataclass
class Note:
    """One citation or reference, numbered in the order the summary first names it."""

    number: int
    item: object  # a Citation or a Reference
    backs: list[str] = field(default_factory=list)  # "claim 2", "the date (in part)"

    @property
    def is_citation(self) -> bool:
        return hasattr(self.item, "passage")


@dataclass
class Marker:
    note: Note
    partial: bool


@dataclass
class ClaimShown:
    position: int
    text: str
    markers: list[Marker] = field(default_factory=list)


def footnotes(event) -> tuple[list[ClaimShown], list[Note]]:
    """The claims with their markers, and the numbered notes (citations, then references)."""
    notes: dict[tuple[str, int], Note] = {}
    claims = {claim.pk: ClaimShown(claim.position, claim.text) for claim in event.claims.all()}
    citations = {citation.pk: citation for citation in event.citations.all()}
    links = {link.pk: link for link in event.links_in.all()}
    rows = sorted(event.evidence.all(), key=lambda row: row.target != Evidence.Target.CLAIM)
    for row in rows:
        item = citations[row.citation_id] if row.citation_id else row.reference
        key = (type(item).__name__, item.pk)
        if key not in notes:
            notes[key] = Note(len(notes) + 1, item)
        note, partial = notes[key], row.support == Evidence.Support.PARTIAL
        if row.claim_id:
            claims[row.claim_id].markers.append(Marker(note, partial))
            what = f"claim {claims[row.claim_id].position}"
        elif row.link_id:
            what = f"the link from “{links[row.link_id].from_event.title}”"
        else:
            what = TARGET_NAMES[row.target]
        note.backs.append(what + (" (in part)" if partial else ""))
    for note in notes.values():
        if note.is_citation:
            note.item.runs = spans(note.item.passage.text, [note.item])
    return sorted(claims.values(), key=lambda c: c.position), list(notes.values())


def mainly_outside(claims: list[ClaimShown]) -> bool:
    """Whether most claims rest on outside reporting alone: the page says so."""
    outside = sum(1 for c in claims if c.markers and not any(m.note.is_citation for m in c.markers))
    return outside * 2 > len(claims)
