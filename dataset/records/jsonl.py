"""JSON and JSON Lines reading, and atomic writing, shared by every command.

Reading is strict in the same way everywhere: a value nested too deeply, a number that
does not fit a float, NaN or Infinity, or broken JSON is a one-line InputError (or a
bad line for a linter), never a traceback."""

from __future__ import annotations

import contextlib
import json
import math
import os
import secrets
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, TextIO

from dataset.errors import InputError, existing_file


def iter_jsonl(
    path: str | Path, on_bad_line: Callable[[int, str], None] | None = None
) -> Iterator[tuple[int, dict[str, Any]]]:
    """Yield (line number, object) for each non-blank line. A bad line raises InputError,
    or is handed to on_bad_line(line number, reason) so a linter can report them all."""
    path = existing_file(path, "a JSONL file")
    with path.open("rb") as handle:
        for line_no, raw in enumerate(handle, start=1):
            try:
                obj = _parse_line(raw, line_no == 1)
            except ValueError as error:
                if on_bad_line is None:
                    raise InputError(f"{path}:{line_no}: {error}") from None
                on_bad_line(line_no, str(error))
                continue
            if obj is not None:
                yield line_no, obj


def _parse_line(raw: bytes, first: bool) -> dict[str, Any] | None:
    try:
        line = raw.decode("utf-8-sig" if first else "utf-8")
    except UnicodeDecodeError as error:
        raise ValueError(f"not UTF-8 (byte {error.start})") from None
    if not line.strip():
        return None
    obj = parse_json(line)
    if not isinstance(obj, dict):
        raise ValueError("expected a JSON object per line")
    return obj


MAX_INTEGER_DIGITS = 300
"""Longer integers do not fit a float (about 1.8e308); they are refused when read."""


def _parse_int(digits: str) -> int:
    if len(digits.lstrip("-")) > MAX_INTEGER_DIGITS:
        raise ValueError(f"number too large ({len(digits)} digits)")
    return int(digits)


def _parse_float(literal: str) -> float:
    value = float(literal)
    if math.isinf(value):
        raise ValueError(f"number out of range ({literal[:20]})")
    return value


def _refuse_constant(name: str) -> None:
    raise ValueError(f"{name} is not a JSON number")


def parse_json(text: str) -> Any:
    """json.loads for untrusted input; ValueError with a short reason on anything bad."""
    try:
        return json.loads(
            text,
            parse_int=_parse_int,
            parse_float=_parse_float,
            parse_constant=_refuse_constant,
        )
    except json.JSONDecodeError as error:
        raise ValueError(f"not valid JSON ({error.msg} at line {error.lineno})") from None
    except RecursionError:
        raise ValueError("not valid JSON (nested too deeply)") from None


def read_json(path: str | Path, encoding: str = "utf-8") -> Any:
    """A whole JSON file; InputError naming the file on any problem."""
    path = existing_file(path, "a JSON file")
    try:
        return parse_json(path.read_bytes().decode(encoding))
    except UnicodeDecodeError as error:
        raise InputError(f"{path}: not {encoding} (byte {error.start})") from None
    except ValueError as error:
        raise InputError(f"{path}: {error}") from None


def read_jsonl(path: str | Path) -> list[dict[str, Any]]:
    return [obj for _, obj in iter_jsonl(path)]


def dumps(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False)


@contextlib.contextmanager
def atomic_output(path: str | Path) -> Iterator[TextIO]:
    """A text handle on a temporary file next to `path` that replaces `path` only when
    the block ends without an error; otherwise `path` is left as it was."""
    path = Path(path)
    if path.is_dir():
        raise InputError(f"{path}: is a directory, expected a file path")
    path.parent.mkdir(parents=True, exist_ok=True)
    # The name is known before the file exists, so a signal that arrives just after the
    # file is created (before any later statement runs) still finds it to remove.
    tmp = path.parent / f".{path.name}.{secrets.token_hex(8)}.tmp"
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)  # the umask applies
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            yield handle
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_text_atomic(path: str | Path, text: str) -> None:
    """Write text to path so that a failure never leaves a partial or clobbered file."""
    with atomic_output(path) as handle:
        handle.write(text)


def write_jsonl(path: str | Path, objects: Iterable[Any]) -> int:
    lines = [dumps(obj) + "\n" for obj in objects]
    write_text_atomic(path, "".join(lines))
    return len(lines)
