"""Commitment type, strength and policy domains of a unit (codebook §5–§7).

The unit is cut into clauses (between `,` `;` `:` `!` `?` `。`; items joined by `、`
stay together) and every clause is typed from cue lexicons:

- specific_action: a deliverable cue (SA1–SA3: 建成投用, 开工, 封顶, 办好, 成功创建,
  申报, 纳入 …) or pattern (SA1 完成…建设; SA4 实施/开展/启动 + a designated or quoted
  programme unless a continuation adverb such as 持续 / 深入 precedes; SA4 建立 an
  instrument; SA5 实现/确保 + 全覆盖 / 清零 / a quoted standard);
- aspiration: 让… at the clause start, …成为…, 作出…贡献;
- general_measure: a verb of effort (推进, 加强, 深化 …), a directive opening with 要, or
  确保 + a standing condition.

The unit type is quantified_target when it has targets, non_commitment for review
units and forms of address, else the most specific clause type (none: non_commitment).
Strength comes from the deciding clauses only (those holding targets, or typed like the
unit): a marker covers its own clause and the verbless clauses after it (S2).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from annotation.lexicons import (
    ASPIRATION_PATTERNS,
    BINDING_CUES,
    CONTINUATION_ADVERBS,
    DIRECTIVE_OPENERS,
    DOMAIN_KEYWORDS,
    DOMAIN_PAIRS,
    GENERAL_MEASURE_CUES,
    NO_POLICY_OPENERS,
    NON_COMMITMENT_OPENERS,
    NOT_SPECIFIC_AFTER,
    OTHERS_EFFORT_VERBS,
    SPECIFIC_ACTION_CUES,
    SPECIFIC_ACTION_PATTERNS,
    STRIVING_CUES,
)
from annotation.rules.wordscan import WordScanner
from dataset.quantities.fields import (
    COMPARATORS_BEFORE,
    GROWTH_CUES,
    INCREMENT_CUES,
    REDUCTION_CUES,
)
from dataset.quantities.patterns import literal_pattern

CLAUSE_BREAKS = re.compile(r"[,，;；:：!！?？。]")
TYPE_RANK = {
    "specific_action": 3,
    "general_measure": 2,
    "aspiration": 1,
}
_RANK_OR_NONE: dict[str | None, int] = {None: 0, **TYPE_RANK}
STRENGTH_RANK = {"unmarked": 0, "striving": 1, "binding": 2}
# SA3 cues that need an object right after them (文明创建。 / 疾控中心创建, are nouns)
NEEDS_OBJECT = frozenset({"创建", "成功创建", "争创", "申报", "纳入", "建成"})
_OBJECT_START = re.compile(r"[\u4e00-\u9fff“‘《(（A-Za-z0-9]")
_LEAD_TRIM = " “”‘’()（）"


def _compile(words: Iterable[str]) -> re.Pattern[str]:
    return re.compile(literal_pattern(words))


_SPECIFIC_PATTERNS = {word: re.compile(p) for word, p in SPECIFIC_ACTION_PATTERNS.items()}
_CONTINUATION = tuple(CONTINUATION_ADVERBS)
_ASPIRATION = re.compile("|".join(f"(?:{p})" for p in ASPIRATION_PATTERNS if not p.startswith("^")))
_ASPIRATION_OPENERS = tuple(p[1:] for p in ASPIRATION_PATTERNS if p.startswith("^"))
_OPENER = _compile((*_ASPIRATION_OPENERS, *DIRECTIVE_OPENERS))
_SPECIFIC_CUE = _compile((*SPECIFIC_ACTION_CUES, *SPECIFIC_ACTION_PATTERNS))
_SPECIFIC_WORDS = frozenset(SPECIFIC_ACTION_CUES)
_GENERAL = _compile(GENERAL_MEASURE_CUES)
_MARKER = _compile((*BINDING_CUES, *STRIVING_CUES))
_BINDING = frozenset(BINDING_CUES)
_OTHERS_EFFORT = _compile(OTHERS_EFFORT_VERBS)


def _literal_start(pattern: str) -> str:
    """The literal characters a regular expression starts with (作出 of 作出[^,]*贡献)."""
    if "|" in pattern:
        raise ValueError(f"pattern {pattern!r}: an alternation has no single literal start")
    start = re.match(r"\^?([^\\\[\](){}.*+?^$|]+)", pattern)
    if start is None:
        raise ValueError(f"pattern {pattern!r} does not start with a literal")
    return start.group(1)


# Any opener, vision or strength marker: one literal search (which, unlike an
# alternation of patterns, the engine skips through by first character) rules out the
# three scans that look for them.
_RARE_CUE = _compile(
    (
        *_ASPIRATION_OPENERS,
        *DIRECTIVE_OPENERS,
        *map(_literal_start, ASPIRATION_PATTERNS),
        *BINDING_CUES,
        *STRIVING_CUES,
    )
)
_OTHER_VERBS = _compile(
    (
        *GROWTH_CUES,
        *REDUCTION_CUES,
        *INCREMENT_CUES,
        *(w for w in COMPARATORS_BEFORE if w in ("达", "达到", "突破", "超过")),
        "实现",
        "完成",
        "控制在",
        "保持",
        "稳定在",
    )
)
_DOMAIN = WordScanner(kw for kws in DOMAIN_KEYWORDS.values() for kw in kws)
_DOMAIN_OF = {kw: domain for domain, kws in DOMAIN_KEYWORDS.items() for kw in kws}


# The rules make several named tuples per unit; they build them with tuple.__new__,
# which skips the Python-level __new__ of a named tuple (about half its cost).


class UnitLabels(NamedTuple):
    commitment_type: str
    commitment_strength: str
    primary_domain: str
    domains: list[str]


def clauses(text: str) -> list[tuple[int, int]]:
    """[start, end) of each clause; the break character ends its clause."""
    spans, start = [], 0
    for match in CLAUSE_BREAKS.finditer(text):
        spans.append((start, match.end()))
        start = match.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans or [(0, len(text))]


class _Clauses:
    """The clauses of one unit, and which clause holds a given offset."""

    __slots__ = ("ends", "spans", "text")

    def __init__(self, text: str):
        self.text = text
        self.spans = clauses(text)
        self.ends = [end for _, end in self.spans]

    def index(self, position: int) -> int:
        # positions are inside the text and the last clause ends at its end
        return bisect_right(self.ends, position)

    def text_of(self, i: int) -> str:
        start, end = self.spans[i]
        return self.text[start:end]


_SPECIFIC, _ASPIRATION_FLAG, _GENERAL_FLAG = 4, 2, 1
_FLAG_TYPES = {
    0: None,
    _GENERAL_FLAG: "general_measure",
    _ASPIRATION_FLAG: "aspiration",
    _ASPIRATION_FLAG | _GENERAL_FLAG: "aspiration",  # 努力把江津打造成为…: the vision wins
}
# the type of a clause from its flags: a specific action wins over the rest
_TYPE_OF_FLAGS = {
    flags: "specific_action" if flags & _SPECIFIC else _FLAG_TYPES[flags]
    for flags in range((_SPECIFIC | _ASPIRATION_FLAG | _GENERAL_FLAG) + 1)
}


class _Cues(NamedTuple):
    flags: list[int]  # per clause: _SPECIFIC | _ASPIRATION_FLAG | _GENERAL_FLAG
    markers: list[tuple[int, str]]  # (offset, "binding" or "striving")
    others: list[int]  # offsets of 支持 / 鼓励 … (someone else's effort follows)


def _specific_positions(text: str) -> list[int]:
    """Offsets of the cues that make a clause a specific action (SA1–SA5)."""
    positions = []
    for match in _SPECIFIC_CUE.finditer(text):
        cue, start = match.group(), match.start()
        if cue in _SPECIFIC_WORDS:  # 建成投用, 办好, 申报 …
            end = match.end()
            if text.startswith(NOT_SPECIFIC_AFTER, end):
                continue  # 创建成果
            if cue in NEEDS_OBJECT and not _OBJECT_START.match(text, end):
                continue
        elif not _SPECIFIC_PATTERNS[cue].match(text, start) or text[
            max(0, start - 3) : start
        ].endswith(_CONTINUATION):
            continue  # a trigger (实施, 建立 …) without its object, or after 持续 / 深入
        positions.append(start)
    return positions


def _scan_cues(text: str, units: _Clauses) -> _Cues:
    ends = units.ends
    flags = [0] * len(ends)
    for i, (start, end) in enumerate(units.spans):
        # only whether a clause has a direction verb matters: search stops at the first
        if _GENERAL.search(text, start, end):
            flags[i] = _GENERAL_FLAG
    if _SPECIFIC_CUE.search(text):
        for position in _specific_positions(text):
            flags[bisect_right(ends, position)] |= _SPECIFIC
    markers: list[tuple[int, str]] = []
    others: list[int] = []
    if not _RARE_CUE.search(text):  # most units: no opener, vision or strength marker
        return tuple.__new__(_Cues, (flags, markers, others))
    for match in _OPENER.finditer(text):  # 让… / 奋力… / 要… opening a clause
        i = bisect_right(ends, match.start())
        if not text[units.spans[i][0] : match.start()].strip(_LEAD_TRIM):
            aspiration = match.group() in _ASPIRATION_OPENERS
            flags[i] |= _ASPIRATION_FLAG if aspiration else _GENERAL_FLAG
    for match in _ASPIRATION.finditer(text):
        flags[bisect_right(ends, match.start())] |= _ASPIRATION_FLAG
    markers = [
        (m.start(), "binding" if m.group() in _BINDING else "striving")
        for m in _MARKER.finditer(text)
    ]
    if markers:
        others = [m.start() for m in _OTHERS_EFFORT.finditer(text)]
    return tuple.__new__(_Cues, (flags, markers, others))


def clause_types(
    text: str, units: _Clauses | None = None, cues: _Cues | None = None
) -> list[str | None]:
    """The type of each clause (None: no commitment cue)."""
    units = units or _Clauses(text)
    flags = (cues or _scan_cues(text, units)).flags
    return list(map(_TYPE_OF_FLAGS.__getitem__, flags))


def _has_verb(clause_type: str | None, clause_text: str) -> bool:
    return clause_type is not None or bool(_OTHER_VERBS.search(clause_text))


def clause_strengths(
    text: str, units: _Clauses, types: list[str | None], cues: _Cues | None = None
) -> list[str]:
    """The strength reaching each clause: a marker covers its own clause and the verbless
    clauses right after it (确保城镇新增就业2.4万人,脱贫人口就业1.2万人)."""
    cues = cues or _scan_cues(text, units)
    result = ["unmarked"] * len(units.spans)
    for position, strength in cues.markers:
        i = units.index(position)
        if any(units.spans[i][0] <= other < position for other in cues.others):
            continue  # 支持民营企业争取…: the firms' effort, not the government's
        while True:
            if STRENGTH_RANK[strength] > STRENGTH_RANK[result[i]]:
                result[i] = strength
            i += 1
            if i >= len(units.spans) or _has_verb(types[i], units.text_of(i)):
                break
    return result


_ITEM_BREAKS = re.compile(r"[,，;；:：!！?？。、和及与]")
# keyword → (topic, votes): a keyword votes with its length
_DOMAIN_INFO = {kw: (domain, len(kw)) for kw, domain in _DOMAIN_OF.items()}
_PAIR_OF = {kw: pair for kw, pair in DOMAIN_PAIRS.items() if kw in _DOMAIN_OF}
MAX_DOMAINS = 4


def domains_of(
    text: str,
    units: _Clauses,
    deciding: list[int],
    types: list[str | None],
    fallback: str | None,
) -> tuple[str, list[str]]:
    """(primary_domain, domains) by D2–D3, or by `fallback` when no topic is named."""
    topics = _named_domains(text, units, deciding, types)
    return topics if topics is not None else _fallback_domains(fallback)


def _named_domains(
    text: str, units: _Clauses, deciding: list[int], types: list[str | None]
) -> tuple[str, list[str]] | None:
    """(primary_domain, domains) from the topic keywords (D2–D3); None: no topic named.

    A keyword votes with its length. The primary topic is the one most deciding clauses
    vote for (each clause for its top topic); the others are the top topics of the
    items of the unit (a clause cut at 、 和 及 与; not of 让… effect clauses: words in
    passing add nothing), by votes, then the crosswalk pairs. Ties go to the topic
    mentioned first."""
    keywords = _DOMAIN.findall(text)
    topics = dict.fromkeys(map(_DOMAIN_OF.__getitem__, keywords))
    if len(topics) <= 1:  # most units: no votes to count
        if not topics:
            return None
        primary = next(iter(topics))
        others: list[str] = []
    else:
        primary, others = _vote(text, units, deciding, types, keywords)
    pairs = dict.fromkeys(filter(None, map(_PAIR_OF.get, keywords)))
    if pairs:
        others += [pair for pair in pairs if pair != primary and pair not in others]
    return primary, [primary, *others][:MAX_DOMAINS]


def _vote(
    text: str,
    units: _Clauses,
    deciding: list[int],
    types: list[str | None],
    keywords: list[str],
) -> tuple[str, list[str]]:
    """The primary topic and the other item topics, by votes, of a unit whose `keywords`
    (in order) name several topics."""
    ends = units.ends
    item_ends = [match.end() for match in _ITEM_BREAKS.finditer(text)]
    clause_votes: list[dict[str, int]] = [{} for _ in ends]
    item_votes: dict[int, tuple[int, dict[str, int]]] = {}  # item → (clause, votes)
    position = 0
    for keyword in keywords:
        # the scan took the leftmost match after the previous one, so find finds it;
        # no keyword holds a clause break, but one may hold an item break (和美乡村)
        position = text.find(keyword, position)
        topic, weight = _DOMAIN_INFO[keyword]
        clause = bisect_right(ends, position)
        votes = clause_votes[clause]
        votes[topic] = votes.get(topic, 0) + weight
        item = bisect_right(item_ends, position)
        if item not in item_votes:
            item_votes[item] = (clause, {})
        votes = item_votes[item][1]
        votes[topic] = votes.get(topic, 0) + weight
        position += len(keyword)
    tops = [_top(clause_votes[i]) for i in deciding if clause_votes[i]]
    if not tops:
        tops = [_top(votes) for votes in clause_votes if votes]
    primary = tops[0] if len(tops) == 1 else max(dict.fromkeys(tops), key=tops.count)
    total: dict[str, int] = {}
    for clause, votes in item_votes.values():
        if types[clause] != "aspiration":
            top = _top(votes)  # the item's subject; the rest is in passing
            total[top] = total.get(top, 0) + votes[top]
    total.pop(primary, None)
    return primary, sorted(total, key=total.__getitem__, reverse=True)


def _top(votes: dict[str, int]) -> str:
    """The topic with most votes; a tie goes to the first mentioned."""
    if len(votes) == 1:
        return next(iter(votes))
    return max(votes, key=votes.__getitem__)


def _fallback_domains(fallback: str | None) -> tuple[str, list[str]]:
    if fallback and fallback != "none":
        return fallback, [fallback]
    return "none", []


def domains(text: str, fallback: str | None = None) -> tuple[str, list[str]]:
    """(primary_domain, domains) of a text taken as one deciding clause (for headings)."""
    units = _Clauses(text)
    types = clause_types(text, units)
    return domains_of(text, units, list(range(len(units.spans))), types, fallback)


class _Commitment(NamedTuple):
    unit_type: str
    strength: str
    deciding: list[int]  # the clauses that decided the type
    has_domains: bool  # False: primary_domain none whatever the words


def _commitment(
    text: str,
    units: _Clauses,
    types: list[str | None],
    cues: _Cues,
    target_starts: list[int],
    review: bool,
) -> _Commitment:
    """Type and strength of a unit from its clause types (codebook §5–§6)."""
    opening = text.lstrip()
    if target_starts:
        unit_type = "quantified_target"
        deciding = sorted({units.index(p) for p in target_starts})
    elif review or opening.startswith(NON_COMMITMENT_OPENERS):
        unit_type, deciding = "non_commitment", []
    else:
        unit_type = max(types, key=_RANK_OR_NONE.__getitem__)  # the first of the highest
        if unit_type is not None:
            deciding = [i for i, t in enumerate(types) if t == unit_type]
        else:
            unit_type, deciding = "non_commitment", []
    strength = "unmarked"
    if deciding and cues.markers:
        reached = clause_strengths(text, units, types, cues)
        strength = max((reached[i] for i in deciding), key=STRENGTH_RANK.__getitem__)
    has_domains = not (
        opening.startswith(NO_POLICY_OPENERS) or (unit_type == "non_commitment" and not review)
    )
    return tuple.__new__(_Commitment, (unit_type, strength, deciding, has_domains))


class PendingLabels(NamedTuple):
    """A unit's labels but for the topic fallback: `resolve` completes them."""

    unit_type: str
    strength: str
    named: tuple[str, list[str]] | None  # (primary, domains) the words name; None: none
    has_domains: bool

    @property
    def needs_fallback(self) -> bool:
        return self.has_domains and self.named is None

    def resolve(self, fallback: str | None) -> UnitLabels:
        """The labels, with `fallback` as the topic when the unit names none."""
        if not self.has_domains:
            return tuple.__new__(UnitLabels, (self.unit_type, self.strength, "none", []))
        primary, topics = self.named if self.named is not None else _fallback_domains(fallback)
        return tuple.__new__(UnitLabels, (self.unit_type, self.strength, primary, topics))


def label_units(
    texts: Sequence[str], target_starts: Sequence[list[int]], reviews: Sequence[bool]
) -> list[PendingLabels]:
    """Type, strength and domains of each unit whose targets start at `target_starts`,
    short of the topic fallback (which may depend on the units before). Each step runs
    over all units before the next: one rule set at a time stays in the processor's
    caches, markedly faster than all steps unit by unit."""
    if not len(texts) == len(target_starts) == len(reviews):
        raise ValueError("label_units: texts, target_starts and reviews differ in length")
    clause_sets = list(map(_Clauses, texts))
    cue_sets = list(map(_scan_cues, texts, clause_sets))
    type_lists = [list(map(_TYPE_OF_FLAGS.__getitem__, cues.flags)) for cues in cue_sets]
    commitments = list(
        map(_commitment, texts, clause_sets, type_lists, cue_sets, target_starts, reviews)
    )
    return list(map(_pending_labels, texts, clause_sets, type_lists, commitments))


def _pending_labels(
    text: str, units: _Clauses, types: list[str | None], commitment: _Commitment
) -> PendingLabels:
    named = None
    if commitment.has_domains:
        named = _named_domains(text, units, commitment.deciding, types)
    unit_type, strength, _, has_domains = commitment
    return tuple.__new__(PendingLabels, (unit_type, strength, named, has_domains))
