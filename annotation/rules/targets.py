"""Which quantities of a unit are numeric targets (DESIGN §3, numeric_targets).

`dataset.quantities.numerals.find_quantities` finds every number with a unit; the filters here
drop those that are not commitments: names, slogans and codes, ordinals and batches,
years and durations, technical designations, scale classes, baselines, numbers that
are articles (一批), and every number of a unit that reports past results.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from annotation.lexicons import NAMED_NUMBER_HEADS
from dataset.quantities.fields import LIST_CLOSERS, clause_end, clause_start, target_fields
from dataset.quantities.numerals import Quantity, find_quantities
from dataset.quantities.patterns import is_cjk

OPEN_TO_CLOSE = {"“": "”", "‘": "’", "「": "」", "『": "』", "《": "》", '"': '"'}
ORDINAL_BEFORE = ("第", "前", "排名", "位列")
BASELINE_BEFORE = ("由", "从")
SCALE_AFTER = ("级",)
PER_BEFORE = ("每",)
DURATION_AFTER = ("月", "内", "个月")
YEAR_INDICATORS = ("年限", "寿命", "工龄")
# N19: an age with 以上 / 以下 before the noun it qualifies defines what is counted
# (65岁以上老人, 3岁以下婴幼儿); a session number names a meeting (三次会议); a count of
# 方面 counts the report's own structure (以下十个方面工作).
THRESHOLD_WORDS = ("及以上", "及以下", "以上", "以下")
# 过 / 超 before an amount that then qualifies a noun is the same kind of threshold
# (产值过10亿元的新增长点, 收入超10亿元龙头企业).
THRESHOLD_BEFORE = ("超过", "过", "超")
# A session numbered in a list after 届 (十五届四次、五次全会) names meetings.
_SESSION_LIST = re.compile("届[一二三四五六七八九十、次]*$")
SESSION_AFTER = ("会议", "全会", "全体会议")
STRUCTURE_AFTER = ("方面",)
# Words after a number that end its phrase rather than name what it qualifies.
PHRASE_END_AFTER = ("左右", "以内", "之内", "以上", "以下", "及以上", "及以下", "之上", "的")
# N2: a count of a set that already exists, not an amount to reach: the set the work
# focuses on, supports or grows (聚焦28条产业链, 支持55个产粮大县), the items just listed
# (钢铁、有色、化工、建材4个行业), or a listed set (沙颍河、淮河等13个项目) whose clause
# only supports or speeds it up.
EXISTING_SET_BEFORE = ("聚焦", "围绕", "依托", "立足", "支持", "壮大")
EXISTING_SET_VERBS = ("支持", "加快", "推动", "推进", "服务", "引导")
# …except a count of projects to build (加快…等5500个重大项目建设): the year's workload.
BUILT_AFTER = ("建设",)
# N2: a package of measures known by its count (民营经济32条政策) is a name.
PACKAGE_AFTER = ("政策", "措施", "举措")
# A share or a count with 以上 before a noun is the amount itself (90%以上村庄达到…,
# 新增100个以上项目); any other measure there is a threshold (1亿元以上企业).
SHARE_UNITS = frozenset(["%", "百分点"])
# A duration written before a noun describes the service (24小时不打烊站点).
DURATION_UNITS = frozenset(["小时", "天"])
# H2: a capacity written before the name of one project describes the project
# (益海晨科300万羽、绿派100万羽蛋鸡项目); a classifier that counts deliverables does not
# (打造2个区域性为农服务中心).
PROJECT_HEADS = ("项目", "工程", "产业集群")
COUNTING_UNITS = frozenset(
    [
        "个",
        "家",
        "件",
        "项",
        "所",
        "座",
        "条",
        "套",
        "栋",
        "辆",
        "台",
        "场",
        "次",
        "批",
        "张",
        "床",
        "户",
        "人",
        "人次",
        "头",
        "只",
        "株",
    ]
)
SHARE_OR_COUNT = COUNTING_UNITS | SHARE_UNITS
_ASCII_ALNUM = re.compile(r"[A-Za-z0-9+＋]")
_QUOTE_CHARS = re.compile(
    "[" + re.escape("".join(OPEN_TO_CLOSE) + "".join(OPEN_TO_CLOSE.values())) + "]"
)


class Candidate(NamedTuple):
    """A quantity and, when it is not a target, the reason why."""

    quantity: Quantity
    reason: str | None

    @property
    def is_target(self) -> bool:
        return self.reason is None


def quoted_regions(text: str) -> list[tuple[int, int]]:
    """[start, end) of every quoted or titled stretch (“…”, 《…》), quotes included."""
    regions: list[tuple[int, int]] = []
    stack: list[int] = []
    for match in _QUOTE_CHARS.finditer(text):
        i, char = match.start(), match.group()
        if stack and char == OPEN_TO_CLOSE[text[stack[-1]]]:
            start = stack.pop()
            if not stack:
                regions.append((start, i + 1))
        elif char in OPEN_TO_CLOSE:
            stack.append(i)
    return regions


def _inside(regions: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(r_start <= start and end <= r_end for r_start, r_end in regions)


def rejection(text: str, quantity: Quantity, quoted: list[tuple[int, int]]) -> str | None:
    """Why `quantity` is not a target of `text`, or None when it is one."""
    start, end = quantity.start, quantity.end
    before, after = text[max(0, start - 2) : start], text[end : end + 2]
    if _inside(quoted, start, end):
        return "name or slogan in quotes"
    if quantity.numeral == "一":
        return "article (一批, 一件)"
    if before.endswith(ORDINAL_BEFORE):
        return "ordinal or batch"
    if (before and _ASCII_ALNUM.match(before[-1])) or (after and _ASCII_ALNUM.match(after[0])):
        return "technical designation or code"
    if after.startswith(SCALE_AFTER):
        return "scale class"
    if before.endswith(BASELINE_BEFORE):
        return "baseline of a change"
    if before.endswith(PER_BEFORE):
        return "denominator of a rate"
    if quantity.unit == "年" and not _is_year_count(text, start):
        return "year or duration"
    if quantity.surface_unit.endswith("个") and after.startswith(DURATION_AFTER):
        return "duration"
    if quantity.unit not in SHARE_OR_COUNT and _qualifies_a_noun(text, end):
        return "threshold that defines the indicator (65岁以上老人, 1亿元以上企业)"
    if quantity.unit not in SHARE_OR_COUNT and _is_threshold_before_a_noun(text, quantity):
        return "threshold that defines the indicator (产值过10亿元的企业)"
    if quantity.unit == "岁" and _followed_by_noun(text, end):
        return "age that defines the indicator (0-6岁儿童)"
    if quantity.unit in DURATION_UNITS and _followed_by_noun(text, end):
        return "duration that describes a service (24小时不打烊)"
    if quantity.unit == "次" and (
        after.startswith(SESSION_AFTER) or _SESSION_LIST.search(text, 0, start)
    ):
        return "session of a meeting"
    if _counts_structure(quantity, after):
        return "count of the report's own structure"
    if _counts_an_existing_set(text, quantity):
        return "count of an existing set"
    if quantity.unit == "条" and after.startswith(PACKAGE_AFTER):
        return "name of a package of measures"
    if after.startswith(NAMED_NUMBER_HEADS) and quantity.chinese:
        return "name (中央八项规定, 两个维护)"
    if _is_project_capacity(text, quantity):
        return "capacity of a named project"
    return None


def _counts_structure(quantity: Quantity, after: str) -> bool:
    """以下十个方面 / 11方面 (方 is also a unit of volume, so 方面 splits as 方 + 面)."""
    if quantity.surface_unit.endswith("个"):
        return after.startswith(STRUCTURE_AFTER)
    return quantity.surface_unit.endswith("方") and after.startswith("面")


def _counts_an_existing_set(text: str, quantity: Quantity) -> bool:
    start = quantity.start
    if text[max(0, start - 2) : start] in EXISTING_SET_BEFORE:
        return True
    if quantity.unit not in COUNTING_UNITS:
        return False
    clause = text[clause_start(text, start) : start]
    if clause.endswith(LIST_CLOSERS):
        rest = text[quantity.end : clause_end(text, quantity.end)]
        return clause.lstrip("，,；;").startswith(EXISTING_SET_VERBS) and not rest.endswith(
            BUILT_AFTER
        )
    listed = clause.split("、")
    return (
        len(listed) > 1
        and quantity.value == len(listed)
        and not any(find_quantities(item) for item in listed)
    )


def _followed_by_noun(text: str, end: int) -> bool:
    return is_cjk(text[end : end + 1]) and not text.startswith(PHRASE_END_AFTER, end)


def _qualifies_a_noun(text: str, end: int) -> bool:
    """以上 / 以下 after the number, then the noun it qualifies (not the clause's end)."""
    word = next((w for w in THRESHOLD_WORDS if text.startswith(w, end)), None)
    return word is not None and is_cjk(text[end + len(word) : end + len(word) + 1])


def _is_threshold_before_a_noun(text: str, quantity: Quantity) -> bool:
    """超 / 过 right before the amount, and a noun, 的 or another listed amount after it."""
    if not text[: quantity.start].endswith(THRESHOLD_BEFORE):
        return False
    following = text[quantity.end : quantity.end + 1]
    return following in ("的", "、") or _followed_by_noun(text, quantity.end)


def _is_project_capacity(text: str, quantity: Quantity) -> bool:
    if quantity.unit in COUNTING_UNITS:
        return False
    rest = text[quantity.end : clause_end(text, quantity.end)]
    return bool(rest) and rest[0] != "以" and rest.rstrip().endswith(PROJECT_HEADS)


def _is_year_count(text: str, start: int) -> bool:
    clause = text[max(0, start - 12) : start]
    return any(word in clause for word in YEAR_INDICATORS)


def candidates(
    text: str, review: bool = False, quoted: list[tuple[int, int]] | None = None
) -> list[Candidate]:
    """Every quantity in text with the reason it is not a target (None for targets).
    `quoted` is quoted_regions(text), when the caller has it already."""
    if quoted is None:
        quoted = quoted_regions(text)
    found = []
    for quantity in find_quantities(text):
        reason = rejection(text, quantity, quoted)
        if reason is None and review:
            reason = "fact or past result"
        found.append(Candidate(quantity, reason))
    return found


def extract_targets(
    text: str, review: bool = False, quoted: list[tuple[int, int]] | None = None
) -> list[dict]:
    """The numeric targets of one unit as NumericTarget dicts, left to right."""
    targets, previous_end = [], 0
    for candidate in candidates(text, review, quoted):
        if not candidate.is_target:
            continue
        quantity = candidate.quantity
        targets.append(target_fields(text, quantity, previous_end))
        previous_end = quantity.end
    return targets
