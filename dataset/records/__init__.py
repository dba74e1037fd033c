"""Reading and checking records: source text, JSON Lines, record files, the records lint."""
