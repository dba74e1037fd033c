"""The official scorer: prediction checks, task evaluation, metrics, bootstrap."""
