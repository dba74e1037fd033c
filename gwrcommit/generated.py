"""Every generated file of the project, and how to bring all of them up to date."""

from __future__ import annotations

from pathlib import Path

from dataset import paths
from dataset.docs import label_tables_markdown, replace_generated_block
from dataset.release import BuildResult, build


def regenerate_all(
    root: Path = paths.PROJECT_ROOT, freeze: bool = False
) -> tuple[BuildResult, list[Path]]:
    """Build the release, then rewrite each generated document that is out of date."""
    result = build(root, freeze=freeze)
    written = [
        path for path, text in generated_documents(root).items() if _write_if_changed(path, text)
    ]
    return result, written


def generated_documents(root: Path = paths.PROJECT_ROOT) -> dict[Path, str]:
    """Path -> the text it must hold. A test checks each is current."""
    documents = {}
    guidelines = root / "annotation" / "guidelines.md"
    if guidelines.exists():
        current = guidelines.read_text(encoding="utf-8")
        documents[guidelines] = replace_generated_block(current, label_tables_markdown())
    return documents


def _write_if_changed(path: Path, text: str) -> bool:
    from dataset.jsonl import write_text_atomic

    if path.exists() and path.read_text(encoding="utf-8") == text:
        return False
    write_text_atomic(path, text)
    return True
