"""Quantities in report text: numerals, magnitudes and units, single values and ranges."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import NamedTuple

from dataset.quantities.patterns import literal_pattern
from dataset.schema import CANONICAL_UNITS

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
# 成 after a numeral is a tenth (七成) unless it starts a word (成为, 成员, 成果 …)
_CHENG_NOT_BEFORE = frozenset("为员立果效本功熟长就")


class Quantity(NamedTuple):
    """A number with its unit as written in a text, before any decision about targets."""

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


class _Tail(NamedTuple):
    end: int
    surface: str
    unit: str
    factor: float


_UNIT_PATTERN = re.compile(literal_pattern(SURFACE_UNITS))
_MAGNITUDE_PATTERN = re.compile(literal_pattern(MAGNITUDES))


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
        return _Tail(i + 1, char, "%", 1.0)
    unit = _unit_at(text, i)
    if unit:
        return _Tail(i + len(unit), unit, CANONICAL_UNITS[unit], 1.0)
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
    return _Tail(end, magnitude + more + unit, CANONICAL_UNITS[unit], factor)


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
    return Quantity(start, end, text[start:end], numeral, value, value_max, unit, surface)


def find_quantities(text: str) -> list[Quantity]:
    """Every number-with-unit in text, left to right, not overlapping. Lexical only:
    years, ordinals and names are still in; the extractor filters them."""
    found: list[Quantity] = []
    for head in _NUMERAL_START.finditer(text):
        if found and head.start() < found[-1].end:
            continue  # inside the quantity found last
        quantity = quantity_at(text, head.start())
        if quantity is not None:
            found.append(quantity)
    return found


def parse_quantity(span_text: str) -> Quantity:
    """The quantity that a whole span holds ('6.5万亩', '5.5%—6%'), or ValueError."""
    quantity = quantity_at(span_text, 0)
    if quantity is None or quantity.end != len(span_text):
        raise ValueError(f"not a quantity with a known unit: {span_text!r}")
    return quantity
