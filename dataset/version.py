"""The dataset version in force: the release that `gwrcommit build` makes and the
scorer and loaders read by default."""

from __future__ import annotations

DATASET_VERSION = "2.1.0"
