"""The release: building, splits, checksums, loading and linting released files."""
