"""The `gwrcommit` command line: the one place that may import annotation, dataset and
baselines together."""
