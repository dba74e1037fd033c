"""The Label Studio config: generated from the schema, committed current, parsed by the SDK."""

from __future__ import annotations

from label_studio_sdk.label_interface import LabelInterface
from lxml import etree

from annotation.labelstudio import config as ls
from annotation.labelstudio.config import REGENERATE, config_path, render_config
from dataset.schema import (
    COMPARATORS,
    DEFINITIONS,
    DOMAINS,
    LABEL_FIELD_SPECS,
    PLACE_TYPES,
    SINGLE_LABEL_FIELDS,
    TARGET_KINDS,
    UNITS,
    label_set,
)
from gwrcommit.cli import main

DOMAIN_DEFINITIONS = next(d for d in DEFINITIONS.values() if set(DOMAINS) <= set(d))
"""The definitions of the policy domains, wherever the schema keeps them."""


def _tree() -> etree._Element:
    return etree.fromstring(render_config().encode("utf-8"))


def _control(name: str) -> etree._Element:
    (element,) = _tree().xpath(f"//*[@name='{name}']")
    return element


def test_committed_config_is_current():
    committed = config_path().read_text(encoding="utf-8")
    assert committed == render_config(), f"regenerate it: {REGENERATE}"
    assert REGENERATE in committed.splitlines()[0]
    assert committed.startswith("<!--")


def test_the_sdk_parses_and_validates_the_config():
    interface = LabelInterface(config_path().read_text(encoding="utf-8"))
    interface.validate()
    names = {control.name for control in interface.controls}
    assert names == {
        ls.SPAN,
        *ls.TARGET_CONTROLS,
        *ls.PLACE_CONTROLS,
        *ls.SINGLE_CHOICE_FIELDS,
        ls.MULTI_CHOICE_FIELD,
    }
    assert interface.get_control(ls.SPAN).labels == [ls.TARGET_LABEL, *PLACE_TYPES]
    for field in SINGLE_LABEL_FIELDS:
        assert interface.get_control(field).labels == list(label_set(field)), field
    assert interface.get_control(ls.UNIT).labels == list(UNITS)
    (text,) = interface.objects
    assert (text.name, text.value) == (ls.TEXT, "$text")


def test_label_sets_come_from_the_schema():
    expected = {
        **{field: label_set(field) for field in SINGLE_LABEL_FIELDS},
        "domains": tuple(d for d in DOMAINS if d != "none"),
        ls.UNIT: UNITS,
        ls.COMPARATOR: COMPARATORS,
        ls.KIND: TARGET_KINDS,
    }
    for name, values in expected.items():
        element = _control(name)
        assert element.tag == "Choices"
        assert tuple(c.get("value") for c in element.findall("Choice")) == values, name


def test_choice_kinds_and_per_region_controls():
    for name in ls.SINGLE_CHOICE_FIELDS:
        assert _control(name).get("choice") == "single"
        assert _control(name).get("required") == "true"
    assert _control("domains").get("choice") == "multiple"
    assert _control(ls.TEXT).get("granularity") == "symbol"
    for name in ls.TARGET_CONTROLS:
        element = _control(name)
        assert element.get("perRegion") == "true"
        assert element.get("whenLabelValue") == ls.TARGET_LABEL
    assert _control(ls.VALUE).tag == _control(ls.VALUE_MAX).tag == "Number"
    assert _control(ls.INDICATOR).tag == "TextArea"
    place_name = _control(ls.PLACE_NAME)
    assert place_name.get("perRegion") == "true"
    assert place_name.get("whenLabelValue").split(",") == list(PLACE_TYPES)


def test_hints_carry_the_schema_definitions():
    for name, key in [
        *((field, field) for field in SINGLE_LABEL_FIELDS),
        (ls.COMPARATOR, "comparator"),
        (ls.KIND, "kind"),
    ]:
        for choice in _control(name).findall("Choice"):
            assert choice.get("hint") == DEFINITIONS[key][choice.get("value")], (name, choice)
    domain_hints = {c.get("value"): c.get("hint") for c in _control("domains").findall("Choice")}
    assert domain_hints == {domain: DOMAIN_DEFINITIONS[domain] for domain in DOMAINS[:-1]}


def test_headings_are_the_registry_headings():
    headers = [h.get("value") for h in _tree().iter("Header") if h.get("size") == "4"]
    choice_fields = [spec for spec in LABEL_FIELD_SPECS.values() if spec.kind != "spans"]
    assert headers[-len(choice_fields) :] == [spec.heading for spec in choice_fields]
    for label in _control(ls.SPAN).findall("Label"):
        if label.get("value") != ls.TARGET_LABEL:
            assert DEFINITIONS["place_type"][label.get("value")] in label.get("hint")


def test_cli_prints_or_writes_the_config(tmp_path, capsys):
    assert main(["ls", "config"]) == 0
    assert capsys.readouterr().out == render_config()
    out = tmp_path / "config.xml"
    assert main(["ls", "config", "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == render_config()
