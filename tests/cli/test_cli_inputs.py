"""Bad input: one line naming the file, non-zero exit, no traceback, nothing clobbered."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from gwrcommit.cli import main
from tests.factories import SEED


def run_cli(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_segment_writes_every_unit(tmp_path: Path, capsys):
    out = tmp_path / "units.jsonl"
    code, stdout, _ = run_cli(
        capsys, "segment", str(SEED), "--doc-id", "jiangjin-2025-p3", "-o", str(out)
    )
    assert code == 0 and "201 units" in stdout
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert rows[0]["id"] == "jiangjin-2025-p3-0000" and len(rows) == 201


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "the file is empty"),
        (b"  \n\n", "the file is empty"),
        ("江津区推进建设。".encode("gbk"), "cannot decode as utf-8 at byte 0"),
        ("推进建设。".encode() + b"\xff\xfe", "at byte 15"),
    ],
)
def test_bad_report_is_refused_in_one_line(tmp_path: Path, capsys, content, expected):
    report = tmp_path / "report.txt"
    report.write_bytes(content)
    out = tmp_path / "units.jsonl"
    out.write_text("saved earlier\n")
    code, _, err = run_cli(
        capsys, "segment", str(report), "--doc-id", "x", "-o", str(out), "--force"
    )
    assert code == 2
    assert expected in err and str(report) in err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert out.read_text() == "saved earlier\n"
    assert not list(tmp_path.glob(".units.jsonl.*"))


def test_missing_file_and_directory_are_refused(tmp_path: Path, capsys):
    code, _, err = run_cli(
        capsys,
        "segment",
        str(tmp_path / "nope.txt"),
        "--doc-id",
        "x",
        "-o",
        str(tmp_path / "u.jsonl"),
    )
    assert code == 2 and "no such file" in err
    code, _, err = run_cli(
        capsys, "segment", str(tmp_path), "--doc-id", "x", "-o", str(tmp_path / "u.jsonl")
    )
    assert code == 2 and "is a directory" in err
    assert not (tmp_path / "u.jsonl").exists()


def test_gbk_input_with_encoding_flag(tmp_path: Path, capsys):
    report = tmp_path / "gbk.txt"
    report.write_bytes("今年要推进建设。确保完成任务!\r\n".encode("gbk"))
    out = tmp_path / "u.jsonl"
    code, _, _ = run_cli(
        capsys, "segment", str(report), "--doc-id", "toy", "--encoding", "gbk", "-o", str(out)
    )
    assert code == 0
    texts = [json.loads(line)["text"] for line in out.read_text(encoding="utf-8").splitlines()]
    assert texts == ["今年要推进建设。", "确保完成任务!"]


def test_unknown_encoding_and_bad_doc_id(tmp_path: Path, capsys):
    code, _, err = run_cli(
        capsys,
        "segment",
        str(SEED),
        "--doc-id",
        "x",
        "--encoding",
        "klingon",
        "-o",
        str(tmp_path / "u.jsonl"),
    )
    assert code == 2 and "unknown encoding" in err
    code, _, err = run_cli(
        capsys, "segment", str(SEED), "--doc-id", "Bad ID", "-o", str(tmp_path / "u.jsonl")
    )
    assert code == 2 and "--doc-id" in err


def test_output_into_a_directory_is_refused(tmp_path: Path, capsys):
    code, _, err = run_cli(capsys, "segment", str(SEED), "--doc-id", "x", "-o", str(tmp_path))
    assert code == 2 and "is a directory" in err


@pytest.mark.parametrize(
    "command", [["segment", "--doc-id", "x"], ["preannotate"]], ids=lambda c: c[0]
)
def test_console_script_reports_without_traceback(tmp_path: Path, command: list[str]):
    missing, out = str(tmp_path / "missing.txt"), str(tmp_path / "u.jsonl")
    result = subprocess.run(
        [sys.executable, "-m", "gwrcommit.cli", command[0], missing, *command[1:], "-o", out],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert result.stderr.strip().endswith("no such file")
    assert "Traceback" not in result.stderr


def test_validate_exits_non_zero_on_problems(tmp_path: Path, capsys):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x"}\n{oops\n')
    code, out, _ = run_cli(capsys, "validate", str(bad))
    assert code == 1
    assert f"{bad}:1:" in out and f"{bad}:2: not valid JSON" in out


def test_every_command_has_help_with_examples(capsys):
    from gwrcommit.cli import build_parser, command_modules

    parser = build_parser()
    with pytest.raises(SystemExit) as exit_info:
        parser.parse_args(["--help"])
    assert exit_info.value.code == 0
    listing = capsys.readouterr().out
    for module in command_modules():
        assert module.NAME in listing and module.EXAMPLES
        with pytest.raises(SystemExit):
            parser.parse_args([module.NAME, "--help"])
        assert "examples:" in capsys.readouterr().out
