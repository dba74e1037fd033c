"""Bad input, round two: each reproduction of the bad-input sweep ends in a one-line
error and exit 2 (1 for validate's findings), with every file that existed before
byte-identical afterwards."""

from __future__ import annotations

import json
import os
import shutil
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from annotation import paths as annotation_paths
from dataset.errors import InputError
from dataset.paths import release_dir
from dataset.release.build import build
from dataset.release.lint import lint_paths
from dataset.release.load import load_split
from gwrcommit.cli import main
from tests.factories import SEED, toy_pass, write_rows

DEEP = "[" * 100_000 + "]" * 100_000
HUGE = "1" + "0" * 400


def snapshot(folder: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def run_cli(capsys, *argv: str) -> tuple[int, str]:
    code = main([str(a) for a in argv])
    return code, capsys.readouterr().err


def assert_one_line_error(code: int, err: str, expected: str, exit_code: int = 2) -> None:
    assert code == exit_code, err
    assert err.count("\n") == 1 and "Traceback" not in err, err
    assert expected in err, err


@pytest.fixture()
def work(tmp_path: Path) -> Path:
    shutil.copy(SEED, tmp_path / "r.txt")
    write_rows(tmp_path / "a.jsonl", toy_pass())
    write_rows(tmp_path / "b.jsonl", toy_pass())
    (tmp_path / "deep.jsonl").write_text(DEEP + "\n", encoding="utf-8")
    (tmp_path / "deep.json").write_text(DEEP, encoding="utf-8")
    (tmp_path / "afile").write_text("a file, not a folder\n", encoding="utf-8")
    return tmp_path


def huge_prediction(path: Path) -> Path:
    """A prediction row for the first test unit of release 1.0.0 (there without any corpus
    text) whose target value has 401 digits."""
    unit = load_split("test", "1.0.0")[0]
    text = unit["text"]
    row = {
        "id": unit["id"],
        "numeric_targets": [
            {
                "start": 0,
                "end": 1,
                "text": text[0],
                "value": "HUGE",
                "unit": "个",
                "comparator": "=",
                "kind": "level",
            }
        ],
    }
    path.write_text(json.dumps(row).replace('"HUGE"', HUGE) + "\n", encoding="utf-8")
    return path


CASES = [
    # (1) nesting too deep
    (
        "deep predictions, score",
        ["score", "--pred", "deep.jsonl", "--version", "1.0.0"],
        "nested too deeply",
    ),
    (
        "deep predictions, compare",
        ["compare", "--pred", "deep.jsonl", "--pred", "a.jsonl", "--version", "1.0.0"],
        "nested too deeply",
    ),
    ("deep export, ls import", ["ls", "import", "deep.json", "-o", "passes"], "nested too deeply"),
    (
        "deep gazetteer",
        ["preannotate", "r.txt", "--gazetteer", "deep.json", "-o", "p.jsonl"],
        "nested too deeply",
    ),
    # (4) a command's output is its own input: same path, symlink, ../
    (
        "segment onto its input",
        ["segment", "r.txt", "--doc-id", "x", "-o", "r.txt"],
        "is also an input",
    ),
    ("preannotate onto its input", ["preannotate", "r.txt", "-o", "r.txt"], "is also an input"),
    (
        "preannotate onto its input via ..",
        ["preannotate", "r.txt", "-o", "sub/../r.txt"],
        "is also an input",
    ),
    (
        "preannotate onto its input via a symlink",
        ["preannotate", "r.txt", "-o", "link.txt"],
        "is also an input",
    ),
    (
        "agreement onto an input",
        ["agreement", "a.jsonl", "b.jsonl", "--out", "a.jsonl"],
        "is also an input",
    ),
    ("ls export onto its input", ["ls", "export", "a.jsonl", "-o", "a.jsonl"], "is also an input"),
    (
        "export onto a frozen release file",
        ["export", "--split", "all", "--version", "1.0.0", "-o", "RELEASE_TEST"],
        "is also an input",
    ),
    # (5) a line break in a document id
    (
        "doc id with a line break, segment",
        ["segment", "r.txt", "--doc-id", "abc\n", "-o", "u.jsonl"],
        "--doc-id 'abc\\n'",
    ),
    (
        "doc id with a line break, preannotate",
        ["preannotate", "r.txt", "--doc-id", "abc\n", "-o", "u.jsonl"],
        "--doc-id 'abc\\n'",
    ),
    # (6) NUL bytes
    ("NUL in a report", ["segment", "nul.txt", "--doc-id", "x", "-o", "u.jsonl"], "NUL character"),
    # (10), (13) an output under a regular file: nothing written, a clear message
    (
        "adjudicate merge, log first",
        [
            "adjudicate",
            "merge",
            "a.jsonl",
            "b.jsonl",
            "a.jsonl",
            "-o",
            "afile/gold.jsonl",
            "--log",
            "log.jsonl",
        ],
        "afile is a file, not a folder",
    ),
    (
        "agreement, json first",
        ["agreement", "a.jsonl", "b.jsonl", "--out", "r.json", "--md", "afile/r.md"],
        "afile is a file, not a folder",
    ),
    (
        "segment under a file",
        ["segment", "r.txt", "--doc-id", "x", "-o", "afile/u.jsonl"],
        "afile is a file, not a folder",
    ),
    # an existing output is kept without --force
    (
        "segment onto an existing file",
        ["segment", "r.txt", "--doc-id", "x", "-o", "b.jsonl"],
        "already exists; pass --force",
    ),
]


@pytest.mark.parametrize(("argv", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_input_is_one_line_and_touches_nothing(work, monkeypatch, capsys, argv, expected):
    monkeypatch.chdir(work)
    (work / "sub").mkdir()
    (work / "link.txt").symlink_to(work / "r.txt")
    (work / "nul.txt").write_bytes("推进建设。\x00".encode())
    # a frozen release file that is here with or without the corpus texts
    release_test = release_dir() / "v1.0.0" / "test.jsonl"
    argv = [str(release_test) if a == "RELEASE_TEST" else a for a in argv]
    before, frozen = snapshot(work), release_test.read_bytes()
    code, err = run_cli(capsys, *argv)
    assert_one_line_error(code, err, expected)
    assert snapshot(work) == before
    assert release_test.read_bytes() == frozen


def test_a_401_digit_number_is_refused(tmp_path: Path, capsys):
    path = huge_prediction(tmp_path / "p.jsonl")
    code, err = run_cli(capsys, "score", "--pred", path, "--version", "1.0.0")
    assert_one_line_error(code, err, "number too large")


def test_validate_reports_a_deep_file_as_a_finding(work, capsys):
    code = main(["validate", str(work / "deep.jsonl")])
    captured = capsys.readouterr()
    assert code == 1 and "nested too deeply" in captured.out + captured.err


# ----------------------------------------------------------------- the release


@pytest.fixture()
def frozen_toy(toy_root: Path) -> tuple[Path, Path]:
    gold = annotation_paths.gold_dir(toy_root)
    result = build(gold, toy_root, version="0.0.1", freeze=True)
    return toy_root, result.folder


def test_truncated_releases_file_is_one_line(frozen_toy):
    root, _ = frozen_toy
    releases = root / "dataset" / "releases.json"
    releases.write_text(releases.read_text(encoding="utf-8")[:40], encoding="utf-8")
    with pytest.raises(InputError, match=r"releases\.json: not valid JSON"):
        build(annotation_paths.gold_dir(root), root, version="0.0.1")


def _flip_a_label_and_resum(folder: Path) -> None:
    path = folder / "test.jsonl"
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    rows[0]["commitment_strength"] = (
        "binding" if rows[0]["commitment_strength"] != "binding" else "striving"
    )
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    sums = subprocess.run(
        ["sha256sum", "test.jsonl", "train.jsonl"], cwd=folder, capture_output=True, text=True
    ).stdout
    (folder / "SHA256SUMS").write_text(sums, encoding="utf-8")


def test_a_tampered_release_fails_validate_and_is_not_scored(frozen_toy):
    root, folder = frozen_toy
    _flip_a_label_and_resum(folder)
    problems = [str(p) for p in lint_paths([folder], root, annotation_paths.gold_dir(root))]
    assert any("frozen for v0.0.1" in p for p in problems), problems
    assert any("differs from what" in p for p in problems), problems
    with pytest.raises(InputError, match="does not match its SHA-256"):
        load_split("test", "0.0.1", root)


def test_a_tampered_unfrozen_release_is_caught_by_its_rebuild(toy_root: Path):
    folder = build(annotation_paths.gold_dir(toy_root), toy_root, version="0.0.1").folder
    _flip_a_label_and_resum(folder)
    problems = [str(p) for p in lint_paths([folder], toy_root, annotation_paths.gold_dir(toy_root))]
    assert any("differs from what" in p for p in problems), problems


def test_a_split_file_without_a_sum_is_a_problem(frozen_toy):
    root, folder = frozen_toy
    sums = folder / "SHA256SUMS"
    kept = [line for line in sums.read_text().splitlines() if not line.endswith("test.jsonl")]
    sums.write_text("\n".join(kept) + "\n")
    problems = [str(p) for p in lint_paths([folder], root)]
    assert any("test.jsonl has no sum" in p for p in problems), problems


def test_a_malformed_sums_file_is_reported_and_the_lint_goes_on(frozen_toy):
    root, folder = frozen_toy
    (folder / "SHA256SUMS").write_text("hello world\n")
    problems = [str(p) for p in lint_paths([folder], root)]
    assert any("SHA256SUMS:1: malformed line" in p for p in problems), problems
    assert any("train.jsonl has no sum" in p for p in problems), problems
    assert not any("Is a directory" in p for p in problems)


# ----------------------------------------------------------------- signals, secrets, modes


def test_sigterm_during_preannotate_leaves_no_temporary_file(tmp_path: Path):
    reports = tmp_path / "reports"
    reports.mkdir()
    for i in range(150):
        shutil.copy(SEED, reports / f"r{i:03d}.txt")
    out = tmp_path / "out" / "pre.jsonl"
    out.parent.mkdir()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gwrcommit.cli",
            "preannotate",
            str(reports),
            "-o",
            str(out),
            "--no-progress",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 60
    while not list(out.parent.glob(".pre.jsonl.*")) and process.poll() is None:
        if time.monotonic() > deadline:
            process.kill()
            pytest.fail("preannotate never started writing")
        time.sleep(0.005)
    if process.poll() is not None:
        pytest.skip("preannotate finished before it could be signalled")
    process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 143, err
    assert "terminated" in err and "Traceback" not in err
    assert list(out.parent.iterdir()) == []


@pytest.mark.parametrize("key", ["SECRETKEY\r", "SECRETKEY\n"])
def test_an_api_key_with_a_line_end_is_never_printed(monkeypatch, capsys, tmp_path, key):
    monkeypatch.setenv("LABEL_STUDIO_URL", "http://127.0.0.1:9")
    monkeypatch.setenv("LABEL_STUDIO_API_KEY", key)
    code = main(["ls", "pull", "-o", str(tmp_path / "passes"), "--timeout", "1"])
    captured = capsys.readouterr()
    assert code == 2
    assert "SECRETKEY" not in captured.err + captured.out


def test_an_api_key_with_a_control_character_is_refused_without_echo(monkeypatch, capsys, tmp_path):
    monkeypatch.setenv("LABEL_STUDIO_URL", "http://127.0.0.1:9")
    monkeypatch.setenv("LABEL_STUDIO_API_KEY", "SECRET\x07KEY")
    code = main(["ls", "pull", "-o", str(tmp_path / "passes")])
    err = capsys.readouterr().err
    assert_one_line_error(code, err, "control or a non-ASCII character")
    assert "SECRET" not in err


def test_outputs_respect_the_umask(tmp_path: Path, capsys):
    old = os.umask(0o022)
    try:
        out = tmp_path / "u.jsonl"
        assert main(["segment", str(SEED), "--doc-id", "x", "-o", str(out)]) == 0
        assert stat.S_IMODE(out.stat().st_mode) == 0o644
        assert main(["segment", str(SEED), "--doc-id", "x", "-o", str(out), "--force"]) == 0
        assert stat.S_IMODE(out.stat().st_mode) == 0o644
    finally:
        os.umask(old)


def test_bench_refuses_an_existing_output_before_measuring(tmp_path: Path, capsys):
    out = tmp_path / "bench.json"
    out.write_text("saved earlier\n")
    code, err = run_cli(capsys, "bench", "--out", out, "--copies", "1", "--repeat", "1")
    assert_one_line_error(code, err, "already exists; pass --force")
    assert out.read_text() == "saved earlier\n"
