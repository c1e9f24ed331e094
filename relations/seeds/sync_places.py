"""Places from seeds/places.toml: the gazetteer, its hierarchy, and each event's places."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from ..models import EventPlace, Place
from .read import SeedFile, validation_messages
from .records import place_values

REQUIRED = ("slug", "name", "kind")


def load_places(loader, file: SeedFile) -> tuple[dict[str, Place], list[Place]]:
    """Every place, then each one's parent; the places by slug, and those no longer listed."""
    places, stale = loader.upsert(
        "place",
        Place.objects.select_related("parent"),
        file,
        "places",
        REQUIRED,
        place_values,
    )
    for entry in file.entries("places"):
        place = places.get(entry.get("slug"))
        if place is None:
            continue
        where = f"{file.where(place.slug)}: place '{place.slug}'"
        slug = str(entry.get("parent", "") or "")
        parent = places.get(slug) if slug else None
        if slug and parent is None:
            loader.problem(f"{where}: its parent '{slug}' is not a place of {file.path.name}")
            continue
        if place.parent_id == (parent.pk if parent else None):
            continue
        place.parent = parent
        try:
            place.full_clean(validate_unique=False)
        except ValidationError as error:
            loader.problem(f"{where}: {validation_messages(error)}")
            continue
        place.save()
        loader.report.count("updated", "places' parents")
    return places, stale


def delete_unused_places(loader, places: list[Place]) -> None:
    """Places dropped from the seeds go once no event is at them."""
    doomed = [p for p in places if not p.event_places.exists()]
    for place in places:
        if place not in doomed:
            loader.problem(f"place '{place.slug}' was removed from the seeds but events are at it")
    # A dropped place may be the parent of another dropped one.
    Place.objects.filter(pk__in=[p.pk for p in doomed]).update(parent=None)
    for place in doomed:
        loader.delete("places", place)


def save_event_places(rows, event, entry: dict, where: str) -> None:
    """An event's places, in order, each with its role and precision."""
    links = {link.place.slug: link for link in event.event_places.all()}
    listed = entry.get("places", [])
    if not isinstance(listed, list):
        rows.problem(f'{where}: places is a list like [{{ place = "salala", … }}]')
        return
    order = [str(item.get("place", "")) for item in listed if isinstance(item, dict)]
    if [s for s in links if s in order] != [s for s in order if s in links]:
        # Reordered: made again in the new order, which is the order they are listed in.
        for link in links.values():
            rows.loader.delete("event places", link)
        links = {}
    wanted = []
    for item in listed:
        item = item if isinstance(item, dict) else {}
        slug = str(item.get("place", ""))
        place = rows.loader.places.get(slug)
        if place is None:
            rows.problem(f"{where}: unknown place '{slug}'")
            continue
        if slug in wanted:
            rows.problem(f"{where}: place '{slug}' is named twice")
            continue
        wanted.append(slug)
        link = links.get(slug) or EventPlace(event=event, place=place)
        values = {
            "role": str(item.get("role", EventPlace.Role.HAPPENED)),
            "precision": str(item.get("precision", "")),
        }
        try:
            rows.loader.save(link, values, "event places")
        except ValueError as error:
            rows.problem(f"{where}: place '{slug}': {error}")
    for slug, link in links.items():
        if slug not in wanted:
            rows.loader.delete("event places", link)
