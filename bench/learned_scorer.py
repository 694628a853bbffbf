"""A learned bead score for the alignment DP — research: does it beat the hand score? No.

Not part of the product; the measured answer is in bench/RESULTS.md, "Learned bead score".

The hand-weighted score of :mod:`aligner.align` (cosine − margin + lexical bonus, × length
penalty × bead-size factor) is good at *where* two texts correspond (lax F1 ≈ 0.997 on
MAC-Dev) but less good at bead *granularity* (2-1 or 1-1 + 1-0, 1-2 or 1-1). This module
describes every candidate bead by a small feature vector (the hand score itself among them)
and scores it with a logistic regression fitted on gold beads (positives) against the
candidates the DP meets near the gold path (negatives). The DP then adds the model's logit
instead of the hand score.

Everything is vectorised over the en positions of one DP call, like ``_Scorer.score``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from aligner import align as _align
from aligner.align import AlignConfig
from aligner.beads import Bead
from aligner.features import FeatureWeights, build_channels, length_units

# Punctuation classes whose presence should agree across a translation (zh form, en form).
_PUNCT_CLASSES: tuple[tuple[str, str], ...] = (
    ("？?", "?"),
    ("！!", "!"),
    ("：:", ":"),
    ("“”「」『』\"", "\"“”"),
)
_TYPE_FEATURES: tuple[tuple[int, int], ...] = ((1, 2), (2, 1), (1, 3), (3, 1), (2, 2), (1, 4),
                                               (4, 1))

FEATURE_NAMES: tuple[str, ...] = (
    "hand_score",            # the current hand-weighted bead score (aligner.align._Scorer)
    "cosine",                # cosine of the two window vectors
    "margin",                # mean similarity to the sentences just outside the bead
    "numbers",               # lexical channel cosines (aligner.features)
    "names",
    "dictionary",
    "length_logratio_abs",   # |log(en length / (zh length × document ratio))|
    "length_log2_ratio",     # log2(1 + shorter/longer), the hand score's length factor
    "min_zh_member_cos",     # min over zh members of cos(member, en window)
    "min_en_member_cos",     # min over en members of cos(member, zh window)
    "zh_extend_gain",        # best cos gain from adding the zh sentence before/after
    "en_extend_gain",        # best cos gain from adding the en sentence before/after
    "punct_question_mismatch",
    "punct_exclaim_mismatch",
    "punct_colon_mismatch",
    "punct_quote_mismatch",
) + tuple(f"type_{a}-{b}" for a, b in _TYPE_FEATURES) + ("type_other",)


def _punct_prefix(sentences: Sequence[str], side: int) -> np.ndarray:
    """(len+1, classes) prefix counts of sentences containing each punctuation class."""
    has = np.array([[any(c in s for c in cls[side]) for cls in _PUNCT_CLASSES]
                    for s in sentences], dtype=np.float64).reshape(len(sentences),
                                                                   len(_PUNCT_CLASSES))
    return np.vstack([np.zeros((1, len(_PUNCT_CLASSES))), np.cumsum(has, axis=0)])


class BeadFeaturizer:
    """Per-bead features of one document pair, in the DP's conventions (zh[i-a:i], en[j-b:j])."""

    def __init__(self, zh: Sequence[str], en: Sequence[str], zh_vecs: np.ndarray,
                 en_vecs: np.ndarray, config: AlignConfig) -> None:
        self.config = config
        n, m = len(zh), len(en)
        self.n, self.m = n, m
        zh_vecs = np.ascontiguousarray(zh_vecs, dtype=np.float32)
        en_vecs = np.ascontiguousarray(en_vecs, dtype=np.float32)
        self.zh_vecs, self.en_vecs = zh_vecs, en_vecs
        anchors = _align._anchor_chain(_align._top_k_pairs(zh_vecs, en_vecs, config.top_k), m)
        self.lo, self.hi = _align._search_band(anchors, n, m, config.band)
        zh_len, en_len = length_units(zh, "zh"), length_units(en, "en")
        ratio = max(float(en_len.sum()), 1.0) / max(float(zh_len.sum()), 1.0)
        zh_units = np.concatenate([[0.0], np.cumsum(zh_len * ratio)])
        en_units = np.concatenate([[0.0], np.cumsum(en_len.astype(np.float64))])
        lo, hi = self.lo, self.hi
        rows_after = np.minimum(np.arange(n) + config.max_side, n)
        en_ranges = np.stack([np.maximum(lo[np.arange(n) + 1] - config.max_side, 0),
                              np.minimum(hi[rows_after] - 1, m - 1)], axis=1)
        # All three channels are features of their own, whatever the hand weights are.
        self.channels = build_channels(zh, en, en_ranges, FeatureWeights(1.0, 1.0, 1.0))
        zh_w = np.maximum(zh_len, 1.0) ** config.window_weight_power
        en_w = np.maximum(en_len, 1.0) ** config.window_weight_power
        # One window size more than a bead side: the "extend by one sentence" features.
        sizes = range(1, config.max_side + 2)
        self.zh_windows = [_align._window_vectors(zh_vecs, a, zh_w) for a in sizes]
        self.en_windows = [_align._window_vectors(en_vecs, b, en_w) for b in sizes]
        self.hand = _align._Scorer(config, self.zh_windows, self.en_windows, zh_units,
                                   en_units, self.channels)
        self.zh_units, self.en_units = zh_units, en_units
        self.zh_punct = _punct_prefix(zh, 0)
        self.en_punct = _punct_prefix(en, 1)
        self._type_index = {t: k for k, t in enumerate(_TYPE_FEATURES)}

    def features(self, i: int, a: int, cols: np.ndarray, b: int) -> np.ndarray:
        """(len(cols), len(FEATURE_NAMES)) features of beads zh[i-a:i] ↔ en[j-b:j], j in cols."""
        k = len(cols)
        out = np.zeros((k, len(FEATURE_NAMES)))
        zh_vec = self.zh_windows[a - 1][i - a]
        en_rows = self.en_windows[b - 1][cols - b]
        cos = en_rows @ zh_vec
        out[:, 0] = self.hand.score(i, a, cols, b)
        out[:, 1] = cos
        out[:, 2] = self.hand._margin(i, a, cols, b, zh_vec, en_rows)
        j0s = cols - b
        out[:, 3] = self.channels.numbers.cosine(i - a, a, j0s, b)
        out[:, 4] = self.channels.names.cosine(i - a, a, j0s, b)
        out[:, 5] = self.channels.dictionary.cosine(i - a, a, j0s, b)
        zh_len = self.zh_units[i] - self.zh_units[i - a]
        en_len = self.en_units[cols] - self.en_units[j0s]
        out[:, 6] = np.abs(np.log((en_len + 1.0) / (zh_len + 1.0)))
        out[:, 7] = np.log2(1.0 + np.minimum(zh_len, en_len)
                            / np.maximum(np.maximum(zh_len, en_len), 1e-9))
        # Does every member sentence have a counterpart on the other side?
        zh_members = self.zh_windows[0][i - a:i]                      # (a, d)
        out[:, 8] = (en_rows @ zh_members.T).min(axis=1)
        en_members = self.en_windows[0][j0s[:, None] + np.arange(b)]  # (k, b, d)
        out[:, 9] = (en_members @ zh_vec).min(axis=1)
        # Would one more sentence on a side fit better (a sign the bead is too small)?
        gains = []
        if i < self.n:
            gains.append(en_rows @ self.zh_windows[a][i - a])
        if i - a - 1 >= 0:
            gains.append(en_rows @ self.zh_windows[a][i - a - 1])
        out[:, 10] = (np.max(gains, axis=0) - cos) if gains else 0.0
        gains = []
        after_ok = cols < self.m
        if after_ok.any():
            g = np.full(k, -1.0)
            g[after_ok] = self.en_windows[b][j0s[after_ok]] @ zh_vec
            gains.append(g)
        before_ok = j0s - 1 >= 0
        if before_ok.any():
            g = np.full(k, -1.0)
            g[before_ok] = self.en_windows[b][j0s[before_ok] - 1] @ zh_vec
            gains.append(g)
        out[:, 11] = np.maximum(np.max(gains, axis=0) - cos, -1.0) if gains else 0.0
        zh_has = (self.zh_punct[i] - self.zh_punct[i - a]) > 0               # (classes,)
        en_has = (self.en_punct[cols] - self.en_punct[j0s]) > 0              # (k, classes)
        out[:, 12:16] = (zh_has[None, :] != en_has).astype(np.float64)
        t = self._type_index.get((a, b))
        out[:, 16 + (t if t is not None else len(_TYPE_FEATURES))] = 1.0
        return out


# ---------------------------------------------------------------------------------------
# the model

@dataclass(frozen=True)
class BeadModel:
    """A logistic regression over standardised bead features; the DP adds its logit."""

    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float
    skip: float
    """DP score of a 1-0 / 0-1 bead, in logit units."""
    trained_on: str = ""

    def logit(self, x: np.ndarray) -> np.ndarray:
        """Logit of P(gold bead) for each row of features."""
        logits: np.ndarray = ((x - self.mean) / self.scale) @ self.coef + self.intercept
        return logits


def fit_logistic(x: np.ndarray, y: np.ndarray, l2: float = 1.0, skip: float = -2.0,
                 trained_on: str = "", iterations: int = 30) -> BeadModel:
    """L2-regularised logistic regression by Newton's method (plain numpy)."""
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale < 1e-9] = 1.0
    z = np.hstack([(x - mean) / scale, np.ones((len(x), 1))])
    w = np.zeros(z.shape[1])
    reg = np.full(z.shape[1], l2)
    reg[-1] = 0.0  # the intercept is not shrunk
    for _ in range(iterations):
        p = 1.0 / (1.0 + np.exp(-(z @ w)))
        grad = z.T @ (p - y) + reg * w
        hess = (z * (p * (1 - p))[:, None]).T @ z + np.diag(reg + 1e-9)
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-7:
            break
    return BeadModel(mean, scale, w[:-1], float(w[-1]), skip, trained_on)


# ---------------------------------------------------------------------------------------
# training examples: gold beads vs the DP's candidates near the gold path

def training_examples(feats: BeadFeaturizer, gold: Sequence[Bead], coarse_gold: bool = False
                      ) -> tuple[np.ndarray, np.ndarray]:
    """Features and labels of every in-band candidate near the gold path.

    A candidate is "near" when its en window overlaps (±1 sentence) the en sentences gold
    aligns to its zh window. With ``coarse_gold`` (the Bible's verse-level gold, scored after
    merging beads inside a verse) candidates lying inside one gold bead are left out: a DP
    that splits a verse is not wrong there.
    """
    config = feats.config
    n = feats.n
    en_lo = np.full(n, 10 ** 9)
    en_hi = np.full(n, -1)
    bead_of_zh = np.full(n, -1)
    bead_of_en = np.full(feats.m, -1)
    gold_set = set()
    for g, bead in enumerate(gold):
        for p in bead.zh:
            bead_of_zh[p] = g
            if bead.en:
                en_lo[p], en_hi[p] = min(bead.en), max(bead.en)
        for q in bead.en:
            bead_of_en[q] = g
        if bead.zh and bead.en:
            gold_set.add((min(bead.zh), len(bead.zh), min(bead.en), len(bead.en)))
    xs, ys = [], []
    for i in range(1, n + 1):
        cols_all = np.arange(int(feats.lo[i]), int(feats.hi[i]) + 1)
        for a, b in config.bead_types():
            if a == 0 or b == 0 or i - a < 0:
                continue
            window_lo = en_lo[i - a:i].min()
            window_hi = en_hi[i - a:i].max()
            if window_hi < 0:
                continue
            cols = cols_all[(cols_all - b >= feats.lo[i - a]) & (cols_all - b <= feats.hi[i - a])
                            & (cols_all >= b)]
            # en window [cols-b, cols) overlaps [window_lo-1, window_hi+1]
            cols = cols[(cols - 1 >= window_lo - 1) & (cols - b <= window_hi + 1)]
            if not len(cols):
                continue
            labels = np.array([(i - a, a, int(j) - b, b) in gold_set for j in cols], dtype=float)
            keep = np.ones(len(cols), dtype=bool)
            if coarse_gold:
                zh_beads = set(bead_of_zh[i - a:i].tolist())
                for k, j in enumerate(cols):
                    en_beads = set(bead_of_en[int(j) - b:int(j)].tolist())
                    inside = len(zh_beads) == 1 and zh_beads == en_beads
                    if inside and not labels[k]:
                        keep[k] = False
            if keep.any():
                xs.append(feats.features(i, a, cols[keep], b))
                ys.append(labels[keep])
    return np.vstack(xs), np.concatenate(ys)


# ---------------------------------------------------------------------------------------
# the DP with the learned score

@dataclass
class LearnedScorer:
    """Drop-in for ``aligner.align._Scorer``: ``score`` returns the model's logit."""

    features: BeadFeaturizer
    model: BeadModel

    def score(self, i: int, a: int, cols: np.ndarray, b: int) -> np.ndarray:
        """Logit of each bead zh[i-a:i] ↔ en[j-b:j], j in ``cols``."""
        return self.model.logit(self.features.features(i, a, cols, b))


def align_learned(zh: Sequence[str], en: Sequence[str], zh_vecs: np.ndarray,
                  en_vecs: np.ndarray, model: BeadModel,
                  config: AlignConfig | None = None,
                  featurizer: BeadFeaturizer | None = None) -> list[Bead]:
    """``aligner.align.align_embedded`` with the learned bead score."""
    config = config or AlignConfig()
    n, m = len(zh), len(en)
    if n == 0 or m == 0:
        return [Bead((i,), (), 0.0) for i in range(n)] + [Bead((), (j,), 0.0) for j in range(m)]
    feats = featurizer or BeadFeaturizer(zh, en, zh_vecs, en_vecs, config)
    dp_config = replace(config, skip=model.skip)
    path = _align._bead_dp(n, m, feats.lo, feats.hi, LearnedScorer(feats, model), dp_config)
    return [Bead(tuple(range(i0, i0 + a)), tuple(range(j0, j0 + b)),
                 0.5 if a == 0 or b == 0 else float(1.0 / (1.0 + np.exp(-s))))
            for i0, a, j0, b, s in path.beads]


# ---------------------------------------------------------------------------------------
# structured training: weights that make the DP's best path the gold path

def _bead_features(feats: BeadFeaturizer, bead: tuple[int, int, int, int]) -> np.ndarray | None:
    """Features of one bead (i0, a, j0, b) as a row, or None for beads the DP cannot form."""
    i0, a, j0, b = bead
    if a > feats.config.max_side or b > feats.config.max_side or a + b > feats.config.max_bead:
        return None
    row: np.ndarray = feats.features(i0 + a, a, np.array([j0 + b]), b)[0]
    return row


def path_features(feats: BeadFeaturizer, beads: Sequence[tuple[int, int, int, int]]
                  ) -> tuple[np.ndarray, int, int]:
    """(Σ raw features, number of beads with two sides, number of 1-0/0-1 beads) of a path."""
    total = np.zeros(len(FEATURE_NAMES))
    pairs = skips = 0
    for bead in beads:
        if bead[1] == 0 or bead[3] == 0:
            skips += 1
            continue
        row = _bead_features(feats, bead)
        if row is not None:
            total += row
            pairs += 1
    return total, pairs, skips


def _as_tuples(beads: Sequence[Bead]) -> list[tuple[int, int, int, int]]:
    return [(min(b.zh) if b.zh else -1, len(b.zh), min(b.en) if b.en else -1, len(b.en))
            for b in beads]


def initial_model(x: np.ndarray, config: AlignConfig, trained_on: str = "") -> BeadModel:
    """A model whose score equals the hand score (weight 1 on it, 0 elsewhere): training
    starts from the current aligner and can only move away where the gold asks it to."""
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale < 1e-9] = 1.0
    coef = np.zeros(len(FEATURE_NAMES))
    coef[0] = scale[0]
    return BeadModel(mean, scale, coef, float(mean[0]), config.skip, trained_on)


def fit_structured(docs: Sequence[tuple[BeadFeaturizer, Sequence[Bead]]], start: BeadModel,
                   epochs: int = 5, rate: float = 0.02, trained_on: str = "",
                   log: bool = False) -> BeadModel:
    """Averaged structured perceptron: w += rate × (Φ(gold path) − Φ(DP path)), in the
    standardised feature space, the DP itself being the decoder."""
    w = np.concatenate([start.coef, [start.intercept, start.skip]])
    w_sum = np.zeros_like(w)
    steps = 0
    gold_phi = []
    for feats, gold in docs:
        total, pairs, skips = path_features(feats, _as_tuples(gold))
        gold_phi.append(np.concatenate([(total - pairs * start.mean) / start.scale,
                                        [pairs, skips]]))
    for epoch in range(epochs):
        errors = 0
        for (feats, gold), phi_gold in zip(docs, gold_phi, strict=True):
            model = replace(start, coef=w[:-2].copy(), intercept=float(w[-2]), skip=float(w[-1]))
            test = align_learned([""] * feats.n, [""] * feats.m, feats.zh_vecs, feats.en_vecs,
                                 model, feats.config, featurizer=feats)
            gold_set = set(_as_tuples(gold))
            wrong = [t for t in _as_tuples(test) if t not in gold_set]
            errors += len(wrong)
            total, pairs, skips = path_features(feats, _as_tuples(test))
            phi_test = np.concatenate([(total - pairs * start.mean) / start.scale,
                                       [pairs, skips]])
            w = w + rate * (phi_gold - phi_test)
            w_sum += w
            steps += 1
        if log:
            print(f"  epoch {epoch + 1}: {errors} wrong beads", flush=True)
    avg = w_sum / max(steps, 1)
    return replace(start, coef=avg[:-2], intercept=float(avg[-2]), skip=float(avg[-1]),
                   trained_on=trained_on)


# ---------------------------------------------------------------------------------------
# span CRF: the DP's own objective, restricted to short stretches of the gold path
#
# For a stretch of one to three consecutive gold beads (zh[p:q] ↔ en[r:s]), every way the DP
# could cut that stretch into beads is enumerated; the weights maximise the probability of
# the gold cut among them (a log-linear model over DP paths, exactly the DP's sum of bead
# scores). This trains the granularity decisions (2-1 vs 1-1 + 1-0, 1-2 vs 1-1 + 0-1, where a
# boundary falls) directly, without running the DP in the training loop.

def _segmentations(a_len: int, b_len: int, types: Sequence[tuple[int, int]], cap: int
                   ) -> list[list[tuple[int, int]]] | None:
    """Every sequence of bead types covering a_len zh and b_len en sentences (None if > cap)."""
    memo: dict[tuple[int, int], list[list[tuple[int, int]]] | None] = {}

    def rec(x: int, y: int) -> list[list[tuple[int, int]]] | None:
        if (x, y) == (a_len, b_len):
            return [[]]
        if (x, y) in memo:
            return memo[(x, y)]
        out: list[list[tuple[int, int]]] = []
        for a, b in types:
            if x + a <= a_len and y + b <= b_len:
                rest = rec(x + a, y + b)
                if rest is None:
                    return None
                out.extend([(a, b)] + r for r in rest)
                if len(out) > cap:
                    memo[(x, y)] = None
                    return None
        memo[(x, y)] = out
        return out

    return rec(0, 0)


@dataclass
class SpanExamples:
    """Path feature vectors of every alternative cut of every training stretch."""

    phi: np.ndarray        # (alternatives, features + 2): Σ standardised features, #pairs, #skips
    starts: np.ndarray     # first row of each stretch
    correct: np.ndarray    # bool per row: a cut the metric counts as right


def span_examples(feats: BeadFeaturizer, gold: Sequence[Bead], mean: np.ndarray,
                  scale: np.ndarray, coarse_gold: bool = False, max_beads: int = 3,
                  max_side: int = 6, cap: int = 3000) -> SpanExamples:
    """Stretches of 1..max_beads consecutive gold beads (each side ≤ max_side sentences).

    With ``coarse_gold`` (verse-level gold), a cut is right when none of its beads crosses a
    gold bead boundary and none is a 1-0/0-1 inside a two-sided gold bead: after merging the
    beads of a verse it equals the gold.
    """
    config = feats.config
    types = config.bead_types()
    tuples = _as_tuples(gold)
    cache: dict[tuple[int, int, int, int], np.ndarray | None] = {}

    def bead_phi(bead: tuple[int, int, int, int]) -> np.ndarray | None:
        if bead not in cache:
            row = _bead_features(feats, bead)
            cache[bead] = None if row is None else (row - mean) / scale
        return cache[bead]

    rows: list[np.ndarray] = []
    starts: list[int] = []
    correct: list[bool] = []
    width = len(FEATURE_NAMES)
    for g in range(len(tuples)):
        for k in range(1, max_beads + 1):
            stretch = tuples[g:g + k]
            if len(stretch) < k:
                break
            if any(t[1] > config.max_side or t[3] > config.max_side
                   or t[1] + t[3] > config.max_bead for t in stretch):
                break
            zh_ids = [p for b in gold[g:g + k] for p in b.zh]
            en_ids = [q for b in gold[g:g + k] for q in b.en]
            if not zh_ids or not en_ids or len(zh_ids) > max_side or len(en_ids) > max_side:
                break
            p, r = min(zh_ids), min(en_ids)
            cuts = _segmentations(len(zh_ids), len(en_ids), types, cap)
            if cuts is None or len(cuts) < 2:
                continue
            gold_cut = [(t[1], t[3]) for t in stretch]
            # Gold bead of each sentence of the stretch, for the coarse-gold test.
            zh_owner = {q: n for n, b in enumerate(gold[g:g + k]) for q in b.zh}
            en_owner = {q: n for n, b in enumerate(gold[g:g + k]) for q in b.en}
            block_start = len(rows)
            any_correct = False
            for cut in cuts:
                phi = np.zeros(width + 2)
                x, y = p, r
                beads = []
                ok = True
                for a, b in cut:
                    beads.append((x, a, y, b))
                    if a and b:
                        row = bead_phi((x, a, y, b))
                        if row is None:
                            ok = False
                            break
                        phi[:width] += row
                        phi[width] += 1
                    else:
                        phi[width + 1] += 1
                    x, y = x + a, y + b
                if not ok:
                    continue
                if coarse_gold:
                    right = True
                    for x0, a, y0, b in beads:
                        owners = {zh_owner[q] for q in range(x0, x0 + a)} | \
                                 {en_owner[q] for q in range(y0, y0 + b)}
                        owner = next(iter(owners))
                        if len(owners) > 1 or ((a == 0 or b == 0)
                                               and stretch[owner][1] and stretch[owner][3]):
                            right = False
                            break
                else:
                    right = cut == gold_cut
                rows.append(phi)
                correct.append(right)
                any_correct |= right
            if not any_correct or len(rows) - block_start < 2:
                del rows[block_start:]
                del correct[block_start:]
                continue
            starts.append(block_start)
    return SpanExamples(np.array(rows), np.array(starts, dtype=np.int64),
                        np.array(correct, dtype=bool))


def _merge_examples(parts: Sequence[SpanExamples]) -> SpanExamples:
    offset = 0
    starts = []
    for part in parts:
        starts.append(part.starts + offset)
        offset += len(part.phi)
    return SpanExamples(np.vstack([p.phi for p in parts]), np.concatenate(starts),
                        np.concatenate([p.correct for p in parts]))


def fit_span_crf(parts: Sequence[SpanExamples], start: BeadModel, l2: float = 1.0,
                 trained_on: str = "", fit_temperature: bool = True) -> BeadModel:
    """Maximise Σ log P(right cut | stretch) − l2/2 |w − w_start|² (L-BFGS).

    The prior pulls towards ``start`` (the hand score), so a feature moves only as far as
    the gold asks.
    """
    from scipy.optimize import minimize  # scipy: already a dependency; only the trainer needs it

    ex = _merge_examples(parts)
    phi, starts, correct = ex.phi, ex.starts, ex.correct
    ends = np.append(starts[1:], len(phi))
    w0 = np.concatenate([start.coef, [start.intercept, start.skip]])
    seg = np.repeat(np.arange(len(starts)), ends - starts)
    def objective_core(w: np.ndarray) -> tuple[float, np.ndarray]:
        s = phi @ w
        top = np.maximum.reduceat(s, starts)[seg]
        e = np.exp(s - top)
        z_all = np.add.reduceat(e, starts)
        ec = np.where(correct, e, 0.0)
        z_ok = np.add.reduceat(ec, starts)
        loss = float(np.sum(np.log(z_all) - np.log(z_ok)))
        p_all = e / z_all[seg]
        p_ok = ec / z_ok[seg]
        return loss, phi.T @ (p_all - p_ok)

    if fit_temperature:
        # The DP's argmax does not depend on the scale of w, the likelihood does: first fit
        # the scale of the start weights alone, then pull towards the rescaled start.
        base = w0.copy()

        def scaled(t: np.ndarray) -> tuple[float, np.ndarray]:
            loss, grad = objective_core(np.exp(t[0]) * base)
            return loss, np.array([float(grad @ base) * np.exp(t[0])])

        t = minimize(scaled, np.zeros(1), jac=True, method="L-BFGS-B").x[0]
        w0 = np.exp(t) * base

    def objective(w: np.ndarray) -> tuple[float, np.ndarray]:
        loss, grad = objective_core(w)
        diff = w - w0
        return loss + 0.5 * l2 * float(diff @ diff), grad + l2 * diff

    result = minimize(objective, w0, jac=True, method="L-BFGS-B", options={"maxiter": 500})
    w = result.x
    return replace(start, coef=w[:-2], intercept=float(w[-2]), skip=float(w[-1]),
                   trained_on=trained_on)
