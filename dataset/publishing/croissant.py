"""Croissant (MLCommons) metadata of a release, generated from the schema."""

from __future__ import annotations

import json
from pathlib import Path

from dataset.corpus.standoff import STANDOFF_SUFFIX
from dataset.schema import (
    COMPARATORS,
    LABEL_FIELD_SPECS,
    PLACE_TYPES,
    TARGET_KINDS,
    UNIT_TYPES,
    LabelField,
)

CONTEXT = {
    "@language": "en",
    "@vocab": "https://schema.org/",
    "citeAs": "cr:citeAs",
    "column": "cr:column",
    "conformsTo": "dct:conformsTo",
    "cr": "http://mlcommons.org/croissant/",
    "data": {"@id": "cr:data", "@type": "@json"},
    "dataType": {"@id": "cr:dataType", "@type": "@vocab"},
    "dct": "http://purl.org/dc/terms/",
    "equivalentProperty": "cr:equivalentProperty",
    "examples": {"@id": "cr:examples", "@type": "@json"},
    "extract": "cr:extract",
    "field": "cr:field",
    "fileProperty": "cr:fileProperty",
    "fileObject": "cr:fileObject",
    "fileSet": "cr:fileSet",
    "format": "cr:format",
    "includes": "cr:includes",
    "isLiveDataset": "cr:isLiveDataset",
    "jsonPath": "cr:jsonPath",
    "key": "cr:key",
    "md5": "cr:md5",
    "parentField": "cr:parentField",
    "path": "cr:path",
    "rai": "http://mlcommons.org/croissant/RAI/",
    "recordSet": "cr:recordSet",
    "references": "cr:references",
    "regex": "cr:regex",
    "repeated": "cr:repeated",
    "replace": "cr:replace",
    "samplingRate": "cr:samplingRate",
    "sc": "https://schema.org/",
    "separator": "cr:separator",
    "source": "cr:source",
    "subField": "cr:subField",
    "transform": "cr:transform",
}

UNIT_SCALAR_FIELDS = (
    ("id", "sc:Text", "Stable unit id: <doc_id>-<index, 4 digits>."),
    ("doc_id", "sc:Text", "Document id."),
    ("para", "sc:Integer", "Paragraph number in the document (0-based)."),
    ("index", "sc:Integer", "Unit number in the document (0-based)."),
    ("start", "sc:Integer", "Start offset of the unit in the normalised source."),
    ("end", "sc:Integer", "End offset (exclusive) of the unit in the normalised source."),
    ("unit_type", "sc:Text", "One of: " + ", ".join(UNIT_TYPES)),
    ("section", "sc:Text", "The enclosing numbered heading, if any."),
    ("text", "sc:Text", "The sentence."),
)
RELEASE_SCALAR_FIELDS = (
    ("split", "sc:Text", "train or test."),
    ("fold", "sc:Integer", "Cross-validation fold 0-4 (train only)."),
)
TARGET_SUBFIELDS = (
    ("start", "sc:Integer"),
    ("end", "sc:Integer"),
    ("text", "sc:Text"),
    ("indicator", "sc:Text"),
    ("value", "sc:Float"),
    ("value_max", "sc:Float"),
    ("unit", "sc:Text"),
    ("comparator", "sc:Text"),
    ("kind", "sc:Text"),
)
PLACE_SUBFIELDS = (
    ("start", "sc:Integer"),
    ("end", "sc:Integer"),
    ("text", "sc:Text"),
    ("type", "sc:Text"),
    ("name", "sc:Text"),
)
SPAN_ATTRIBUTES = {
    "numeric_targets": (
        "spans with value, value_max, unit, comparator ("
        + ", ".join(COMPARATORS)
        + "), kind ("
        + ", ".join(TARGET_KINDS)
        + ") and indicator",
        TARGET_SUBFIELDS,
    ),
    "places": (
        "spans with type (" + ", ".join(PLACE_TYPES) + ") and canonical name",
        PLACE_SUBFIELDS,
    ),
}
"""Per span field: what its spans carry, and their sub-fields."""


def _field(record_set: str, file_id: str, name: str, data_type: str, description: str) -> dict:
    return {
        "@type": "cr:Field",
        "@id": f"{record_set}/{name}",
        "name": name,
        "description": description,
        "dataType": data_type,
        "source": {"fileObject": {"@id": file_id}, "extract": {"column": name}},
    }


def _span_field(
    record_set: str,
    file_id: str,
    name: str,
    description: str,
    subfields: tuple[tuple[str, str], ...],
) -> dict:
    parent = f"{record_set}/{name}"
    return {
        "@type": "cr:Field",
        "@id": parent,
        "name": name,
        "description": description,
        "repeated": True,
        "subField": [
            {
                "@type": "cr:Field",
                "@id": f"{parent}/{sub}",
                "name": sub,
                "dataType": data_type,
                "source": {
                    "fileObject": {"@id": file_id},
                    "extract": {"column": name},
                    "transform": {"jsonPath": sub},
                },
            }
            for sub, data_type in subfields
        ],
    }


def _label_field(record_set: str, file_id: str, spec: LabelField) -> dict:
    if spec.kind == "spans":
        attributes, subfields = SPAN_ATTRIBUTES[spec.name]
        description = f"{spec.heading}: {attributes} (a list of objects)."
        return _span_field(record_set, file_id, spec.name, description, subfields)
    if spec.kind == "multi":
        description = f"{spec.heading}. Any of: " + ", ".join(spec.labels)
        return _field(record_set, file_id, spec.name, "sc:Text", description) | {"repeated": True}
    description = f"{spec.heading}. One of: " + ", ".join(spec.labels)
    return _field(record_set, file_id, spec.name, "sc:Text", description)


def _record_set(split: str) -> dict:
    file_id = f"{split}.jsonl"
    fields = [
        *(_field(split, file_id, *spec) for spec in UNIT_SCALAR_FIELDS),
        *(_label_field(split, file_id, spec) for spec in LABEL_FIELD_SPECS.values()),
        *(_field(split, file_id, *spec) for spec in RELEASE_SCALAR_FIELDS),
    ]
    return {
        "@type": "cr:RecordSet",
        "@id": split,
        "name": split,
        "description": f"The {split} split: one record per sentence unit.",
        "key": {"@id": f"{split}/id"},
        "field": fields,
    }


def croissant_metadata(
    version: str, folder_url: str, sums: dict[str, str], card: dict[str, str]
) -> dict:
    """The Croissant JSON-LD of a release. `folder_url` is the release folder relative to
    the metadata file; `sums` maps release file names to their SHA-256."""
    splits = [
        name.removesuffix(".jsonl")
        for name in sorted(sums)
        if name.endswith(".jsonl") and not name.endswith(STANDOFF_SUFFIX)
    ]
    standoff = [name for name in sorted(sums) if name.endswith(STANDOFF_SUFFIX)]
    return {
        "@context": CONTEXT,
        "@type": "sc:Dataset",
        "name": "GWRCommit",
        "conformsTo": "http://mlcommons.org/croissant/1.0",
        "description": card["description"],
        "citeAs": card["cite_as"],
        "license": card["license"],
        "url": card["url"],
        "version": version,
        "datePublished": card["date_published"],
        "inLanguage": "zh",
        "keywords": ["government work report", "commitments", "policy NLP", "Chinese"],
        "distribution": [
            {
                "@type": "cr:FileObject",
                "@id": f"{split}.jsonl",
                "name": f"{split}.jsonl",
                "contentUrl": f"{folder_url}/{split}.jsonl",
                "encodingFormat": "application/jsonlines",
                "sha256": sums[f"{split}.jsonl"],
            }
            for split in splits
        ]
        + [
            {
                "@type": "cr:FileObject",
                "@id": name,
                "name": name,
                "description": "stand-off form of the split: ids, offsets, labels and "
                "text_sha256, no report text (gwrcommit corpus attach re-attaches it)",
                "contentUrl": f"{folder_url}/{name}",
                "encodingFormat": "application/jsonlines",
                "sha256": sums[name],
            }
            for name in standoff
        ],
        "recordSet": [_record_set(split) for split in splits],
    }


def render_croissant(metadata: dict) -> str:
    return json.dumps(metadata, ensure_ascii=False, indent=2) + "\n"


def load_croissant(path: Path):
    """Load and validate with mlcroissant; raises mlcroissant.ValidationError on a problem."""
    import mlcroissant

    return mlcroissant.Dataset(jsonld=str(path))
