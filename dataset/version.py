"""The dataset version in force: the release that `gwrcommit build` makes and the
scorer and loaders read by default."""

from __future__ import annotations

import datetime
import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
import numpy as np
from dataset import paths
from dataset.jsonl import dumps, write_text_atomic
from dataset.records import iter_records
from dataset.schema import LABEL_FIELDS, UNIT_FIELDS, Record
from dataset.source import InputError
from dataset.validate import Problem

DATASET_VERSION = "1.0.0"
