"""Which government issued each document: its GB/T 2260 code (codebook W1).

In order: the code given by the caller (`gwrcommit preannotate --issuer`), the document's
`region_code` in the corpus registry (dataset/corpus/documents.json, by doc id), and the
home district of the gazetteer (the seed's 江津区, 500116); a gazetteer whose home has no
known code is read as it is (no issuer).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from annotation.rules.geography import Issuer, local_code
from dataset.corpus.registry import load_registry, registry_file
from dataset.errors import InputError
from dataset.gazetteer import load_gazetteer
from dataset.gazetteers import NATIONAL_CODE, load_layer


def check_issuer(code: str) -> Issuer:
    """The issuer with this code, or InputError when it is not a division of China."""
    known = code == NATIONAL_CODE or any(e["code"] == code for e in load_layer("divisions"))
    if not known:
        raise InputError(
            f"issuer {code!r}: not a GB/T 2260 division code (100000 for the State Council, "
            "500000 for 重庆市, 500116 for 江津区 …)"
        )
    return Issuer(code)


@lru_cache(maxsize=1)
def registered_issuers() -> dict[str, str]:
    """doc_id → region_code of every document in the corpus registry."""
    if not registry_file().exists():
        return {}
    return {document.doc_id: document.region_code for document in load_registry()}


@lru_cache(maxsize=8)
def home_issuer(gazetteer_path: str | None) -> Issuer | None:
    code = local_code(load_gazetteer(gazetteer_path))
    return Issuer(code) if code else None


def issuers_of(
    units: Sequence[dict[str, Any]], explicit: str | None, gazetteer_path: str | None
) -> list[Issuer | None]:
    """The issuer of each unit's document."""
    if explicit is not None:
        issuer = check_issuer(explicit)
        return [issuer] * len(units)
    registry = registered_issuers()
    home = home_issuer(gazetteer_path)
    return [
        Issuer(registry[unit["doc_id"]]) if unit.get("doc_id") in registry else home
        for unit in units
    ]
