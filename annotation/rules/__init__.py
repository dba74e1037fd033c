"""The rule pre-annotator's rules, one module per field group.

- `targets`: which quantities in a unit are numeric targets (the normaliser in
  `dataset.quantities` reads their value, unit, comparator, kind and indicator);
- `review`: units that report past results rather than commit;
- `labels`: commitment type, strength and policy domains;
- `places`: place spans from the gazetteer and name patterns, and geo_scope;
- `pipeline`: all of them over unit dicts, reports and directories (no sklearn import,
  so the command line starts fast); `annotation.preannotate.RuleAnnotator` wraps it.

The cue lexicons are in `annotation.lexicons`; the words that fix a target's comparator
and kind are in `dataset.quantities`, shared with the CRF baseline.
"""
