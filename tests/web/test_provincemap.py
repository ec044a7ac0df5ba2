"""The province map's data file and drawing: every province placed, inside Vietnam, the 2025
units where their parts are, circles sized by area."""

import csv
import math

from archive.extraction.gazetteer import locality_entries
from archive.web import provincemap
from archive.web.provincemap import MapEntry, centroids, province_map

# Mainland Vietnam with its coast, in degrees.
LAT, LON = (8.4, 23.5), (102.1, 109.5)


def vietnamese_entries():
    return [entry for entry in locality_entries() if entry.country == "VN"]


def test_every_province_of_the_gazetteer_has_a_centroid_inside_vietnam():
    named = centroids("named")

    assert set(named) == {entry.name for entry in vietnamese_entries()}
    for name, (lat, lon) in named.items():
        assert LAT[0] <= lat <= LAT[1] and LON[0] <= lon <= LON[1], name


def test_the_34_units_of_2025_sit_among_the_provinces_they_joined():
    units = centroids("2025")
    named = centroids("named")
    entries = vietnamese_entries()

    assert set(units) == {entry.name for entry in entries if not entry.became}
    assert len(units) == 34
    for unit, (lat, lon) in units.items():
        parts = [named[e.name] for e in entries if (e.became or e.name) == unit]
        assert min(p[0] for p in parts) <= lat <= max(p[0] for p in parts), unit
        assert min(p[1] for p in parts) <= lon <= max(p[1] for p in parts), unit


def test_the_file_names_its_columns():
    with provincemap.CENTROIDS_FILE.open(encoding="utf-8") as handle:
        assert next(csv.reader(handle)) == ["name", "lat", "lon", "lat_2025", "lon_2025"]


def test_north_is_up_and_circle_areas_follow_the_counts():
    drawn = province_map(
        [MapEntry("Hanoi", 4, "/a"), MapEntry("Ca Mau", 1, "/b"), MapEntry("Hue", 0, "/c")]
    )
    hanoi, ca_mau = drawn.circles

    assert hanoi.y < ca_mau.y
    assert math.isclose((hanoi.r / ca_mau.r) ** 2, 4, rel_tol=0.05)
    assert [row.name for row in drawn.rows] == ["Hanoi", "Ca Mau"]
    assert len(drawn.dots) == len(centroids("named")) - 2 - 1  # Hue and Thua Thien Hue share one


def test_no_articles_no_map():
    assert province_map([MapEntry("Hanoi", 0, "/a")]) is None


def test_a_place_without_a_centroid_is_in_the_table_only():
    drawn = province_map([MapEntry("Atlantis", 2, "/a"), MapEntry("Hanoi", 1, "/b")])

    assert [c.name for c in drawn.circles] == ["Hanoi"]
    assert [row.name for row in drawn.rows] == ["Atlantis", "Hanoi"]
