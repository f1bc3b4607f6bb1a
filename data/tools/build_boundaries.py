"""Build data/boundaries/*.geojson from the raw boundary files in the shared data folder.

Run it from the folder that holds the raw files (or pass --source):

    cd /work/shared/data && python /path/to/data/tools/build_boundaries.py

It writes one GeoJSON FeatureCollection per nation, in WGS84, with coordinates rounded
to 5 decimal places (about a metre), every geometry a valid Polygon or MultiPolygon, and
a `gss_code` property naming the current local authority. England comes from the ONS
2024 ultra-generalised file; Scotland and Wales from the 2013 Great Britain TopoJSON
(four Scottish codes have changed since and are mapped through `former-gss-codes`);
Northern Ireland from its 2015 TopoJSON. Only lower-tier and unitary authorities get a
boundary: counties and combined authorities are built from their members when loaded.
The script needs shapely and numpy, nothing else, and gives the same output every run.
"""

import argparse
import csv
import json
import sys
from pathlib import Path

import numpy as np
import shapely
from shapely.geometry import MultiPolygon, Polygon, mapping, shape

PLACES = 5
GRID = 10**-PLACES
# Douglas-Peucker tolerance, in degrees (about 130 to 220 m), applied to each shared TopoJSON
# arc, so that neighbours still meet exactly. England's file is already generalised.
SIMPLIFY = 0.002
OUT_DIR = Path(__file__).resolve().parent.parent / "boundaries"
AUTHORITIES = "uk_local_authorities.csv"
ENGLAND = "boundaries_lad_england_2024_buc.geojson"
GREAT_BRITAIN = "boundaries_lad_gb_2013_topo.json"
NORTHERN_IRELAND = "boundaries_lgd_ni_2015_topo.json"
EXPECTED = {"england": 296, "scotland": 32, "wales": 22, "northern_ireland": 11}
NATION_PREFIX = {"england": "E", "scotland": "S", "wales": "W", "northern_ireland": "N"}


def current_lower_tier(source: Path) -> tuple[dict[str, dict], dict[str, str]]:
    """Current lower-tier or unitary authorities by GSS code, and former code -> current code."""
    with (source / AUTHORITIES).open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    current = {
        row["gss-code"]: row
        for row in rows
        if row["current-authority"] == "True" and row["lower-or-unitary"] == "True"
    }
    former = {}
    for code, row in current.items():
        for old in filter(None, (c.strip() for c in row["former-gss-codes"].split(","))):
            former[old] = code
    return current, former


def decode_topojson(path: Path, object_name: str) -> list[tuple[dict, dict]]:
    """Return (properties, GeoJSON geometry) for each geometry of a quantised TopoJSON object."""
    topology = json.loads(path.read_text(encoding="utf-8"))
    scale = topology["transform"]["scale"]
    translate = topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        # Positions are delta-encoded integers: add them up, then undo the quantisation.
        steps = np.cumsum(np.asarray(arc, dtype=np.int64)[:, :2], axis=0)
        line = shapely.LineString(steps * scale + translate)
        arcs.append(shapely.get_coordinates(line.simplify(SIMPLIFY, preserve_topology=False)))

    def ring(indexes: list[int]) -> list[list[float]]:
        points: list[list[float]] = []
        for index in indexes:
            # A negative index ~i means arc i walked backwards.
            coords = arcs[index] if index >= 0 else arcs[~index][::-1]
            # Each arc starts where the last one ended: drop the repeated point.
            points.extend(coords[1:].tolist() if points else coords.tolist())
        return points

    def polygon(rings: list[list[int]]) -> list[list[list[float]]]:
        # Simplifying can shrink a small island or lake to a line: leave those out.
        outer, *holes = (ring(r) for r in rings)
        if len(outer) < 4:
            return []
        return [outer, *(hole for hole in holes if len(hole) >= 4)]

    features = []
    for geometry in topology["objects"][object_name]["geometries"]:
        if geometry["type"] == "Polygon":
            polygons = [polygon(geometry["arcs"])]
        elif geometry["type"] == "MultiPolygon":
            polygons = [polygon(rings) for rings in geometry["arcs"]]
        else:
            sys.exit(f"{path.name}: unexpected geometry type {geometry['type']!r}")
        coordinates = [p for p in polygons if p]
        features.append(
            (geometry["properties"], {"type": "MultiPolygon", "coordinates": coordinates})
        )
    return features


def polygons_only(geometry: shapely.Geometry) -> Polygon | MultiPolygon:
    """Keep the polygon parts of whatever make_valid returned."""
    parts = [
        p
        for p in shapely.get_parts(geometry)
        if isinstance(p, Polygon | MultiPolygon) and not p.is_empty
    ]
    polygons = [q for p in parts for q in (p.geoms if isinstance(p, MultiPolygon) else [p])]
    if not polygons:
        sys.exit("a boundary came out empty after cleaning")
    return polygons[0] if len(polygons) == 1 else MultiPolygon(polygons)


def clean(geojson: dict) -> dict:
    """A valid, 5-decimal-place Polygon or MultiPolygon, as GeoJSON with plain lists."""
    geometry = shapely.make_valid(shape(geojson))
    for _ in range(3):
        geometry = shapely.set_precision(polygons_only(geometry), GRID)
        geometry = shapely.transform(polygons_only(geometry), lambda c: np.round(c, PLACES))
        geometry = shapely.normalize(geometry)
        if geometry.is_valid:
            return json.loads(json.dumps(mapping(geometry)))
        geometry = geometry.buffer(0)
    sys.exit("could not make a boundary valid")


def feature(code: str, authority: dict, geometry: dict) -> dict:
    return {
        "type": "Feature",
        "properties": {"gss_code": code, "name": authority["nice-name"]},
        "geometry": clean(geometry),
    }


def write(nation: str, features: list[dict], current: dict[str, dict]) -> None:
    features.sort(key=lambda f: f["properties"]["gss_code"])
    codes = [f["properties"]["gss_code"] for f in features]
    wanted = sorted(c for c in current if c.startswith(NATION_PREFIX[nation]))
    if codes != wanted or len(codes) != EXPECTED[nation]:
        sys.exit(
            f"{nation}: expected one boundary for each of {len(wanted)} authorities, "
            f"got {len(codes)}; missing {sorted(set(wanted) - set(codes))}, "
            f"extra {sorted(set(codes) - set(wanted))}"
        )
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    lines = [json.dumps(f, separators=(",", ":"), ensure_ascii=False) for f in features]
    body = '{"type":"FeatureCollection","features":[\n' + ",\n".join(lines) + "\n]}\n"
    path = OUT_DIR / f"{nation}.geojson"
    path.write_text(body, encoding="utf-8")
    print(f"{path}: {len(features)} boundaries, {len(body.encode()) / 1024:.0f} KB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=Path.cwd(), help="the raw data folder")
    source = parser.parse_args().source.resolve()
    current, former = current_lower_tier(source)

    england = json.loads((source / ENGLAND).read_text(encoding="utf-8"))
    write(
        "england",
        [
            feature(
                f["properties"]["gss_code"], current[f["properties"]["gss_code"]], f["geometry"]
            )
            for f in england["features"]
            if f["properties"]["gss_code"] in current
        ],
        current,
    )

    by_nation: dict[str, list[dict]] = {"scotland": [], "wales": []}
    for properties, geometry in decode_topojson(source / GREAT_BRITAIN, "lad"):
        code = former.get(properties["LAD13CD"], properties["LAD13CD"])
        nation = {"S": "scotland", "W": "wales"}.get(code[0])
        if nation and code in current:
            by_nation[nation].append(feature(code, current[code], geometry))
    for nation, features in by_nation.items():
        write(nation, features, current)

    write(
        "northern_ireland",
        [
            feature(p["LGDCode"], current[p["LGDCode"]], g)
            for p, g in decode_topojson(source / NORTHERN_IRELAND, "lgd")
            if p["LGDCode"] in current
        ],
        current,
    )


if __name__ == "__main__":
    main()
