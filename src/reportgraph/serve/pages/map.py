"""The map page's data (``/-/map`` and its JSON twin): every place with coordinates, drawn
offline as an SVG in a plain equirectangular projection (x is longitude, y is latitude, both
scaled alike), cropped to the places with a margin, with a graticule. No tiles: the page
makes no network request. A circle's area grows with the claims that name the place.

Coordinates come from the index's ``coordinates`` table, one row per place record
and document; a place's records merged into one entity are drawn once, at the coordinates
most of its rows give.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from typing import Any

from reportgraph.serve.pages.index_access import ReadOnlyIndex
from reportgraph.serve.pages.links import entity_id

WIDTH = 960.0
MAX_HEIGHT = 640.0
MIN_SPAN = 4.0  # degrees: a single place still gets some land around it
_CHUNK = 500


def places(index: ReadOnlyIndex) -> list[dict[str, Any]]:
    """Each place with coordinates: id, label, lat, lon and the number of claims naming it,
    most claims first."""
    rows = index.select(
        "SELECT COALESCE(e.canonical, c.entity), c.lat, c.lon, COUNT(*) FROM coordinates c"
        " LEFT JOIN entities e ON e.iri = c.entity"
        " WHERE c.lat IS NOT NULL AND c.lon IS NOT NULL GROUP BY 1, 2, 3"
    )
    seen: dict[str, Counter[tuple[float, float]]] = defaultdict(Counter)
    for canonical, lat, lon, n in rows:
        seen[str(canonical)][(float(str(lat)), float(str(lon)))] += int(str(n))
    iris = sorted(seen)
    labels: dict[str, str] = {}
    claims: dict[str, int] = {}
    for i in range(0, len(iris), _CHUNK):
        chunk = iris[i : i + _CHUNK]
        marks = ",".join("?" * len(chunk))
        for iri, label in index.select(
            f"SELECT iri, label FROM entities WHERE iri IN ({marks})", chunk
        ):
            labels[str(iri)] = str(label)
        for canonical, n in index.select(
            "SELECT e.canonical, COUNT(DISTINCT ce.claim) FROM claim_entities ce"
            f" JOIN entities e ON e.iri = ce.entity WHERE e.canonical IN ({marks})"
            " GROUP BY e.canonical",
            chunk,
        ):
            claims[str(canonical)] = int(str(n))
    out = []
    for iri in iris:
        (lat, lon), _ = min(seen[iri].items(), key=lambda kv: (-kv[1], kv[0]))
        out.append(
            {
                "id": entity_id(iri) or iri,
                "label": labels.get(iri, iri),
                "lat": lat,
                "lon": lon,
                "claims": claims.get(iri, 0),
            }
        )
    return sorted(out, key=lambda p: (-p["claims"], p["label"], p["id"]))


def _step(span: float) -> float:
    """A graticule step giving a handful of lines over ``span`` degrees."""
    for step in (0.5, 1.0, 2.0, 5.0, 10.0, 15.0, 30.0, 45.0):
        if span / step <= 8:
            return step
    return 60.0


def drawing(points: list[dict[str, Any]]) -> dict[str, Any]:
    """The SVG's geometry: size, each place's x, y and radius, the graticule's lines (numbers
    only; the template writes labels as text)."""
    if not points:
        return {"width": WIDTH, "height": WIDTH / 2, "points": [], "lines": []}
    lons = [p["lon"] for p in points]
    lats = [p["lat"] for p in points]
    span = max(max(lons) - min(lons), max(lats) - min(lats), MIN_SPAN)
    margin = span * 0.15
    west, east = min(lons) - margin, max(lons) + margin
    south, north = min(lats) - margin, max(lats) + margin
    west, east = max(west, -180.0), min(east, 180.0)
    south, north = max(south, -90.0), min(north, 90.0)
    scale = min(WIDTH / (east - west), MAX_HEIGHT / (north - south))
    width, height = (east - west) * scale, (north - south) * scale
    most = max(p["claims"] for p in points) or 1
    drawn = [
        {
            **p,
            "x": round((p["lon"] - west) * scale, 2),
            "y": round((north - p["lat"]) * scale, 2),
            "r": round(3 + 12 * math.sqrt(p["claims"] / most), 2),
        }
        for p in points
    ]
    step = _step(max(east - west, north - south))
    lines = []
    lon = math.ceil(west / step) * step
    while lon <= east:
        x = round((lon - west) * scale, 2)
        lines.append({"x1": x, "y1": 0, "x2": x, "y2": round(height, 2), "label": f"{lon:g}°"})
        lon += step
    lat = math.ceil(south / step) * step
    while lat <= north:
        y = round((north - lat) * scale, 2)
        lines.append({"x1": 0, "y1": y, "x2": round(width, 2), "y2": y, "label": f"{lat:g}°"})
        lat += step
    return {"width": round(width, 2), "height": round(height, 2), "points": drawn, "lines": lines}


def map_data(index: ReadOnlyIndex) -> dict[str, Any]:
    """Everything the map page shows, JSON-ready."""
    found = places(index)
    return {
        "projection": "equirectangular",
        "tiles": False,
        "places": found,
        "svg": drawing(found),
    }
