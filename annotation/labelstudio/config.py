"""The Label Studio labelling config, generated from dataset/schema.py.

One `<Text>` object holds the unit. Spans are drawn with one `<Labels>` control whose
labels are `target` (a numeric target) and the place types; per-region controls, shown
only for the matching label, carry a target's fields and a place's canonical name.
Unit-level labels are `<Choices>`; every label has the schema's definition as its hint.
"""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from dataset import paths
from dataset.schema import (
    COMPARATORS,
    DEFINITIONS,
    LABEL_FIELD_SPECS,
    PLACE_TYPES,
    SCHEMA_VERSION,
    SINGLE_LABEL_FIELDS,
    TARGET_KINDS,
    UNITS,
    LabelField,
    label_set,
)

REGENERATE = "gwrcommit ls config -o annotation/labelstudio/config.xml"

# Names of the tags: the task's text, the span labels and the per-region controls.
TEXT = "text"
SPAN = "span"
TARGET_LABEL = "target"
INDICATOR = "indicator"
VALUE = "value"
VALUE_MAX = "value_max"
UNIT = "unit"
COMPARATOR = "comparator"
KIND = "kind"
PLACE_NAME = "place_name"

CHOICE_FIELDS: tuple[LabelField, ...] = tuple(
    spec for spec in LABEL_FIELD_SPECS.values() if spec.kind != "spans"
)
"""The unit-level label fields, each a `<Choices>` control, in the schema's order."""
SINGLE_CHOICE_FIELDS: tuple[str, ...] = SINGLE_LABEL_FIELDS
(MULTI_CHOICE_FIELD,) = (spec.name for spec in CHOICE_FIELDS if spec.kind == "multi")
DOMAIN_CHOICES: tuple[str, ...] = label_set(MULTI_CHOICE_FIELD)
"""The multi-label field never holds NO_LABEL: an empty selection stands for no policy
content."""

TARGET_CHOICES: dict[str, tuple[str, ...]] = {
    UNIT: UNITS,
    COMPARATOR: COMPARATORS,
    KIND: TARGET_KINDS,
}
TARGET_NUMBERS: tuple[str, ...] = (VALUE, VALUE_MAX)
TARGET_CONTROLS: tuple[str, ...] = (INDICATOR, VALUE, VALUE_MAX, UNIT, COMPARATOR, KIND)
PLACE_CONTROLS: tuple[str, ...] = (PLACE_NAME,)
SPAN_LABELS: tuple[str, ...] = (TARGET_LABEL, *PLACE_TYPES)

FIELD_CHOICES: dict[str, tuple[str, ...]] = {spec.name: spec.labels for spec in CHOICE_FIELDS}

TARGET_HINT = (
    "A number the government commits to reach, add, hold or cap. Select the number with "
    "its unit or measure word as written (6.5万亩, 0.3个百分点, 5.5%—6%), without comparator "
    "words or the indicator. Not targets: numbers inside names, slogans and codes, ordinals, "
    "dates, years, durations, technical designations, facts and past achievements."
)
TARGET_COLOUR = "#F5A623"
PLACE_COLOUR = "#4A90E2"

HEADINGS: dict[str, str] = {spec.name: spec.heading for spec in CHOICE_FIELDS}


def _attrs(**attributes: str) -> str:
    return "".join(f" {name}={quoteattr(value)}" for name, value in attributes.items())


def tag_xml(tag: str, indent: int, /, **attributes: str) -> str:
    return f"{'  ' * indent}<{tag}{_attrs(**attributes)}/>"


def choices_xml(
    control: str,
    values: tuple[str, ...],
    indent: int,
    hints: dict[str, str] | None = None,
    /,
    to_name: str = TEXT,
    **attributes: str,
) -> list[str]:
    pad = "  " * indent
    lines = [f"{pad}<Choices{_attrs(name=control, toName=to_name, **attributes)}>"]
    for value in values:
        hint = (hints or {}).get(value)
        extra = {"hint": hint} if hint else {}
        lines.append(tag_xml("Choice", indent + 1, value=value, **extra))
    lines.append(f"{pad}</Choices>")
    return lines


def _span_labels() -> list[str]:
    lines = [f"  <Labels{_attrs(name=SPAN, toName=TEXT, choice='single')}>"]
    lines.append(
        tag_xml("Label", 2, value=TARGET_LABEL, hint=TARGET_HINT, background=TARGET_COLOUR)
    )
    for place_type in PLACE_TYPES:
        hint = "Place: " + DEFINITIONS["place_type"][place_type]
        lines.append(tag_xml("Label", 2, value=place_type, hint=hint, background=PLACE_COLOUR))
    lines.append("  </Labels>")
    return lines


def per_region(when: str) -> dict[str, str]:
    return {"perRegion": "true", "whenLabelValue": when}


def _target_controls() -> list[str]:
    when = per_region(TARGET_LABEL)
    lines = [
        f"  <View{_attrs(visibleWhen='region-selected', whenLabelValue=TARGET_LABEL)}>",
        tag_xml(
            "Header",
            2,
            value="Numeric target: the measured thing, the value and its unit",
            size="5",
        ),
        tag_xml(
            "TextArea",
            2,
            name=INDICATOR,
            toName=TEXT,
            placeholder="indicator, as a short string from the unit text (高新技术企业)",
            maxSubmissions="1",
            editable="true",
            required="true",
            **when,
        ),
        tag_xml("Header", 2, value="value (magnitude expanded: 6.5万亩 -> 65000)", size="5"),
        tag_xml("Number", 2, name=VALUE, toName=TEXT, step="any", required="true", **when),
        tag_xml("Header", 2, value="value_max (upper bound, only with comparator range)", size="5"),
        tag_xml("Number", 2, name=VALUE_MAX, toName=TEXT, step="any", **when),
        tag_xml("Header", 2, value="unit (canonical, magnitude removed)", size="5"),
        *choices_xml(UNIT, UNITS, 2, layout="select", required="true", **when),
        tag_xml("Header", 2, value="comparator", size="5"),
        *choices_xml(
            COMPARATOR,
            COMPARATORS,
            2,
            DEFINITIONS["comparator"],
            showInline="true",
            required="true",
            **when,
        ),
        tag_xml("Header", 2, value="kind", size="5"),
        *choices_xml(
            KIND, TARGET_KINDS, 2, DEFINITIONS["kind"], showInline="true", required="true", **when
        ),
        "  </View>",
    ]
    return lines


def _place_controls() -> list[str]:
    places = ",".join(PLACE_TYPES)
    return [
        f"  <View{_attrs(visibleWhen='region-selected', whenLabelValue=places)}>",
        tag_xml(
            "Header",
            2,
            value="Place: canonical gazetteer name (leave empty when not in it)",
            size="5",
        ),
        tag_xml(
            "TextArea",
            2,
            name=PLACE_NAME,
            toName=TEXT,
            placeholder="canonical name, e.g. 德感街道",
            maxSubmissions="1",
            editable="true",
            **per_region(places),
        ),
        "  </View>",
    ]


def label_definitions(field: str) -> dict[str, str]:
    """The hints of a choice field: its own definitions, or for a multi-label field those of
    the single-label field over the same labels."""
    if field in DEFINITIONS:
        return DEFINITIONS[field]
    labels = set(label_set(field))
    return next(DEFINITIONS[s] for s in SINGLE_LABEL_FIELDS if labels <= set(label_set(s)))


def _unit_choices() -> list[str]:
    lines = []
    for spec in CHOICE_FIELDS:
        lines.append(tag_xml("Header", 1, value=HEADINGS[spec.name], size="4"))
        if spec.kind == "multi":
            extra = {"choice": "multiple", "showInline": "true"}
        else:
            extra = {"choice": "single", "showInline": "true", "required": "true"}
        lines += choices_xml(spec.name, spec.labels, 1, label_definitions(spec.name), **extra)
    return lines


def render_config() -> str:
    """The labelling config as XML text, with a header comment saying how to regenerate it."""
    comment = (
        f"<!-- Generated from dataset/schema.py (schema {escape(SCHEMA_VERSION)}); "
        f"do not edit. Regenerate with: {REGENERATE} -->"
    )
    lines = [
        comment,
        "<View>",
        tag_xml("Header", 1, value="$heading", size="5"),
        tag_xml("Text", 1, name=TEXT, value="$text", granularity="symbol"),
        tag_xml("Header", 1, value="Spans: numeric targets and places", size="4"),
        *_span_labels(),
        *_target_controls(),
        *_place_controls(),
        *_unit_choices(),
        "</View>",
    ]
    return "\n".join(lines) + "\n"


def config_path(root: Path = paths.PROJECT_ROOT) -> Path:
    return root / "annotation" / "labelstudio" / "config.xml"
