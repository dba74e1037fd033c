"""GWRCommit baselines: scikit-learn estimators over sentence units, and the runner.

- `baselines.majority`: the most frequent training label of every field.
- `baselines.tfidf`: TF-IDF character n-grams into LogisticRegression or LinearSVC.
- `baselines.crf`: character-level CRF span taggers for numeric targets and places.
- `baselines.union`: several estimators as one system.
- `baselines.systems`: the named systems of the results table.
- `baselines.experiments`: fit on train, score on test, cross-validate over folds.
- `baselines.report`: RESULTS.md, results.json and results.png.

Baselines depend on `dataset` only, never on `annotation`; `gwrcommit reproduce`
adds the rule pre-annotator to the table.
"""
