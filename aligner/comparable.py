"""Margin-based matching of sentences: the ratio margin of Artetxe & Schwenk (2019).

Raw cosine similarity is a poor absolute measure: some sentences ("hubs") are close to
everything, others are far from everything. The ratio margin divides the cosine of a
candidate pair by the average cosine of each side's k nearest neighbours on the other
side, so a score says how much better this candidate is than the typical good-looking
alternatives:

    margin(x, y) = cos(x, y) / ( mean_k cos(x, NN_k(x)) / 2 + mean_k cos(y, NN_k(y)) / 2 )

Two uses in bitextual:

* ``best_matches`` scans a whole collection in chunks (so memory stays bounded) and gives
  every sentence its best counterpart on the other side; document pairing counts these
  as votes (``aligner.pairing``).
* ``mine_sentence_pairs`` finds 1-1 sentence pairs inside a *comparable* document pair (two
  articles about the same event, not translations of each other): mutual best matches whose
  margin clears a threshold, with no monotonicity assumption.

Vectors are float32 and unit length, so cosine is a dot product.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

# Artetxe & Schwenk (2019) found k = 4 best on BUCC; it is also small enough for short documents.
DEFAULT_K = 4
# Mining threshold on the ratio margin, calibrated on MAC-Dev (literary zh-en chapters, not
# the news data the tests use): see bench/RESULTS.md, "Document pairing and comparable mining".
DEFAULT_MINING_THRESHOLD = 1.06
# Rows of the similarity matrix computed at once: bounds memory to CHUNK x n floats.
CHUNK_ROWS = 2048
# The denominator is an average of cosines; in tiny or odd pools it can be ~0 or negative,
# where a ratio means nothing. Clamp it so such candidates get a small, not infinite, margin.
_MIN_DENOMINATOR = 1e-3


@dataclass(frozen=True)
class MinedPair:
    """A 1-1 sentence pair found by margin mining (indices into the two input lists)."""

    zh_index: int
    en_index: int
    margin: float
    cosine: float


@dataclass(frozen=True)
class BestMatches:
    """Each sentence's best counterpart on the other side, by ratio margin."""

    zh_best: np.ndarray
    """For each zh row, the index of its best en row."""
    zh_margin: np.ndarray
    """The margin of that best en row."""
    en_best: np.ndarray
    """For each en row, the index of its best zh row."""
    en_margin: np.ndarray
    """The margin of that best zh row."""


def _top_k_mean_rows(sims: np.ndarray, k: int) -> np.ndarray:
    """Mean of the k largest values of each row (k clipped to the row length)."""
    k = min(k, sims.shape[1])
    if k == 0:
        return np.zeros(sims.shape[0], dtype=np.float32)
    top = np.partition(sims, sims.shape[1] - k, axis=1)[:, sims.shape[1] - k:]
    means: np.ndarray = top.mean(axis=1)
    return means


def neighbourhood_means(zh: np.ndarray, en: np.ndarray, k: int = DEFAULT_K,
                        chunk_rows: int = CHUNK_ROWS) -> tuple[np.ndarray, np.ndarray]:
    """Mean cosine of a zh row to its k nearest en rows, and of an en row to its k nearest zh."""
    n_zh, n_en = zh.shape[0], en.shape[0]
    zh_means = np.zeros(n_zh, dtype=np.float32)
    k_en = min(k, n_zh)
    # Running top-k of each en column, updated chunk by chunk of zh rows.
    en_top = np.full((k_en, n_en), -np.inf, dtype=np.float32)
    for start in range(0, n_zh, chunk_rows):
        sims = zh[start:start + chunk_rows] @ en.T
        zh_means[start:start + chunk_rows] = _top_k_mean_rows(sims, k)
        if k_en:
            stacked = np.concatenate([en_top, sims], axis=0)
            en_top = np.partition(stacked, stacked.shape[0] - k_en, axis=0)[-k_en:]
    en_means = en_top.mean(axis=0) if k_en else np.zeros(n_en, dtype=np.float32)
    return zh_means, en_means


def _margins(sims: np.ndarray, zh_means: np.ndarray, en_means: np.ndarray) -> np.ndarray:
    denominator = (zh_means[:, None] + en_means[None, :]) / 2.0
    margins: np.ndarray = sims / np.maximum(denominator, _MIN_DENOMINATOR)
    return margins


def best_matches(zh: np.ndarray, en: np.ndarray, k: int = DEFAULT_K,
                 chunk_rows: int = CHUNK_ROWS,
                 means: tuple[np.ndarray, np.ndarray] | None = None) -> BestMatches:
    """Best counterpart of every sentence on both sides, by ratio margin, in bounded memory.

    ``means`` are precomputed ``neighbourhood_means(zh, en, k)`` when the caller has them.
    """
    n_zh, n_en = zh.shape[0], en.shape[0]
    zh_means, en_means = means if means is not None else \
        neighbourhood_means(zh, en, k, chunk_rows)
    zh_best = np.zeros(n_zh, dtype=np.int64)
    zh_margin = np.full(n_zh, -np.inf, dtype=np.float32)
    en_best = np.zeros(n_en, dtype=np.int64)
    en_margin = np.full(n_en, -np.inf, dtype=np.float32)
    if n_zh == 0 or n_en == 0:
        return BestMatches(zh_best, zh_margin, en_best, en_margin)
    for start in range(0, n_zh, chunk_rows):
        margins = _margins(zh[start:start + chunk_rows] @ en.T,
                           zh_means[start:start + chunk_rows], en_means)
        rows = np.arange(margins.shape[0])
        zh_best[start:start + chunk_rows] = margins.argmax(axis=1)
        zh_margin[start:start + chunk_rows] = margins[rows, zh_best[start:start + chunk_rows]]
        column_best = margins.argmax(axis=0)
        column_margin = margins[column_best, np.arange(n_en)]
        better = column_margin > en_margin
        en_margin[better] = column_margin[better]
        en_best[better] = column_best[better] + start
    return BestMatches(zh_best, zh_margin, en_best, en_margin)


def mine_sentence_pairs(zh: np.ndarray, en: np.ndarray,
                        zh_means: np.ndarray, en_means: np.ndarray,
                        threshold: float = DEFAULT_MINING_THRESHOLD) -> list[MinedPair]:
    """1-1 sentence pairs of a comparable document pair: mutual best matches, margin >= threshold.

    ``zh_means`` / ``en_means`` are the rows' neighbourhood means (``neighbourhood_means``)
    computed over the whole collection, not over the two documents: inside two short
    documents the best candidate of an unrelated sentence always stands out from its few
    neighbours, so a local margin says little (on MAC-Dev, local margins of unrelated chapter
    pairs have a median of 1.10; collection-wide ones 0.88).

    Mutual best ("intersection" in Artetxe & Schwenk) puts every sentence in at most one
    pair without any order constraint, which is what two independently written articles
    about the same event need. Pairs come back in zh order.
    """
    if zh.shape[0] == 0 or en.shape[0] == 0:
        return []
    sims = zh @ en.T
    margins = _margins(sims, zh_means, en_means)
    forward = margins.argmax(axis=1)
    backward = margins.argmax(axis=0)
    pairs = []
    for zh_index, en_index in enumerate(forward.tolist()):
        if backward[en_index] != zh_index:
            continue
        margin = float(margins[zh_index, en_index])
        if margin >= threshold:
            pairs.append(MinedPair(zh_index, en_index, margin, float(sims[zh_index, en_index])))
    return pairs
