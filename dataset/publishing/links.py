"""The target→outcome links in the card: a summary table and the figure of targets against
outcomes per indicator over the years, both from the committed link table (figures only)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from dataset.publishing.stats import png_bytes
from dataset.schema import RELATIONS, Link

FIGURE_INDICATORS: dict[str, tuple[str, ...]] = {
    "GDP (or GNP) growth, %": ("gdp_growth", "gnp_growth"),
    "consumer / retail prices, % rise": ("cpi", "retail_price"),
    "new urban jobs, 10,000 people": ("urban_new_jobs",),
    "urban unemployment rate, %": ("unemployment_registered", "unemployment_surveyed"),
    "grain output, 100 million jin": ("grain_output",),
}
OUTCOME_COLOURS = (("met", "tab:green"), ("exceeded", "tab:olive"), ("not met", "tab:red"))
SCALES = {"人": 1e-4, "斤": 1e-8, "公斤": 2e-8, "吨": 2e-5}
"""Divisors that put each panel in the unit of its title (斤 per 100 million; 1 吨 = 2000 斤)."""


def _scaled(value: float, unit: str) -> float:
    return value * SCALES.get(unit, 1.0)


def render_links_figure(links: Sequence[Link]) -> bytes:
    """One panel per indicator: the target (a bar for a band, a marker for a floor or cap)
    and the outcome the next report gave, by plan year."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, axes = plt.subplots(
        len(FIGURE_INDICATORS), 1, figsize=(9, 2.6 * len(FIGURE_INDICATORS))
    )
    for axis, (title, keys) in zip(axes, FIGURE_INDICATORS.items(), strict=True):
        chosen = sorted(
            (link for link in links if link.target.indicator in keys),
            key=lambda link: link.target.plan_year,
        )
        _panel(axis, chosen)
        axis.set_title(title, fontsize=10)
    axes[-1].set_xlabel("plan year")
    figure.suptitle("State Council headline targets and the outcomes the next report gave")
    return png_bytes(figure)


def _panel(axis: Any, links: list[Link]) -> None:
    from matplotlib.ticker import MaxNLocator

    for link in links:
        target, year = link.target, link.target.plan_year
        low = _scaled(target.value, target.unit)
        high = _scaled(target.value_max, target.unit) if target.value_max is not None else low
        marker = {">=": "^", ">": "^", "<=": "v", "<": "v"}.get(target.comparator, "_")
        axis.plot([year, year], [low, high], color="tab:blue", linewidth=4, alpha=0.5)
        axis.plot(year, low, marker=marker, color="tab:blue", markersize=7, linestyle="none")
        if link.outcome is not None:
            value = _scaled(link.outcome.value, link.outcome.unit)
            colour = dict(OUTCOME_COLOURS).get(link.relation, "tab:red")
            axis.plot(year, value, "o", color=colour, markersize=5)
    axis.plot([], [], color="tab:blue", linewidth=4, alpha=0.5, label="target (▲ floor, ▼ cap)")
    for relation, colour in (
        ("met", "tab:green"),
        ("exceeded", "tab:olive"),
        ("not met", "tab:red"),
    ):
        axis.plot([], [], "o", color=colour, label=f"outcome: {relation}")
    axis.legend(fontsize=7, ncol=4, loc="best")
    axis.grid(alpha=0.3)
    axis.xaxis.set_major_locator(MaxNLocator(integer=True))


FIRST_PAIR_YEAR = 1978
"""Every pair of consecutive State Council reports from this year on was read (L1)."""


def links_summary(links: Sequence[Link]) -> dict[str, Any]:
    from dataset.links.table import national_reports

    years = sorted({link.target.plan_year for link in links})
    reports = sorted({link.target.doc_id for link in links})
    read = sorted(year for year in national_reports() if year >= FIRST_PAIR_YEAR)[:-1]
    with_targets = {int(doc_id.rsplit("-", 1)[1]) for doc_id in reports}
    return {
        "pairs_read": len(read),
        "pair_years": [read[0], read[-1]] if read else [],
        "reports_without_targets": [year for year in read if year not in with_targets],
        "links": len(links),
        "with_outcome": sum(link.outcome is not None for link in links),
        "relations": {r: Counter(link.relation for link in links)[r] for r in RELATIONS},
        "reports_with_targets": len(reports),
        "plan_years": [years[0], years[-1]] if years else [],
    }


def _figure_text(value: float, unit: str, comparator: str | None = None, top=None) -> str:
    number = f"{value:g}" if top is None else f"{value:g}–{top:g}"
    return f"{comparator + ' ' if comparator and comparator != 'range' else ''}{number} {unit}"


def explorer_links(links: Sequence[Link]) -> dict[str, Any]:
    """What the explorer shows of the link table: the figure and one row per link, with
    figures only (the table holds no report text)."""
    import base64

    rows = [
        {
            "id": link.target.id,
            "plan_year": link.target.plan_year,
            "indicator": link.target.indicator,
            "target": _figure_text(
                link.target.value, link.target.unit, link.target.comparator, link.target.value_max
            ),
            "outcome": None
            if link.outcome is None
            else _figure_text(link.outcome.value, link.outcome.unit),
            "relation": link.relation,
        }
        for link in sorted(links, key=lambda link: (link.target.plan_year, link.target.start))
    ]
    summary = links_summary(links)
    note = (
        f"{summary['links']} adjudicated links (dataset/links/gold.jsonl, codebook §14); "
        f"{summary['with_outcome']} with an outcome. ▲ floor, ▼ cap; green met, olive "
        "exceeded, red not met."
    )
    figure = base64.b64encode(render_links_figure(links)).decode("ascii")
    return {"note": note, "figure": figure, "rows": rows}
