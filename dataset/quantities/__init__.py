"""Numeric target normalisation: quantities in text and the fields read around them."""
