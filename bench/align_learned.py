"""Does a learned bead score beat the hand-weighted one? Honest protocols, same embeddings.

``bench.learned_scorer`` fits the weights of a linear bead score (features: the hand score,
cosine, margin, lexical channels, length, member cosines, extension gains, punctuation,
bead type) so that the DP's own objective prefers the gold cut of short stretches of gold
beads (a span CRF, L2-pulled towards the hand score). Protocols::

    .venv/bin/python -m bench.align_learned            # all protocols, l2 = 10
    .venv/bin/python -m bench.align_learned --l2 1,10,100
    .venv/bin/python -m bench.align_learned --insample --l2 0.1,1,10

1. MAC-Dev leave-one-chapter-out: fit on 5 chapters, align the 6th, micro-average.
2. Fit on all of MAC-Dev, test on the Bible (verse-merged) and WMT22 news (1-1 gold).
3. Fit on the Bible (verse-level gold: cuts inside a verse count as right), test on
   MAC-Dev and news.

``--insample`` instead fits on all of MAC-Dev and scores MAC-Dev itself: not a validation
but an optimistic bound, the best a learned linear bead score over these features could do.

Every row is compared with the hand-weighted default (``AlignConfig()``) on the same vectors.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from typing import ParamSpec, TypeVar

import numpy as np

from aligner.align import AlignConfig, align_embedded
from aligner.beads import Bead
from aligner.evaluate import Scores, score_documents
from bench.align_bible import read_bible, score_bible
from bench.align_mac import SHARED, embed_all, lines, read_mac_dev
from bench.learned_scorer import (
    BeadFeaturizer,
    BeadModel,
    align_learned,
    fit_span_crf,
    initial_model,
    span_examples,
)

NEWS = SHARED / "data" / "wmt22-zhen-news"


def _row(label: str, s: Scores, seconds: float) -> None:
    print(f"| {label} | {s.precision_strict:.4f} | {s.recall_strict:.4f} | **{s.f1_strict:.4f}** "
          f"| {s.precision_lax:.4f} | {s.recall_lax:.4f} | {s.f1_lax:.4f} | {seconds:.1f} |",
          flush=True)


class Corpus:
    """Sentences, vectors, featurizers and gold of one corpus."""

    def __init__(self, name: str, zh: list[list[str]], en: list[list[str]],
                 gold: list[list[Bead]], config: AlignConfig) -> None:
        self.name, self.zh, self.en, self.gold, self.config = name, zh, en, gold, config
        vectors = embed_all(zh + en)
        self.zh_vecs, self.en_vecs = vectors[:len(zh)], vectors[len(zh):]
        self.feats = [BeadFeaturizer(z, e, zv, ev, config) for z, e, zv, ev
                      in zip(zh, en, self.zh_vecs, self.en_vecs, strict=True)]

    def score(self, tests: list[list[Bead]]) -> Scores:
        """Strict/lax scores; the Bible is verse-merged first."""
        if self.name == "Bible":
            return score_bible(tests[0])
        return score_documents(self.gold, tests)

    def hand(self, docs: list[int] | None = None) -> list[list[Bead]]:
        """The hand-weighted default."""
        docs = docs if docs is not None else list(range(len(self.zh)))
        return [align_embedded(self.zh[k], self.en[k], self.zh_vecs[k], self.en_vecs[k],
                               self.config) for k in docs]

    def learned(self, model: BeadModel, docs: list[int] | None = None) -> list[list[Bead]]:
        """The learned score."""
        docs = docs if docs is not None else list(range(len(self.zh)))
        return [align_learned(self.zh[k], self.en[k], self.zh_vecs[k], self.en_vecs[k], model,
                              self.config, featurizer=self.feats[k]) for k in docs]

    def start(self, docs: list[int]) -> BeadModel:
        """The hand score as a model, standardised on these documents' first-pass cells."""
        rows = []
        for k in docs:
            f = self.feats[k]
            for i in range(1, f.n + 1, 3):
                cols = np.arange(max(1, int(f.lo[i])), int(f.hi[i]) + 1)
                rows.append(f.features(i, 1, cols, 1))
        return initial_model(np.vstack(rows), self.config)

    def fit(self, docs: list[int], l2: float, trained_on: str) -> BeadModel:
        """Span-CRF weights from these documents."""
        start = self.start(docs)
        parts = [span_examples(self.feats[k], self.gold[k], start.mean, start.scale,
                               coarse_gold=self.name == "Bible") for k in docs]
        return fit_span_crf(parts, start, l2=l2, trained_on=trained_on)


def load_mac(config: AlignConfig) -> Corpus:
    """MAC-Dev, six chapters."""
    mac = read_mac_dev()
    return Corpus("MAC-Dev", mac.zh, mac.en, mac.gold, config)


def load_bible(config: AlignConfig) -> Corpus:
    """The Bible; its gold is en:zh, swapped here to zh:en for training."""
    zh, en, gold = read_bible()
    return Corpus("Bible", [zh], [en], [[Bead(b.en, b.zh) for b in gold]], config)


def load_news(config: AlignConfig) -> Corpus:
    """WMT22 news: line i ↔ line i."""
    names = sorted(p.name for p in (NEWS / "zh").iterdir())
    zh = [lines(NEWS / "zh" / n) for n in names]
    return Corpus("WMT22 news", zh, [lines(NEWS / "en" / n) for n in names],
                  [[Bead((i,), (i,)) for i in range(len(doc))] for doc in zh], config)


P = ParamSpec("P")
T = TypeVar("T")


def timed(fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> tuple[T, float]:
    """``fn(*args, **kwargs)`` and the seconds it took."""
    started = time.perf_counter()
    out = fn(*args, **kwargs)
    return out, time.perf_counter() - started


def insample(config: AlignConfig, strengths: list[float]) -> None:
    """Fit on all six MAC-Dev chapters, score the same six: the bound of the learned score."""
    mac = load_mac(config)
    print("| protocol | strict P | strict R | **strict F1** | lax P | lax R | lax F1 | DP s |")
    print("|---|---|---|---|---|---|---|---|")
    tests, seconds = timed(mac.hand)
    _row("MAC-Dev: hand-weighted default", mac.score(tests), seconds)
    for l2 in strengths:
        model = mac.fit(list(range(len(mac.zh))), l2, "mac-dev")
        tests, seconds = timed(mac.learned, model)
        _row(f"MAC-Dev: learned on MAC-Dev itself (in-sample), l2={l2:g}", mac.score(tests),
             seconds)


def main(argv: list[str] | None = None) -> None:
    """Entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--l2", default="10", help="comma-separated prior strengths")
    parser.add_argument("--insample", action="store_true",
                        help="fit on all of MAC-Dev and score MAC-Dev (an optimistic bound)")
    args = parser.parse_args(argv)
    config = AlignConfig()
    if args.insample:
        insample(config, [float(v) for v in args.l2.split(",")])
        return
    mac, bible, news = load_mac(config), load_bible(config), load_news(config)
    print("| protocol | strict P | strict R | **strict F1** | lax P | lax R | lax F1 | DP s |")
    print("|---|---|---|---|---|---|---|---|")
    for corpus in (mac, bible, news):
        tests, seconds = timed(corpus.hand)
        _row(f"{corpus.name}: hand-weighted default", corpus.score(tests), seconds)
    for l2 in (float(v) for v in args.l2.split(",")):
        tests = []
        started = time.perf_counter()
        for k in range(len(mac.zh)):
            train = [o for o in range(len(mac.zh)) if o != k]
            model = mac.fit(train, l2, "")
            tests += mac.learned(model, [k])
        _row(f"MAC-Dev leave-one-chapter-out, learned l2={l2:g}", mac.score(tests),
             time.perf_counter() - started)
        model = mac.fit(list(range(len(mac.zh))), l2, "mac-dev")
        for corpus in (bible, news):
            tests, seconds = timed(corpus.learned, model)
            _row(f"{corpus.name}: learned on MAC-Dev, l2={l2:g}", corpus.score(tests), seconds)
        model = bible.fit([0], l2, "bible")
        for corpus in (mac, news):
            tests, seconds = timed(corpus.learned, model)
            _row(f"{corpus.name}: learned on the Bible, l2={l2:g}", corpus.score(tests), seconds)


if __name__ == "__main__":
    main()
