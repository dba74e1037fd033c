"""Place spans from the gazetteer and name patterns, and the unit's geo_scope.

Gazetteer names and aliases are matched leftmost-longest, so a longer entry hides the
names inside it (德感滨江路, not 德感; 重庆新机场, not 重庆). Following the gazetteer's
rulings: nothing inside quotation marks or book titles is a place (“云端四面山”); a
municipality (重庆) is a place only where it is a territory (重庆南部, 融入重庆…), not in
names (数字重庆, 重庆交大); a surface with two readings (四面山, 塘河: the town or the
mountain / river) is the town when it is listed with towns or a 镇 word follows in its
clause, else the entry whose canonical name it is.

Name patterns (…街道, …镇, …新城, …片区, …水库, …北路 …) catch places the gazetteer
lacks; the name starts after the last verb, function word or gazetteer place before
the ending (加快浒溪北路 → 浒溪北路), and generic phrases (中心镇, 旅游镇 …) are
dropped. A gazetteer place right before the rest of such a name is inside it
(鄂州花湖机场 is one site, P4). Pattern places get name None.

Province-level names and 中国 (P6, P19): the issuer's own jurisdiction and those that
enclose it (重庆 and 中国 for 江津) are places only where they are a territory (重庆南部,
融入重庆…), since in the issuer's report they mostly mark the level of a title or
programme (数字重庆, 重庆交大, 中国式现代化); other jurisdictions' names are places unless
they stand inside a name (美丽四川, 浙江大学). A division name ending in 县 / 区 / 市 before
域, 级 … is a generic word (县域, 市级). The macro-regions 东部, 中部, 西部 are places only
where they denote the region (P21: 西部大开发, 中部地区, not 西部陆海新通道).

geo_scope (annotation.rules.geography): beyond (a place outside the issuer's jurisdiction,
or a cooperation cue of its level) > locality (a place inside it) > district (the
jurisdiction itself, or no place).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

from annotation.lexicons import (
    GENERIC_NAME_PARTS,
    GENERIC_PLACE_NAMES,
    MACRO_REGION_AFTER,
    NAME_AFTER_PLACE,
    NAME_BEFORE_PLACE,
    NATURAL_HEADS,
    NOT_AFTER_DIVISION,
    PLACE_BOUNDARY_WORDS,
    PLACE_FALSE_FRIENDS,
    PLACE_SUFFIXES,
    POSITIONING_VERBS,
    TERRITORY_AFTER,
    TERRITORY_BEFORE,
)
from annotation.rules.geography import Geography, Issuer, issuer_gazetteer
from annotation.rules.geography import geo_scope as _geo_scope
from annotation.rules.targets import quoted_regions
from annotation.rules.wordscan import WordScanner
from dataset.gazetteer import Gazetteer
from dataset.quantities.fields import clause_start
from dataset.quantities.patterns import SuffixSet, is_cjk, literal_pattern

MAX_PATTERN_NAME = 10
_TYPE_BY_SUFFIX = (
    (("镇", "街道", "乡"), "township"),
    (("新城", "片区", "新区", "园区", "产业园", "物流园", "开发区"), "zone"),
)
DIVISION_ENDINGS = ("县", "区", "市")
DIVISION_TYPES = ("municipality", "prefecture", "district")
_FALSE_FRIENDS = re.compile(literal_pattern(PLACE_FALSE_FRIENDS))
_GENERIC = SuffixSet(GENERIC_PLACE_NAMES)
_GENERIC_PARTS = SuffixSet(GENERIC_NAME_PARTS)


def _only_generic_words(name: str) -> bool:
    """The words before a place ending are only directions and generic adjectives."""
    while name:
        word = _GENERIC_PARTS.prefix(name)
        if word is None:
            return False
        name = name[len(word) :]
    return True


class _Hit(NamedTuple):
    surface: str
    start: int
    end: int


@dataclass(frozen=True)
class PlaceMatcher:
    gazetteer: Gazetteer
    home_surfaces: WordScanner
    other_surfaces: WordScanner
    suffix_pattern: re.Pattern[str]
    boundary_pattern: re.Pattern[str]
    geography: Geography

    @classmethod
    def from_gazetteer(cls, gazetteer: Gazetteer, issuer: Issuer | None = None) -> PlaceMatcher:
        """A matcher for `gazetteer` as it is, or, given the issuer of the report, for the
        gazetteer assembled for that issuer (annotation.rules.geography)."""
        if issuer is not None:
            gazetteer = issuer_gazetteer(issuer, gazetteer)
        home_names = {e["name"] for e in gazetteer.entries if issuer is None or e.get("home_layer")}
        home = [s for s, (name, _) in gazetteer.surfaces.items() if name in home_names]
        other = [s for s, (name, _) in gazetteer.surfaces.items() if name not in home_names]
        return cls(
            gazetteer,
            WordScanner(home),
            WordScanner(other),
            re.compile(literal_pattern(PLACE_SUFFIXES)),
            re.compile(literal_pattern(PLACE_BOUNDARY_WORDS)),
            Geography(issuer, gazetteer),
        )

    def find(self, text: str, quoted: list[tuple[int, int]] | None = None) -> list[dict]:
        """Place spans of `text`; `quoted` is quoted_regions(text) when known already."""
        if quoted is None:
            quoted = quoted_regions(text)
        places = self._gazetteer_places(text, quoted)
        taken = [(p["start"], p["end"]) for p in places]
        found = self._pattern_places(text, taken, quoted)
        longer = [(f["start"], f["end"]) for f in found]  # P4: they hide the names inside
        places = [p for p in places if not _overlaps(longer, p["start"], p["end"])] + found
        places.sort(key=lambda p: p["start"])
        return places

    # ------------------------------------------------------------ gazetteer

    def _is_division_reading(self, name: str) -> bool:
        """The entry comes from the divisions gazetteer (it has a code), not the local one."""
        entry = self.gazetteer.entry(name)
        return entry is not None and "parent" in entry

    def _gazetteer_places(self, text: str, quoted: list[tuple[int, int]]) -> list[dict]:
        """The issuer's own names first, then the wider gazetteer where they left room."""
        home = [_Hit(*match) for match in self.home_surfaces.matches(text)]
        hits = [
            hit
            for position, hit in enumerate(home)
            if not self._is_listed_alias(hit) or _listed_with_places(text, home, position)
        ]
        taken = [(hit.start, hit.end) for hit in hits]
        for match in self.other_surfaces.matches(text):
            if not _overlaps(taken, match[1], match[2]):
                hits.append(_Hit(*match))
        excluded = quoted + [m.span() for m in _FALSE_FRIENDS.finditer(text)]
        hits = sorted(
            (hit for hit in hits if not _inside(excluded, hit.start, hit.end)),
            key=lambda hit: hit.start,
        )
        places = []
        for position, hit in enumerate(hits):
            name, kind = self.gazetteer.surfaces[hit.surface]
            if not self._is_place(text, hit, name, kind):
                continue
            readings = self.gazetteer.readings.get(hit.surface, [])
            if len(readings) > 1:
                name, kind = self._disambiguate(text, hits, position, readings)
            places.append(_place(hit.start, hit.end, text, kind, name))
        return places

    def _is_place(self, text: str, hit: _Hit, name: str, kind: str) -> bool:
        """P6 / P19 for jurisdictions, and no generic word (县域, 市级)."""
        if kind == "municipality" and self.geography.issuer is None:
            return _territorial(text, hit.start, hit.end)  # a gazetteer read as it is
        if kind in ("municipality", "country") and self.geography.encloses_or_is_issuer(name):
            return _territorial(text, hit.start, hit.end) and not _inside_a_name(text, hit)
        if kind in ("municipality", "country", "prefecture", "region") and _inside_a_name(
            text, hit
        ):
            return False
        if (self.gazetteer.entry(name) or {}).get("macro_region"):
            return _denotes_the_macro_region(text, hit, name)
        named_after = kind in DIVISION_TYPES and text.startswith(NATURAL_HEADS, hit.end)
        if named_after and self._is_division_reading(name):
            return False  # 天山, 鄱阳湖: a natural feature named after the division
        return not (
            hit.surface.endswith(DIVISION_ENDINGS) and text.startswith(NOT_AFTER_DIVISION, hit.end)
        )

    def _is_listed_alias(self, hit: _Hit) -> bool:
        """A county's short name that is a place only in a list of places (geography)."""
        name, _ = self.gazetteer.surfaces[hit.surface]
        entry = self.gazetteer.entry(name)
        return hit.surface != name and bool(entry and entry.get("listed_alias"))

    def _disambiguate(
        self,
        text: str,
        matches: list[_Hit],
        position: int,
        readings: list[tuple[str, str]],
    ) -> tuple[str, str]:
        """The town reading when the name is listed (、) with towns or a 镇 word follows in
        its clause; a natural reading when listed with natural places; else the first."""
        by_type = {kind: (name, kind) for name, kind in reversed(readings)}
        match = matches[position]
        for neighbour in (position - 1, position + 1):
            if not 0 <= neighbour < len(matches):
                continue
            other = matches[neighbour]
            left, right = sorted((match, other), key=lambda m: m.start)
            between = text[left.end : right.start]
            if "、" not in between or any(c in between for c in ",，;；。:："):
                continue
            options = self.gazetteer.readings.get(other.surface, [])
            if len(options) == 1 and options[0][1] in by_type:
                return by_type[options[0][1]]
        clause_rest = re.split(r"[,，;；。:：]", text[match.end :], maxsplit=1)[0]
        if "township" in by_type and "镇" in clause_rest:
            return by_type["township"]
        return readings[0]

    # ------------------------------------------------------------ name patterns

    def _pattern_places(
        self, text: str, taken: list[tuple[int, int]], quoted: list[tuple[int, int]]
    ) -> list[dict]:
        found: list[dict] = []
        for match in self.suffix_pattern.finditer(text):
            end = match.end()
            if text[end : end + 1] in ("街", "级", "村", "道", "域", "用"):
                continue  # 镇街, 镇级, 镇村, 镇域: not a name ending
            edge = self._left_edge(text, match.start(), taken)
            start = _over_leading_places(edge, taken)
            others = [(a, b) for a, b in taken if not start <= a < b <= edge]
            surface = text[start:end]
            if (
                end - start < 3
                or _GENERIC.match(surface)
                or _only_generic_words(text[edge : match.start()])
                or _overlaps(others, start, end)
                or _inside(quoted, start, end)
            ):
                continue
            known = self.gazetteer.lookup(surface)
            kind = known[1] if known else _pattern_type(surface)
            found.append(_place(start, end, text, kind, known[0] if known else None))
            taken.append((start, end))
        return found

    def _left_edge(self, text: str, suffix_start: int, taken: list[tuple[int, int]]) -> int:
        """Where a pattern name ending at suffix_start begins: at most MAX_PATTERN_NAME
        CJK characters back, after the last boundary word and any gazetteer place."""
        edge = suffix_start
        while edge > 0 and suffix_start - edge < MAX_PATTERN_NAME and is_cjk(text[edge - 1]):
            edge -= 1
        for match in self.boundary_pattern.finditer(text, edge, suffix_start):
            edge = max(edge, match.end())
        for t_start, t_end in taken:
            if t_start < suffix_start and edge < t_end <= suffix_start:
                edge = t_end
        return edge


def _denotes_the_macro_region(text: str, hit: _Hit, name: str) -> bool:
    """P21: 中部地区 unless inside the issuer's positioning (建成中部地区崛起的…支点);
    bare 中部 only before a word that makes it the region (中部领先, 西部大开发)."""
    if hit.surface == name:
        return text.startswith(MACRO_REGION_AFTER, hit.end)
    clause = text[clause_start(text, hit.start) : hit.start]
    return not any(verb in clause for verb in POSITIONING_VERBS)


def _listed_with_places(text: str, hits: list[_Hit], position: int) -> bool:
    """The hit and a neighbouring one are items of one list (天门、潜江、松滋等)."""
    hit = hits[position]
    neighbours = [hits[i] for i in (position - 1, position + 1) if 0 <= i < len(hits)]
    return any(
        text[min(hit.end, other.end) : max(hit.start, other.start)] == "、" for other in neighbours
    )


def _over_leading_places(start: int, taken: list[tuple[int, int]]) -> int:
    """P4: a place name written right before the rest of a longer name is inside it
    (鄂州花湖机场, 宜昌三峡机场, 武汉新城): the name starts where they start."""
    ends = {t_end: t_start for t_start, t_end in taken}
    while start in ends:
        start = ends[start]
    return start


def _territorial(text: str, start: int, end: int) -> bool:
    """A municipality named as a territory (重庆南部, 融入重庆…), not inside a name."""
    after = text[end : end + 4]
    before = text[max(0, start - 2) : start]
    return after.startswith(TERRITORY_AFTER) or before.endswith(TERRITORY_BEFORE)


def _inside_a_name(text: str, hit: _Hit) -> bool:
    """美丽四川, 浙江大学: the name is part of a brand or an organisation's name."""
    before = text[max(0, hit.start - 2) : hit.start]
    return before.endswith(NAME_BEFORE_PLACE) or text.startswith(NAME_AFTER_PLACE, hit.end)


def _inside(regions: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(r_start <= start and end <= r_end for r_start, r_end in regions)


def _overlaps(taken: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(start < t_end and t_start < end for t_start, t_end in taken)


def _pattern_type(surface: str) -> str:
    for suffixes, kind in _TYPE_BY_SUFFIX:
        if surface.endswith(suffixes):
            return kind
    return "site"


def _place(start: int, end: int, text: str, kind: str, name: str | None) -> dict:
    return {"start": start, "end": end, "text": text[start:end], "type": kind, "name": name}


def geo_scope(text: str, places: list[dict], matcher: PlaceMatcher) -> str:
    """beyond > locality > district, from the unit's places and cooperation cues."""
    return _geo_scope(text, places, matcher.geography)
