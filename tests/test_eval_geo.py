"""``eval geocode`` on a small UCDP-shaped CSV written here: shares within 10 / 25 km and the
ceiling a one-point-per-description geocoder cannot pass."""

from __future__ import annotations

import csv
import os

import pytest

from warledger.errors import InputError
from warledger.eval.geo import score_geocode


@pytest.fixture(scope="module", autouse=True)
def _data_dir():
    assert os.environ.get("WARLEDGER_DATA_DIR"), "tests must not write the user's data dir"


def _write(path, rows):
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "where_description", "latitude", "longitude"])
        w.writerows(rows)


def test_geocode_scores_and_ceiling(tmp_path):
    p = tmp_path / "gold.csv"
    _write(p, [
        (1, "Chuhuiv, south of Kharkiv", 49.836, 36.686),       # right
        (2, "Bakhmut", 48.595, 38.000),                         # right
        (3, "Bakhmut", 49.500, 36.500),                         # same words, coded elsewhere
        (4, "Qwertyzxcv", 48.0, 37.8),                          # nothing found
        (5, "", 48.0, 37.8),                                    # no description: not scored
        (6, "Kramatorsk", "n/a", 37.5),                         # bad coordinate: skipped
    ])
    r = score_geocode(p)
    assert r["n"] == 4 and r["found"] == 3
    assert r["within25"] == 0.5 and r["within10"] == 0.5
    # rows 2 and 3 share a description 150 km apart: at most one of them can be right
    assert r["ceiling_within25"] == 0.75 and r["ceiling_within10"] == 0.75


def test_geocode_rejects_other_files(tmp_path):
    p = tmp_path / "other.csv"
    p.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(InputError, match="where_description"):
        score_geocode(p)
    with pytest.raises(InputError):
        score_geocode(tmp_path / "missing.csv")
