"""Check seeds/places.toml against Natural Earth, and print countries' representative points.

Each place with a point must fall inside the country it lies within (a border
site may be up to 1 km outside Natural Earth's generalised line), and each
event's precision must have a point to draw unless it is a region or not
reported. Countries' points are the area centroids of their largest polygon,
as the notes of seeds/places.toml say. Standard library only:

    npm install world-atlas@2        # in a scratch folder; never committed
    python tools/check_places.py node_modules/world-atlas/countries-50m.json
"""

import itertools
import json
import math
import sys
import tomllib
from pathlib import Path

from derive_boundaries import decode_arcs, polygons_of, ring_points

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
# Natural Earth's names of the countries places.toml has.
NATURAL_EARTH = {
    "afghanistan": "Afghanistan",
    "norway": "Norway",
    "pakistan": "Pakistan",
    "united-states": "United States of America",
}


def countries(path: str) -> dict[str, list]:
    with open(path, encoding="utf-8") as f:
        topology = json.load(f)
    arcs = decode_arcs(topology)
    return {
        g["properties"]["name"]: [[ring_points(r, arcs) for r in p] for p in polygons_of(g)]
        for g in topology["objects"]["countries"]["geometries"]
    }


def inside(lon, lat, ring) -> bool:
    crossing = False
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True):
        if (y0 > lat) != (y1 > lat) and lon < x0 + (lat - y0) * (x1 - x0) / (y1 - y0):
            crossing = not crossing
    return crossing


def country_of(lon, lat, shapes) -> str | None:
    for name, polygons in shapes.items():
        for polygon in polygons:
            if inside(lon, lat, polygon[0]) and not any(inside(lon, lat, h) for h in polygon[1:]):
                return name
    return None


def km_to_edge(lon, lat, polygons) -> float:
    best, k = math.inf, math.cos(math.radians(lat))
    for ring in (ring for polygon in polygons for ring in polygon):
        for (x0, y0), (x1, y1) in itertools.pairwise(ring):
            ax, ay, bx, by = (x0 - lon) * k, y0 - lat, (x1 - lon) * k, y1 - lat
            dx, dy = bx - ax, by - ay
            length = dx * dx + dy * dy
            t = 0 if length == 0 else max(0, min(1, -(ax * dx + ay * dy) / length))
            best = min(best, math.hypot(ax + t * dx, ay + t * dy) * 111.2)
    return best


def centroid(polygons) -> tuple[float, float]:
    """(lat, lon) of the area centroid of the largest polygon's outer ring, in a frame whose
    x is scaled by the cosine of the ring's mean latitude."""

    def of_ring(ring):
        k = math.cos(math.radians(sum(p[1] for p in ring) / len(ring)))
        area = cx = cy = 0.0
        for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True):
            cross = x0 * k * y1 - x1 * k * y0
            area, cx, cy = area + cross, cx + (x0 + x1) * k * cross, cy + (y0 + y1) * cross
        area /= 2
        return abs(area), cx / (6 * area) / k, cy / (6 * area)

    _, lon, lat = max((of_ring(p[0]) for p in polygons), key=lambda r: r[0])
    return lat, lon


def main(path: str) -> int:
    shapes = countries(path)
    with open(SEEDS / "places.toml", "rb") as f:
        places = {p["slug"]: p for p in tomllib.load(f)["places"]}
    with open(SEEDS / "events.toml", "rb") as f:
        events = tomllib.load(f)["events"]
    problems = []

    def chain(slug):
        while slug:
            yield places[slug]
            slug = places[slug].get("parent")

    for slug, place in sorted(places.items()):
        country = next((p["slug"] for p in chain(slug) if p["kind"] == "country"), None)
        if "lat" not in place or country is None:
            continue
        name = NATURAL_EARTH[country]
        found = country_of(place["lon"], place["lat"], shapes)
        distance = km_to_edge(place["lon"], place["lat"], shapes[name])
        ok = found == name or (place["kind"] == "site" and distance < 1.0)
        print(
            f"{'ok ' if ok else 'BAD'} {slug:38} in {found!s:26} {distance:7.1f} km from its edge"
        )
        if not ok:
            problems.append(f"{slug} lies in {found}, not {name}")
    for slug, name in NATURAL_EARTH.items():
        lat, lon = centroid(shapes[name])
        print(
            f"centroid of {name}: {lat:.2f}, {lon:.2f} (places.toml: {places[slug].get('lat')}, "
            f"{places[slug].get('lon')})"
        )
    for event in events:
        for item in event.get("places", []):
            drawn = next((p for p in chain(item["place"]) if "lat" in p), None)
            if item["precision"] not in ("region", "not reported") and drawn is None:
                problems.append(f"{event['slug']}: {item['place']} has no point to draw at")
        if not event.get("places"):
            problems.append(f"{event['slug']} has no place")
    print("\n".join(problems) or "no problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
