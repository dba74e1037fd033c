"""Target→outcome links between consecutive State Council reports (codebook §14)."""
