"""Fit the map from a bead's evidence to its confidence; check it on the other corpus.

Run: ``.venv/bin/python -m bench.calibrate_confidence [--sets NAME,...] [--temperature T]``

Every bead of the automatic alignment of MAC-Dev (six chapters) and of the Bible gets the
evidence of :func:`aligner.align.align_evidence` (its posterior at several temperatures,
the boundary posteriors around it, its neighbours' posteriors, its type and sentence
lengths) and a label: on MAC-Dev, exactly a gold bead; on the Bible, whose gold is
verse-level, inside one gold bead (a one-sided bead: its sentence is one-sided in the
gold too). For each feature set, a logistic regression (L2 0.01 per bead, Newton) is fitted
on one corpus and scored on the other, and the other way round: AUC (the chance that a right
bead is more confident than a wrong one), ECE (ten equal-width bins), and, on MAC-Dev, how
many of the 10 % least confident beads are wrong (the first 10 % of a review). AUC and ECE
are over the two-sided beads, as in ``bench.align_confidence``, and over all beads (the
queue and the expected-wrong count see every bead).

``--fit`` prints the map fitted on MAC-Dev for one feature set, as Python to paste into
``AlignConfig``'s default, with its figures on both corpora.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from aligner.align import AlignConfig, align_evidence
from aligner.beads import Bead
from bench.align_confidence import auc, ece
from bench.review_effort import Corpus, bible_corpus, mac_corpus

TEMPERATURES = (0.03, 0.05, 0.06, 0.07, 0.08, 0.1, 0.15, 0.2)

FEATURE_SETS: dict[str, tuple[str, ...]] = {
    "post": ("posterior",),
    "post@0.1": ("posterior@0.1",),
    "post@0.2": ("posterior@0.2",),
    "post+boundary": ("posterior", "boundary"),
    "post+neighbour": ("posterior", "neighbour"),
    "post+type": ("posterior", "one_sided", "multi"),
    "post+lengths": ("posterior", "shortest", "outside"),
    "post+gap": ("posterior", "length_gap"),
    "post+score": ("posterior", "score"),
    "post+0.1": ("posterior", "posterior@0.1"),
    "post+0.2": ("posterior", "posterior@0.2"),
    "all": ("posterior", "boundary", "neighbour", "one_sided", "multi", "shortest", "outside",
            "length_gap", "score"),
}


@dataclass
class Rows:
    """Evidence and labels of every bead of one corpus."""

    name: str
    features: dict[str, np.ndarray]
    right: np.ndarray
    two_sided: np.ndarray


def corpus_rows(corpus: Corpus, config: AlignConfig) -> Rows:
    """Align every document (raw posteriors) and label its beads."""
    columns: dict[str, list[np.ndarray]] = {}
    right: list[bool] = []
    two_sided: list[bool] = []
    bible = corpus.name == "Bible"
    for doc in corpus.documents:
        beads, evidence = align_evidence(doc.zh, doc.en, doc.zh_vecs, doc.en_vecs, config,
                                         extra_temperatures=TEMPERATURES)
        for name, values in evidence.items():
            columns.setdefault(name, []).append(values)
        right += [label(doc.gold, doc.gold_of_zh, doc.gold_of_en, bead, bible)
                  for bead in beads]
        two_sided += [bool(bead.zh and bead.en) for bead in beads]
    return Rows(corpus.name, {k: np.concatenate(v) for k, v in columns.items()},
                np.array(right), np.array(two_sided))


def label(gold: list[Bead], gold_of_zh: list[int], gold_of_en: list[int], bead: Bead,
          verse_level: bool) -> bool:
    """Right: exactly a gold bead; verse-level gold: inside one gold bead (a one-sided bead:
    its sentence's gold bead is one-sided as well)."""
    owners = {gold_of_zh[i] for i in bead.zh} | {gold_of_en[j] for j in bead.en}
    if not verse_level:
        return len(owners) == 1 and gold[owners.pop()] == Bead(bead.zh, bead.en)
    if len(owners) != 1:
        return False
    owner = gold[owners.pop()]
    return bool(bead.zh and bead.en) or not (owner.zh and owner.en)


def design(rows: Rows, names: Sequence[str]) -> np.ndarray:
    """The feature matrix with a column of ones first."""
    return np.column_stack([np.ones(len(rows.right))] + [rows.features[n] for n in names])


def fit(x: np.ndarray, y: np.ndarray, l2: float = 0.01) -> np.ndarray:
    """Logistic regression by Newton's method (L2 on the weights, not the bias)."""
    w = np.zeros(x.shape[1])
    penalty = np.full(x.shape[1], l2 * len(y))
    penalty[0] = 0.0
    for _ in range(100):
        p = 1.0 / (1.0 + np.exp(-(x @ w)))
        grad = x.T @ (p - y) + penalty * w
        hess = (x * (p * (1 - p))[:, None]).T @ x + np.diag(penalty + 1e-9)
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return w


def predict(x: np.ndarray, w: np.ndarray) -> np.ndarray:
    """Confidences."""
    out: np.ndarray = 1.0 / (1.0 + np.exp(-(x @ w)))
    return out


def wrong_in_lowest(confidence: np.ndarray, right: np.ndarray, share: float = 0.10) -> int:
    """Wrong beads among the ``share`` least confident (ties broken by position)."""
    k = round(share * len(right))
    order = np.argsort(confidence, kind="stable")[:k]
    return int((~right[order]).sum())


SHARES = (0.02, 0.05, 0.10)


def figures(confidence: np.ndarray, rows: Rows) -> str:
    """AUC and ECE over two-sided and over all beads, wrong ones in the lowest 2/5/10 %."""
    two = rows.two_sided
    return (f"{auc(confidence[two], rows.right[two]):.3f} | "
            f"{ece(confidence[two], rows.right[two]):.3f} | "
            f"{auc(confidence, rows.right):.3f} | {ece(confidence, rows.right):.3f} | "
            + " / ".join(f"{wrong_in_lowest(confidence, rows.right, share)}"
                         for share in SHARES)
            + f" of {' / '.join(str(round(s * len(rows.right))) for s in SHARES)}")


def main(argv: list[str] | None = None) -> None:
    """Entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", default=",".join(FEATURE_SETS),
                        help="feature sets to compare: " + ", ".join(FEATURE_SETS))
    parser.add_argument("--temperature", type=float, default=None,
                        help="temperature of 'posterior' (default: the aligner's)")
    parser.add_argument("--pooled", action="store_true",
                        help="also fit each set on both corpora together")
    parser.add_argument("--raw", action="store_true", help="only the raw posteriors")
    parser.add_argument("--fit", default=None, help="print the MAC-Dev fit of this set")
    args = parser.parse_args(argv)
    config = replace(AlignConfig(), calibration=None)
    if args.temperature is not None:
        config = replace(config, temperature=args.temperature)
    mac, bible = corpus_rows(mac_corpus(), config), corpus_rows(bible_corpus(), config)
    print(f"MAC-Dev {len(mac.right)} beads ({int((~mac.right).sum())} wrong), Bible "
          f"{len(bible.right)} ({int((~bible.right).sum())} wrong); posterior at "
          f"T = {config.temperature:g}\n")
    head = "AUC 2-sided | ECE 2-sided | AUC all | ECE all | wrong in lowest 2 / 5 / 10 %"
    print(f"| confidence | on | {head} |")
    print("|---|---|---|---|---|---|---|")
    for t in TEMPERATURES:
        key = f"posterior@{t:g}"
        for rows in (mac, bible):
            raw = 1.0 / (1.0 + np.exp(-rows.features[key]))
            print(f"| raw posterior T = {t:g} | {rows.name} | {figures(raw, rows)} |", flush=True)
    for name in [] if args.raw else args.sets.split(","):
        names = FEATURE_SETS[name]
        for train, test in ((mac, bible), (bible, mac)):
            w = fit(design(train, names), train.right.astype(float))
            own = predict(design(train, names), w)
            held = predict(design(test, names), w)
            print(f"| {name}, fitted on {train.name} | {train.name} (in-sample) | "
                  f"{figures(own, train)} |")
            print(f"| {name}, fitted on {train.name} | {test.name} (held out) | "
                  f"{figures(held, test)} |", flush=True)
        if args.pooled:
            x = np.vstack([design(mac, names), design(bible, names)])
            w = fit(x, np.concatenate([mac.right, bible.right]).astype(float))
            for rows in (mac, bible):
                print(f"| {name}, fitted on both | {rows.name} (in-sample) | "
                      f"{figures(predict(design(rows, names), w), rows)} |", flush=True)
    if args.fit:
        names = FEATURE_SETS[args.fit]
        w = fit(design(mac, names), mac.right.astype(float))
        print(f"\nCalibration(bias={w[0]:.4f}, weights=("
              + ", ".join(f'("{n}", {v:.4f})' for n, v in zip(names, w[1:], strict=True))
              + "))")


if __name__ == "__main__":
    main()
