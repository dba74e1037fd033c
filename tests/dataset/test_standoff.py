"""Stand-off records: no report text in the committed form, and re-attaching gives the
original record back; every mismatch is a one-line error. Made-up text only."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotation.segment import segment
from dataset.corpus.standoff import (
    attach_file,
    attach_rows,
    attach_text,
    log_row_standoff,
    quotes_as_offsets,
    to_standoff,
    unit_sha256,
)
from dataset.errors import InputError
from dataset.schema import Record
from tests.factories import PLAIN_LABELS, place_span, target_span

REPORT = "一、今年的主要任务\n确保新建城市公园12个,推进示范区建设。\n加强与邻省的合作交流。\n"


@pytest.fixture()
def units():
    return {unit.id: unit for unit in segment(REPORT, "made-up-2030").units}


def labelled_record(unit) -> Record:
    text = unit.text
    labels = dict(PLAIN_LABELS)
    if "12个" in text:
        labels |= {
            "commitment_type": "quantified_target",
            "commitment_strength": "binding",
            "numeric_targets": [target_span(text, "12个", "城市公园", 12, "个", kind="increment")],
            "places": [place_span(text, "示范区", "zone")],
        }
    return Record.model_validate(unit.model_dump(mode="json") | labels)


def test_the_committed_form_holds_no_text_and_attaches_back(units):
    for unit in units.values():
        record = labelled_record(unit)
        row = to_standoff(record)
        dumped = json.dumps(row, ensure_ascii=False)
        assert "text" not in row and "section" not in row
        assert unit.text[:4] not in dumped
        assert row["text_sha256"] == unit_sha256(unit.text)
        assert all("text" not in span for span in row["numeric_targets"] + row["places"])
        assert attach_text(row, unit) == record


def test_a_changed_offset_or_text_is_refused(units):
    unit = next(u for u in units.values() if "12个" in u.text)
    row = to_standoff(labelled_record(unit))
    with pytest.raises(InputError, match="re-segmented"):
        attach_text(row | {"start": row["start"] + 1}, unit)
    with pytest.raises(InputError, match="text_sha256"):
        attach_text(row | {"text_sha256": "0" * 64}, unit)
    bad_span = dict(row["numeric_targets"][0], end=999)
    with pytest.raises(InputError, match="out of range"):
        attach_text(row | {"numeric_targets": [bad_span]}, unit)


def test_attach_file_names_the_line(units, tmp_path: Path):
    rows = [to_standoff(labelled_record(u)) for u in units.values()]
    rows[1]["id"] = "made-up-2030-0099"
    path = tmp_path / "pass.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows))
    with pytest.raises(InputError, match=r"pass\.jsonl:2: unknown unit id"):
        attach_file(path, units)


def test_an_adjudication_log_row_loses_its_texts():
    row = {
        "id": "made-up-2030-0001",
        "field": "places",
        "text": "推进示范区建设。",
        "a": [{"start": 2, "end": 5, "text": "示范区", "type": "zone", "name": None}],
        "b": [],
        "decision": "a",
        "reason": "P5",
        "gold": [{"start": 2, "end": 5, "text": "示范区", "type": "zone", "name": None}],
    }
    stripped = log_row_standoff(row)
    assert "示范区" not in json.dumps(stripped, ensure_ascii=False)
    assert stripped["a"] == [{"start": 2, "end": 5, "type": "zone", "name": None}]
    assert stripped["decision"] == "a" and stripped["reason"] == "P5" and stripped["b"] == []


def test_an_indicator_from_the_text_is_stored_as_offsets(units):
    unit = next(u for u in units.values() if "12个" in u.text)
    record = labelled_record(unit)
    row = to_standoff(record)
    (target,) = row["numeric_targets"]
    assert "indicator" not in target
    assert unit.text[target["indicator_start"] : target["indicator_end"]] == "城市公园"
    assert attach_text(row, unit) == record


def test_an_indicator_in_other_words_stays_a_string(units):
    unit = next(u for u in units.values() if "12个" in u.text)
    record = labelled_record(unit)
    reworded = record.model_copy(
        update={
            "numeric_targets": [
                record.numeric_targets[0].model_copy(update={"indicator": "公园数"})
            ]
        }
    )
    row = to_standoff(reworded)
    assert row["numeric_targets"][0]["indicator"] == "公园数"
    assert attach_text(row, unit) == reworded


def test_whole_documents_attach_from_their_text_alone(units):
    records = [labelled_record(u) for u in units.values()]
    rows = [to_standoff(r) for r in reversed(records)]  # any order in the file
    assert attach_rows(rows, {"made-up-2030": REPORT}) == records
    with pytest.raises(InputError, match="not attached"):
        attach_rows(rows, {})
    with pytest.raises(InputError, match="text_sha256"):
        attach_rows(rows, {"made-up-2030": REPORT.replace("公园", "绿地")})


def test_quotations_of_the_unit_in_a_reason_become_offsets():
    text = "推进城市公园建设,确保新建12个。"
    reason = "SA4: 城市公园建设 is a programme; 确保 here is a marker"
    assert quotes_as_offsets(reason, text) == "SA4: ⟦2:8⟧ is a programme; 确保 here is a marker"
    assert quotes_as_offsets("no quote", text) == "no quote"
