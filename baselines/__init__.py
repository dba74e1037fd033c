"""GWRCommit baselines: scikit-learn estimators over sentence units, and the runner.

- `baselines.base`: the estimator protocol, `SystemSpec` (a system with its track and
  kind) and the tracks.
- `baselines.majority`: the most frequent training label of every field.
- `baselines.tfidf`: TF-IDF character n-grams into LogisticRegression or LinearSVC.
- `baselines.tuned`: TF-IDF plus codebook cue features, tuned by grouped CV on train.
- `baselines.crf`: character-level CRF span taggers for numeric targets and places.
- `baselines.references`: no-learning references (strength markers, gazetteer match).
- `dataset.codebook` (shared with the rules): the codebook's word lists, as data.
- `baselines.union`: several estimators as one system.
- `baselines.systems`: the named systems of the results table, each with its track.
- `baselines.experiments`: fit on train, score on test (per seed), cross-validate.
- `baselines.power`: the minimum detectable difference of each main metric.
- `baselines.report`: RESULTS.md, results.json and results.png.

Baselines depend on `dataset` only, never on `annotation`; `gwrcommit reproduce`
adds the rule pre-annotator, as an in-sample system reported apart.
"""
