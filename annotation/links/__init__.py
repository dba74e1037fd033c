"""Annotating target→outcome links (codebook §14): importing passes, agreement."""
