"""Gazetteers per level of government, derived from registry data (see `generate`):

- `cn-divisions.json`: province-, prefecture- and county-level divisions of China with
  GB/T 2260 codes, parent codes and short aliases;
- `countries.json`: ISO 3166-1 countries with Chinese names;
- `regions.json`: named multi-jurisdiction regions (京津冀, 成渝地区双城经济圈, 东南亚 …) and
  major natural features (长江, 秦岭, 渤海 …), hand-made, each with the province-level codes
  it spans or touches (`members`) or `"foreign": true`.

`dataset/gazetteer.json` keeps the seed district's detail (towns, zones, sites). Entries
follow its format (`name`, `type`, `aliases`) plus `code`, `parent`, `members`.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from dataset.errors import InputError
from dataset.records.jsonl import read_json

GAZETTEERS_DIR = Path(__file__).resolve().parent
NATIONAL_CODE = "100000"
FILES = {"divisions": "cn-divisions.json", "countries": "countries.json", "regions": "regions.json"}


@lru_cache(maxsize=8)
def load_layer(name: str, directory: Path = GAZETTEERS_DIR) -> tuple[dict[str, Any], ...]:
    """The entries of one committed gazetteer ("divisions", "countries", "regions")."""
    path = directory / FILES[name]
    data = read_json(path)
    if not isinstance(data, dict) or not isinstance(data.get("entries"), list):
        raise InputError(f'{path}: expected an object with an "entries" list')
    return tuple(data["entries"])


def contains(outer: str, inner: str) -> bool:
    """Division `inner` lies in division `outer` (or is it), by GB/T 2260 code: 510104 is in
    510100 and in 510000; every division is in 100000, the whole country."""
    if outer == NATIONAL_CODE:
        return True
    prefix = outer.rstrip("0")
    if len(prefix) % 2:
        prefix += "0"
    return inner.startswith(prefix)


def division_level(code: str) -> str:
    """ "national", "provincial", "prefecture" or "district" from a six-digit code."""
    if code == NATIONAL_CODE:
        return "national"
    if code.endswith("0000"):
        return "provincial"
    return "prefecture" if code.endswith("00") else "district"
