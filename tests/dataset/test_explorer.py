"""The explorer page renderer and the `gwrcommit explore` command (no browser here;
tests/integration/test_explorer_browser.py drives a real one)."""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path

import pytest

from annotation import paths as annotation_paths
from dataset.publishing import explorer
from dataset.records.jsonl import write_jsonl
from dataset.release.build import build
from dataset.release.load import load_split
from dataset.schema import DEFINITIONS, LABEL_FIELD_SPECS, SCHEMA_VERSION, SINGLE_LABEL_FIELDS
from gwrcommit.cli import main
from tests.factories import made_up_records, place_span, target_span

DATA_ELEMENT = re.compile(
    r'<script type="application/json" id="gwr-data">(?P<json>.*?)</script>', re.DOTALL
)


def target(text: str, surface: str, indicator: str, value: float, unit: str, **extra) -> dict:
    return target_span(text, surface, indicator, value, unit, **extra)


def place(text: str, surface: str, kind: str, name: str | None = None) -> dict:
    return place_span(text, surface, kind, name)


def embedded(page: str) -> dict:
    matches = DATA_ELEMENT.findall(page)
    assert len(matches) == 1
    return json.loads(matches[0])


def render(rows: list[dict]) -> str:
    return explorer.render(rows, "9.9.9", "release v9.9.9")


def test_same_rows_give_the_same_bytes():
    assert render(made_up_records()) == render(made_up_records())


def test_embedded_json_round_trips():
    rows = made_up_records()
    data = embedded(render(rows))
    assert data["rows"] == rows
    assert data["meta"] == {
        "version": "9.9.9",
        "schema_version": SCHEMA_VERSION,
        "source": "release v9.9.9",
    }


def test_text_cannot_close_the_script_element():
    page = render(made_up_records())
    payload = DATA_ELEMENT.search(page).group("json")
    for unsafe in ("<", ">", "&", "\u2028", "\u2029"):
        assert unsafe not in payload
    # Only the template's own two script elements end in the page.
    assert page.count("</script>") == 2
    assert "<img src=x" not in page  # the hostile markup, not the page's own figure
    assert "<b>粗体" not in page


def test_tokens_inside_the_data_are_left_alone():
    data = embedded(render(made_up_records()))
    assert data["rows"][8]["text"].endswith("保持{{data}}与{{title}}格式不变。")


def test_title_is_html_escaped():
    page = explorer.render(made_up_records(), None, "records file <i>x</i>&.jsonl")
    assert (
        "<title>GWRCommit explorer — records file &lt;i&gt;x&lt;/i&gt;&amp;.jsonl</title>" in page
    )


def test_filter_options_come_from_the_schema():
    filters = {f["field"]: f for f in explorer.filter_options()}
    assert list(filters) == ["split", *SINGLE_LABEL_FIELDS]
    for field in SINGLE_LABEL_FIELDS:
        assert filters[field]["title"] == LABEL_FIELD_SPECS[field].title
        options = filters[field]["options"]
        assert [o["value"] for o in options] == list(DEFINITIONS[field])
        assert all(o["help"] == DEFINITIONS[field][o["value"]] for o in options)
    assert [o["value"] for o in filters["split"]["options"]] == ["train", "dev", "test"]
    assert all(o["help"] for o in filters["split"]["options"])


def test_page_needs_no_network():
    page = render(made_up_records())
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", page, re.IGNORECASE)
    assert "@import" not in page and "url(" not in page
    assert "default-src 'none'" in page  # the page's own CSP blocks any request
    assert "innerHTML" not in explorer.load_template()


def test_template_has_each_token_once():
    template = explorer.load_template()
    assert template.count("{{title}}") == 1
    assert template.count("{{data}}") == 1


def test_load_records_reports_the_bad_line(tmp_path: Path):
    rows = made_up_records()
    field = SINGLE_LABEL_FIELDS[-1]
    rows[2] = rows[2] | {field: "planet"}
    path = tmp_path / "bad.jsonl"
    write_jsonl(path, rows)
    with pytest.raises(explorer.InputError, match=rf"bad.jsonl:3: {field}"):
        explorer.load_records(path)


def test_load_records_refuses_a_duplicate_id(tmp_path: Path):
    rows = made_up_records()
    path = tmp_path / "dup.jsonl"
    write_jsonl(path, [*rows, rows[1]])
    with pytest.raises(explorer.InputError, match=r"dup.jsonl:10: duplicate id"):
        explorer.load_records(path)


def test_explore_command_with_records(tmp_path: Path, capsys):
    records = tmp_path / "records.jsonl"
    write_jsonl(records, made_up_records())
    assert main(["explore", "-o", str(tmp_path / "site"), "--records", str(records)]) == 0
    page = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    data = embedded(page)
    assert data["rows"] == made_up_records()
    assert data["meta"]["version"] is None
    assert data["meta"]["source"] == "records file records.jsonl"
    assert "9 units" in capsys.readouterr().out


def test_explore_command_with_a_release(toy_root: Path, tmp_path: Path, monkeypatch):
    build(annotation_paths.gold_dir(toy_root), toy_root, version="0.0.1")
    monkeypatch.setattr(
        "dataset.release.load.load_split", functools.partial(load_split, root=toy_root)
    )
    assert main(["explore", "-o", str(tmp_path / "site"), "--version", "0.0.1"]) == 0
    data = embedded((tmp_path / "site" / "index.html").read_text(encoding="utf-8"))
    assert data["rows"] == load_split("all", "0.0.1", toy_root)
    assert {row["split"] for row in data["rows"]} == {"train", "test"}
    assert data["meta"]["version"] == "0.0.1"


def test_missing_release_is_a_one_line_error(tmp_path: Path, capsys):
    code = main(["explore", "-o", str(tmp_path / "site"), "--version", "0.0.0-missing"])
    assert code == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "no release here" in err
    assert not (tmp_path / "site").exists()


def test_bad_records_keep_an_existing_page(tmp_path: Path, capsys):
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("saved", encoding="utf-8")
    records = tmp_path / "records.jsonl"
    records.write_text('{"id": 1}\n', encoding="utf-8")
    assert main(["explore", "-o", str(site), "--records", str(records), "--force"]) == 2
    assert "records.jsonl:1:" in capsys.readouterr().err
    assert (site / "index.html").read_text(encoding="utf-8") == "saved"


def test_output_that_is_a_file_is_refused(tmp_path: Path, capsys):
    records = tmp_path / "records.jsonl"
    write_jsonl(records, made_up_records())
    blocker = tmp_path / "site"
    blocker.write_text("a file", encoding="utf-8")
    assert main(["explore", "-o", str(blocker), "--records", str(records)]) == 2
    assert "is a file, expected a folder" in capsys.readouterr().err
    assert blocker.read_text(encoding="utf-8") == "a file"


def test_version_and_records_exclude_each_other(tmp_path: Path):
    with pytest.raises(SystemExit) as exit_info:
        main(["explore", "-o", str(tmp_path), "--version", "1.0.0", "--records", "x.jsonl"])
    assert exit_info.value.code == 2


def test_documents_and_levels_are_filters_when_the_rows_hold_several():
    from dataset.publishing.explorer import page_data

    rows = [{"doc_id": "a-1", "split": "train"}, {"doc_id": "b-1", "split": "test"}]
    data = page_data(rows, None, "made up", {"a-1": "national", "b-1": "district"})
    by_field = {f["field"]: f for f in data["filters"]}
    assert [o["value"] for o in by_field["doc_id"]["options"]] == ["a-1", "b-1"]
    assert [o["value"] for o in by_field["level"]["options"]] == ["national", "district"]
    assert [row["level"] for row in data["rows"]] == ["national", "district"]
