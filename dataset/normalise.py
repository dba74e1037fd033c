"""Span-level normalisation of numeric targets (DESIGN §3).

What a quantity looks like in report text and what it means: the numeral string turned
into `value` / `value_max`, the surface unit into the canonical unit of
`dataset.schema.CANONICAL_UNITS`, and the comparator, kind and indicator read from the
words around the span. Deciding *which* quantities are commitments is the extractor's
job (`annotation.rules.targets`); the CRF baseline reuses this module to fill the fields
of the spans it tags, so it lives in `dataset/`, which both may import.

Only the matched numeral string is ever converted (`cn2an` on `一百二十万`, never on a
whole sentence, which would turn 四面山 into 4面山).
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections.abc import Iterable
from functools import lru_cache
from typing import NamedTuple

from dataset.schema import CANONICAL_UNITS

# Above this many distinct first characters, literal_pattern groups the words by first
# character (see _grouped_source); below it a plain trie is faster.
GROUP_ABOVE_FIRST_CHARACTERS = 100
FIRST_CHARACTERS_PER_GROUP = 32


def literal_pattern(words: Iterable[str]) -> str:
    """A regex source matching any of `words`, the longest word at the leftmost position
    first, compiled as a trie so that the engine branches on each character instead of
    trying every word in turn (a plain alternation of a few hundred words is markedly
    slower)."""
    trie: dict = {}
    for word in set(words):
        if not word:
            continue
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    if len(trie) > GROUP_ABOVE_FIRST_CHARACTERS:
        return _grouped_source(trie)
    return _trie_source(trie)


def _trie_source(node: dict) -> str:
    branches = [
        re.escape(char) + _trie_source(child) for char, child in sorted(node.items()) if char
    ]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if "" in node:  # a word may end here: the longer reading is tried first (greedy)
        return f"(?:{body})?"
    return body


def _grouped_source(trie: dict) -> str:
    """The trie of a large word list in two levels that the engine can skip through.

    The engine tries the alternatives of a branch one after another, so a trie whose
    root has hundreds of first characters costs hundreds of steps at every candidate
    position. Here the root is a few groups, each opening with a character class of its
    first characters (a class the engine tests in one step); inside a group the words
    branch on their second character, and a lookbehind over the two characters read
    selects the rest of the trie. Words of one character come last (longest first)."""
    firsts = sorted(trie)
    groups = [
        firsts[i : i + FIRST_CHARACTERS_PER_GROUP]
        for i in range(0, len(firsts), FIRST_CHARACTERS_PER_GROUP)
    ]
    return "(?:" + "|".join(_group_source(trie, group) for group in groups) + ")"


def _group_source(trie: dict, group: list[str]) -> str:
    by_second: dict[str, list[tuple[str, dict]]] = {}
    single_words = []
    for first in group:
        for second, rest in sorted(trie[first].items()):
            if second:
                by_second.setdefault(second, []).append((first, rest))
            else:
                single_words.append(first)
    branches = []
    for second, readings in sorted(by_second.items()):
        options = [
            f"(?<={re.escape(first + second)}){_trie_source(rest)}" for first, rest in readings
        ]
        body = options[0] if len(options) == 1 else "(?:" + "|".join(options) + ")"
        branches.append(re.escape(second) + body)
    branches += [f"(?<={re.escape(first)})" for first in single_words]
    return "[" + re.escape("".join(group)) + "](?:" + "|".join(branches) + ")"


class SuffixSet:
    """Which of a set of words a string ends with (the longest), in O(longest word)."""

    def __init__(self, words: Iterable[str]):
        self.words = frozenset(w for w in words if w)
        self.lengths = sorted({len(w) for w in self.words}, reverse=True)
        # the lengths worth trying, longest first, by last and by first character
        self._by_last = _lengths_by(self.words, -1)
        self._by_first = _lengths_by(self.words, 0)

    def match(self, text: str) -> str | None:
        for length in self._by_last.get(text[-1:], ()):
            if len(text) >= length and text[-length:] in self.words:
                return text[-length:]
        return None

    def prefix(self, text: str) -> str | None:
        for length in self._by_first.get(text[:1], ()):
            if text[:length] in self.words:
                return text[:length]
        return None


def _lengths_by(words: frozenset[str], index: int) -> dict[str, tuple[int, ...]]:
    lengths: dict[str, set[int]] = {}
    for word in words:
        lengths.setdefault(word[index], set()).add(len(word))
    return {char: tuple(sorted(found, reverse=True)) for char, found in lengths.items()}


# ---------------------------------------------------------------- numerals

MAGNITUDES: dict[str, float] = {
    "万亿": 1e12,
    "千万": 1e7,
    "百万": 1e6,
    "十万": 1e5,
    "亿": 1e8,
    "万": 1e4,
    "千": 1e3,
    "百": 1e2,
}
CHINESE_DIGITS = "零〇一二两三四五六七八九"
CHINESE_NUMERAL_CHARS = CHINESE_DIGITS + "十百千万亿"
ARABIC = r"[0-9０-９]+(?:[.．][0-9０-９]+)?"
# A Chinese numeral starts with a digit or 十 (so 万家灯火, 千米长宴, 百亿级 never start one);
# a decimal part needs 点 followed by digits (so 试点, 重点 are left alone).
CHINESE = rf"[{CHINESE_DIGITS}十][{CHINESE_NUMERAL_CHARS}]*(?:点[{CHINESE_DIGITS}]+)?"
NUMERAL = rf"(?:{ARABIC}|{CHINESE})"
RANGE_SEPARATORS = "—–-~～至到"
RANGE_SEPARATOR_SET = frozenset(RANGE_SEPARATORS)
_ARABIC_WITH_MAGNITUDE = re.compile(
    r"([0-9]+(?:\.[0-9]+)?)(" + "|".join(sorted(MAGNITUDES, key=len, reverse=True)) + ")?"
)
PERCENT_SIGNS = "%％"

_FULL_WIDTH = str.maketrans("０１２３４５６７８９．", "0123456789.")


@lru_cache(maxsize=4096)
def parse_numeral(numeral: str) -> float:
    """The value of one numeral string, magnitude words included: '6.5万' → 65000.0,
    '一百二十万' → 1200000.0, '十二' → 12.0. Raises ValueError on anything else."""
    numeral = numeral.strip().translate(_FULL_WIDTH)
    if not numeral:
        raise ValueError("empty numeral")
    arabic = _ARABIC_WITH_MAGNITUDE.fullmatch(numeral)
    if arabic:
        return float(arabic.group(1)) * MAGNITUDES.get(arabic.group(2) or "", 1.0)
    if not any(char in CHINESE_DIGITS + "十" for char in numeral):
        raise ValueError(f"not a numeral: {numeral!r}")
    import cn2an  # imported here: it is slow to import and only Chinese numerals need it

    try:
        return float(cn2an.cn2an(numeral, "smart"))
    except (ValueError, KeyError, IndexError) as error:
        raise ValueError(f"not a numeral: {numeral!r} ({error})") from None


# ---------------------------------------------------------------- units


def _surface_units() -> list[str]:
    """Surface units to match after a number, longest first. Keys that are a magnitude
    word plus another key (万千瓦) are matched as magnitude + unit instead, so that the
    magnitude is expanded into the value."""
    keys = [
        key
        for key in CANONICAL_UNITS
        if not (key[:1] in "万亿" and key[1:] in CANONICAL_UNITS and key[1:])
    ]
    return sorted(keys, key=len, reverse=True)


SURFACE_UNITS: tuple[str, ...] = tuple(_surface_units())


def canonical_unit(surface: str) -> str | None:
    """Canonical unit of a surface unit ('个百分点' → '百分点', '％' → '%'), or None."""
    surface = unicodedata.normalize("NFKC", surface.strip())
    if surface in CANONICAL_UNITS:
        return CANONICAL_UNITS[surface]
    if surface == "成":
        return CANONICAL_UNITS["%"]
    return None


# ---------------------------------------------------------------- the quantity grammar

_NUMBER = re.compile(NUMERAL)
_NUMERAL_START = re.compile(f"[0-9０-９{CHINESE_DIGITS}十百]")
_NO_START_AFTER = frozenset("0123456789０１２３４５６７８９.．" + CHINESE_NUMERAL_CHARS)
# A numeral start not inside a numeral: the lookbehind sees the character before it
# (where quantity_at would stop at once), so runs of digits cost one match, not one each.
_NUMERAL_HEAD = re.compile(
    _NUMERAL_START.pattern + "(?<![" + re.escape("".join(sorted(_NO_START_AFTER))) + "].)",
    re.DOTALL,
)
# 成 after a numeral is a tenth (七成) unless it starts a word (成为, 成员, 成果 …)
_CHENG_NOT_BEFORE = frozenset("为员立果效本功熟长就")


class Quantity(NamedTuple):
    """A number with its unit as written in a text, before any decision about targets.
    (A named tuple: the rules make one for every number they read.)"""

    start: int
    end: int
    text: str
    numeral: str
    value: float
    value_max: float | None
    unit: str
    surface_unit: str

    @property
    def chinese(self) -> bool:
        """Written in Chinese numerals (十二座), not Arabic digits (12座)."""
        return not any(char in "0123456789" for char in self.numeral.translate(_FULL_WIDTH))


class _Tail(NamedTuple):  # built with tuple.__new__ (see _make)
    end: int
    surface: str
    unit: str
    factor: float


_UNIT_PATTERN = re.compile(literal_pattern(SURFACE_UNITS))
_MAGNITUDE_PATTERN = re.compile(literal_pattern(MAGNITUDES))
# The characters that can follow the numeral of a quantity: a unit, magnitude, percent
# sign, 余 / 多, 成 or a range separator begins there.
_AFTER_NUMERAL = frozenset(
    {word[0] for word in (*SURFACE_UNITS, *MAGNITUDES)}
    | set(PERCENT_SIGNS + RANGE_SEPARATORS + "余多成")
)


def _unit_at(text: str, i: int) -> str | None:
    """The longest surface unit starting at `i`."""
    found = _UNIT_PATTERN.match(text, i)
    return found.group() if found else None


def _magnitude_at(text: str, i: int) -> str | None:
    found = _MAGNITUDE_PATTERN.match(text, i)
    return found.group() if found else None


def _tail_at(text: str, i: int) -> _Tail | None:
    """The unit after a number: a percent sign, a surface unit (tried before a magnitude
    word so that 千瓦 / 千米 stay units), or a magnitude word and a unit (万亩, 亿元); 余 or
    多 may stand before the unit (10余个, 3万余人, 200多家)."""
    char = text[i : i + 1]
    if char and char in PERCENT_SIGNS:
        return tuple.__new__(_Tail, (i + 1, char, "%", 1.0))
    unit = _unit_at(text, i)
    if unit:
        return tuple.__new__(_Tail, (i + len(unit), unit, CANONICAL_UNITS[unit], 1.0))
    magnitude = _magnitude_at(text, i) or ""
    j = i + len(magnitude)
    more = text[j : j + 1] if text[j : j + 1] in ("余", "多") else ""
    if not magnitude and not more:
        return None
    unit = _unit_at(text, j + len(more))
    if unit is None:
        return None
    end = j + len(more) + len(unit)
    factor = MAGNITUDES[magnitude] if magnitude else 1.0
    return tuple.__new__(_Tail, (end, magnitude + more + unit, CANONICAL_UNITS[unit], factor))


def quantity_at(text: str, start: int) -> Quantity | None:
    """The quantity that starts exactly at `start`, or None. A range (5.5%—6%, 5%至6%,
    三至五个) is preferred over its first number; 百分之十五 and 七成 are percentages."""
    if start > 0 and text[start - 1] in _NO_START_AFTER:
        return None
    try:
        if text.startswith("百分之", start):
            number = _NUMBER.match(text, start + 3)
            if number is None:
                return None
            value = parse_numeral(number.group())
            return _make(text, start, number.end(), number.group(), value, None, "%", "百分之")
        number = _NUMBER.match(text, start)
        if number is None:
            return None
        numeral, after = number.group(), number.end()
        if text[after : after + 1] not in _AFTER_NUMERAL:
            return None  # nothing that can follow a quantity's numeral (第5稿, 3A)
        is_cheng = text[after : after + 1] == "成" and len(numeral) <= 2
        if is_cheng and text[after + 1 : after + 2] not in _CHENG_NOT_BEFORE:
            value = parse_numeral(numeral) * 10
            return _make(text, start, after + 1, numeral, value, None, "%", "成")
        tail = _tail_at(text, after)
        ranged = _range_from(text, start, numeral, tail, after)
        if ranged is not None:
            return ranged
        if tail is None:
            return None
        value = parse_numeral(numeral) * tail.factor
        return _make(text, start, tail.end, numeral, value, None, tail.unit, tail.surface)
    except ValueError:
        return None


def _range_from(
    text: str, start: int, low: str, low_tail: _Tail | None, after_low: int
) -> Quantity | None:
    """A range whose first number is `low` (with its own unit or none), or None."""
    low_factor = 1.0
    separator_at = low_tail.end if low_tail else after_low
    if low_tail is None:  # 1万至2万亩: a bare magnitude on the low side
        magnitude = _magnitude_at(text, after_low)
        if magnitude:
            low_factor, separator_at = MAGNITUDES[magnitude], after_low + len(magnitude)
    if text[separator_at : separator_at + 1] not in RANGE_SEPARATOR_SET:
        return None
    high = _NUMBER.match(text, separator_at + 1)
    if high is None:
        return None
    high_tail = _tail_at(text, high.end())
    if high_tail is None:
        return None
    if low_tail is not None:
        if low_tail.unit != high_tail.unit:
            return None
        low_factor = low_tail.factor
    elif low_factor == 1.0:
        low_factor = high_tail.factor  # 3至5万亩 reads 3万 to 5万
    low_value = parse_numeral(low) * low_factor
    high_value = parse_numeral(high.group()) * high_tail.factor
    if high_value < low_value:
        return None
    return _make(
        text,
        start,
        high_tail.end,
        f"{low}-{high.group()}",
        low_value,
        high_value,
        high_tail.unit,
        high_tail.surface,
    )


def _make(
    text: str,
    start: int,
    end: int,
    numeral: str,
    value: float,
    value_max: float | None,
    unit: str,
    surface: str,
) -> Quantity:
    fields = (start, end, text[start:end], numeral, value, value_max, unit, surface)
    return tuple.__new__(Quantity, fields)  # as Quantity(*fields), without its Python __new__


def find_quantities(text: str) -> list[Quantity]:
    """Every number-with-unit in text, left to right, not overlapping. Lexical only:
    years, ordinals and names are still in; the extractor filters them."""
    found: list[Quantity] = []
    # a search per numeral: most units have one or two, where a finditer costs more
    head = _NUMERAL_HEAD.search(text)
    while head is not None:
        quantity = quantity_at(text, head.start())
        resume = head.end()
        if quantity is not None:
            found.append(quantity)
            resume = max(resume, quantity.end)
        head = _NUMERAL_HEAD.search(text, resume)
    return found


def parse_quantity(span_text: str) -> Quantity:
    """The quantity that a whole span holds ('6.5万亩', '5.5%—6%'), or ValueError."""
    quantity = quantity_at(span_text, 0)
    if quantity is None or quantity.end != len(span_text):
        raise ValueError(f"not a quantity with a known unit: {span_text!r}")
    return quantity


# ---------------------------------------------------------------- words around a span

CLAUSE_DELIMITERS = ",，;；。:：!！?？\n"
ITEM_DELIMITERS = "、"

COMPARATORS_BEFORE: dict[str, str] = {
    "不低于": ">=",
    "不少于": ">=",
    "不小于": ">=",
    "至少": ">=",
    "不高于": "<=",
    "不超过": "<=",
    "不多于": "<=",
    "不大于": "<=",
    "最多": "<=",
    "突破": ">",
    "超过": ">",
    "高于": ">",
    "多于": ">",
    "大于": ">",
    "低于": "<",
    "少于": "<",
    "小于": "<",
    "不足": "<",
    "大约": "~",
    "接近": "~",
    "约": "~",
    "近": "~",
    "控制在": "<=",
    "达到": "=",
    "达": "=",
}
COMPARATORS_AFTER: dict[str, str] = {
    "及以上": ">=",
    "以上": ">=",
    "之上": ">=",
    "及以下": "<=",
    "以内": "<=",
    "以下": "<=",
    "之内": "<=",
    "左右": "~",
}

GROWTH_CUES = ("年均增长", "增长", "增速", "增幅", "提高", "提升", "增加", "上升")
REDUCTION_CUES = ("下降", "压降", "降低", "减少", "压减", "削减", "缩减", "压缩", "减排")
# K4: the number counts new units that the year's action adds to a lasting stock.
INCREMENT_CUES = (
    "新增",
    "新建",
    "新改建",
    "改扩建",
    "新开工",
    "新培育",
    "新引进",
    "新谋划",
    "谋划",
    "新开发",
    "开发上线",
    "新认定",
    "认定",
    "新设",
    "增设",
    "新招引",
    "招引",
    "引进",
    "培育",
    "成立",
    "入驻",
    "新上线",
    "新开通",
    "新落地",
    "建成",
    "改造",
    "打造",
    "上架",
    "贯通",
    "挖掘",
    "申报",
    "建设",
    "增加",
)
# K5: volumes of activity in the year that leave no lasting new units, and stocks to hold.
LEVEL_CUES = ("种植", "示范", "培训", "遴选", "保有量", "民生实事", "增加值")
# 提高到 / 降至: the number is the level to reach, not the size of the change
TO_MARKERS = ("到", "至")
RATIO_SUFFIXES = ("率", "占比", "比重", "比例")
# Words stripped from either end of an indicator: modal, linking and comparator words.
LEADING_WORDS = (
    "牢牢守住",
    "严守",
    "守住",
    "守牢",
    "严控",
    "必须",
    "确保",
    "力争",
    "争取",
    "努力",
    "全力",
    "实现",
    "完成",
    "其中",
    "全年",
    "今年",
    "并",
    "和",
    "及",
    "各",
)
TRAILING_WORDS = (
    "控制在",
    "保持在",
    "稳定在",
    "提高到",
    "提高至",
    "提升到",
    "提升至",
    "降低到",
    "降低至",
    "下降到",
    "下降至",
    "增长到",
    "增长至",
    "降至",
    "降到",
    "动态保持",
    "保持",
    "稳定",
    "均",
    "累计",
    "分别",
    "达到",
    "达",
    "为",
    "在",
    "各",
    *GROWTH_CUES,
    *REDUCTION_CUES,
)
# Verbs after which the indicator (the object) begins: 改造高标准农田6.5万亩 → 高标准农田.
OBJECT_VERBS = (
    *INCREMENT_CUES,
    "实施",
    "承接实施",
    "开展",
    "组织开展",
    "完成",
    "实现",
    "遴选",
    "压降",
    "种植",
    "开工",
    "推动",
    "推进",
    "挂牌",
)
_OBJECT_VERB_PATTERN = re.compile(literal_pattern(OBJECT_VERBS))
_TRIM_CHARS = " ,，、;；:：“”‘’()（）「」《》·"
_PAIR = {"“": "”", "‘": "’", "(": ")", "（": "）", "《": "》"}
GENERIC_INDICATORS = ("产值", "收入", "总量", "规模", "总额", "金额")


# 10余个, 200多个: the word sits between the number and its unit, so it is in the span
APPROXIMATE_MORE = ("余", "多")
RED_LINES = ("红线", "底线")
# A red line on one of these is a ceiling, not a floor.
CAPPED_STOCKS = ("排放", "债务", "能耗", "赤字", "负债")
_BEFORE = SuffixSet(COMPARATORS_BEFORE)
_AFTER = SuffixSet(COMPARATORS_AFTER)
_GROWTH = SuffixSet(GROWTH_CUES)
_REDUCTION = SuffixSet(REDUCTION_CUES)
_GROWTH_OR_REDUCTION = SuffixSet((*GROWTH_CUES, *REDUCTION_CUES))
_LEADING = SuffixSet(LEADING_WORDS)
_TRAILING = SuffixSet(TRAILING_WORDS)
_RATIO = SuffixSet(RATIO_SUFFIXES)
_KIND_CUE_PATTERN = re.compile(literal_pattern((*INCREMENT_CUES, *LEVEL_CUES)))
_INCREMENT_WORDS = frozenset(INCREMENT_CUES)
_INCREMENT = SuffixSet(INCREMENT_CUES)
_VERB_PATTERN = re.compile(literal_pattern((*OBJECT_VERBS, *GROWTH_CUES, *REDUCTION_CUES)))


@lru_cache(maxsize=16)
def _delimiter_pattern(delimiters: str) -> re.Pattern[str]:
    return re.compile("[" + re.escape(delimiters) + "]")


@lru_cache(maxsize=8)
def _delimiter_offsets(text: str, delimiters: str) -> list[int]:
    """Offsets of the delimiters in text (cached for the unit at hand: the fields of its
    targets ask about the same text many times)."""
    return [match.start() for match in _delimiter_pattern(delimiters).finditer(text)]


def clause_start(text: str, position: int, delimiters: str = CLAUSE_DELIMITERS) -> int:
    """Offset where the clause holding `position` begins."""
    offsets = _delimiter_offsets(text, delimiters)
    before = bisect_left(offsets, position)
    return offsets[before - 1] + 1 if before else 0


def clause_end(text: str, position: int, delimiters: str = CLAUSE_DELIMITERS) -> int:
    offsets = _delimiter_offsets(text, delimiters)
    after = bisect_left(offsets, max(position, 0))
    return offsets[after] if after < len(offsets) else len(text)


def comparator_of(text: str, start: int, end: int, is_range: bool = False) -> str:
    """The comparator of the span text[start:end], from the words attached to it: a word
    right after it (以上, 以内, 左右) first, then 余 / 多 inside it (10余个), then a red line
    closing its clause (严守耕地保有量109万亩…红线: a floor), then a word right before it
    (不低于, 突破, 约, 控制在, 达到); none means '='."""
    if is_range:
        return "range"
    after = _AFTER.prefix(text[end : end + 3])
    if after:
        return COMPARATORS_AFTER[after]
    if any(word in text[start:end] for word in APPROXIMATE_MORE):
        return ">"
    rest = text[end : clause_end(text, end)].rstrip(_TRIM_CHARS)
    if rest.endswith(RED_LINES):
        indicator = text[clause_start(text, start) : start]
        return "<=" if any(word in indicator for word in CAPPED_STOCKS) else ">="
    before = _BEFORE.match(text[max(0, start - 3) : start])
    return COMPARATORS_BEFORE[before] if before else "="


def _strip_before_comparator(before: str) -> str:
    word = _BEFORE.match(before)
    return before[: -len(word)] if word else before


def _strip_leading(text: str) -> str:
    while True:
        text = text.lstrip(_TRIM_CHARS)
        word = _LEADING.prefix(text)
        if not word:
            return text
        text = text[len(word) :]


def _strip_trailing(text: str) -> str:
    while True:
        text = text.rstrip(_TRIM_CHARS)
        word = _TRAILING.match(text)
        if not word or len(word) == len(text):
            return text
        text = text[: -len(word)]


def _opens_with(clause: str, cues: SuffixSet) -> bool:
    """The clause opens with one of the cues, after any modal words (确保新增…, 力争压降…)."""
    return cues.prefix(_strip_leading(clause)) is not None


def kind_of(text: str, start: int, end: int, unit: str) -> str:
    """The kind of the target at text[start:end], from the words before it in its clause.

    Codebook K1–K5, with the change words checked first because they say what the number
    is: growth / reduction need the cue right before the number (增长12%, 下降0.3个百分点)
    or, for reduction, opening the clause (压降法人户数16户), so 粮油单产提升行动示范3.4万亩
    stays a level; 提高到 / 降至 name the level to reach. Then a rate or percentage is a
    ratio; then a K5 activity or stock word in the clause makes a level even next to an
    increment cue (建设…示范3.4万亩, 遴选…培育…15人), and an increment cue an increment
    (城镇新增就业2.4万人); a clause without a verb inherits an increment cue that opens
    the previous one (新建通信基站37个,农产品冷藏冻库9600立方米)."""
    begin = clause_start(text, start)
    clause = text[begin:start]
    right_before = _strip_before_comparator(clause.rstrip())
    if right_before[-1:] in TO_MARKERS and _GROWTH_OR_REDUCTION.match(right_before[:-1]):
        return _level_or_ratio(clause, unit)
    if _GROWTH.match(right_before):
        return "growth" if unit in ("%", "百分点", "倍") else "increment"
    if _REDUCTION.match(right_before) or _opens_with(clause, _REDUCTION):
        return "reduction"
    if _level_or_ratio(clause, unit) == "ratio":
        return "ratio"
    cues = set(_KIND_CUE_PATTERN.findall(clause))
    if cues:
        return "increment" if cues <= _INCREMENT_WORDS else "level"
    if begin > 0 and not _VERB_PATTERN.search(clause):
        previous = text[clause_start(text, begin - 1) : begin - 1]
        if _opens_with(previous, _INCREMENT):
            return "increment"
    return "level"


def _level_or_ratio(clause: str, unit: str) -> str:
    if unit in ("%", "百分点"):
        return "ratio"  # K1: a percentage of a set (确保100%销号) is a share
    indicator = _strip_trailing(_strip_before_comparator(clause.rstrip()))
    return "ratio" if _RATIO.match(indicator) else "level"


def indicator_of(text: str, start: int, end: int, previous_end: int = 0) -> str:
    """The measured thing (codebook N10): the words between the clause's predicate (or
    the clause, item or previous-target boundary) and the number, less strength markers
    and comparator words; a generic noun alone (产值, 收入) reaches back to the subject;
    when nothing is left (成立5个镇级农合联) the noun phrase after the number."""
    floor = max(clause_start(text, start, CLAUSE_DELIMITERS + ITEM_DELIMITERS), previous_end)
    before = _strip_trailing(_strip_before_comparator(text[floor:start].rstrip()))
    hi = floor + len(before)
    subject = hi - len(_strip_leading(before))
    lo = _after_predicate(text, subject, hi)
    if text[lo:hi] in GENERIC_INDICATORS:
        lo = subject
    lo, hi = _balance_quotes(text, lo, hi)
    if lo < hi:
        return text[lo:hi]
    stop = clause_end(text, end, CLAUSE_DELIMITERS + ITEM_DELIMITERS)
    lo = end + len(_AFTER.prefix(text[end : end + 3]) or "")
    after = text[lo:stop].strip(_TRIM_CHARS)
    return after or text[start:end]


def _after_predicate(text: str, lo: int, hi: int) -> int:
    """Where the object starts: after the last object verb that leaves at least two
    characters (推进村70个 keeps 推进村); `hi` when the segment is only verbs."""
    matches = list(_OBJECT_VERB_PATTERN.finditer(text, lo, hi))
    for match in reversed(matches):
        rest = text[match.end() : hi]
        if len(rest.strip(_TRIM_CHARS)) >= 2:
            return match.end()
    if matches and matches[-1].end() == hi:  # 继续实施25件民生实事: the object follows
        return hi
    return lo


def _balance_quotes(text: str, lo: int, hi: int) -> tuple[int, int]:
    """Trim punctuation at both ends but keep quotation marks that pair up inside."""
    while lo < hi and text[lo] in _TRIM_CHARS and not _opens_pair(text, lo, hi):
        lo += 1
    while hi > lo and text[hi - 1] in _TRIM_CHARS and not _closes_pair(text, lo, hi):
        hi -= 1
    if text.count("”", lo, hi) > text.count("“", lo, hi) and lo > 0 and text[lo - 1] == "“":
        lo -= 1
    return lo, hi


def _opens_pair(text: str, lo: int, hi: int) -> bool:
    return text[lo] in "“‘(（《" and text.count(_PAIR[text[lo]], lo, hi) > 0


def _closes_pair(text: str, lo: int, hi: int) -> bool:
    closer = text[hi - 1]
    opener = next((o for o, c in _PAIR.items() if c == closer), None)
    return opener is not None and text.count(opener, lo, hi) > 0


def normalise_span(text: str, start: int, end: int, previous_end: int = 0) -> dict[str, object]:
    """Every field of a NumericTarget for the span text[start:end]: start, end, text,
    indicator, value, value_max, unit, comparator, kind. `previous_end` is where the
    previous target of the unit ends (the indicator does not reach back past it).
    Raises ValueError when the span is not a number with a known unit."""
    if not 0 <= start < end <= len(text):
        raise ValueError(f"span [{start}, {end}) is outside a text of {len(text)} characters")
    quantity = parse_quantity(text[start:end])._replace(start=start, end=end)
    return target_fields(text, quantity, previous_end)


def target_fields(text: str, quantity: Quantity, previous_end: int = 0) -> dict[str, object]:
    """normalise_span for a quantity already found in `text` (no re-parsing)."""
    start, end = quantity.start, quantity.end
    return {
        "start": start,
        "end": end,
        "text": quantity.text,
        "indicator": indicator_of(text, start, end, previous_end),
        "value": quantity.value,
        "value_max": quantity.value_max,
        "unit": quantity.unit,
        "comparator": comparator_of(text, start, end, quantity.value_max is not None),
        "kind": kind_of(text, start, end, quantity.unit),
    }


def normalise_target(text: str, start: int, end: int, previous_end: int = 0) -> dict | None:
    """normalise_span, or None when text[start:end] is not a number with a known unit
    (for taggers whose spans may be malformed)."""
    try:
        return normalise_span(text, start, end, previous_end)
    except ValueError:
        return None
