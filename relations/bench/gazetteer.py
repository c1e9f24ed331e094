"""The benchmark corpus's places: a gazetteer shaped like the seeds', and each event's places.

Three countries, their provinces and districts, and towns scattered over the
region the map draws; most events at one place, some at two, a few known only
to a region or not reported, with precisions as the seeds give them.
"""

from __future__ import annotations

from ..models import EventPlace, Place

COUNTRIES = (("Pakistan", 30.0, 69.3), ("Afghanistan", 33.8, 66.0), ("United States", 39.5, -99.1))
# Where towns may fall: the region the map draws, roughly Afghanistan and Pakistan.
LAT, LON = (25.0, 37.0), (61.0, 76.0)


def make_places(rng, events, provinces: int = 12, districts: int = 40, towns: int = 100) -> None:
    """Places for the corpus, and every event's places (written in bulk)."""

    def near(lat, lon, spread):
        return round(lat + rng.uniform(-spread, spread), 4), round(
            lon + rng.uniform(-spread, spread), 4
        )

    def point_in_region():
        return round(rng.uniform(*LAT), 4), round(rng.uniform(*LON), 4)

    rows = [
        Place(slug=f"country-{n}", name=name, kind="country", latitude=lat, longitude=lon)
        for n, (name, lat, lon) in enumerate(COUNTRIES)
    ]
    rows.append(Place(slug="region-0", name="Border region", kind="region"))
    countries = Place.objects.bulk_create(rows)
    home = countries[:2]
    levels = []
    for kind, number, parents, spread in (
        ("province", provinces, home, None),
        ("district", districts, None, 1.0),
        ("town", towns, None, 0.6),
    ):
        parents = parents or levels[-1]
        made = []
        for index in range(number):
            parent = rng.choice(parents)
            lat, lon = (
                point_in_region()
                if spread is None
                else near(parent.latitude, parent.longitude, spread)
            )
            made.append(
                Place(
                    slug=f"{kind}-{index:04d}",
                    name=f"{kind.title()} {index}",
                    kind=kind,
                    parent=parent,
                    latitude=lat,
                    longitude=lon,
                    aliases=[f"{kind.title()}-{index}"],
                )
            )
        levels.append(Place.objects.bulk_create(made))
    places = [place for level in levels for place in level]
    weights = [1 if p.kind == "province" else 2 if p.kind == "district" else 6 for p in places]
    links = []
    for event in events:
        roll = rng.random()
        if roll < 0.04:
            links.append(EventPlace(event=event, place=countries[3], precision="region"))
            continue
        if roll < 0.06:
            links.append(EventPlace(event=event, place=rng.choice(home), precision="country"))
            continue
        chosen = rng.choices(places, weights=weights, k=2 if roll > 0.9 else 1)
        for place in dict.fromkeys(chosen):
            links.append(EventPlace(event=event, place=place, precision=place.kind))
    EventPlace.objects.bulk_create(links, batch_size=5000)
