"""An event's claims and the evidence for each, as curators write them in seeds/ and the admin.

An evidence list names citations of the event by their key and shared
references by their slug, ' (partly)' marking partial support:
"reuters-7, ap-2011-11-26-salala (partly)". The rules for what a complete
record needs are here too, so that the loader and the admin refuse alike.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from ..models import Citation, Claim, Event, Evidence, Link, Reference
from .changes import events_changed

PARTLY = " (partly)"
TARGETS = ("date", "place", "actors")
_ITEM = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True)
class Item:
    name: str  # a citation's key or a reference's slug
    partial: bool = False

    def __str__(self) -> str:
        return self.name + (PARTLY if self.partial else "")


def parse_items(value) -> list[Item]:
    """An evidence list from seeds/ (a list of strings) or the admin (text, by commas or lines)."""
    parts = value if isinstance(value, list) else re.split(r"[,\n]", value or "")
    items = []
    for part in (str(p).strip() for p in parts):
        if not part:
            continue
        partial = part.endswith(PARTLY.strip()) and part.removesuffix("(partly)").strip() != part
        name = part.removesuffix("(partly)").strip() if partial else part
        if not _ITEM.match(name):
            raise ValueError(
                f"“{part[:60]}” is not a citation key or reference slug "
                "(lower-case words joined by hyphens, with ' (partly)' after it if it backs only part)"
            )
        items.append(Item(name, partial))
    return items


def format_items(items) -> str:
    return ", ".join(str(item) for item in items)


def problems(
    citation_keys: set[str],
    references: set[str],
    claims: list[list[Item]],
    targets: dict[str, list[Item]],
    published: bool,
    links: dict[str, list[Item]] | None = None,
    hidden_sources: list[str] = (),
) -> list[str]:
    """What keeps an event's evidence from being complete ([] if nothing).

    `links` gives the evidence of each link to the event, by a name for it
    ("the link from 'salala-border-incident' (response)"); `hidden_sources` the
    slugs of the draft or withdrawn sources it cites.
    """
    found, used = [], set()
    links = links or {}
    for number, items in enumerate(claims, 1):
        if not items:
            found.append(f"claim {number} has no evidence")
    for name, items in links.items():
        if not items:
            found.append(f"{name} has no evidence: cite the words or the report that state it")
    for items in [*claims, *targets.values(), *links.values()]:
        for item in items:
            if item.name in citation_keys:
                used.add(item.name)
            elif item.name not in references:
                found.append(
                    f"“{item.name}” is neither a citation of this event nor a known reference"
                )
    for key in sorted(citation_keys - used):
        found.append(
            f"citation “{key}” backs nothing: list it in a claim's evidence, or as evidence of "
            "the date, place, actors or a link"
        )
    if published:
        if not claims:
            found.append("a published event needs at least one claim")
        if not citation_keys:
            found.append(
                "a published event needs at least one citation of an article passage that reports it"
            )
        if not targets.get("date"):
            found.append("a published event needs evidence of its date")
        for slug in hidden_sources:
            found.append(
                f"a published event cites only public sources: source “{slug}” is a draft or "
                "withdrawn (make it public first, or keep the event a draft)"
            )
    return found


def save_evidence(
    event: Event,
    claims: list[tuple[str, list[Item]]],
    targets: dict[str, list[Item]],
    links: list[tuple[Link, list[Item]]] = (),
):
    """Store the event's claims, in order, and the evidence of each claim, target and link.

    Claims that stay the same are kept (their history says only what changed).
    """
    existing = {claim.position: claim for claim in event.claims.all()}
    kept_claims = []
    for position, (text, _) in enumerate(claims, 1):
        claim = existing.pop(position, None) or Claim(event=event, position=position)
        if claim.pk is None or claim.text != text:
            claim.text = text
            claim.save()
        kept_claims.append(claim)
    for claim in existing.values():
        claim.delete()

    # The evidence, as ordered lists: rewritten whole when they differ in any way.
    citations = {c.key: c.pk for c in Citation.objects.filter(event=event)}
    names = {i.name for _, items in [*claims, *links] for i in items}
    names |= {i.name for items in targets.values() for i in items}
    references = dict(Reference.objects.filter(slug__in=names).values_list("slug", "pk"))
    wanted = []
    subjects = [
        (Evidence.Target.CLAIM, claim.pk, None, items)
        for claim, (_, items) in zip(kept_claims, claims, strict=True)
    ]
    subjects += [(target, None, None, items) for target, items in targets.items()]
    subjects += [(Evidence.Target.LINK, None, link.pk, items) for link, items in links]
    for target, claim_id, link_id, items in subjects:
        for item in items:
            support = Evidence.Support.PARTIAL if item.partial else Evidence.Support.FULL
            citation = citations.get(item.name)
            reference = None if citation else references.get(item.name)
            wanted.append((target, claim_id, link_id, citation, reference, support))
    fields = ("target", "claim_id", "link_id", "citation_id", "reference_id", "support")
    if list(event.evidence.order_by("id").values_list(*fields)) != wanted:
        event.evidence.all().delete()
        Evidence.objects.bulk_create(
            Evidence(event=event, **dict(zip(fields, row, strict=True))) for row in wanted
        )
        events_changed([event.pk])  # a bulk write: the write path is told


def evidence_lists(event: Event):
    """The event's claims with their evidence, the evidence of its targets, and of each link
    to it (by the link's id), as written."""
    claims = {claim.pk: (claim.text, []) for claim in event.claims.all()}
    targets = {target: [] for target in TARGETS}
    links = defaultdict(list)
    for row in event.evidence.all():  # in the order written
        item = Item(
            row.citation.key if row.citation_id else row.reference.slug,
            row.support == Evidence.Support.PARTIAL,
        )
        if row.claim_id:
            claims[row.claim_id][1].append(item)
        elif row.link_id:
            links[row.link_id].append(item)
        else:
            targets[row.target].append(item)
    return list(claims.values()), targets, links


def gaps(event: Event) -> list[str]:
    """Where the event's evidence is missing or only partial, for the work queue.

    Prefetch "claims", "event_actors", "event_places" and "evidence" for many events."""
    rows = list(event.evidence.all())
    found = []

    def describe(subject: str, backing: list) -> None:
        if not backing:
            found.append(f"no evidence of {subject}")
        elif all(row.support == Evidence.Support.PARTIAL for row in backing):
            found.append(f"only partial evidence of {subject}")

    for claim in event.claims.all():
        describe(f"claim {claim.position}", [r for r in rows if r.claim_id == claim.pk])
    if not event.claims.all():
        found.append("no claims")
    if not event.event_places.all():
        found.append("no place (give one, at region precision or as not reported if need be)")
    placed = bool(event.place or event.event_places.all())
    needed = {"date": True, "place": placed, "actors": bool(event.event_actors.all())}
    for target, wanted in needed.items():
        if wanted:
            subject = "its date" if target == "date" else f"its {target}"
            describe(subject, [r for r in rows if r.target == target and not r.claim_id])
    return found
