"""Commitment type, strength and policy domains of a unit (codebook §5–§7).

The unit is cut into clauses (between `,` `;` `:` `!` `?` `。`; items joined by `、`
stay together) and every clause is typed from cue lexicons:

- specific_action: a deliverable cue (SA1–SA3: 建成投用, 开工, 封顶, 办好, 成功创建,
  申报, 纳入 …) or pattern (SA1 完成…建设; SA4 实施/开展/启动 + a designated or quoted
  programme unless a continuation adverb such as 持续 / 深入 precedes; SA4 建立 an
  instrument; SA5 实现/确保 + 全覆盖 / 清零 / a quoted standard);
- aspiration: 让… at the clause start, …成为…, 作出…贡献, a positioning title (打造…高地,
  …强省建设) and the goal half of a plan heading (在…上实现新突破);
- general_measure: a verb of effort (推进, 加强, 深化 …), a directive opening with 要, or
  确保 + a standing condition.

The unit type is quantified_target when it has targets, non_commitment for review
units, forms of address and the announcement of the task list (重点做好以下工作),
aspiration for the closing exhortation (让我们…), else the most specific clause type
(none: the caller's `uncued` type, non_commitment unless the pipeline says otherwise).
Strength comes from the deciding clauses only (those holding targets, or typed like the
unit): a marker covers its own clause and the verbless clauses after it (S2).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from typing import NamedTuple

from annotation.lexicons import (
    ASPIRATION_PATTERNS,
    BINDING_CUES,
    CONTINUATION_ADVERBS,
    DIRECTION_VERBS,
    DIRECTIVE_OPENERS,
    DOMAIN_KEYWORDS,
    DOMAIN_PAIRS,
    EFFORT_OPENERS,
    FRAMING_PATTERN,
    GENERAL_MEASURE_CUES,
    NO_POLICY_OPENERS,
    NON_COMMITMENT_OPENERS,
    NOT_SPECIFIC_AFTER,
    NOT_SPECIFIC_BEFORE,
    OTHERS_EFFORT_VERBS,
    SPECIFIC_ACTION_CUES,
    SPECIFIC_ACTION_PATTERNS,
    STRIVING_CUES,
    TARGET_LIST_OPENERS,
    TASK_LIST_PATTERN,
)
from annotation.rules.wordscan import WordScanner
from dataset.quantities.fields import (
    COMPARATORS_BEFORE,
    GROWTH_CUES,
    INCREMENT_CUES,
    REDUCTION_CUES,
    clause_start,
)
from dataset.quantities.patterns import literal_pattern
from dataset.schema import NO_LABEL, label_set


def _ranks(labels: tuple[str, ...]) -> dict[str, int]:
    """Each label's rank in a label set that the schema lists from the highest down."""
    return {label: len(labels) - position for position, label in enumerate(labels)}


# the most specific type wins (quantified_target first), the strongest marker (binding)
TYPE_RANK = _ranks(label_set("commitment_type"))
STRENGTH_RANK = _ranks(label_set("commitment_strength"))
# Within one clause a vision wins over a verb of effort (努力把江津打造成为…: aspiration),
# though across clauses a general measure outranks an aspiration.
CLAUSE_CUE_ORDER = ("specific_action", "aspiration", "general_measure")

CLAUSE_BREAKS = re.compile(r"[,，;；:：!！?？。]")
ITEM_BREAKS = re.compile(r"[,，;；:：!！?？。、和及与]")
# SA3 cues that need an object right after them (文明创建。 / 疾控中心创建, are nouns)
NEEDS_OBJECT = frozenset({"创建", "成功创建", "争创", "申报", "纳入", "建成", "办好"})
OBJECT_START = re.compile(r"[\u4e00-\u9fff“‘《(（A-Za-z0-9]")
LEAD_TRIM = " “”‘’()（）"
MAX_DOMAINS = 4


def _words(words: Iterable[str]) -> re.Pattern[str]:
    return re.compile(literal_pattern(words))


_ASPIRATION_OPENERS = tuple(p[1:] for p in ASPIRATION_PATTERNS if p.startswith("^"))
_ASPIRATION = re.compile("|".join(f"(?:{p})" for p in ASPIRATION_PATTERNS if not p.startswith("^")))
_OPENER = _words((*_ASPIRATION_OPENERS, *DIRECTIVE_OPENERS, *EFFORT_OPENERS))
_SPECIFIC_CUE = _words((*SPECIFIC_ACTION_CUES, *SPECIFIC_ACTION_PATTERNS))
_SPECIFIC_PATTERNS = {word: re.compile(p) for word, p in SPECIFIC_ACTION_PATTERNS.items()}
_GENERAL = _words(GENERAL_MEASURE_CUES)
_MARKER = _words((*BINDING_CUES, *STRIVING_CUES))
_STRIVING_LEAD = _words(STRIVING_CUES)
_DIRECTION = _words(DIRECTION_VERBS)
_FRAMING = re.compile(FRAMING_PATTERN)
_TASK_LIST = re.compile(TASK_LIST_PATTERN)
_OTHERS_EFFORT = _words(OTHERS_EFFORT_VERBS)
_OTHER_VERBS = _words(
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
_DOMAIN_OF = {kw: domain for domain, kws in DOMAIN_KEYWORDS.items() for kw in kws}
_DOMAIN = WordScanner(_DOMAIN_OF)


class UnitLabels(NamedTuple):
    commitment_type: str
    commitment_strength: str
    primary_domain: str
    domains: list[str]


# ---------------------------------------------------------------- clauses and their types


class Clauses:
    """The clauses of one unit ([start, end); the break character ends its clause)."""

    def __init__(self, text: str):
        self.text = text
        self.spans: list[tuple[int, int]] = []
        start = 0
        for match in CLAUSE_BREAKS.finditer(text):
            self.spans.append((start, match.end()))
            start = match.end()
        if start < len(text) or not self.spans:
            self.spans.append((start, len(text)))
        self.ends = [end for _, end in self.spans]

    def __len__(self) -> int:
        return len(self.spans)

    def index(self, position: int) -> int:
        """The clause that holds the offset `position`."""
        return bisect_right(self.ends, position)

    def start_of(self, i: int) -> int:
        return self.spans[i][0]

    def text_of(self, i: int) -> str:
        start, end = self.spans[i]
        return self.text[start:end]


def clause_types(clauses: Clauses) -> list[str | None]:
    """The type of each clause from the cues in it (None: no commitment cue)."""
    text = clauses.text
    cues: list[set[str]] = [set() for _ in range(len(clauses))]
    for i, (start, end) in enumerate(clauses.spans):
        if _GENERAL.search(text, start, end):
            cues[i].add("general_measure")
    for position in _specific_positions(text):
        cues[clauses.index(position)].add("specific_action")
    for match in _OPENER.finditer(text):  # 让… / 奋力… / 要… opening a clause
        i = clauses.index(match.start())
        lead = text[clauses.start_of(i) : match.start()].strip(LEAD_TRIM)
        if not lead or (match.group() == "让" and _STRIVING_LEAD.fullmatch(lead)):
            opener = match.group()
            cues[i].add("aspiration" if opener in _ASPIRATION_OPENERS else "general_measure")
    for match in _ASPIRATION.finditer(text):
        cues[clauses.index(match.start())].add("aspiration")
    return [next((t for t in CLAUSE_CUE_ORDER if t in found), None) for found in cues]


def _specific_positions(text: str) -> list[int]:
    """Offsets of the cues that make a clause a specific action (SA1–SA5)."""
    positions = []
    for match in _SPECIFIC_CUE.finditer(text):
        cue, start, end = match.group(), match.start(), match.end()
        if text[:start].endswith(NOT_SPECIFIC_BEFORE) or _after_a_direction(text, start):
            continue
        if cue in SPECIFIC_ACTION_CUES:  # 建成投用, 办好, 申报 …
            if text.startswith(NOT_SPECIFIC_AFTER, end):
                continue  # 创建成果
            if cue in NEEDS_OBJECT and not OBJECT_START.match(text, end):
                continue
        elif not _SPECIFIC_PATTERNS[cue].match(text, start):
            continue  # a trigger (实施, 建立 …) without its object
        elif text[max(0, start - 3) : start].endswith(CONTINUATION_ADVERBS):
            continue  # 持续实施, 深入开展 …
        positions.append(start)
    return positions


def _after_a_direction(text: str, position: int) -> bool:
    return _DIRECTION.search(text, clause_start(text, position), position) is not None


# ---------------------------------------------------------------- type and strength


def _is_a_formula(opening: str) -> bool:
    """A form of address (各位代表) or the announcement of the task list (做好以下工作):
    it commits nothing and has no topic, in whatever part of the report."""
    return opening.startswith(NON_COMMITMENT_OPENERS) or bool(_TASK_LIST.search(opening.rstrip()))


def commitment_type(
    clauses: Clauses,
    types: list[str | None],
    target_starts: list[int],
    review: bool,
    uncued: str = "non_commitment",
) -> tuple[str, list[int]]:
    """The unit's type (codebook §5) and the clauses that decided it; `uncued` is the type
    of a unit none of whose clauses has a cue (see `pipeline.uncued_type`)."""
    if target_starts:
        return "quantified_target", sorted({clauses.index(p) for p in target_starts})
    opening = clauses.text.lstrip()
    if review or _is_a_formula(opening) or _FRAMING.match(opening):
        return "non_commitment", []
    if opening.startswith(NO_POLICY_OPENERS):
        return "aspiration", list(range(len(types)))
    typed = [t for t in types if t is not None]
    if not typed:
        return uncued, [] if uncued == "non_commitment" else list(range(len(types)))
    unit_type = max(typed, key=TYPE_RANK.__getitem__)
    return unit_type, [i for i, t in enumerate(types) if t == unit_type]


def clause_strengths(clauses: Clauses, types: list[str | None]) -> list[str]:
    """The strength reaching each clause: a marker covers its own clause and the verbless
    clauses right after it (确保城镇新增就业2.4万人,脱贫人口就业1.2万人)."""
    text = clauses.text
    others = [m.start() for m in _OTHERS_EFFORT.finditer(text)]
    result = ["unmarked"] * len(clauses)
    for marker in _MARKER.finditer(text):
        position = marker.start()
        strength = "binding" if marker.group() in BINDING_CUES else "striving"
        i = clauses.index(position)
        if any(clauses.start_of(i) <= other < position for other in others):
            continue  # 支持民营企业争取…: the firms' effort, not the government's
        while True:
            if STRENGTH_RANK[strength] > STRENGTH_RANK[result[i]]:
                result[i] = strength
            i += 1
            if i >= len(clauses) or _has_verb(types[i], clauses.text_of(i)):
                break
    return result


def _has_verb(clause_type: str | None, clause_text: str) -> bool:
    return clause_type is not None or bool(_OTHER_VERBS.search(clause_text))


def commitment_strength(clauses: Clauses, types: list[str | None], deciding: list[int]) -> str:
    """The strongest marker reaching a deciding clause (codebook §6)."""
    reached = clause_strengths(clauses, types)
    return max((reached[i] for i in deciding), key=STRENGTH_RANK.__getitem__, default="unmarked")


# ---------------------------------------------------------------- policy domains


def named_domains(
    clauses: Clauses, types: list[str | None], deciding: list[int]
) -> tuple[str, list[str]] | None:
    """(primary_domain, domains) from the topic keywords (D2–D3); None: no topic named.

    A keyword votes with its length. The primary topic is the one most deciding clauses
    vote for (each clause for its top topic); the others are the top topics of the
    items of the unit (a clause cut at 、 和 及 与; not of 让… effect clauses: words in
    passing add nothing), by votes, then the crosswalk pairs. Ties go to the topic
    mentioned first."""
    text = clauses.text
    keywords = _DOMAIN.matches(text)
    if not keywords:
        return None
    item_ends = [match.end() for match in ITEM_BREAKS.finditer(text)]
    clause_votes: list[dict[str, int]] = [{} for _ in range(len(clauses))]
    item_votes: dict[int, tuple[int, dict[str, int]]] = {}  # item → (clause, votes)
    for keyword, start, _ in keywords:
        topic, weight = _DOMAIN_OF[keyword], len(keyword)
        clause = clauses.index(start)
        _add_votes(clause_votes[clause], topic, weight)
        item = bisect_right(item_ends, start)
        _add_votes(item_votes.setdefault(item, (clause, {}))[1], topic, weight)
    tops = [_top(clause_votes[i]) for i in deciding if clause_votes[i]]
    tops = tops or [_top(votes) for votes in clause_votes if votes]
    primary = max(dict.fromkeys(tops), key=tops.count)
    others: dict[str, int] = {}
    for clause, votes in item_votes.values():
        if types[clause] != "aspiration":
            top = _top(votes)  # the item's subject; the rest is in passing
            _add_votes(others, top, votes[top])
    others.pop(primary, None)
    topics = [primary, *sorted(others, key=others.__getitem__, reverse=True)]
    pairs = [DOMAIN_PAIRS[kw] for kw, _, _ in keywords if kw in DOMAIN_PAIRS]
    topics += [pair for pair in dict.fromkeys(pairs) if pair not in topics]
    return primary, topics[:MAX_DOMAINS]


def _add_votes(votes: dict[str, int], topic: str, weight: int) -> None:
    votes[topic] = votes.get(topic, 0) + weight


def _top(votes: dict[str, int]) -> str:
    """The topic with most votes; a tie goes to the first mentioned."""
    return max(votes, key=votes.__getitem__)


def fallback_domains(fallback: str | None) -> tuple[str, list[str]]:
    if fallback and fallback != NO_LABEL:
        return fallback, [fallback]
    return NO_LABEL, []


def domains(text: str, fallback: str | None = None) -> tuple[str, list[str]]:
    """(primary_domain, domains) of a text taken as one deciding clause (for headings)."""
    clauses = Clauses(text)
    named = named_domains(clauses, clause_types(clauses), list(range(len(clauses))))
    return named if named is not None else fallback_domains(fallback)


def introduces_target_list(text: str) -> bool:
    """The unit introduces the list of main expected targets (W11)."""
    return any(opener in text for opener in TARGET_LIST_OPENERS)


def target_list_domains(text: str) -> list[str]:
    """W11: macroeconomics, then the topic of every item of the list (items end at ; , 。),
    with or without a number, in the order of the list; no four-topic limit."""
    topics = ["macroeconomics"]
    for item in re.split(r"[;；,，。:：]", text):
        primary, _ = domains(item)
        if primary != NO_LABEL and primary not in topics:
            topics.append(primary)
    return topics


# ---------------------------------------------------------------- one unit


class PendingLabels(NamedTuple):
    """A unit's labels but for the topic fallback: `resolve` completes them."""

    unit_type: str
    strength: str
    named: tuple[str, list[str]] | None  # (primary, domains) the words name; None: none
    has_domains: bool  # False: primary_domain none whatever the words

    @property
    def needs_fallback(self) -> bool:
        """The unit has a topic but names none: it takes the paragraph's or section's."""
        return self.has_domains and self.named is None

    def resolve(self, fallback: str | None) -> UnitLabels:
        """The labels, with `fallback` as the topic when the unit names none."""
        if not self.has_domains:
            return UnitLabels(self.unit_type, self.strength, NO_LABEL, [])
        primary, topics = self.named if self.named is not None else fallback_domains(fallback)
        return UnitLabels(self.unit_type, self.strength, primary, topics)


def unit_labels(
    text: str, target_starts: list[int], review: bool, uncued: str = "non_commitment"
) -> PendingLabels:
    """Type, strength and domains of a unit whose targets start at `target_starts`,
    short of the topic fallback (which may depend on the units before)."""
    clauses = Clauses(text)
    types = clause_types(clauses)
    unit_type, deciding = commitment_type(clauses, types, target_starts, review, uncued)
    strength = commitment_strength(clauses, types, deciding)
    opening = text.lstrip()
    has_domains = not (
        opening.startswith(NO_POLICY_OPENERS)
        or _is_a_formula(opening)
        or (unit_type == "non_commitment" and not review)
    )
    named = named_domains(clauses, types, deciding) if has_domains else None
    return PendingLabels(unit_type, strength, named, has_domains)
