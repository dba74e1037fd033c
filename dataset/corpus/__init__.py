"""Documents beyond the seed, by stand-off (DESIGN §4b).

The project never ships the text of these reports. `dataset/corpus/documents.json`
registers each one (source, issuer, level, region, year, extraction recipe, SHA-256 of
the normalised text); `gwrcommit corpus attach` extracts the texts from the user's copies
of the published files into the git-ignored `corpus-store/`, and `attached_texts` hands
them, verified, to the rest of the project.
"""
