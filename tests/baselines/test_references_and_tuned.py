"""The no-learning references and the tuned feature baseline, on made-up sentences.

Every sentence below is made up for these tests; the place names are invented.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from sklearn.base import clone

from baselines.references import STRENGTH_FIELD, GazetteerTagger, MarkerLexicon
from baselines.tuned import (
    SEARCH_SPACES,
    TunedCueClassifier,
    cue_features,
    fold_indices,
    group_labels,
    settings,
)
from dataset.codebook import CUE_GROUPS
from dataset.schema import SINGLE_LABEL_FIELDS, UNIT_TYPES, label_set
from tests.factories import made_up_rows, train_test

TYPE_FIELD = SINGLE_LABEL_FIELDS[0]


@pytest.fixture(scope="module")
def corpus() -> list[dict]:
    return made_up_rows()


# --- marker lexicon ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("确保新建口袋公园12个。", "binding"),
        ("力争新增就业岗位5000个以上。", "striving"),
        ("力争建成科技馆,确保按期投用。", "binding"),  # binding outranks striving
        ("坚持完善服务体系。", "unmarked"),  # 坚持 is on the codebook's not-markers list
        ("各位代表!", "unmarked"),
    ],
)
def test_marker_lexicon_reads_the_codebook_lists(corpus, text: str, expected: str):
    lexicon = MarkerLexicon().fit(corpus)
    [prediction] = lexicon.predict([{"id": "m-0000", "text": text}])
    assert prediction == {"id": "m-0000", STRENGTH_FIELD: expected}
    assert expected in label_set(STRENGTH_FIELD)


def test_marker_lexicon_ignores_its_training_labels(corpus):
    relabelled = [row | {STRENGTH_FIELD: "binding"} for row in corpus]
    fitted = [MarkerLexicon().fit(corpus, rows).predict(corpus) for rows in (corpus, relabelled)]
    assert fitted[0] == fitted[1]


# --- gazetteer match -----------------------------------------------------------------


@pytest.fixture(scope="module")
def gazetteer(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("gazetteer") / "gazetteer.json"
    entries = [
        {"name": "云溪镇", "type": "township", "aliases": ["云溪"]},
        {"name": "云溪河", "type": "natural", "aliases": []},
        {"name": "北岸新城", "type": "zone", "aliases": []},
    ]
    path.write_text(json.dumps({"entries": entries}, ensure_ascii=False), encoding="utf-8")
    return path


def test_gazetteer_match_is_leftmost_longest_with_canonical_names(corpus, gazetteer):
    tagger = GazetteerTagger(gazetteer_path=str(gazetteer)).fit(corpus)
    text = "整治云溪河,推进云溪和北岸新城建设。"
    [prediction] = tagger.predict([{"id": "g-0000", "text": text}])
    found = [(p["text"], p["type"], p["name"]) for p in prediction["places"]]
    assert found == [
        ("云溪河", "natural", "云溪河"),  # not the alias 云溪 inside it
        ("云溪", "township", "云溪镇"),
        ("北岸新城", "zone", "北岸新城"),
    ]
    assert all(text[p["start"] : p["end"]] == p["text"] for p in prediction["places"])


# --- the tuned feature baseline ------------------------------------------------------


def test_cue_features_flag_codebook_words_numbers_and_unit_type():
    plain = cue_features({"text": "完善服务体系。", "unit_type": "body"})
    marked = cue_features({"text": "确保新建口袋公园12个。", "unit_type": "section_heading"})
    groups = list(CUE_GROUPS)
    assert marked[groups.index("binding_marker")] == 1.0
    assert plain[groups.index("binding_marker")] == 0.0
    assert plain[groups.index("direction_verb")] == 1.0
    has_quantity = len(groups)
    assert (plain[has_quantity], marked[has_quantity]) == (0.0, 1.0)
    unit_types = slice(len(groups) + 3, len(groups) + 3 + len(UNIT_TYPES))
    assert marked[unit_types] == [float(t == "section_heading") for t in UNIT_TYPES]
    assert len(plain) == len(marked)


def test_folds_follow_the_fold_column_else_whole_paragraphs():
    rows = [{"fold": f} for f in (2, 0, 2, 1)]
    assert [list(ix) for ix in fold_indices(group_labels(rows), 5)] == [[1], [3], [0, 2]]
    paragraphs = [{"doc_id": "d", "para": p} for p in (1, 1, 2, 3, 3, 4)]
    folds = fold_indices(group_labels(paragraphs), 2)
    assert len(folds) == 2
    folds_of_paragraph: dict[int, set[int]] = {}
    for number, fold in enumerate(folds):
        for i in fold:
            folds_of_paragraph.setdefault(paragraphs[i]["para"], set()).add(number)
    assert all(len(numbers) == 1 for numbers in folds_of_paragraph.values())
    assert sorted(folds_of_paragraph) == [1, 2, 3, 4]
    assert fold_indices(group_labels([{"fold": 3}, {"fold": 3}]), 5) == []


def test_tuned_baseline_chooses_a_grid_setting_per_field_by_cv(corpus):
    train, test = train_test(corpus)
    model = TunedCueClassifier(random_state=3).fit(train, train)
    grid = settings(SEARCH_SPACES["sgd"])
    assert list(model.selected_) == list(SINGLE_LABEL_FIELDS)
    for chosen in model.selected_.values():
        setting = {k: v for k, v in chosen.items() if k != "cv_macro_f1"}
        setting["ngram_range"] = tuple(setting["ngram_range"])
        assert setting in grid
        assert 0.0 <= chosen["cv_macro_f1"] <= 1.0
    predictions = model.predict(test)
    hits = sum(p[TYPE_FIELD] == r[TYPE_FIELD] for p, r in zip(predictions, test, strict=True))
    assert hits / len(test) >= 0.7  # the made-up sentence kinds are lexically distinct


def test_tuned_baseline_search_never_sees_the_held_out_fold(corpus, monkeypatch):
    """Each searched model is fitted on rows of the other folds only."""
    train, _ = train_test(corpus)
    seen: list[tuple[int, int]] = []
    original = TunedCueClassifier._fit_predict

    def spy(self, setting, X_fit, y_fit, X_eval):
        seen.append((X_fit.shape[0], X_eval.shape[0]))
        return original(self, setting, X_fit, y_fit, X_eval)

    monkeypatch.setattr(TunedCueClassifier, "_fit_predict", spy)
    TunedCueClassifier(fields=(TYPE_FIELD,)).fit(train, train)
    sizes = {f: sum(1 for r in train if r["fold"] == f) for f in range(5)}
    assert {(len(train) - n, n) for n in sizes.values()} == set(seen)


def test_tuned_baseline_depends_on_its_seed_and_only_on_it(corpus):
    train, test = train_test(corpus)
    model = TunedCueClassifier(fields=(TYPE_FIELD,), random_state=5)
    first = clone(model).fit(train, train)
    again = clone(model).fit(train, train)
    assert first.predict(test) == again.predict(test)
    assert first.selected_ == again.selected_
    weights = [
        clone(model).set_params(random_state=seed).fit(train, train).models_[TYPE_FIELD][2].coef_
        for seed in (5, 6)
    ]
    assert not np.array_equal(weights[0], weights[1])  # SGD shuffles by its seed


def test_tuned_baseline_without_groups_uses_the_first_setting(corpus):
    train, _ = train_test(corpus)
    one_group = [row | {"fold": 0} for row in train]
    model = TunedCueClassifier(fields=(TYPE_FIELD,)).fit(one_group, one_group)
    first = settings(SEARCH_SPACES["sgd"])[0]
    assert model.selected_[TYPE_FIELD]["cv_macro_f1"] is None
    assert model.selected_[TYPE_FIELD]["alpha"] == first["alpha"]


def test_tuned_baseline_refuses_an_unknown_classifier_or_field(corpus):
    with pytest.raises(ValueError, match="classifier"):
        TunedCueClassifier(classifier="forest").fit(corpus, corpus)
    with pytest.raises(ValueError, match="places"):
        TunedCueClassifier(fields=("places",)).fit(corpus, corpus)
