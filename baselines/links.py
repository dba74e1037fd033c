"""The links baseline: indicator matching and the comparator rule (codebook §14).

For each gold target, look in the first part of the next report (where the review of the
year stands) for a word that names the target's indicator, take the first figure after
it in a unit the target can be compared with, and let the codebook's rule (R1–R5) decide
the relation. No training: the cue words are the typical wordings of §14.4."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from dataset.corpus.standoff import unit_sha256
from dataset.links.rule import MASS_IN_KG, relation
from dataset.links.table import link_id, next_report
from dataset.quantities.numerals import find_quantities
from dataset.schema import Link, Outcome

NAME = "indicator-rule"
REVIEW_SHARE = 0.4
"""The review of the year is in the first part of a report; look no further."""
WINDOW = 40
"""How many characters after the cue word the figure may stand."""
INDICATOR_CUES: dict[str, tuple[str, ...]] = {
    "gdp_growth": ("国内生产总值", "经济增长"),
    "gnp_growth": ("国民生产总值",),
    "national_income_growth": ("国民收入",),
    "gross_output_growth": ("工农业总产值",),
    "industrial_output_growth": ("工业总产值", "工业增加值"),
    "agricultural_output_growth": ("农业总产值",),
    "cpi": ("居民消费价格",),
    "retail_price": ("商品零售价格", "零售物价"),
    "urban_new_jobs": ("城镇新增就业",),
    "reemployment": ("再就业",),
    "unemployment_registered": ("城镇登记失业率",),
    "unemployment_surveyed": ("城镇调查失业率",),
    "grain_output": ("粮食产量", "粮食总产量"),
    "cotton_output": ("棉花",),
    "steel_output": ("钢",),
    "coal_output": ("原煤", "煤炭"),
    "energy_intensity": ("能耗",),
    "emission_reduction": ("排放",),
    "population_growth": ("人口自然增长率",),
    "fixed_investment": ("固定资产投资",),
    "retail_sales": ("社会消费品零售总额",),
    "foreign_trade": ("进出口",),
    "m2_growth": ("广义货币",),
    "fiscal_deficit": ("赤字",),
    "other": (),
}


def comparable(unit: str, target_unit: str) -> bool:
    return unit == target_unit or (unit in MASS_IN_KG and target_unit in MASS_IN_KG)


def find_outcome(link: Link, text: str, doc_id: str) -> Outcome | None:
    """The first comparable figure after a cue word of the indicator in the review part."""
    review = text[: int(len(text) * REVIEW_SHARE)]
    hits = sorted(
        position
        for cue in INDICATOR_CUES[link.target.indicator]
        for position in _positions(review, cue)
    )
    for position in hits:
        window = review[position : position + WINDOW]
        for quantity in find_quantities(window):
            if comparable(quantity.unit, link.target.unit):
                start = position + quantity.start
                return _outcome(link, doc_id, start, start + len(quantity.text), quantity)
    return None


def _positions(text: str, word: str) -> list[int]:
    found, start = [], text.find(word)
    while start != -1:
        found.append(start + len(word))
        start = text.find(word, start + 1)
    return found


def _outcome(link: Link, doc_id: str, start: int, end: int, quantity: Any) -> Outcome:
    return Outcome(
        unit_id=f"{doc_id}-0000",  # the scorer names spans by document offsets only
        start=start,
        end=end,
        sha256=unit_sha256(quantity.text),
        value=quantity.value,
        unit=quantity.unit,
        period=str(link.target.plan_year),
    )


def predict_links(
    gold: Sequence[Link], texts: Mapping[str, str], reports: Mapping[int, str]
) -> list[dict[str, Any]]:
    """One prediction per gold target: outcome id (or None) and relation."""
    predictions = []
    for link in gold:
        doc_id = next_report(link.target.doc_id, reports)
        outcome = None if doc_id is None else find_outcome(link, texts[doc_id], doc_id)
        predictions.append(
            {
                "target_id": link_id(link),
                "outcome_id": None if outcome is None else outcome.id,
                "relation": relation(link.target, outcome),
            }
        )
    return predictions
