"""Sentence alignment of one zh document with one en document: a monotone n-m DP over beads.

Two passes, both linear in memory and about linear in time (the idea of Bertalign/Vecalign):

1. **Anchors.** Every zh sentence's ``top_k`` nearest en sentences (and vice versa) by
   cosine, computed block by block so no n×m matrix is ever held; the heaviest chain of
   candidates increasing on both sides (a weighted longest increasing subsequence) is the
   first-pass path of 1-1 anchors.
2. **Beads.** A DP over the cells within ``band`` sentences of that path, with every bead
   type up to ``max_bead`` sentences (1-1, 1-n, n-1, n-m, and 1-0/0-1 for sentences left
   out). A bead's score combines the cosine of its two sides' embeddings (mean of the
   sentence vectors, weighted by the square root of their lengths) with the zh–en
   features of :mod:`aligner.features` (numbers, names, dictionary overlap) and a
   length-ratio penalty.

The DP only ever holds one score per band cell, so a 6,000-sentence document costs a few
hundred thousand cells, not 36 million.

**Confidence.** Each bead's posterior probability is the share, among all paths through the
band weighted by exp(path score / T), of those that contain this exact bead — a
forward–backward pass over the same cells and bead scores as the DP. Its confidence is that
posterior through a fixed calibration map (Platt scaling fitted once on MAC-Dev,
:data:`DEFAULT_CALIBRATION`), so that a confidence of 0.8 means right about 8 times in 10;
the map is increasing, so beads rank as by their posterior. T = 0.08 ranks wrong beads
first best in the simulated review (see bench/RESULTS.md, "Bead confidence").
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np

from aligner.beads import Bead
from aligner.embed import Encoder
from aligner.features import FeatureWeights, LexicalChannels, build_channels, length_units
from corpus.signature import Signature

ALGORITHM_VERSION = "5"
_NEG = -1.0e9
# Rows of the similarity blocks of the anchor search: bounds its memory (rows × m floats).
_BLOCK_ROWS = 512


@dataclass(frozen=True)
class Calibration:
    """Confidence = sigmoid(bias + Σ weight × evidence): a logistic map of the evidence
    (:data:`EVIDENCE`) fitted once on gold alignments (``bench/calibrate_confidence.py``)."""

    bias: float
    weights: tuple[tuple[str, float], ...]

    def apply(self, evidence: dict[str, np.ndarray]) -> np.ndarray:
        """The confidence of each bead whose evidence is given."""
        logit = np.full(len(evidence["posterior"]), self.bias)
        for name, weight in self.weights:
            logit = logit + weight * evidence[name]
        out: np.ndarray = 1.0 / (1.0 + np.exp(-logit))
        return out

    def describe(self) -> str:
        """For the signature: the map as one string."""
        return f"cal{self.bias:+.4f}" + "".join(f",{n}{w:+.4f}" for n, w in self.weights)


DEFAULT_CALIBRATION = Calibration(bias=0.6125, weights=(("posterior", 1.0610),))
"""Platt scaling of the posterior at T = 0.08, fitted on MAC-Dev's exact-bead labels
(``python -m bench.calibrate_confidence --temperature 0.08 --fit post``). Other evidence
(boundary and neighbour posteriors, bead type, sentence lengths, length gap, bead score)
raised AUC on the corpus it was fitted on but not on the other: not used."""


@dataclass(frozen=True)
class AlignConfig:
    """One configuration for every document (no per-document tuning)."""

    max_bead: int = 5
    """Largest bead: zh sentences + en sentences ≤ this (1-0 and 0-1 always allowed)."""
    max_side: int = 4
    """Most sentences on one side of a bead."""
    skip: float = -0.2
    """Score of a bead with one empty side (a sentence without translation)."""
    top_k: int = 3
    """Nearest neighbours per sentence considered as first-pass anchors."""
    band: int = 6
    """Half-width, in sentences, of the second-pass search band around the anchor path."""
    margin: bool = True
    """Subtract the similarity to the neighbouring sentences (Bertalign's margin)."""
    length_penalty: bool = True
    """Multiply a bead's score by log2(1 + shorter/longer) of its expected lengths."""
    length_power: float = 1.0
    """Exponent of the length penalty (1 = Bertalign's log2(1 + shorter/longer))."""
    window_weight_power: float = 0.5
    """A multi-sentence side is the mean of its sentence vectors weighted by length**this.
    0.5 because USE pools token features as sum/sqrt(tokens): in the embedding of a
    concatenation, a sentence weighs about the square root of its length."""
    size_power: float = -0.15
    """Beads of k sentences have their score multiplied by (k/2)**size_power."""
    weights: FeatureWeights = field(default_factory=lambda: FeatureWeights(0.2, 0.2, 0.8))
    """Weights of the zh–en lexical features added to the cosine."""
    temperature: float = 0.08
    """Paths are weighted by exp(score / temperature) for the beads' posteriors (it does not
    change the beads). 0.08 ranks wrong beads first about as well as any temperature by AUC
    on MAC-Dev and the Bible, and best in the simulated review (bench/RESULTS.md, "Bead
    confidence"); ``calibration`` turns its posteriors into calibrated confidences."""
    calibration: Calibration | None = field(default_factory=lambda: DEFAULT_CALIBRATION)
    """The map from a bead's evidence to its confidence (None: the raw posterior). The
    default is fitted for the default temperature: change both together."""
    type_bonus: tuple[tuple[int, int, float], ...] = ()
    """(zh size, en size, bonus): added to the score of every bead of that type (1-0 and 0-1
    included). Empty by default (and in the product); ``bench/adapt.py`` sets it from
    reviewed beads to measure a bead-type prior learnt from corrections."""

    learned_glosses: tuple[tuple[str, str], ...] = ()
    """(zh string, en stem): dictionary entries of this pair beyond CC-CEDICT, added to the
    dictionary channel (:func:`aligner.features.build_channels`). Set from reviewed beads
    (:mod:`aligner.lexicon_learning`), empty otherwise."""
    learn_from_anchors: bool = True
    """Alignment around anchors learns :attr:`learned_glosses` from them
    (:func:`aligner.anchored.align_with_anchors`, :func:`aligner.project.realign_around`);
    the signature of an output aligned with anchors says so (``learn=lexicon``)."""

    def bead_types(self) -> list[tuple[int, int]]:
        """All (zh, en) bead sizes searched, empty sides first."""
        types = [(1, 0), (0, 1)]
        for a in range(1, self.max_side + 1):
            for b in range(1, self.max_side + 1):
                if a + b <= self.max_bead:
                    types.append((a, b))
        return types

    def signature(self) -> str:
        """The parameters that change a result, as one string."""
        w = self.weights
        return str(Signature()
                   .param("align", f"v{ALGORITHM_VERSION}").param("max_bead", self.max_bead)
                   .param("max_side", self.max_side).param("skip", self.skip)
                   .param("top_k", self.top_k).param("band", self.band)
                   .param("margin", int(self.margin))
                   .param("len", f"{int(self.length_penalty)}^{self.length_power}")
                   .part(f"size^{self.size_power}", f"window^{self.window_weight_power}")
                   .param("w_num", w.numbers).param("w_name", w.names)
                   .param("w_dict", w.dictionary).param("T", self.temperature)
                   .part(*([self.calibration.describe()] if self.calibration else []))
                   .part(*(f"bonus{a}-{b}={v:+.3f}" for a, b, v in self.type_bonus))
                   .part(*([f"learned={len(self.learned_glosses)}:{self._glosses_digest()}"]
                           if self.learned_glosses else [])))

    def _glosses_digest(self) -> str:
        """A short digest of the learnt dictionary entries (for the signature)."""
        text = "\n".join(f"{unit}\t{stem}" for unit, stem in self.learned_glosses)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


# ---------------------------------------------------------------------------------------
# embeddings of windows of consecutive sentences

def _window_vectors(vectors: np.ndarray, size: int,
                    weights: np.ndarray | None = None) -> np.ndarray:
    """Unit-length weighted mean of every run of ``size`` consecutive rows (row k covers
    k..k+size-1)."""
    n = vectors.shape[0]
    if n < size:
        return np.zeros((0, vectors.shape[1]), dtype=np.float32)
    if weights is not None:
        vectors = vectors * weights[:, None].astype(np.float32)
    prefix = np.zeros((n + 1, vectors.shape[1]), dtype=np.float64)
    np.cumsum(vectors, axis=0, out=prefix[1:])
    sums = (prefix[size:] - prefix[:-size]).astype(np.float32)
    norms = np.linalg.norm(sums, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    unit: np.ndarray = sums / norms
    return unit


# ---------------------------------------------------------------------------------------
# first pass: anchors

def _top_k_pairs(zh_vecs: np.ndarray, en_vecs: np.ndarray, k: int) -> list[tuple[float, int, int]]:
    """(cosine, i, j) for each zh sentence's k best en sentences and each en sentence's k best."""
    n, m = zh_vecs.shape[0], en_vecs.shape[0]
    pairs: dict[tuple[int, int], float] = {}
    k_row, k_col = min(k, m), min(k, n)
    col_best = np.full((k_col, m), -np.inf, dtype=np.float32)
    col_arg = np.zeros((k_col, m), dtype=np.int64)
    for start in range(0, n, _BLOCK_ROWS):
        sims = zh_vecs[start:start + _BLOCK_ROWS] @ en_vecs.T
        rows = np.argpartition(-sims, k_row - 1, axis=1)[:, :k_row]
        for r, cols in enumerate(rows):
            for j in cols:
                pairs[(start + r, int(j))] = float(sims[r, j])
        # Merge this block's best rows per column into the running column top-k.
        both = np.concatenate([col_best, sims], axis=0)
        both_arg = np.concatenate([col_arg, np.arange(start, start + sims.shape[0])[:, None]
                                   .repeat(m, axis=1)], axis=0)
        pick = np.argpartition(-both, k_col - 1, axis=0)[:k_col]
        col_best = np.take_along_axis(both, pick, axis=0)
        col_arg = np.take_along_axis(both_arg, pick, axis=0)
    for r in range(k_col):
        for j in range(m):
            if np.isfinite(col_best[r, j]):
                pairs[(int(col_arg[r, j]), j)] = float(col_best[r, j])
    return [(score, i, j) for (i, j), score in pairs.items()]


def _anchor_chain(pairs: list[tuple[float, int, int]], m: int) -> list[tuple[int, int]]:
    """Heaviest chain of pairs strictly increasing in both i and j (weights = positive cosines)."""
    # Fenwick tree over j holding (best chain weight ending at j' ≤ index, pair index).
    tree_val = [0.0] * (m + 1)
    tree_arg = [-1] * (m + 1)
    points = sorted((i, j, s) for s, i, j in pairs if s > 0)
    back = [-1] * len(points)
    total = [0.0] * len(points)
    start = 0
    while start < len(points):
        end = start
        while end < len(points) and points[end][0] == points[start][0]:
            end += 1
        # Query all points of one zh row before inserting any: i must strictly increase.
        for idx in range(start, end):
            _, j, s = points[idx]
            best, arg, pos = 0.0, -1, j  # prefix max over j' < j  (tree index j' + 1 ≤ j)
            while pos > 0:
                if tree_val[pos] > best:
                    best, arg = tree_val[pos], tree_arg[pos]
                pos -= pos & -pos
            total[idx] = best + s
            back[idx] = arg
        for idx in range(start, end):
            pos = points[idx][1] + 1
            while pos <= m:
                if total[idx] > tree_val[pos]:
                    tree_val[pos], tree_arg[pos] = total[idx], idx
                pos += pos & -pos
        start = end
    if not points:
        return []
    idx = max(range(len(points)), key=total.__getitem__)
    chain = []
    while idx != -1:
        chain.append((points[idx][0], points[idx][1]))
        idx = back[idx]
    return chain[::-1]


def _search_band(anchors: list[tuple[int, int]], n: int, m: int, width: int
                 ) -> tuple[np.ndarray, np.ndarray]:
    """For each DP row 0..n, the en range [lo, hi] searched: ``width`` around the anchor path."""
    # Anchor (i, j) = zh sentence i with en sentence j = DP cell (i + 1, j + 1).
    path = [(0, 0)] + [(i + 1, j + 1) for i, j in anchors] + [(n, m)]
    lo = np.zeros(n + 1, dtype=np.int64)
    hi = np.zeros(n + 1, dtype=np.int64)
    for (r0, c0), (r1, c1) in zip(path, path[1:], strict=False):
        lo[r0:r1 + 1] = max(0, c0 - width)
        hi[r0:r1 + 1] = np.maximum(hi[r0:r1 + 1], min(m, c1 + width))
    lo[0], hi[n] = 0, m
    # Rows are filled left to right, so lo/hi must never decrease.
    lo = np.minimum.accumulate(lo[::-1])[::-1]
    hi = np.maximum.accumulate(hi)
    return lo, hi


# ---------------------------------------------------------------------------------------
# second pass: DP over beads in the band

class _BeadScorer(Protocol):
    """What the DP asks of a bead score (:class:`_Scorer`; research scores in ``bench/``)."""

    def score(self, i: int, a: int, cols: np.ndarray, b: int) -> np.ndarray:
        """Scores of beads zh[i-a:i] ↔ en[j-b:j] for each j in ``cols``."""
        ...


@dataclass
class _Scorer:
    """Scores every bead of one type ending in one DP row, for a range of en positions."""

    config: AlignConfig
    zh_windows: list[np.ndarray]
    en_windows: list[np.ndarray]
    zh_units: np.ndarray
    en_units: np.ndarray
    channels: LexicalChannels | None

    def score(self, i: int, a: int, cols: np.ndarray, b: int) -> np.ndarray:
        """Scores of beads zh[i-a:i] ↔ en[j-b:j] for each j in ``cols`` (all j ≥ b)."""
        zh_vec = self.zh_windows[a - 1][i - a]
        en_rows = self.en_windows[b - 1][cols - b]
        sims: np.ndarray = en_rows @ zh_vec
        if self.config.margin:
            sims = sims - self._margin(i, a, cols, b, zh_vec, en_rows)
        if self.channels is not None:
            sims = sims + self.channels.bead_bonus(i - a, a, cols - b, b, self.config.weights)
        if self.config.length_penalty:
            zh_len = self.zh_units[i] - self.zh_units[i - a]
            en_len = self.en_units[cols] - self.en_units[cols - b]
            shorter = np.minimum(zh_len, en_len)
            longer = np.maximum(np.maximum(zh_len, en_len), 1e-9)
            sims = sims * np.log2(1.0 + shorter / longer) ** self.config.length_power
        if self.config.size_power:
            sims = sims * ((a + b) / 2.0) ** self.config.size_power
        if self.config.type_bonus:
            sims = sims + self.bonus.get((a, b), 0.0)
        return sims

    @property
    def bonus(self) -> dict[tuple[int, int], float]:
        """The configuration's bead-type bonuses by (zh size, en size)."""
        return {(a, b): v for a, b, v in self.config.type_bonus}

    def _margin(self, i: int, a: int, cols: np.ndarray, b: int, zh_vec: np.ndarray,
                en_rows: np.ndarray) -> np.ndarray:
        """Mean similarity of each side to the single sentences just outside the other side."""
        en_single, zh_single = self.en_windows[0], self.zh_windows[0]
        m, n = en_single.shape[0], zh_single.shape[0]
        # en sentences just after (j) and just before (j-b-1) the en window
        has_after = cols < m
        has_before = cols - b - 1 >= 0
        after = en_single[np.minimum(cols, m - 1)] @ zh_vec
        before = en_single[np.maximum(cols - b - 1, 0)] @ zh_vec
        count = has_after.astype(np.float64) + has_before
        en_side: np.ndarray = (after * has_after + before * has_before) / np.maximum(count, 1.0)
        zh_side = np.zeros(len(cols))
        zh_neighbours = [k for k in (i, i - a - 1) if 0 <= k < n]
        for k in zh_neighbours:
            zh_side += en_rows @ zh_single[k]
        if zh_neighbours:
            zh_side /= len(zh_neighbours)
        return (en_side + zh_side) / 2.0


def _chain(values: np.ndarray, step: float) -> np.ndarray:
    """``out[j] = logsumexp over k ≤ j of (values[k] + (j - k) * step)``: a run of 0-1 beads
    inside one row, summed over in log space in one pass."""
    offsets = np.arange(values.shape[0]) * step
    chained: np.ndarray = np.logaddexp.accumulate(values - offsets) + offsets
    return chained


@dataclass
class _Path:
    """The DP's best path, and the log-space sums over all paths for the posteriors."""

    beads: list[tuple[int, int, int, int, float]]  # (i0, a, j0, b, bead score), in order
    posteriors: list[float]
    """Per bead: the share of all paths (weighted by exp(score / T)) holding it."""
    boundaries: list[float]
    """Per bead: the share of all paths that pass through its end cell (a bead boundary
    there, whatever the beads around it)."""
    extra: dict[float, list[float]] = field(default_factory=dict)
    """Posteriors at other temperatures (research: ``extra_temperatures``)."""


def _bead_dp(n: int, m: int, lo: np.ndarray, hi: np.ndarray, scorer: _BeadScorer,
             config: AlignConfig, extra_temperatures: Sequence[float] = ()) -> _Path:
    """Best path through the band, with each of its beads' posterior probability.

    The forward pass computes, per cell, the best score (Viterbi) and keeps the bead scores
    it computed, so the sums over all paths (forward and backward, :func:`_path_marginals`) cost
    no scoring, at any temperature.
    """
    types = config.bead_types()
    costs: list[np.ndarray] = []
    pointers: list[np.ndarray] = []
    scores: list[np.ndarray] = []
    # per row: (a, b, first column offset, bead scores) of every bead type that ends in it
    steps: list[list[tuple[int, int, int, np.ndarray]]] = []
    bonus = {(a, b): v for a, b, v in config.type_bonus}
    skip = config.skip + bonus.get((0, 1), 0.0)          # 0-1 beads
    skip_zh = config.skip + bonus.get((1, 0), 0.0)       # 1-0 beads
    for i in range(n + 1):
        row_lo, row_hi = int(lo[i]), int(hi[i])
        cols = np.arange(row_lo, row_hi + 1)
        best = np.full(cols.shape[0], _NEG)
        ptr = np.full(cols.shape[0], -1, dtype=np.int8)
        bead_score = np.zeros(cols.shape[0])
        row_steps: list[tuple[int, int, int, np.ndarray]] = []
        if i == 0:
            best[cols == 0] = 0.0
        for t, (a, b) in enumerate(types):
            if a == 0 or i - a < 0:
                continue
            # The cells whose predecessor (i - a, j - b) is in row i - a's band: one slice,
            # since the band's bounds never decrease.
            prev_lo, prev_hi = int(lo[i - a]), int(hi[i - a])
            first = max(row_lo, prev_lo + b) - row_lo
            stop = min(row_hi, prev_hi + b) - row_lo + 1
            if first >= stop:
                continue
            prev_slice = slice(first + row_lo - b - prev_lo, stop + row_lo - b - prev_lo)
            prev = costs[i - a][prev_slice]
            if b == 0:
                step = np.full(stop - first, skip_zh)
            else:
                reachable = prev > _NEG / 2
                if reachable.all():
                    step = scorer.score(i, a, cols[first:stop], b)
                elif not reachable.any():
                    continue
                else:
                    step = np.full(stop - first, _NEG)
                    step[reachable] = scorer.score(i, a, cols[first:stop][reachable], b)
            cand = prev + step
            better = cand > best[first:stop]
            best[first:stop][better] = cand[better]
            ptr[first:stop][better] = t
            bead_score[first:stop][better] = step[better]
            row_steps.append((a, b, first, step))
        # 0-1 beads chain inside the row: best[j] = max(best[j], best[j-1] + skip), solved
        # in one pass as j*skip + running max of (best[k] - k*skip).
        offsets = np.arange(cols.shape[0]) * skip
        chained = np.maximum.accumulate(best - offsets) + offsets
        from_left = chained > best + 1e-12
        best = np.where(from_left, chained, best)
        ptr[from_left] = 1  # index of (0, 1) in bead_types()
        bead_score[from_left] = skip
        costs.append(best)
        pointers.append(ptr)
        scores.append(bead_score)
        steps.append(row_steps)
    widths = [c.shape[0] for c in costs]
    beads: list[tuple[int, int, int, int, float]] = []
    i, j = n, m
    while i > 0 or j > 0:
        k = j - int(lo[i])
        t = int(pointers[i][k])
        if t < 0:
            raise RuntimeError("alignment DP has no path (band construction bug)")
        a, b = types[t]
        beads.append((i - a, a, j - b, b, float(scores[i][k])))
        i, j = i - a, j - b
    beads.reverse()
    posteriors, boundaries = _path_marginals(beads, n, m, lo, steps, skip, config.temperature,
                                             widths)
    extra = {t: _path_marginals(beads, n, m, lo, steps, skip, t, widths)[0]
             for t in extra_temperatures}
    return _Path(beads, posteriors, boundaries, extra)


def _path_marginals(beads: list[tuple[int, int, int, int, float]], n: int, m: int,
                    lo: np.ndarray, steps: list[list[tuple[int, int, int, np.ndarray]]],
                    skip: float, temperature: float, widths: list[int]
                    ) -> tuple[list[float], list[float]]:
    """(posterior of each bead of the path, share of paths through each bead's end cell)
    with paths weighted by exp(score / temperature)."""
    inv_t = 1.0 / temperature
    alphas = _forward(n, lo, steps, skip * inv_t, inv_t, widths)
    betas = _backward(n, m, lo, steps, skip * inv_t, inv_t, widths)
    total = alphas[n][m - int(lo[n])]
    posteriors: list[float] = []
    boundaries: list[float] = []
    for i0, a, j0, b, score in beads:
        i, j = i0 + a, j0 + b
        before = alphas[i0][j0 - int(lo[i0])]
        after = betas[i][j - int(lo[i])]
        log_post = before + score * inv_t + after - total
        log_cell = alphas[i][j - int(lo[i])] + after - total
        posteriors.append(float(min(1.0, np.exp(min(log_post, 0.0)))))
        boundaries.append(float(min(1.0, np.exp(min(log_cell, 0.0)))))
    return posteriors, boundaries


def _forward(n: int, lo: np.ndarray, steps: list[list[tuple[int, int, int, np.ndarray]]],
             skip: float, inv_t: float, widths: list[int]) -> list[np.ndarray]:
    """Per cell, log of the sum over all paths from (0, 0) to it of exp(score / T)."""
    alphas: list[np.ndarray] = []
    for i in range(n + 1):
        alpha = np.full(widths[i], -np.inf)
        if i == 0:
            alpha[0] = 0.0          # lo[0] = 0: cell (0, 0)
        row_lo = int(lo[i])
        for a, b, first, step in steps[i]:
            prev_lo = int(lo[i - a])
            start = first + row_lo - b - prev_lo
            np.logaddexp(alpha[first:first + len(step)],
                         alphas[i - a][start:start + len(step)] + step * inv_t,
                         out=alpha[first:first + len(step)])
        alphas.append(_chain(alpha, skip))
    return alphas


def _backward(n: int, m: int, lo: np.ndarray, steps: list[list[tuple[int, int, int, np.ndarray]]],
              skip: float, inv_t: float, widths: list[int]) -> list[np.ndarray]:
    """Per cell, log of the sum over all paths from it to (n, m) of exp(score / T)."""
    betas = [np.full(width, -np.inf) for width in widths]
    betas[n][m - int(lo[n])] = 0.0
    for i in range(n, -1, -1):
        # 0-1 beads from (i, j) to (i, j + 1): the forward chain, read right to left.
        betas[i] = _chain(betas[i][::-1], skip)[::-1]
        beta = betas[i]
        row_lo = int(lo[i])
        for a, b, first, step in steps[i]:
            prev_lo = int(lo[i - a])
            target = betas[i - a][first + row_lo - b - prev_lo:
                                  first + len(step) + row_lo - b - prev_lo]
            np.logaddexp(target, step * inv_t + beta[first:first + len(step)], out=target)
    return betas


# ---------------------------------------------------------------------------------------

def align_sentences(zh: list[str], en: list[str], encoder: Encoder,
                    config: AlignConfig | None = None,
                    progress: Callable[[int, int], None] | None = None) -> list[Bead]:
    """Align two sentence lists; the beads cover every sentence once, in order."""
    config = config or AlignConfig()
    n, m = len(zh), len(en)
    if n == 0 or m == 0:
        return [Bead((i,), (), 0.0) for i in range(n)] + [Bead((), (j,), 0.0) for j in range(m)]
    vectors = encoder.encode(list(zh) + list(en), progress=progress)
    zh_vecs, en_vecs = vectors[:n], vectors[n:]
    return align_embedded(zh, en, zh_vecs, en_vecs, config)


@dataclass
class _CutScorer:
    """A scorer that forbids beads spanning a cut: a cut at ``c`` on one side means no bead
    holds both sentence ``c - 1`` and sentence ``c`` of that side (a one-sided anchor was
    taken out there, see :mod:`aligner.anchored`)."""

    inner: _BeadScorer
    zh_cut_counts: np.ndarray
    """``zh_cut_counts[p]`` = number of zh cuts at positions ≤ p."""
    en_cut_counts: np.ndarray

    def score(self, i: int, a: int, cols: np.ndarray, b: int) -> np.ndarray:
        """The inner scores, with beads across a cut scored as impossible."""
        sims = self.inner.score(i, a, cols, b)
        # Window [s, e) spans a cut at c when s < c < e, i.e. counts[e - 1] > counts[s].
        if self.zh_cut_counts[i - 1] > self.zh_cut_counts[i - a]:
            return np.full(len(cols), _NEG)
        crossing = self.en_cut_counts[cols - 1] > self.en_cut_counts[cols - b]
        if crossing.any():
            sims = np.where(crossing, _NEG, sims)
        return sims


def _cut_counts(cuts: Sequence[int], size: int) -> np.ndarray:
    marks = np.zeros(size + 1, dtype=np.int64)
    for cut in cuts:
        if 0 < cut < size:
            marks[cut] = 1
    counts: np.ndarray = np.cumsum(marks)
    return counts


def document_length_ratio(zh: Sequence[str], en: Sequence[str]) -> float:
    """Expected en length units per zh length unit: the whole document's ratio."""
    zh_len, en_len = length_units(list(zh), "zh"), length_units(list(en), "en")
    return max(float(en_len.sum()), 1.0) / max(float(zh_len.sum()), 1.0)


def align_embedded(zh: list[str], en: list[str], zh_vecs: np.ndarray, en_vecs: np.ndarray,
                   config: AlignConfig | None = None, *, length_ratio: float | None = None,
                   zh_cuts: Sequence[int] = (), en_cuts: Sequence[int] = ()) -> list[Bead]:
    """Align two sentence lists whose unit-length embeddings are already computed.

    ``length_ratio`` (en units per zh unit) defaults to these lists' own ratio; a part of a
    document is better served by the whole document's. No bead spans a position of
    ``zh_cuts``/``en_cuts`` (see :class:`_CutScorer`). Each bead's score is its confidence:
    the configuration's calibration applied to its evidence (:func:`align_evidence`), or
    its posterior when the configuration has no calibration.
    """
    config = config or AlignConfig()
    beads, evidence = align_evidence(zh, en, zh_vecs, en_vecs, config, length_ratio=length_ratio,
                                     zh_cuts=zh_cuts, en_cuts=en_cuts)
    if config.calibration is None or not beads or not evidence:
        return beads
    confidences = config.calibration.apply(evidence)
    return [Bead(b.zh, b.en, float(c)) for b, c in zip(beads, confidences, strict=True)]


EVIDENCE = ("posterior", "boundary", "neighbour", "one_sided", "multi", "shortest", "outside",
            "length_gap", "score")
"""What :func:`align_evidence` reports about each bead of the path, one row per bead:

* ``posterior``: logit of the bead's posterior probability (clipped to ±``_LOGIT_CAP``);
* ``boundary``: logit of the smaller share of paths through its start and end cells (a
  boundary there whatever the beads around it);
* ``neighbour``: logit of the smaller posterior of the beads just before and after it (1 for
  the document's ends, where an anchor or the edge is);
* ``one_sided``: 1 for a 1-0/0-1 bead; ``multi``: 1 for a bead of three sentences or more;
* ``shortest``: log(1 + length) of its shortest sentence, in en length units (zh lengths
  times the document's length ratio); ``outside``: the same for the sentences just outside
  it on either side (the ones a one-sentence shift would move in or out);
* ``length_gap``: |log((en length + 1) / (zh length × ratio + 1))| of a two-sided bead, 0
  for a one-sided one;
* ``score``: the bead's DP score.
"""

_LOGIT_CAP = 12.0


def _logit(p: np.ndarray) -> np.ndarray:
    eps = float(np.exp(-_LOGIT_CAP))
    q = np.clip(p, eps, 1.0 - eps)
    out: np.ndarray = np.log(q) - np.log1p(-q)
    return out



def align_evidence(zh: list[str], en: list[str], zh_vecs: np.ndarray, en_vecs: np.ndarray,
                   config: AlignConfig | None = None, *, length_ratio: float | None = None,
                   zh_cuts: Sequence[int] = (), en_cuts: Sequence[int] = (),
                   extra_temperatures: Sequence[float] = ()
                   ) -> tuple[list[Bead], dict[str, np.ndarray]]:
    """The beads of :func:`align_embedded` scored by their posterior, and the evidence about
    each (:data:`EVIDENCE`; plus ``posterior@T`` for each of ``extra_temperatures``). Empty
    evidence when a side is empty."""
    config = config or AlignConfig()
    n, m = len(zh), len(en)
    if n == 0 or m == 0:
        return ([Bead((i,), (), 0.0) for i in range(n)] + [Bead((), (j,), 0.0) for j in range(m)],
                {})
    zh_vecs = np.ascontiguousarray(zh_vecs, dtype=np.float32)
    en_vecs = np.ascontiguousarray(en_vecs, dtype=np.float32)
    anchors = _anchor_chain(_top_k_pairs(zh_vecs, en_vecs, config.top_k), m)
    lo, hi = _search_band(anchors, n, m, config.band)
    zh_len, en_len = length_units(zh, "zh"), length_units(en, "en")
    # Expected en length per zh unit, from the document itself (a statistic, not a tuning).
    ratio = (length_ratio if length_ratio is not None
             else max(float(en_len.sum()), 1.0) / max(float(zh_len.sum()), 1.0))
    zh_units = np.concatenate([[0.0], np.cumsum(zh_len * ratio)])
    en_units = np.concatenate([[0.0], np.cumsum(en_len.astype(np.float64))])
    weights = config.weights
    channels = None
    if weights.numbers or weights.names or weights.dictionary:
        # Each zh sentence p can only meet en sentences near the band of rows p+1..p+max_side.
        rows_after = np.minimum(np.arange(n) + config.max_side, n)
        en_ranges = np.stack([np.maximum(lo[np.arange(n) + 1] - config.max_side, 0),
                              np.minimum(hi[rows_after] - 1, m - 1)], axis=1)
        channels = build_channels(zh, en, en_ranges, weights, config.learned_glosses)
    zh_w = np.maximum(zh_len, 1.0) ** config.window_weight_power
    en_w = np.maximum(en_len, 1.0) ** config.window_weight_power
    scorer = _Scorer(config,
                     [_window_vectors(zh_vecs, a, zh_w) for a in range(1, config.max_side + 1)],
                     [_window_vectors(en_vecs, b, en_w) for b in range(1, config.max_side + 1)],
                     zh_units, en_units, channels)
    bead_scorer: _BeadScorer = scorer
    if any(0 < c < n for c in zh_cuts) or any(0 < c < m for c in en_cuts):
        bead_scorer = _CutScorer(scorer, _cut_counts(zh_cuts, n), _cut_counts(en_cuts, m))
    path = _bead_dp(n, m, lo, hi, bead_scorer, config, extra_temperatures)
    beads = [Bead(tuple(range(i0, i0 + a)), tuple(range(j0, j0 + b)), posterior)
             for (i0, a, j0, b, _), posterior in zip(path.beads, path.posteriors, strict=True)]
    evidence = _evidence(path, zh_len * ratio, en_len)
    for temperature, posteriors in path.extra.items():
        evidence[f"posterior@{temperature:g}"] = _logit(np.array(posteriors))
    return beads, evidence


def _evidence(path: _Path, zh_len: np.ndarray, en_len: np.ndarray) -> dict[str, np.ndarray]:
    """:data:`EVIDENCE` of each bead of the path (lengths in en units on both sides)."""
    count = len(path.beads)
    post = np.array(path.posteriors)
    ends = np.array(path.boundaries)
    starts = np.concatenate([[1.0], ends[:-1]])
    before = np.concatenate([[1.0], post[:-1]])
    after = np.concatenate([post[1:], [1.0]])
    n, m = zh_len.shape[0], en_len.shape[0]
    shortest = np.zeros(count)
    outside = np.zeros(count)
    gap = np.zeros(count)
    one_sided = np.zeros(count)
    multi = np.zeros(count)
    for k, (i0, a, j0, b, _) in enumerate(path.beads):
        inner = list(zh_len[i0:i0 + a]) + list(en_len[j0:j0 + b])
        shortest[k] = np.log1p(min(inner))
        near = ([zh_len[i] for i in (i0 - 1, i0 + a) if 0 <= i < n]
                + [en_len[j] for j in (j0 - 1, j0 + b) if 0 <= j < m])
        outside[k] = np.log1p(min(near)) if near else np.log1p(max(inner))
        one_sided[k] = float(a == 0 or b == 0)
        multi[k] = float(a + b >= 3)
        if a and b:
            gap[k] = abs(np.log((en_len[j0:j0 + b].sum() + 1.0)
                                / (zh_len[i0:i0 + a].sum() + 1.0)))
    return {
        "posterior": _logit(post),
        "boundary": _logit(np.minimum(starts, ends)),
        "neighbour": _logit(np.minimum(before, after)),
        "one_sided": one_sided,
        "multi": multi,
        "shortest": shortest,
        "outside": outside,
        "length_gap": gap,
        "score": np.array([bead[4] for bead in path.beads]),
    }
