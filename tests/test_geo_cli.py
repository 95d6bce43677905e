"""Commands of the geo stage and ``gazetteer load`` on small GeoNames files the tests write."""

from __future__ import annotations

import json
import shutil
import sqlite3
import zipfile

import pytest
from typer.testing import CliRunner

from warledger.cli import app
from warledger.errors import GazetteerError
from warledger.geo import get_gazetteer
from warledger.geo.gazetteer import Gazetteer
from warledger.geo.load import load_geonames

runner = CliRunner()

ROWS = [
    # 19 GeoNames columns
    ["9990001", "Testivka", "Testivka", "Testovka,Тестівка", "48.1", "37.2", "P", "PPL", "UA",
     "", "05", "", "", "", "1200", "", "150", "Europe/Kyiv", "2024-01-01"],
    ["9990002", "Probne", "Probne", "Probnoye", "47.5", "36.1", "P", "PPL", "UA", "", "26", "",
     "", "", "800", "", "90", "Europe/Kyiv", "2024-01-01"],
]


def _line(cols):
    return "\t".join(cols) + "\n"


@pytest.fixture()
def gz_copy(tmp_path):
    src = get_gazetteer().path
    dst = tmp_path / "gaz.sqlite"
    shutil.copy(src, dst)
    return dst


def _count(path, key):
    with sqlite3.connect(path) as db:
        return db.execute("SELECT count(*) FROM names WHERE key = ?", (key,)).fetchone()[0]


def test_load_tab_file_and_alternates(gz_copy, tmp_path):
    dump = tmp_path / "UA.txt"
    dump.write_text("".join(_line(r) for r in ROWS), encoding="utf-8")
    alt = tmp_path / "alternateNamesV2.txt"
    alt.write_text("1\t9990002\tru\tПробное\t\t\t\t\t\t\n", encoding="utf-8")
    res = load_geonames(gz_copy, dump, alt)
    assert res["added"] == 2
    g = Gazetteer(gz_copy)
    assert g.lookup("Testovka")[0].lat == pytest.approx(48.1)
    assert g.lookup("Пробное")[0].name == "Probne"


def test_load_zip(gz_copy, tmp_path):
    z = tmp_path / "UA.zip"
    with zipfile.ZipFile(z, "w") as zf:
        zf.writestr("UA.txt", "".join(_line(r) for r in ROWS))
        zf.writestr("readme.txt", "not data")
    assert load_geonames(gz_copy, z)["added"] == 2
    assert Gazetteer(gz_copy).lookup("Probne")


def test_truncated_file_names_line_and_loads_nothing(gz_copy, tmp_path):
    dump = tmp_path / "UA.txt"
    good = "".join(_line(r) for r in ROWS)
    dump.write_text(good + "\t".join(ROWS[0][:7]), encoding="utf-8")  # last line cut short
    with pytest.raises(GazetteerError, match="line 3"):
        load_geonames(gz_copy, dump)
    assert _count(gz_copy, "testivka") == 0 and _count(gz_copy, "probne") == 0


def test_corrupt_zip_and_bad_numbers(gz_copy, tmp_path):
    z = tmp_path / "allCountries.zip"
    z.write_bytes(b"PK\x03\x04 garbage")
    with pytest.raises(GazetteerError, match="zip"):
        load_geonames(gz_copy, z)
    bad = list(ROWS[0])
    bad[4] = "north"
    dump = tmp_path / "bad.txt"
    dump.write_text(_line(ROWS[1]) + _line(bad), encoding="utf-8")
    with pytest.raises(GazetteerError, match="line 2"):
        load_geonames(gz_copy, dump)
    assert _count(gz_copy, "probne") == 0


def test_cli_load_error_is_one_line(tmp_path):
    get_gazetteer()
    bad = tmp_path / "x.txt"
    bad.write_text("a\tb\n", encoding="utf-8")
    r = runner.invoke(app, ["gazetteer", "load", str(bad)])
    assert r.exit_code != 0
    assert "Traceback" not in (r.output or "")


def test_cli_geoparse_jsonl(tmp_path):
    f = tmp_path / "in.jsonl"
    f.write_text(json.dumps({"id": "a", "text": "Shelling of Kreminna"}) + "\n" + "{bad\n",
                 encoding="utf-8")
    r = runner.invoke(app, ["geoparse", str(f)])
    assert r.exit_code == 1  # one bad line
    rec = json.loads(r.stdout.splitlines()[0])
    assert rec["id"] == "a" and rec["toponyms"][0]["name"] == "Kreminna"
    assert set(rec["toponyms"][0]) >= {"start", "end", "text", "latitude", "role"}


def test_cli_geocode_and_search_and_info():
    r = runner.invoke(app, ["geocode", "Chuhuiv, south of Kharkiv"])
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["name"] == "Chuhuiv"
    r = runner.invoke(app, ["gazetteer", "search", "Kremmina", "--limit", "1"])
    assert r.exit_code == 0 and json.loads(r.stdout.splitlines()[0])["name"] == "Kreminna"
    r = runner.invoke(app, ["gazetteer", "info"])
    assert r.exit_code == 0 and "CC BY" in r.stdout


def test_a_loaded_name_of_several_words_is_found(gz_copy, tmp_path):
    # the first word is in no key of the built gazetteer: the load must extend ``heads``
    row = list(ROWS[0])
    row[0], row[1], row[2], row[3] = "9990003", "Qwzxyk Pivnichnyi", "Qwzxyk Pivnichnyi", ""
    dump = tmp_path / "UA.txt"
    dump.write_text(_line(row), encoding="utf-8")
    g0 = Gazetteer(gz_copy)
    assert g0.lookup("Qwzxyk Pivnichnyi") == ()
    g0.close()
    load_geonames(gz_copy, dump)
    g = Gazetteer(gz_copy)
    assert g.lookup("Qwzxyk Pivnichnyi")[0].name == "Qwzxyk Pivnichnyi"
    assert g.lookup("Stanytsia Luhanska")  # names of several words in the build are found
    assert g.lookup("Qwzxyk Unknownword") == ()
