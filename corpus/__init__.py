"""Corpus: ingestion, cleaning, segmentation and the project store of bitextual."""

__version__ = "0.1.0"
