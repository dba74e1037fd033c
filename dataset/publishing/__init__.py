"""What is generated from the release for readers: card, Croissant, label tables,
statistics, Hugging Face features and the explorer page."""
