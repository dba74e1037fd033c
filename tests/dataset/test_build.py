from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotation import paths as annotation_paths
from dataset.errors import InputError
from dataset.release.build import build, load_gold
from dataset.release.lint import lint_paths
from dataset.release.splits import assign_splits


def test_build_is_deterministic(toy_root: Path, tmp_path: Path):
    first = build(
        annotation_paths.gold_dir(toy_root), toy_root, version="0.0.1", out_root=tmp_path / "a"
    )
    second = build(
        annotation_paths.gold_dir(toy_root), toy_root, version="0.0.1", out_root=tmp_path / "b"
    )
    assert first.files == second.files
    for name in first.files:
        assert (first.folder / name).read_bytes() == (second.folder / name).read_bytes()


def test_build_output_passes_validation(toy_root: Path):
    result = build(annotation_paths.gold_dir(toy_root), toy_root, version="0.0.1")
    problems = lint_paths([result.folder], toy_root)
    assert [str(p) for p in problems if "skewed" not in p.message] == []
    rows = [json.loads(line) for line in (result.folder / "train.jsonl").read_text().splitlines()]
    assert all(row["fold"] in range(5) for row in rows)


def test_frozen_release_refuses_a_changed_gold(toy_root: Path):
    build(annotation_paths.gold_dir(toy_root), toy_root, version="0.0.1", freeze=True)
    gold = toy_root / "annotation" / "gold" / "toy-2030.jsonl"
    gold.write_text(gold.read_text().replace('"unmarked"', '"binding"', 1))
    with pytest.raises(InputError, match="frozen"):
        build(annotation_paths.gold_dir(toy_root), toy_root, version="0.0.1")
    build(
        annotation_paths.gold_dir(toy_root), toy_root, version="0.0.2"
    )  # a new version builds fine


def test_tampered_release_file_fails_its_checksum(toy_root: Path):
    result = build(annotation_paths.gold_dir(toy_root), toy_root, version="0.0.1")
    test_file = result.folder / "test.jsonl"
    test_file.write_bytes(test_file.read_bytes() + b"\n")
    messages = [p.message for p in lint_paths([result.folder], toy_root)]
    assert "test.jsonl does not match its sum" in messages


def test_splits_keep_documents_whole_and_fold_only_train():
    units = [("a", p) for p in range(12) for _ in range(3)] + [("b", 0), ("b", 1), ("c", 0)]
    assignment = assign_splits(units, {"a": "train", "b": "test", "c": "dev"})
    assert {assignment[("b", p)] for p in (0, 1)} == {("test", None)}
    assert assignment[("c", 0)] == ("dev", None)
    folds = {assignment[("a", p)][1] for p in range(12)}
    assert folds == {0, 1, 2, 3, 4}
    assert all(assignment[("a", p)][0] == "train" for p in range(12))


def test_a_document_without_a_recorded_split_is_refused():
    with pytest.raises(InputError, match="no split recorded for new-doc"):
        assign_splits([("old", 0), ("new-doc", 0)], {"old": "train"})


def test_bad_gold_line_is_reported_with_file_and_line(toy_root: Path):
    gold = toy_root / "annotation" / "gold" / "toy-2030.jsonl"
    lines = gold.read_text().splitlines()
    lines[1] = lines[1].replace('"district"', '"planet"')
    gold.write_text("\n".join(lines) + "\n")
    with pytest.raises(InputError, match=r"toy-2030.jsonl:2: geo_scope"):
        load_gold(annotation_paths.gold_dir(toy_root))


def test_validate_reports_each_problem_with_its_line(toy_root: Path, tmp_path: Path):
    gold = toy_root / "annotation" / "gold" / "toy-2030.jsonl"
    lines = gold.read_text().splitlines()
    row = json.loads(lines[2])
    row["text"] = row["text"][:-1] + "X"
    lines[2] = json.dumps(row, ensure_ascii=False)
    lines.append(lines[0])
    lines.append("{not json")
    bad = tmp_path / "bad.jsonl"
    bad.write_text("\n".join(lines) + "\n")
    problems = [str(p) for p in lint_paths([bad], toy_root)]
    assert any(":3: text does not match" in p for p in problems)
    assert any("not valid JSON" in p for p in problems)
