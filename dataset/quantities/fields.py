"""Span-level normalisation of numeric targets (DESIGN §3).

What a quantity looks like in report text and what it means: the numeral string turned
into `value` / `value_max`, the surface unit into the canonical unit of
`dataset.schema.CANONICAL_UNITS`, and the comparator, kind and indicator read from the
words around the span. Deciding *which* quantities are commitments is the extractor's
job (`annotation.rules.targets`); the CRF baseline reuses this module to fill the fields
of the spans it tags, so it lives in `dataset/`, which both may import.

Only the matched numeral string is ever converted (`cn2an` on `一百二十万`, never on a
whole sentence, which would turn 四面山 into 4面山)."""

from __future__ import annotations

import re

from dataset.quantities.numerals import Quantity, parse_quantity
from dataset.quantities.patterns import SuffixSet, literal_pattern

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

GROWTH_CUES = ("年均增长", "增长", "增速", "增幅", "涨幅", "提高", "提升", "增加", "上升")
# A percentage whose clause names growth states a growth rate (经济增长预期目标为5%左右, W12).
GROWTH_NAMES = ("增长", "增速", "增幅", "涨幅")
REDUCTION_CUES = ("下降", "压降", "降低", "减少", "压减", "削减", "缩减", "压缩", "减排", "减负")
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
    "增量",
    "升级",
    "整治",
    "营造",
    "修复",
)
# A word that closes a list of named items before their count (甲、乙等13个项目).
LIST_CLOSERS = ("等",)
# Verbs that make construction closing the object an increment (完成…建设).
COMPLETION_WORDS = ("完成", "建成")
# Nouns that hold a cue word but name a thing, not an action (建设用地 is land zoned for
# building): found with the cues so that the cue inside them is not counted.
KIND_NEUTRAL_NOUNS = ("建设用地",)
# K5: volumes of activity in the year that leave no lasting new units, and stocks to hold.
LEVEL_CUES = ("种植", "示范", "培训", "遴选", "保有量", "民生实事", "增加值")
# 提高到 / 降至: the number is the level to reach, not the size of the change
TO_MARKERS = ("到", "至")
RATIO_SUFFIXES = ("率", "占比", "比重", "比例")
# A clause that opens with one of these states its own commitment (确保粮食播种面积…), so
# it does not inherit the kind of the clause before it.
MODAL_WORDS = ("牢牢守住", "严守", "守住", "守牢", "严控", "必须", "确保", "力争", "争取", "努力")
# Words stripped from either end of an indicator: modal, linking and comparator words.
LEADING_WORDS = (
    *MODAL_WORDS,
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
# Verbs that state a level to reach or hold: a clause with one is not verbless, so it does
# not inherit the increment cue of the clause before (新增装机2000万千瓦,发电量达到…).
HOLDING_VERBS = ("达到", "达", "保持", "稳定在", "控制在", "突破", "超过")
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
# 至少 before a short verb still bounds the number (至少办好1所): a floor.
_AT_LEAST_A_VERB = re.compile("至少[\u4e00-\u9fff]{1,2}$")
_AFTER = SuffixSet(COMPARATORS_AFTER)
_GROWTH = SuffixSet(GROWTH_CUES)
_REDUCTION = SuffixSet(REDUCTION_CUES)
_GROWTH_OR_REDUCTION = SuffixSet((*GROWTH_CUES, *REDUCTION_CUES))
_LEADING = SuffixSet(LEADING_WORDS)
_TRAILING = SuffixSet(TRAILING_WORDS)
_RATIO = SuffixSet(RATIO_SUFFIXES)
_KIND_CUE_PATTERN = re.compile(literal_pattern((*INCREMENT_CUES, *LEVEL_CUES, *KIND_NEUTRAL_NOUNS)))
_INCREMENT_WORDS = frozenset(INCREMENT_CUES)
_INCREMENT = SuffixSet(INCREMENT_CUES)
_VERB_PATTERN = re.compile(
    literal_pattern((*OBJECT_VERBS, *GROWTH_CUES, *REDUCTION_CUES, *HOLDING_VERBS))
)


def clause_start(text: str, position: int, delimiters: str = CLAUSE_DELIMITERS) -> int:
    """Offset where the clause holding `position` begins: after the last delimiter
    before it."""
    position = max(position, 0)
    return max(text.rfind(delimiter, 0, position) for delimiter in delimiters) + 1


def clause_end(text: str, position: int, delimiters: str = CLAUSE_DELIMITERS) -> int:
    """Offset of the first delimiter at or after `position` (the text's end if none)."""
    found = [text.find(delimiter, max(position, 0)) for delimiter in delimiters]
    return min((offset for offset in found if offset >= 0), default=len(text))


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
    if before:
        return COMPARATORS_BEFORE[before]
    return ">=" if _AT_LEAST_A_VERB.search(text, max(0, start - 4), start) else "="


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
    if unit == "%" and _names_growth(clause):
        return "growth"
    if _level_or_ratio(clause, unit) == "ratio":
        return "ratio"
    cues = set(_KIND_CUE_PATTERN.findall(_before_the_list(clause))) - set(KIND_NEUTRAL_NOUNS)
    if cues:
        return "increment" if cues <= _INCREMENT_WORDS else "level"
    if _closes_with_an_increment(clause, text[end : clause_end(text, end)]):
        return "increment"
    if begin > 0 and not _VERB_PATTERN.search(clause) and not clause.startswith(MODAL_WORDS):
        previous = text[clause_start(text, begin - 1) : begin - 1]
        if _opens_with(previous, _INCREMENT):
            return "increment"
    return "level"


def _before_the_list(clause: str) -> str:
    """A clause counting a listed set (加快甲高速扩容、乙航道整治等N个项目): the words of the
    listed names after the first are not the clause's own action."""
    if clause.rstrip().endswith(LIST_CLOSERS) and "、" in clause:
        return clause[: clause.index("、")]
    return clause


def _closes_with_an_increment(clause: str, rest: str) -> bool:
    """The object ends with an action that adds units (推进1万个网点提档升级); 建设 only
    when it is to be completed (完成24个…体系建设), since construction pushed forward
    (推进53个…医院建设) is a volume of activity (K5)."""
    cue = _INCREMENT.match(rest.rstrip(_TRIM_CHARS))
    if cue is None:
        return False
    return cue != "建设" or any(word in clause for word in COMPLETION_WORDS)


def _names_growth(clause: str) -> bool:
    """The clause names a growth rate and the number is not the level of a 率 or share."""
    indicator = _strip_trailing(_strip_before_comparator(clause.rstrip()))
    return any(word in clause for word in GROWTH_NAMES) and not _RATIO.match(indicator)


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
