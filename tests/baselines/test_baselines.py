"""The baseline estimators on a made-up corpus: fit/predict, valid predictions,
determinism, and the CRF's span handling.

Every sentence below is made up for these tests; the place names are invented.
"""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest
from sklearn.base import clone

from baselines.base import domains_for, most_common
from baselines.crf import CharCrfTagger, char_class, decode_bio, encode_bio
from baselines.majority import MajorityBaseline
from baselines.systems import SYSTEMS
from baselines.tfidf import TfidfClassifier
from baselines.union import PredictionUnion
from dataset.paths import PROJECT_ROOT
from dataset.schema import DOMAINS, SINGLE_LABEL_FIELDS, NumericTarget, Place, label_set
from tests.factories import made_up_rows, train_test

DOC_ID = "made-up-2030"


@pytest.fixture(scope="module")
def corpus() -> list[dict]:
    return made_up_rows()


@pytest.fixture(scope="module")
def gazetteer(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("gazetteer") / "gazetteer.json"
    entries = [
        {"name": "云溪镇", "type": "township", "aliases": ["云溪"]},
        {"name": "白鹭街道", "type": "township", "aliases": ["白鹭"]},
        {"name": "北岸新城", "type": "zone", "aliases": []},
    ]
    path.write_text(json.dumps({"entries": entries}, ensure_ascii=False), encoding="utf-8")
    return path


def assert_valid(predictions: list[dict], units: list[dict]) -> None:
    """Every prediction uses the schema's labels, and every span matches the unit text."""
    assert [p["id"] for p in predictions] == [u["id"] for u in units]
    for prediction, unit in zip(predictions, units, strict=True):
        for field in SINGLE_LABEL_FIELDS:
            if field in prediction:
                assert prediction[field] in label_set(field), (field, prediction[field])
        if "domains" in prediction:
            assert all(d in DOMAINS and d != "none" for d in prediction["domains"])
            assert prediction["domains"] == domains_for(prediction["primary_domain"])
        for span in prediction.get("numeric_targets", []):
            NumericTarget.model_validate(span)
            assert unit["text"][span["start"] : span["end"]] == span["text"]
        for span in prediction.get("places", []):
            Place.model_validate(span)
            assert unit["text"][span["start"] : span["end"]] == span["text"]


def accuracy(predictions: list[dict], rows: list[dict], field: str) -> float:
    hits = sum(p[field] == r[field] for p, r in zip(predictions, rows, strict=True))
    return hits / len(rows)


# --- helpers -------------------------------------------------------------------------


def test_most_common_breaks_ties_by_schema_order():
    assert most_common(["b", "a", "b", "a"], order=["a", "b"]) == "a"
    assert most_common(["b", "a", "b"], order=["a", "b"]) == "b"


@pytest.mark.parametrize(
    ("char", "expected"),
    [
        ("7", "digit"),
        ("３", "digit"),
        ("万", "cnnum"),
        ("镇", "cjk"),
        ("，", "punct"),
        ("%", "punct"),
        ("A", "latin"),
    ],
)
def test_char_class(char: str, expected: str):
    assert char_class(char) == expected


def test_bio_round_trip_keeps_adjacent_spans_apart():
    spans = [(0, 2, "township"), (2, 5, "zone"), (7, 8, "site")]
    tags = encode_bio(9, spans)
    assert tags[:3] == ["B-township", "I-township", "B-zone"]
    assert decode_bio(tags) == spans


def test_bio_keeps_the_earlier_of_overlapping_spans():
    tags = encode_bio(6, [(1, 4, "zone"), (2, 3, "site")])
    assert decode_bio(tags) == [(1, 4, "zone")]


def test_decode_starts_a_span_at_a_stray_inside_tag():
    assert decode_bio(["I-zone", "I-zone", "O", "B-site", "I-zone"]) == [
        (0, 2, "zone"),
        (3, 4, "site"),
        (4, 5, "zone"),
    ]


# --- majority ----------------------------------------------------------------------


def test_majority_predicts_the_most_frequent_training_labels(corpus):
    train, test = train_test(corpus)
    predictions = MajorityBaseline().fit(train).predict(test)
    assert_valid(predictions, test)
    for field in SINGLE_LABEL_FIELDS:
        counts = {}
        for row in train:
            counts[row[field]] = counts.get(row[field], 0) + 1
        top = max(counts.values())
        assert counts[predictions[0][field]] == top
        assert {p[field] for p in predictions} == {predictions[0][field]}
    assert all(p["places"] == [] and p["numeric_targets"] == [] for p in predictions)


def test_majority_learns_from_y_not_from_the_units(corpus):
    train, _ = train_test(corpus)
    relabelled = [row | {"geo_scope": "beyond"} for row in train]
    model = MajorityBaseline().fit(train, relabelled)
    assert model.predict(train[:1])[0]["geo_scope"] == "beyond"


def test_fit_refuses_mismatched_or_empty_training_data(corpus):
    with pytest.raises(ValueError, match="units"):
        MajorityBaseline().fit(corpus[:3], corpus[:2])
    with pytest.raises(ValueError, match="zero units"):
        TfidfClassifier().fit([], [])


# --- TF-IDF classifiers --------------------------------------------------------------


@pytest.mark.parametrize("classifier", ["logreg", "svm"])
def test_tfidf_fits_separable_made_up_data(corpus, classifier):
    train, test = train_test(corpus)
    model = TfidfClassifier(classifier=classifier).fit(train, train)
    predictions = model.predict(test)
    assert_valid(predictions, test)
    assert set(predictions[0]) == {"id", *SINGLE_LABEL_FIELDS, "domains"}
    # The made-up sentence kinds are lexically distinct, so a working model learns them.
    assert accuracy(model.predict(train), train, "commitment_type") >= 0.9
    assert accuracy(predictions, test, "commitment_type") >= 0.7


@pytest.mark.parametrize("classifier", ["logreg", "svm"])
def test_tfidf_is_deterministic_and_clonable(corpus, classifier):
    train, test = train_test(corpus)
    model = TfidfClassifier(classifier=classifier, ngram_range=(1, 4), random_state=7)
    first = clone(model).fit(train, train).predict(test)
    second = clone(model).fit(train, train).predict(test)
    assert first == second
    assert clone(model).get_params()["ngram_range"] == (1, 4)


def test_tfidf_predicts_a_constant_for_a_single_class_field(corpus):
    train, test = train_test(corpus)
    one_scope = [row | {"geo_scope": "locality"} for row in train]
    predictions = TfidfClassifier(fields=("geo_scope",)).fit(train, one_scope).predict(test)
    assert {p["geo_scope"] for p in predictions} == {"locality"}
    assert set(predictions[0]) == {"id", "geo_scope"}


def test_tfidf_refuses_an_unknown_classifier_or_field(corpus):
    with pytest.raises(ValueError, match="classifier"):
        TfidfClassifier(classifier="forest").fit(corpus, corpus)
    with pytest.raises(ValueError, match="places"):
        TfidfClassifier(fields=("places",)).fit(corpus, corpus)


# --- CRF span taggers --------------------------------------------------------------


def strict_recall(predictions: list[dict], rows: list[dict], field: str) -> float:
    gold = {(r["id"], s["start"], s["end"]) for r in rows for s in r[field]}
    found = {(p["id"], s["start"], s["end"]) for p in predictions for s in p[field]}
    return len(gold & found) / len(gold)


def test_crf_finds_numeric_targets_and_fills_their_fields(corpus):
    train, _ = train_test(corpus)
    predictions = CharCrfTagger(field="numeric_targets").fit(train, train).predict(train)
    assert_valid(predictions, train)
    assert set(predictions[0]) == {"id", "numeric_targets"}
    assert strict_recall(predictions, train, "numeric_targets") >= 0.8
    gold = {(r["id"], s["start"]): s for r in train for s in r["numeric_targets"]}
    matched = [
        (gold[(p["id"], s["start"])], s)
        for p in predictions
        for s in p["numeric_targets"]
        if (p["id"], s["start"]) in gold
    ]
    assert matched
    for gold_span, span in matched:
        assert span["value"] == gold_span["value"]
        assert span["unit"] == gold_span["unit"]
        assert span["comparator"] == gold_span["comparator"]


def test_crf_tags_places_with_types_and_gazetteer_names(corpus, gazetteer):
    train, _ = train_test(corpus)
    model = CharCrfTagger(field="places", use_gazetteer=True, gazetteer_path=str(gazetteer))
    model.fit(train, train)
    predictions = model.predict(train)
    assert_valid(predictions, train)
    assert strict_recall(predictions, train, "places") >= 0.8
    spans = [s for p in predictions for s in p["places"]]
    names = {s["text"]: s["name"] for s in spans}
    assert names.get("白鹭") == "白鹭街道"  # an alias resolves to the canonical name
    assert names.get("北岸新城") == "北岸新城"
    assert names.get("石桥村", "absent") in (None, "absent")  # not in the gazetteer
    types = {s["text"]: s["type"] for s in spans}
    assert types.get("青杉湖") == "natural"


def test_closed_track_crf_never_reads_the_gazetteer(corpus, tmp_path: Path):
    """Without use_gazetteer no place is named and no gazetteer file is opened: a path
    that does not exist is never read."""
    train, _ = train_test(corpus)
    missing = str(tmp_path / "no-such-gazetteer.json")
    model = CharCrfTagger(field="places", gazetteer_path=missing).fit(train, train)
    predictions = model.predict(train)
    assert_valid(predictions, train)
    spans = [s for p in predictions for s in p["places"]]
    assert spans and all(s["name"] is None for s in spans)
    assert strict_recall(predictions, train, "places") >= 0.8


def test_gazetteer_features_tell_the_crf_where_gazetteer_places_are(gazetteer):
    """A name seen only in the gazetteer, never in training, is found through the match
    feature: the CRF learns that gazetteer matches are places."""
    rows = [
        {"id": f"g-{i:04d}", "text": f"{place}建设{verb}。", "places": [], "fold": i % 5}
        for i, (place, verb) in enumerate(
            [("云溪镇", "加快"), ("北岸新城", "推进"), ("云溪", "完善")] * 4
        )
    ]
    for row in rows:
        end = row["text"].index("建设")
        kind = "zone" if row["text"].startswith("北岸") else "township"
        row["places"] = [
            {"start": 0, "end": end, "text": row["text"][:end], "type": kind, "name": None}
        ]
    model = CharCrfTagger(field="places", use_gazetteer=True, gazetteer_path=str(gazetteer))
    [prediction] = model.fit(rows, rows).predict([{"id": "g-new", "text": "白鹭街道建设提速。"}])
    assert [(s["text"], s["type"], s["name"]) for s in prediction["places"]] == [
        ("白鹭街道", "township", "白鹭街道")
    ]


def test_crf_is_deterministic(corpus):
    train, test = train_test(corpus)
    runs = [SYSTEMS["char-crf"].factory().fit(train, train).predict(test) for _ in range(2)]
    assert runs[0] == runs[1]
    assert_valid(runs[0], test)


def test_crf_refuses_a_field_it_cannot_tag(corpus):
    with pytest.raises(ValueError, match="field"):
        CharCrfTagger(field="geo_scope").fit(corpus, corpus)


# --- union and the registry ----------------------------------------------------------


def test_union_merges_fields_and_refuses_a_field_predicted_twice(corpus):
    train, test = train_test(corpus)
    union = PredictionUnion(
        [("type", TfidfClassifier(fields=("commitment_type",))), ("all", MajorityBaseline())]
    )
    with pytest.raises(ValueError, match="commitment_type"):
        union.fit(train, train).predict(test)
    union = PredictionUnion(
        [
            ("type", TfidfClassifier(fields=("commitment_type",))),
            ("targets", CharCrfTagger(field="numeric_targets")),
        ]
    )
    predictions = union.fit(train, train).predict(test)
    assert set(predictions[0]) == {"id", "commitment_type", "numeric_targets"}


@pytest.mark.parametrize("name", list(SYSTEMS))
def test_every_registered_baseline_is_a_fresh_valid_deterministic_estimator(corpus, name):
    train, test = train_test(corpus)
    factory = SYSTEMS[name].runs()[0][1]
    assert factory() is not factory()
    first = factory().fit(train, train).predict(test)
    second = clone(factory()).fit(train, train).predict(test)
    assert first == second
    assert_valid(first, test)


def test_baselines_never_import_annotation():
    root = PROJECT_ROOT / "baselines"
    for path in root.rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        lines = [line.strip() for line in source.splitlines()]
        offending = [
            line for line in lines if line.startswith(("import annotation", "from annotation"))
        ]
        assert not offending, f"{path.name} imports annotation: {offending}"


def test_made_up_corpus_is_itself_valid():
    rows = made_up_rows()
    assert_valid(rows, rows)
    assert len({r["text"] for r in rows}) == len(rows)
    assert {r["fold"] for r in rows if r["split"] == "train"} == set(range(5))
    assert sum(1 for _ in itertools.chain.from_iterable(r["places"] for r in rows)) > 10
