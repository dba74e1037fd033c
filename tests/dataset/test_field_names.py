"""Field-name lint: the single-label field names are written out only where a file needs
that one field by name; everything else reads the field registry of dataset/schema.py
(`SINGLE_LABEL_FIELDS`, `LABEL_FIELD_SPECS`, `label_set`, ...).

ALLOWED lists every file that may name each field, with the reason. The list only
shrinks: the test fails on a file that newly names a field, and on an entry that is no
longer needed (delete it).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dataset.paths import PROJECT_ROOT
from dataset.schema import SINGLE_LABEL_FIELDS

SCANNED_FOLDERS = ("annotation", "baselines", "dataset", "gwrcommit", "tests")
NOT_SCANNED = {
    "dataset/schema.py",  # the registry itself
    "tests/dataset/test_field_names.py",  # this allow-list
}

REFACTORING = "scorer/rules: being refactored"
EXAMPLES = "test data: made-up records, predictions or exports with specific labels"

ALL = "commitment_type commitment_strength primary_domain geo_scope"
ALLOWED: dict[str, tuple[str, str]] = {
    # path: (the fields it may name, why)
    "annotation/agreement.py": (
        "commitment_type",
        "the full confusion matrix is reported for this one field",
    ),
    "annotation/rules/__init__.py": ("geo_scope", REFACTORING),
    "annotation/rules/labels.py": (
        "commitment_type commitment_strength primary_domain",
        REFACTORING,
    ),
    "annotation/rules/pipeline.py": (ALL, REFACTORING),
    "annotation/rules/places.py": ("geo_scope", REFACTORING),
    "annotation/rules/geography.py": ("geo_scope", "the rule that decides this one field"),
    "baselines/base.py": ("primary_domain", "domains follow from the predicted primary domain"),
    "baselines/experiments.py": ("geo_scope", "docstring: the places task's fallback metric"),
    "baselines/tfidf.py": ("primary_domain", "domains follow from the predicted primary domain"),
    "dataset/scoring/evaluation.py": (
        "primary_domain geo_scope",
        "the domain and places evaluators score these fields under their own metric names",
    ),
    "dataset/scoring/tasks.py": (ALL, "each task names the fields it scores (one entry each)"),
    "tests/annotation/test_adjudicate.py": ("commitment_type primary_domain geo_scope", EXAMPLES),
    "tests/annotation/test_agreement_report.py": (ALL, "hand-worked agreement figures per field"),
    "tests/annotation/test_labelstudio_import.py": (ALL, EXAMPLES),
    "tests/annotation/test_labelstudio_tasks.py": ("commitment_type", EXAMPLES),
    "tests/annotation/test_preannotate.py": (
        "commitment_type primary_domain geo_scope",
        "the rules' expected labels for specific sentences",
    ),
    "tests/annotation/test_geography.py": ("geo_scope", "expected scopes of made-up units"),
    "tests/annotation/test_preannotate_whole_report.py": (
        "geo_scope",
        "expected scopes of a made-up report",
    ),
    "tests/annotation/test_structure.py": (
        "commitment_type commitment_strength primary_domain",
        "the codebook's labels for review and target-list units (W5, W11)",
    ),
    "tests/annotation/test_rules_second_round.py": (
        "commitment_type primary_domain geo_scope",
        "the rules' expected labels for made-up provincial sentences",
    ),
    "tests/annotation/test_rules_provincial.py": (
        "commitment_type",
        "calls the rule named after this field on made-up provincial sentences",
    ),
    "tests/annotation/test_preannotate_robustness.py": (
        "commitment_type",
        "the type is quantified_target exactly when there are targets",
    ),
    "tests/annotation/test_preannotate_seed.py": (
        ALL,
        "the rules' expected labels for specific seed units",
    ),
    "tests/baselines/test_baselines.py": ("commitment_type primary_domain geo_scope", EXAMPLES),
    "tests/baselines/test_baselines_experiments.py": (
        "commitment_type",
        "a spy system that predicts this one field",
    ),
    "tests/cli/test_bad_input.py": ("commitment_strength", "flips one label of a gold row"),
    "tests/cli/test_compare.py": (ALL, EXAMPLES),
    "tests/cli/test_scorer_cli.py": (ALL, EXAMPLES),
    "tests/dataset/test_build.py": ("geo_scope", "the error a bad gold line gives names the field"),
    "tests/dataset/test_schema.py": (ALL, "validation cases: specific bad values per field"),
    "tests/dataset/test_scorer_inputs.py": (ALL, EXAMPLES),
    "tests/dataset/test_scorer_metrics.py": (
        "commitment_type primary_domain geo_scope",
        "hand-worked scores per field",
    ),
    "tests/dataset/test_scorer_properties.py": (ALL, EXAMPLES),
    "tests/dataset/test_scorer_tasks.py": ("primary_domain geo_scope", EXAMPLES),
    "tests/dataset/test_standoff.py": ("commitment_type commitment_strength", EXAMPLES),
    "tests/factories.py": (ALL, "shared builders of made-up records with specific labels"),
    "tests/integration/test_explorer_browser.py": (
        "commitment_type",
        "drives the page's commitment-type filter",
    ),
    "tests/integration/test_labelstudio_server.py": ("commitment_strength", EXAMPLES),
}


def _name_pattern(field: str) -> re.Pattern[str]:
    """The field name as a whole identifier (not `geo_scope_macro_f1`, not `GEO_SCOPES`)."""
    return re.compile(rf"(?<![A-Za-z0-9_]){re.escape(field)}(?![A-Za-z0-9_])")


def project_files(root: Path = PROJECT_ROOT) -> dict[str, str]:
    """Path relative to the root -> text, for every .py file of the project's packages."""
    files = {}
    for folder in SCANNED_FOLDERS:
        for path in sorted((root / folder).rglob("*.py")):
            relative = path.relative_to(root)
            if any(part.startswith(".") or part == "__pycache__" for part in relative.parts):
                continue
            if relative.as_posix() not in NOT_SCANNED:
                files[relative.as_posix()] = path.read_text(encoding="utf-8")
    return files


@pytest.fixture(scope="module")
def files() -> dict[str, str]:
    return project_files()


def test_the_allow_list_names_only_single_label_fields_and_gives_reasons():
    for path, (fields, reason) in ALLOWED.items():
        assert set(fields.split()) <= set(SINGLE_LABEL_FIELDS), path
        assert reason.strip() and "\n" not in reason, path
        assert (PROJECT_ROOT / path).is_file(), f"{path}: no such file; delete the entry"


@pytest.mark.parametrize("field", SINGLE_LABEL_FIELDS)
def test_field_name_appears_only_where_allowed(field: str, files: dict[str, str]):
    pattern = _name_pattern(field)
    found = {path for path, text in files.items() if pattern.search(text)}
    allowed = {path for path, (fields, _) in ALLOWED.items() if field in fields.split()}
    new = sorted(found - allowed)
    assert not new, (
        f"{field} is written out in {new}: read dataset.schema's registry "
        f"(SINGLE_LABEL_FIELDS, LABEL_FIELD_SPECS, label_set) instead, or, if the file "
        f"needs this one field by name, add it to ALLOWED with the reason"
    )
    unneeded = sorted(allowed - found)
    assert not unneeded, f"{field} no longer appears in {unneeded}: remove it from ALLOWED"


def test_the_pattern_matches_whole_names_only():
    pattern = _name_pattern("geo_scope")
    assert pattern.search('row["geo_scope"]') and pattern.search("record.geo_scope")
    assert not pattern.search("geo_scope_macro_f1") and not pattern.search("GEO_SCOPES")
