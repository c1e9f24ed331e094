"""The map's geometry: a selection's events at their places, as numbers the template draws.

The region's borders come from relations/geodata/boundaries.json (Natural
Earth, derived once by tools/derive_boundaries.py), already projected into a
box 1000 units wide. Each place is drawn at its own point, or at the nearest
place it lies within that has one (Zangara at South Waziristan's). Places
whose marks would overlap are grouped into one mark, sized by its number of
events and coloured by their average tone, with a glyph for readers who do
not see the colour; precision shows as the mark's shape (a pin for a site or a
town, a ring for a district, a province or a country). Events given only a
region or no place are listed without a pin; places outside the box (Chicago,
Oslo) are listed beside the map.

Marks are grouped twice, for two widths (CSS shows one): at the narrowest
screen each mark is at least 28 px across, and at the widest no larger than
it needs to be. A group links to the map zoomed in on it, where it splits.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from .models import EventPlace, Place
from .models.places import UNPLACED, drawn_in

BOUNDARIES = Path(__file__).resolve().parent / "geodata" / "boundaries.json"
ZOOM = 4  # how much closer the map zoomed in on a group is
# Each layer's narrowest width in CSS px: the wide layer is drawn 40rem (640 px) wide, the
# narrow one down to 288 px (a 320 px screen less its margins). A mark is at least
# SMALLEST_RADIUS px in radius there, and GAP px from the next (a ring's stroke
# reaches half its width beyond the radius).
LAYERS = {"wide": 640, "narrow": 288}
SMALLEST_RADIUS = 14
GAP = 6
EXACT = {"site", "town"}
PRECISIONS = [choice for choice, _ in EventPlace.Precision.choices]
# (lowest average tone, class, glyph, words)
TONES = (
    (0.5, "easing", "▲", "mostly easing or cooperation"),
    (-0.5, "neutral", "◆", "neutral or mixed"),
    (-9.0, "friction", "▼", "mostly friction or rupture"),
)
# Where the countries' names are written: open ground, away from the events.
COUNTRY_LABELS = (
    ("Afghanistan", 33.0, 63.6),
    ("Pakistan", 27.4, 67.4),
    ("India", 29.2, 75.9),
    ("Iran", 28.5, 60.8),
    ("Tajikistan", 38.1, 70.0),
    ("Turkmenistan", 37.9, 61.9),
    ("China", 37.6, 76.0),
)


@cache
def basemap() -> dict:
    """The region's borders, read once per process."""
    return json.loads(BOUNDARIES.read_text(encoding="utf-8"))


def project(lat: float, lon: float) -> tuple[float, float]:
    p = basemap()["projection"]
    return (
        round((lon - p["lon_min"]) * p["scale"] * p["cos_lat_centre"], 1),
        round((p["lat_max"] - lat) * p["scale"], 1),
    )


@dataclass
class Spot:
    """One drawn point: the places drawn there and the events at each."""

    place: Place  # the place whose point it is
    x: float
    y: float
    events: dict[int, set] = field(default_factory=dict)  # place id: event ids
    tones: dict[int, int] = field(default_factory=dict)  # event id: tone
    precisions: set = field(default_factory=set)


@dataclass
class Mark:
    """One mark on the map: the spots grouped under it, drawn at the first one's point."""

    x: float
    y: float
    r: float = 0.0
    spots: list[Spot] = field(default_factory=list)
    tones: dict[int, int] = field(default_factory=dict)
    places: list[tuple[Place, int]] = field(default_factory=list)  # with their event counts
    target: tuple[str, Place] | None = None
    name: str = ""  # written beside it on a closer map
    name_x: float = 0.0
    name_side: str = "start"

    @property
    def count(self) -> int:
        return len(self.tones)

    @property
    def core(self) -> float:
        """The radius of the pin inside the ring of a mark with both."""
        return round(self.r * 0.78, 1)

    @property
    def tone(self) -> tuple[str, str, str]:
        mean = sum(self.tones.values()) / max(self.count, 1)
        return next(tone[1:] for tone in TONES if mean >= tone[0])

    @property
    def precisions(self) -> list[str]:
        found = {p for spot in self.spots for p in spot.precisions}
        return [p for p in PRECISIONS if p in found]

    @property
    def shape(self) -> str:
        """pin: every event at a site or a town; ring: none; both: some."""
        exact = EXACT & set(self.precisions)
        return "pin" if exact == set(self.precisions) else "both" if exact else "ring"

    @property
    def label(self) -> str:
        names = ", ".join(place.name for place, _ in self.places[:4])
        if len(self.places) > 4:
            names += f" and {len(self.places) - 4} more places"
        events = f"{self.count} event{'s' if self.count != 1 else ''}"
        return f"{names}: {events}, {self.tone[2]}; located to the {' or '.join(self.precisions)}"


def radius(smallest: float, count: int) -> float:
    """Larger for more events: 1× for one, 1.6× for ten, 2.2× for a hundred, at most 2.5×."""
    return round(smallest * min(2.5, 1 + 0.6 * math.log10(max(count, 1))), 1)


def group(spots: list[Spot], smallest: float, gap: float) -> list[Mark]:
    """Marks that do not overlap: each spot, the busiest first, joins the first mark it
    would overlap; a mark stays on the point of its busiest spot."""

    def add(mark: Mark, spot: Spot) -> None:
        mark.spots.append(spot)
        mark.tones |= spot.tones
        mark.r = radius(smallest, mark.count)

    def overlap(a: Mark, b: Mark) -> bool:
        return math.hypot(a.x - b.x, a.y - b.y) < a.r + b.r + gap

    marks: list[Mark] = []
    for spot in sorted(spots, key=lambda s: (-len(s.tones), s.place.slug)):
        mark = Mark(spot.x, spot.y)
        add(mark, spot)
        host = next((m for m in marks if overlap(m, mark)), None)
        if host is None:
            marks.append(mark)
        else:
            add(host, spot)
    # A mark that grew may now overlap another: join them until none do.
    while pair := next(
        ((a, b) for a in marks for b in marks if a is not b and overlap(a, b)), None
    ):
        keep, gone = pair if pair[0].count >= pair[1].count else pair[::-1]
        for spot in gone.spots:
            add(keep, spot)
        marks.remove(gone)
    return sorted(marks, key=lambda m: (m.y, m.x))


def lies_within(place: Place, ancestor: Place, places: dict[int, Place]) -> bool:
    seen = set()
    while place.parent_id is not None and place.parent_id not in seen:
        if place.parent_id == ancestor.pk:
            return True
        seen.add(place.parent_id)
        place = places[place.parent_id]
    return False


def target(mark: Mark, zoomed: bool, places: dict[int, Place]) -> tuple[str, Place]:
    """Where a mark leads: ("place", p) to a place's page; ("zoom", p) to the map zoomed in
    on it, where the group splits; ("list", p) to the list beside the map, for a group that
    cannot split further."""
    members = [place for place, _ in mark.places]
    # One place, or a province drawn at its capital with the capital: the province holds both.
    for place in members:
        if all(p == place or lies_within(p, place, places) for p in members):
            return "place", place
    return ("list", members[0]) if zoomed else ("zoom", mark.spots[0].place)


def spots_of(events, places: dict[int, Place]) -> tuple[list[Spot], list, list]:
    """Where a selection's events are drawn: the spots in the box, and the places outside
    it and without a pin, each as (place, {event id: precision})."""
    rows = EventPlace.objects.filter(event__in=events.order_by().values("pk")).values_list(
        "event_id", "place_id", "precision", "event__tone"
    )
    _, _, width, height = basemap()["viewBox"]
    spots, outside, unplaced = {}, {}, {}
    for event, place_id, precision, tone in rows:
        place = places[place_id]
        drawn = drawn_in(place, places)
        if precision in UNPLACED or drawn is None:
            unplaced.setdefault(place_id, (place, {}))[1][event] = precision
            continue
        x, y = project(*drawn.point)
        if not (0 <= x <= width and 0 <= y <= height):
            outside.setdefault(place_id, (place, {}))[1][event] = precision
            continue
        spot = spots.setdefault(drawn.pk, Spot(drawn, x, y))
        spot.events.setdefault(place_id, set()).add(event)
        spot.tones[event] = tone
        spot.precisions.add(precision)

    def by_count(item):
        return (-len(item[1]), item[0].name)

    return (
        list(spots.values()),
        sorted(outside.values(), key=by_count),
        sorted(unplaced.values(), key=by_count),
    )


def view_box(near: Place | None) -> list[float]:
    """The whole region, or a window ZOOM times closer around a place (kept inside it)."""
    _, _, width, height = basemap()["viewBox"]
    if near is None:
        return [0, 0, width, height]
    x, y = project(*near.point)
    w, h = width / ZOOM, height / ZOOM
    left = min(max(x - w / 2, 0), width - w)
    top = min(max(y - h / 2, 0), height - h)
    return [round(left, 1), round(top, 1), round(w, 1), round(h, 1)]


def build(events, near: Place | None = None) -> dict:
    """Everything the map draws and lists for a selection of events."""
    places = {place.pk: place for place in Place.objects.all()}
    spots, outside, unplaced = spots_of(events, places)
    box = view_box(near)
    left, top, width, height = box
    shown = [s for s in spots if left <= s.x <= left + width and top <= s.y <= top + height]
    counts = {}
    for spot in spots:
        for place_id, ids in spot.events.items():
            counts[place_id] = len(ids)
    layers = {}
    for name, pixels in LAYERS.items():
        units = width / pixels  # map units per CSS pixel, at the narrowest width shown
        marks = group(shown, SMALLEST_RADIUS * units, GAP * units)
        font = round(SMALLEST_RADIUS * 0.8 * units, 1)
        for mark in marks:
            ids = {pk for spot in mark.spots for pk in spot.events}
            mark.places = sorted(
                ((places[pk], counts[pk]) for pk in ids), key=lambda p: (-p[1], p[0].name)
            )
            mark.target = target(mark, near is not None, places)
            first, more = mark.places[0][0].name, len(mark.places) - 1
            mark.name = f"{first} +{more}" if more else first
            # Beside it, on the right unless it would run off the map.
            mark.name_x = round(mark.x + mark.r + 3 * units, 1)
            if mark.name_x + len(mark.name) * 0.6 * font > left + width:
                mark.name_x, mark.name_side = round(mark.x - mark.r - 3 * units, 1), "end"
        layers[name] = {
            "marks": marks,
            "font": font,
            "label_size": round(11 * units, 1),
        }
    return {
        "box": box,
        "near": near,
        "layers": layers,
        "listed": sorted(
            ((places[pk], n) for pk, n in counts.items()), key=lambda p: (-p[1], p[0].name)
        ),
        "outside": outside,
        "unplaced": unplaced,
        "out_of_view": len(spots) - len(shown),
        "labels": [(name, *project(lat, lon)) for name, lat, lon in COUNTRY_LABELS],
        "base": basemap(),
    }
