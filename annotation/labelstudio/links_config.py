"""The Label Studio config for target→outcome links (codebook §14), generated from
dataset/schema.py.

One task is one report pair: `$plan` holds the passage of report Y with the year's
targets, `$review` the next report's review. The annotator marks each headline target in
the plan and its outcome in the review, fills the figures per region, and draws a relation
from target to outcome labelled with the rule's result; a target with no relation is
`not_reported`."""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape

from annotation.labelstudio.config import choices_xml, per_region, tag_xml
from dataset import paths
from dataset.schema import COMPARATORS, INDICATORS, RELATIONS, SCHEMA_VERSION, UNITS

REGENERATE = "gwrcommit build"
PLAN, REVIEW = "plan", "review"
TARGET_SPAN, OUTCOME_SPAN = "target_span", "outcome_span"
TARGET_LABEL, OUTCOME_LABEL = "target", "outcome"
LINKED_RELATIONS: tuple[str, ...] = tuple(r for r in RELATIONS if r != "not_reported")
"""A relation drawn between two regions; not_reported is the absence of one."""
TARGET_CONTROLS = ("indicator", "value", "value_max", "unit", "comparator", "plan_year")
OUTCOME_CONTROLS = ("outcome_value", "outcome_unit", "period")


def _labels(name: str, to_name: str, label: str, colour: str) -> list[str]:
    return [
        f'  <Labels name="{name}" toName="{to_name}" choice="single">',
        tag_xml("Label", 2, value=label, background=colour),
        "  </Labels>",
    ]


def _target_controls() -> list[str]:
    when = per_region(TARGET_LABEL) | {"required": "true"}
    return [
        f'  <View visibleWhen="region-selected" whenLabelValue="{TARGET_LABEL}">',
        tag_xml("Header", 2, value="Headline target (L2-L4): indicator key and figure", size="5"),
        *choices_xml("indicator", INDICATORS, 2, None, to_name=PLAN, layout="select", **when),
        tag_xml("Number", 2, name="value", toName=PLAN, step="any", **when),
        tag_xml("Number", 2, name="value_max", toName=PLAN, step="any", **per_region(TARGET_LABEL)),
        *choices_xml("unit", UNITS, 2, None, to_name=PLAN, layout="select", **when),
        *choices_xml("comparator", COMPARATORS, 2, None, to_name=PLAN, showInline="true", **when),
        tag_xml("Number", 2, name="plan_year", toName=PLAN, **when),
        "  </View>",
    ]


def _outcome_controls() -> list[str]:
    when = per_region(OUTCOME_LABEL) | {"required": "true"}
    return [
        f'  <View visibleWhen="region-selected" whenLabelValue="{OUTCOME_LABEL}">',
        tag_xml("Header", 2, value="Outcome (L5-L8): the figure, its unit and period", size="5"),
        tag_xml("Number", 2, name="outcome_value", toName=REVIEW, step="any", **when),
        *choices_xml("outcome_unit", UNITS, 2, None, to_name=REVIEW, layout="select", **when),
        tag_xml(
            "TextArea",
            2,
            name="period",
            toName=REVIEW,
            maxSubmissions="1",
            editable="true",
            **when,
        ),
        "  </View>",
    ]


def render_links_config() -> str:
    comment = (
        f"<!-- Generated from dataset/schema.py (schema {escape(SCHEMA_VERSION)}); "
        f"do not edit. Regenerate with: {REGENERATE} -->"
    )
    relations = ["  <Relations>"]
    relations += [tag_xml("Relation", 2, value=value) for value in LINKED_RELATIONS]
    relations.append("  </Relations>")
    lines = [
        comment,
        "<View>",
        tag_xml("Header", 1, value="$heading", size="5"),
        *relations,
        tag_xml("Header", 1, value="Report Y: the year's targets", size="4"),
        *_labels(TARGET_SPAN, PLAN, TARGET_LABEL, "#F5A623"),
        tag_xml("Text", 1, name=PLAN, value="$plan", granularity="symbol"),
        *_target_controls(),
        tag_xml("Header", 1, value="Report Y+1: the review of the year", size="4"),
        *_labels(OUTCOME_SPAN, REVIEW, OUTCOME_LABEL, "#7ED321"),
        tag_xml("Text", 1, name=REVIEW, value="$review", granularity="symbol"),
        *_outcome_controls(),
        "</View>",
    ]
    return "\n".join(lines) + "\n"


def links_config_path(root: Path = paths.PROJECT_ROOT) -> Path:
    return root / "annotation" / "labelstudio" / "links-config.xml"
