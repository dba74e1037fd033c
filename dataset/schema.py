"""The label schema: every field and label set of GWRCommit, defined once.

Everything else (Hugging Face features, the Label Studio config, validation,
the scorer's label lists, the tables in the guidelines and the card) is derived
from the objects in this module.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal, get_args, get_origin

from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic.fields import FieldInfo

SCHEMA_VERSION = "2.0.0"

CommitmentType = Literal[
    "quantified_target", "specific_action", "general_measure", "aspiration", "non_commitment"
]
CommitmentStrength = Literal["binding", "striving", "unmarked"]
Domain = Literal[
    "macroeconomics",
    "civil_rights",
    "health",
    "agriculture",
    "labor",
    "education",
    "environment",
    "energy",
    "immigration",
    "transportation",
    "law_and_crime",
    "social_welfare",
    "housing",
    "domestic_commerce",
    "defense",
    "technology",
    "foreign_trade",
    "international_affairs",
    "government_operations",
    "public_lands",
    "culture",
    "none",
]
GeoScope = Literal["district", "locality", "beyond"]
PlaceType = Literal[
    "country",
    "municipality",
    "prefecture",
    "district",
    "township",
    "zone",
    "natural",
    "region",
    "site",
]
Comparator = Literal[">=", "<=", "~", ">", "<", "=", "range"]
TargetKind = Literal["level", "increment", "growth", "reduction", "ratio"]
UnitType = Literal["section_heading", "subsection_heading", "body"]
Split = Literal["train", "dev", "test"]

COMMITMENT_TYPES: tuple[str, ...] = get_args(CommitmentType)
"""Ordered from most to least specific: when a unit holds several, the first wins."""
COMMITMENT_STRENGTHS: tuple[str, ...] = get_args(CommitmentStrength)
DOMAINS: tuple[str, ...] = get_args(Domain)
GEO_SCOPES: tuple[str, ...] = get_args(GeoScope)
PLACE_TYPES: tuple[str, ...] = get_args(PlaceType)
COMPARATORS: tuple[str, ...] = get_args(Comparator)
TARGET_KINDS: tuple[str, ...] = get_args(TargetKind)
UNIT_TYPES: tuple[str, ...] = get_args(UnitType)
SPLITS: tuple[str, ...] = get_args(Split)

DEFINITIONS: dict[str, dict[str, str]] = {
    "commitment_type": {
        "quantified_target": "Commits to at least one numeric target; true if and only if "
        "numeric_targets is non-empty.",
        "specific_action": "Commits to a discrete, checkable deliverable with no number: a named "
        "project, facility, event, programme or status to be built, opened, completed, held, "
        "launched or obtained. At year end one could answer yes or no.",
        "general_measure": "Commits to a direction of effort with no checkable end point "
        "(推进, 加强, 深化, 健全, 完善, 提升, 优化 ...).",
        "aspiration": "States a goal, vision or value without committing to an action.",
        "non_commitment": "No commitment: forms of address, slogans and framing, statements of "
        "fact, and reported achievements of past years.",
    },
    "commitment_strength": {
        "binding": "Guaranteed or obligatory (确保, 必须, 坚决, 严守, 守住/守牢, 严防, 严控 ...).",
        "striving": "An effort that may fall short (力争, 争取, 努力, 争创 ...).",
        "unmarked": "Neither binding nor striving.",
    },
    "primary_domain": {
        "macroeconomics": "Growth and development strategy, fiscal policy, budgets and revenue, "
        "public debt, taxation, prices, general reform and development language.",
        "civil_rights": "Equality, ethnic and religious affairs, civil liberties, privacy.",
        "health": "Medical services, disease control, medical insurance, medicines, food and "
        "drug safety regulation.",
        "agriculture": "Farming, grain security, farmland, livestock, agricultural services, "
        "processing of farm products, rural revitalisation in general.",
        "labor": "Employment, job creation, vocational training, wages, labour relations, "
        "talent recruitment.",
        "education": "Schools at all levels, teachers, curricula, vocational and higher education.",
        "environment": "Pollution control, drinking water, sewage, rural living environment, "
        "ecological protection, biodiversity, green transition.",
        "energy": "Power grids, gas supply, renewable energy, vehicle charging, energy saving.",
        "immigration": "International migration, foreigners' entry and residence.",
        "transportation": "Roads, public transport, parking, passenger and freight transport, "
        "logistics, airports, railways, waterways.",
        "law_and_crime": "Policing, public order, crime, juvenile protection, dispute "
        "mediation, grassroots social governance.",
        "social_welfare": "Social assistance, pensions and elderly care, disability and child "
        "welfare, prevention of relapse into poverty, family support, livelihood projects.",
        "housing": "Housing and real estate, urban development and renewal, urban management, "
        "small-town and village construction, urban-rural integration.",
        "domestic_commerce": "Enterprises, private economy, state-owned enterprises, business "
        "environment, finance for firms, tourism, emergency management, fire services.",
        "defense": "Defence mobilisation, reserve forces, military-civilian relations, veterans.",
        "technology": "Science and R&D, innovation, high-tech firms, telecommunications, data "
        "and AI industries.",
        "foreign_trade": "Exports and imports, ports of entry, inward investment, opening-up "
        "platforms.",
        "international_affairs": "Relations with foreign countries and international "
        "organisations.",
        "government_operations": "The government's own organisation and conduct: self-building, "
        "discipline, integrity, rule of law in administration, oversight, digital government, "
        "administrative services, petitions.",
        "public_lands": "Territorial spatial planning, land management, water resources and "
        "reservoirs, flood-control works.",
        "culture": "Arts, heritage, museums, civility campaigns, sport and public fitness.",
        "none": "No policy content (forms of address, pure framing).",
    },
    "geo_scope": {
        "district": "The issuing government's whole jurisdiction (the district, province or "
        "country whose report it is), or no place named.",
        "locality": "About one or more named places inside the issuer's jurisdiction.",
        "beyond": "About areas beyond the issuer's jurisdiction, or cooperation across its border.",
    },
    "place_type": {
        "country": "A country or economy: a foreign country, or China itself where it means the "
        "state as a territory or party.",
        "municipality": "A province-level division: province, autonomous region, municipality "
        "or special administrative region (重庆).",
        "prefecture": "A prefecture-level division: prefecture-level city, autonomous "
        "prefecture or league.",
        "district": "A county-level division: district, county, county-level city or banner "
        "(江津区).",
        "township": "A town or street (镇 / 街道), also bare names such as 德感.",
        "zone": "A development zone, new town, park or named urban area.",
        "natural": "A river, mountain or scenic area.",
        "region": "A multi-jurisdiction region (成渝地区).",
        "site": "A village, road, reservoir or named facility.",
    },
    "comparator": {
        ">=": "At least (以上, 不低于).",
        "<=": "At most (以内, 以下, 不高于, 控制在…以内).",
        "~": "About (左右, 约).",
        ">": "More than (突破, 超过).",
        "<": "Less than.",
        "=": "Exactly, or no comparator word (达到).",
        "range": "A range from value to value_max.",
    },
    "kind": {
        "level": "A stock or annual total to reach or hold.",
        "increment": "New additions (新增, 新建, 引进, 培育 ...).",
        "growth": "Growth by a rate (增长 x%).",
        "reduction": "A decrease (下降, 压降).",
        "ratio": "A rate or share (率, 覆盖率, 占比).",
    },
    "unit_type": {
        "section_heading": "A numbered heading such as 三、… or (四)….",
        "subsection_heading": "A run-in topic sentence such as 深化重点领域改革。",
        "body": "Any other sentence.",
    },
}

CAP_CODES: dict[str, int] = {
    "macroeconomics": 1,
    "civil_rights": 2,
    "health": 3,
    "agriculture": 4,
    "labor": 5,
    "education": 6,
    "environment": 7,
    "energy": 8,
    "immigration": 9,
    "transportation": 10,
    "law_and_crime": 12,
    "social_welfare": 13,
    "housing": 14,
    "domestic_commerce": 15,
    "defense": 16,
    "technology": 17,
    "foreign_trade": 18,
    "international_affairs": 19,
    "government_operations": 20,
    "public_lands": 21,
    "culture": 23,
}
"""Comparative Agendas Project major-topic codes (master codebook)."""

CANONICAL_UNITS: dict[str, str] = {
    "%": "%",
    "百分点": "百分点",
    "个百分点": "百分点",
    "元": "元",
    "户": "户",
    "个": "个",
    "支": "个",  # teams (专职消防队310支)
    "家": "家",
    "件": "件",
    "名": "人",
    "人": "人",
    "人次": "人次",
    "位": "人",
    "亩": "亩",
    "公顷": "公顷",
    "平方米": "平方米",
    "平方公里": "平方公里",
    "立方米": "立方米",
    "公里": "公里",
    "千米": "公里",
    "米": "米",
    "天": "天",
    "年": "年",
    "座": "座",
    "所": "所",
    "条": "条",
    "套": "套",
    "栋": "栋",
    "辆": "辆",
    "台": "台",
    "吨": "吨",
    "项": "项",
    "场": "场",
    "次": "次",
    "班次": "次",
    "列": "次",  # trains run (开行中欧班列2500列)
    "批": "批",
    "张": "张",
    "床": "床",
    "张床": "床",
    "头": "头",
    "只": "只",
    "羽": "羽",
    "株": "株",
    "微克/立方米": "微克/立方米",
    "斤": "斤",
    "公斤": "公斤",
    "千克": "公斤",
    "美元": "美元",
    "小时": "小时",
    "吉瓦": "吉瓦",
    "架": "架",
    "艘": "艘",
    "间": "间",
    "微克每立方米": "微克/立方米",
    "千瓦": "千瓦",
    "万千瓦": "千瓦",
    "千瓦时": "千瓦时",
    "兆瓦": "兆瓦",
    "千伏安": "千伏安",
    "处": "处",
    "倍": "倍",
    "岁": "岁",
    "方": "立方米",
    "标箱": "标箱",
    "标准箱": "标箱",
    "度": "千瓦时",
    "日": "天",
    "km": "公里",
    "㎡": "平方米",
    "m2": "平方米",  # ㎡ after NFKC, as canonical_unit reads it
    "m³": "立方米",
    "m3": "立方米",
    "μg/m³": "微克/立方米",
    "μg/m3": "微克/立方米",
    "吨标准煤": "吨标准煤",
    "‰": "‰",
    "马力": "马力",
}
"""Surface unit → canonical unit. The canonical units are the values of this table."""

UNITS: tuple[str, ...] = tuple(sorted(set(CANONICAL_UNITS.values())))

# \Z, not $: a $ also matches before a final line break, which would let "abc\n" through.
UNIT_ID_PATTERN = re.compile(r"^(?P<doc>[a-z0-9]+(?:-[a-z0-9]+)*)-(?P<index>\d{4})\Z")
DOC_ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*\Z")


def unit_id(doc_id: str, index: int) -> str:
    return f"{doc_id}-{index:04d}"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Span(_Strict):
    start: int = Field(ge=0, description="Character offset in the unit text, inclusive.")
    end: int = Field(gt=0, description="Character offset in the unit text, exclusive.")
    text: str = Field(min_length=1, description="unit_text[start:end].")

    @model_validator(mode="after")
    def _ordered(self) -> Span:
        if self.end <= self.start:
            raise ValueError(f"span end {self.end} must be greater than start {self.start}")
        if len(self.text) != self.end - self.start:
            raise ValueError(
                f"span text {self.text!r} has length {len(self.text)}, "
                f"offsets give {self.end - self.start}"
            )
        return self


def _check_unit(unit: str) -> None:
    if unit not in UNITS:
        raise ValueError(f"unit {unit!r} is not a canonical unit")


def _check_figure(unit: str, comparator: str, value_max: float | None) -> None:
    """What every target figure must satisfy: a canonical unit, and value_max exactly
    when the comparator is a range."""
    _check_unit(unit)
    if (comparator == "range") != (value_max is not None):
        raise ValueError("comparator 'range' goes with value_max, and only it")


class NumericTarget(Span):
    indicator: str = Field(min_length=1, description="The measured thing, from the unit text.")
    value: float = Field(description="Magnitude expanded, numerals converted.")
    value_max: float | None = Field(default=None, description="Upper bound of a range.")
    unit: str = Field(description="Canonical unit from CANONICAL_UNITS.")
    comparator: Comparator
    kind: TargetKind

    @model_validator(mode="after")
    def _consistent(self) -> NumericTarget:
        _check_figure(self.unit, self.comparator, self.value_max)
        if self.value_max is not None and self.value_max < self.value:
            raise ValueError(f"value_max {self.value_max} is below value {self.value}")
        return self


class Place(Span):
    type: PlaceType
    name: str | None = Field(description="Canonical gazetteer name, null when not in it.")


class Unit(_Strict):
    """One sentence unit as the segmenter makes it, without labels."""

    id: str
    doc_id: str
    para: int = Field(ge=0)
    index: int = Field(ge=0)
    start: int = Field(ge=0)
    end: int = Field(gt=0)
    unit_type: UnitType
    section: str | None
    text: str = Field(min_length=1)

    @model_validator(mode="after")
    def _id_matches(self) -> Unit:
        if not DOC_ID_PATTERN.match(self.doc_id):
            raise ValueError(f"doc_id {self.doc_id!r} is not lower-case words joined by '-'")
        if self.id != unit_id(self.doc_id, self.index):
            raise ValueError(f"id {self.id!r} should be {unit_id(self.doc_id, self.index)!r}")
        if self.end <= self.start:
            raise ValueError("unit end must be greater than start")
        return self


class Record(Unit):
    """A fully labelled unit (an annotation pass, the gold, or a release row).

    Each label field's `title` and `description` are its heading wherever labels are shown
    (Label Studio, the card, the explorer); `LABEL_FIELD_SPECS` reads them from here."""

    commitment_type: CommitmentType = Field(
        title="Commitment type", description="the most specific commitment in the unit wins"
    )
    commitment_strength: CommitmentStrength = Field(
        title="Commitment strength", description="of the commitment that decided the type"
    )
    primary_domain: Domain = Field(title="Primary policy domain", description="a CAP major topic")
    domains: list[Domain] = Field(
        title="All policy domains", description="must include the primary one; none for none"
    )
    geo_scope: GeoScope = Field(
        title="Geographic scope", description="beyond > locality > district"
    )
    places: list[Place] = Field(title="Places", description="named geographic entities")
    numeric_targets: list[NumericTarget] = Field(
        title="Numeric targets", description="quantities the government commits to"
    )
    split: Split | None = None
    fold: int | None = Field(default=None, ge=0, le=4)

    @model_validator(mode="after")
    def _labels_consistent(self) -> Record:
        for span in (*self.numeric_targets, *self.places):
            if span.end > len(self.text) or self.text[span.start : span.end] != span.text:
                raise ValueError(
                    f"span {span.text!r} [{span.start}, {span.end}) does not match the unit text"
                )
        has_targets = bool(self.numeric_targets)
        if has_targets != (self.commitment_type == "quantified_target"):
            raise ValueError(
                "commitment_type is quantified_target if and only if numeric_targets is non-empty"
            )
        if len(set(self.domains)) != len(self.domains):
            raise ValueError("domains holds a duplicate")
        if "none" in self.domains:
            raise ValueError("'none' is not a member of domains; use an empty list")
        if self.primary_domain == "none":
            if self.domains:
                raise ValueError("domains must be empty when primary_domain is 'none'")
        elif self.primary_domain not in self.domains:
            raise ValueError(f"primary_domain {self.primary_domain!r} is not in domains")
        _check_no_duplicate_spans(self.numeric_targets, "numeric_targets")
        _check_no_duplicate_spans(self.places, "places")
        return self


def _check_no_duplicate_spans(spans: list[Span], field: str) -> None:
    seen = [(s.start, s.end) for s in spans]
    if len(seen) != len(set(seen)):
        raise ValueError(f"{field} holds the same span twice")


# --- target→outcome links (codebook §14): stand-off, between two State Council reports -----

Indicator = Literal[
    "gdp_growth",
    "gnp_growth",
    "national_income_growth",
    "gross_output_growth",
    "industrial_output_growth",
    "agricultural_output_growth",
    "cpi",
    "retail_price",
    "urban_new_jobs",
    "reemployment",
    "unemployment_registered",
    "unemployment_surveyed",
    "grain_output",
    "cotton_output",
    "steel_output",
    "coal_output",
    "energy_intensity",
    "emission_reduction",
    "population_growth",
    "fixed_investment",
    "retail_sales",
    "foreign_trade",
    "m2_growth",
    "fiscal_deficit",
    "other",
]
Relation = Literal["met", "not_met", "exceeded", "not_reported"]
Direction = Literal["up", "down"]

INDICATORS: tuple[str, ...] = get_args(Indicator)
RELATIONS: tuple[str, ...] = get_args(Relation)
INDICATOR_DIRECTIONS: dict[str, Direction] = {
    key: "down"
    if key
    in {
        "cpi",
        "retail_price",
        "unemployment_registered",
        "unemployment_surveyed",
        "population_growth",
        "fiscal_deficit",
    }
    else "up"
    for key in INDICATORS
}
"""R3: "up" when more is better, "down" for a ceiling (codebook §14.4)."""
SHA256_PATTERN = r"^[0-9a-f]{64}$"


class SpanRef(_Strict):
    """A span of a unit's text named by stand-off: unit id, offsets and the SHA-256 of the
    span text, so the figure can be found and checked in a copy of the report the user has."""

    unit_id: str
    start: int = Field(ge=0)
    end: int = Field(gt=0)
    sha256: str = Field(pattern=SHA256_PATTERN, description="SHA-256 of the span text (UTF-8).")

    @property
    def doc_id(self) -> str:
        return UNIT_ID_PATTERN.match(self.unit_id)["doc"]

    @property
    def id(self) -> str:
        """`<doc_id>@<start>-<end>`: the span named by its document offsets."""
        return f"{self.doc_id}@{self.start}-{self.end}"

    @model_validator(mode="after")
    def _ordered(self) -> SpanRef:
        if not UNIT_ID_PATTERN.match(self.unit_id):
            raise ValueError(f"unit_id {self.unit_id!r} is not <doc_id>-<4 digits>")
        if self.end <= self.start:
            raise ValueError(f"span end {self.end} must be greater than start {self.start}")
        return self


class LinkTarget(SpanRef):
    """A headline target of a report (L2–L4): its figure as §4 records a numeric target."""

    indicator: Indicator
    value: float
    value_max: float | None = None
    unit: str
    comparator: Comparator
    plan_year: int = Field(ge=1949, le=2100)

    @model_validator(mode="after")
    def _consistent(self) -> LinkTarget:
        _check_figure(self.unit, self.comparator, self.value_max)
        return self


class Outcome(SpanRef):
    """The achieved figure that the next report's review gives for a target (L5–L8)."""

    value: float
    unit: str
    period: str = Field(min_length=1, description="The year or period the figure is for.")

    @model_validator(mode="after")
    def _canonical_unit(self) -> Outcome:
        _check_unit(self.unit)
        return self


class Link(_Strict):
    """One row of the link table: a headline target, its outcome (or none) and the relation."""

    target: LinkTarget
    outcome: Outcome | None
    relation: Relation
    note: str = ""

    @model_validator(mode="after")
    def _outcome_iff_reported(self) -> Link:
        if (self.outcome is None) != (self.relation == "not_reported"):
            raise ValueError(
                "a link has an outcome if and only if its relation is not not_reported"
            )
        if self.outcome is not None and self.outcome.doc_id == self.target.doc_id:
            raise ValueError("the outcome must be in the next report, not in the target's")
        return self


# --- the field registry: what every other module reads instead of naming fields ---------

RELEASE_FIELDS: tuple[str, ...] = ("split", "fold")
"""Set by the release builder, never by annotators."""
NO_LABEL = "none"
"""The single-label value that a multi-label field writes as an empty list."""

FieldKind = Literal["single", "multi", "spans"]


@dataclass(frozen=True)
class LabelField:
    """One label field of `Record`: its name, heading and label set."""

    name: str
    title: str
    description: str
    kind: FieldKind
    labels: tuple[str, ...]
    """The label set of a single- or multi-label field (a multi-label field never holds
    NO_LABEL); empty for a span field."""

    @property
    def heading(self) -> str:
        return f"{self.title} ({self.description})"


def _label_field(name: str, info: FieldInfo) -> LabelField:
    annotation = info.annotation
    if get_origin(annotation) is Literal:
        kind, labels = "single", get_args(annotation)
    else:
        (member,) = get_args(annotation)
        if get_origin(member) is Literal:
            kind, labels = "multi", tuple(x for x in get_args(member) if x != NO_LABEL)
        else:
            kind, labels = "spans", ()
    return LabelField(name, info.title or name, info.description or "", kind, labels)


UNIT_FIELDS: tuple[str, ...] = tuple(Unit.model_fields)
LABEL_FIELD_SPECS: dict[str, LabelField] = {
    name: _label_field(name, info)
    for name, info in Record.model_fields.items()
    if name not in Unit.model_fields and name not in RELEASE_FIELDS
}
LABEL_FIELDS: tuple[str, ...] = tuple(LABEL_FIELD_SPECS)
SINGLE_LABEL_FIELDS: tuple[str, ...] = tuple(
    name for name, spec in LABEL_FIELD_SPECS.items() if spec.kind == "single"
)
"""commitment_type, commitment_strength, primary_domain, geo_scope: one label per unit."""
SPAN_LABELS: dict[str, dict[str, tuple[str, ...]]] = {
    "numeric_targets": {"unit": UNITS, "comparator": COMPARATORS, "kind": TARGET_KINDS},
    "places": {"type": PLACE_TYPES},
}
"""The labelled attributes of each span field, with their label sets."""


def label_set(field: str) -> tuple[str, ...]:
    """The labels a single- or multi-label field may hold."""
    return LABEL_FIELD_SPECS[field].labels
