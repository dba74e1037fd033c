"""Geography relative to the issuing government (codebook W1, §13.5–§13.6).

An `Issuer` is a GB/T 2260 code: 100000 for the State Council, a province-level code
(500000) for a provincial report, a county-level code (500116) for a district report.
The gazetteer a report is read with is assembled per issuer from per-level resources:

- the local detail gazetteer (dataset/gazetteer.json: towns, zones, sites) when it is
  the issuer's own district;
- the divisions of China (dataset/gazetteers/cn-divisions.json): every province and
  prefecture with its short name (四川, 凉山州); county-level divisions by their full
  names, a two-character one (忠县) only inside the issuer's province; their short names
  (万州, 渝中) in the report of the municipality (直辖市) that governs them directly, the
  one kind of report that writes them so, and in a province's own report only where they
  are listed with other places (天门、潜江、松滋等15个县市), since alone a short name may
  be a word (振兴区, 振兴 in 全面振兴); names that are generic words are left out;
- the named regions (京津冀, 成渝地区双城经济圈, 东南亚 …) and major natural features
  (长江, 秦岭 …) with the provinces they span, and the countries.

Each place then stands in one of three relations to the issuer: `own` (the jurisdiction
itself: 江津 in Jiangjin's report, 中国 in the State Council's), `inside` (a division
whose code lies in the issuer's, a region all of whose members do, a natural feature
that touches it, a town or zone of the district) or `outside` (another division, a
division or country that encloses the issuer, a region reaching across its border, a
foreign country or region).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from annotation.lexicons import COOPERATION_CUES
from dataset.gazetteer import Gazetteer, parse_gazetteer
from dataset.gazetteers import NATIONAL_CODE, contains, division_level, load_layer
from dataset.quantities.patterns import literal_pattern

CHINA = "CN"
SHORT_COUNTY_NAME = 2  # 忠县, 高县: characters


@dataclass(frozen=True)
class Issuer:
    code: str

    @property
    def level(self) -> str:
        """national, provincial, prefecture or district."""
        return division_level(self.code)

    @property
    def province(self) -> str:
        return NATIONAL_CODE if self.level == "national" else self.code[:2] + "0000"


def issuer_gazetteer(issuer: Issuer, local: Gazetteer) -> Gazetteer:
    """The gazetteer for reading a report of `issuer` (see the module docstring)."""
    home_code = local_code(local)
    entries = [_home(entry) for entry in local.entries] if home_code == issuer.code else []
    by_name = {entry["name"]: entry for entry in entries}
    for entry in load_layer("divisions"):
        if entry["name"] in by_name:
            by_name[entry["name"]].setdefault("code", entry["code"])
        elif not entry.get("generic"):
            matchable = _matchable_division(entry, issuer)
            if matchable is not None and contains(issuer.province, entry["code"]):
                matchable = _home(matchable)
            if matchable is not None:
                entries.append(matchable)
    known = {entry["name"] for entry in entries}
    for layer in ("regions", "countries"):
        entries += [dict(e) for e in load_layer(layer) if e["name"] not in known]
    data = {"entries": entries}
    if home_code == issuer.code and local.district:
        data["district"] = {"name": local.district, "code": issuer.code}
    return parse_gazetteer(data, f"gazetteer for {issuer.code}")


def _home(entry: dict[str, Any]) -> dict[str, Any]:
    """Marks an entry of the issuer's own resources (its detail gazetteer, the divisions of
    its province): the matcher reads them first, so that 美丽江津 gives 江津, not 丽江."""
    return dict(entry, home_layer=True)


def local_code(local: Gazetteer) -> str | None:
    home = local.entry(local.district) if local.district else None
    code = (home or {}).get("code")
    return code if isinstance(code, str) else _known_code(local.district)


def _known_code(name: str | None) -> str | None:
    return next((e["code"] for e in load_layer("divisions") if e["name"] == name), None)


def _matchable_division(entry: dict[str, Any], issuer: Issuer) -> dict[str, Any] | None:
    """The entry with the surfaces a report of `issuer` is read for, or None."""
    if entry["type"] != "district":
        return dict(entry)  # provinces and prefectures: full and short names
    own_province = issuer.level != "national" and contains(issuer.province, entry["code"])
    if own_province and _is_municipality(issuer.province):
        return dict(entry)  # 重庆's report names its districts 万州, 渝中
    if own_province:
        aliases = [a for a in entry.get("aliases", []) if a not in _upper_level_surfaces()]
        return dict(entry, aliases=aliases, listed_alias=True)  # 天门、潜江等: PlaceMatcher
    if len(entry["name"]) > SHORT_COUNTY_NAME:
        return dict(entry, aliases=[])
    return None


@cache
def _upper_level_surfaces() -> frozenset[str]:
    """Names and short names of provinces and prefectures (南昌 is 南昌市, not 南昌县)."""
    entries = [e for e in load_layer("divisions") if e["type"] != "district"]
    return frozenset(s for e in entries for s in (e["name"], *e.get("aliases", [])))


@cache
def _is_municipality(province: str) -> bool:
    """A municipality directly under the central government (北京市, 重庆市 …)."""
    return any(e["code"] == province and e["name"].endswith("市") for e in load_layer("divisions"))


# ---------------------------------------------------------------- relations and scope


@dataclass(frozen=True)
class Geography:
    """The issuer and its gazetteer: where each place stands relative to the issuer.
    Without an issuer the gazetteer is read as it is: its home district is the
    jurisdiction, and only its own entries' rulings count."""

    issuer: Issuer | None
    gazetteer: Gazetteer

    @property
    def level(self) -> str:
        return self.issuer.level if self.issuer is not None else "district"

    def relation(self, place: dict[str, Any]) -> str:
        """own, inside or outside (a place the gazetteer lacks, found by its name
        ending, is a town, zone or site of the jurisdiction: inside)."""
        entry = self.gazetteer.entry(place["name"]) if place.get("name") else None
        if entry is None:
            return "inside"
        if isinstance(entry.get("code"), str) and self.issuer is not None:
            return self._code_relation(self.issuer, entry["code"])
        if "members" in entry or entry.get("foreign"):
            return self._region_relation(entry)
        return self._local_relation(entry)

    def encloses_or_is_issuer(self, name: str) -> bool:
        """The place is the jurisdiction or contains it (重庆 for 江津, 中国 for all):
        its name mostly marks a level in the issuer's report (codebook P6, P19)."""
        entry = self.gazetteer.entry(name)
        code = entry.get("code") if entry else None
        if code == CHINA:
            return True
        if isinstance(code, str) and code.isdigit() and self.issuer is not None:
            return contains(code, self.issuer.code)
        return False

    @staticmethod
    def _code_relation(issuer: Issuer, code: str) -> str:
        if code == CHINA:
            return "own" if issuer.code == NATIONAL_CODE else "outside"
        if not code.isdigit():
            return "outside"  # a foreign country
        if code == issuer.code:
            return "own"
        return "inside" if contains(issuer.code, code) else "outside"

    def _region_relation(self, entry: dict[str, Any]) -> str:
        """A region is inside when all its members are; a natural feature when it touches
        the jurisdiction (G2: a river crossing the border counts as inside)."""
        members = entry.get("members") or []
        if entry.get("foreign") or not members or self.issuer is None:
            return "outside"
        within = [contains(self.issuer.code, member) for member in members]
        crosses_in = entry["type"] == "natural" and any(within)
        return "inside" if all(within) or crosses_in else "outside"

    def _local_relation(self, entry: dict[str, Any]) -> str:
        """Entries of the local detail gazetteer without a code (codebook P12, G1)."""
        if entry.get("inside") is False or entry.get("scope") == "beyond":
            return "outside"
        if re.search(r"(?:geo_scope|scope) beyond", str(entry.get("note", "")), re.I):
            return "outside"
        if entry["type"] in ("region", "municipality"):
            return "outside"
        if entry["type"] == "district":
            return "own" if entry["name"] == self.gazetteer.district else "outside"
        return "inside"


_COOPERATION = {
    level: re.compile(literal_pattern(cues)) for level, cues in COOPERATION_CUES.items()
}


def geo_scope(text: str, places: list[dict], geography: Geography) -> str:
    """beyond > locality > district (G1–G3): beyond for a place outside the jurisdiction
    or a cooperation cue of the issuer's level, locality for a place inside it."""
    cues = _COOPERATION.get(geography.level, _COOPERATION["provincial"])
    relations = {geography.relation(place) for place in places}
    if cues.search(text) or "outside" in relations:
        return "beyond"
    return "locality" if "inside" in relations else "district"
