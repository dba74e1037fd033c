"""The one error type for bad user input."""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path


class InputError(Exception):
    """Bad user input: reported as one line, never as a traceback."""
