"""The one error type for bad user input."""

from __future__ import annotations


class InputError(Exception):
    """Bad user input: reported as one line, never as a traceback."""
