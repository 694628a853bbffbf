"""Aligner: sentence embeddings, document pairing and sentence alignment."""
