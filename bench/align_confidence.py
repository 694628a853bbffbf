"""How well does a bead's confidence tell right beads from wrong ones? MAC-Dev and the Bible.

The confidence is the bead's posterior probability under exp(path score / T), mapped by the
aligner's calibration (see ``aligner.align``). For the default configuration and for the raw
posterior at each temperature this prints, on MAC-Dev, how many beads fall in each
confidence range and how many of those are exactly a gold bead (a reliability table), the
expected calibration error (ECE: the bead-weighted mean gap between confidence and the share
right, over ten equal-width bins) and the ROC AUC of confidence for "exactly right". On the
Bible, whose gold is verse-level, a bead counts as right when it lies inside one gold bead
(its zh and en ids all belong to the same gold bead), and AUC/ECE are printed for that::

    .venv/bin/python -m bench.align_confidence               # raw T = 0.03, 0.05, 0.07, 0.1
    .venv/bin/python -m bench.align_confidence --temperatures 0.05,0.08

The beads themselves do not depend on T (the DP's best path), only their confidence does.
"""

from __future__ import annotations

import argparse
from dataclasses import replace

import numpy as np
from scipy.stats import rankdata

from aligner.align import AlignConfig, align_embedded
from aligner.beads import Bead
from bench.align_bible import read_bible
from bench.align_mac import embed_all, read_mac_dev

RANGES = ((0.0, 0.5), (0.5, 0.8), (0.8, 0.9), (0.9, 0.95), (0.95, 1.0001))

Document = tuple[list[str], list[str], np.ndarray, np.ndarray, list[Bead]]
"""zh sentences, en sentences, their vectors, and the gold beads of one document pair."""


def auc(scores: np.ndarray, right: np.ndarray) -> float:
    """ROC AUC: the chance that a right bead has a higher confidence than a wrong one."""
    ranks = rankdata(scores)
    pos, neg = int(right.sum()), int((~right).sum())
    if not pos or not neg:
        return float("nan")
    return float((ranks[right].sum() - pos * (pos + 1) / 2) / (pos * neg))


def ece(scores: np.ndarray, right: np.ndarray, bins: int = 10) -> float:
    """Expected calibration error over equal-width confidence bins."""
    which = np.minimum((scores * bins).astype(int), bins - 1)
    total = 0.0
    for k in range(bins):
        inside = which == k
        if inside.any():
            total += inside.sum() * abs(scores[inside].mean() - right[inside].mean())
    return total / len(scores)


def mac_rows(config: AlignConfig, data: list[Document]) -> tuple[np.ndarray, np.ndarray]:
    """(confidence, exactly right) of every bead with two non-empty sides."""
    scores, right = [], []
    for zh, en, zv, ev, gold in data:
        wanted = {(b.zh, b.en) for b in gold}
        for bead in align_embedded(zh, en, zv, ev, config):
            if bead.zh and bead.en:
                scores.append(bead.score)
                right.append((bead.zh, bead.en) in wanted)
    return np.array(scores), np.array(right)


def bible_rows(config: AlignConfig, data: Document) -> tuple[np.ndarray, np.ndarray]:
    """(confidence, inside one gold bead) of every Bible bead with two non-empty sides."""
    zh, en, zv, ev, gold = data
    zh_owner = {i: k for k, b in enumerate(gold) for i in b.en}  # gold is en:zh
    en_owner = {j: k for k, b in enumerate(gold) for j in b.zh}
    scores, right = [], []
    for bead in align_embedded(zh, en, zv, ev, config):
        if bead.zh and bead.en:
            owners = {zh_owner.get(i) for i in bead.zh} | {en_owner.get(j) for j in bead.en}
            scores.append(bead.score)
            right.append(len(owners) == 1 and None not in owners)
    return np.array(scores), np.array(right)


def main(argv: list[str] | None = None) -> None:
    """Entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--temperatures", default="0.03,0.05,0.07,0.1")
    args = parser.parse_args(argv)
    chapters = read_mac_dev()
    count = len(chapters.names)
    vecs = embed_all(chapters.zh + chapters.en)
    mac = [(chapters.zh[k], chapters.en[k], vecs[k], vecs[count + k], chapters.gold[k])
           for k in range(count)]
    bzh, ben, bgold = read_bible()
    bzh_vecs, ben_vecs = embed_all([bzh, ben])
    bible = (bzh, ben, bzh_vecs, ben_vecs, bgold)
    print("| confidence | MAC-Dev: " + " | ".join(f"{lo:g}–{min(hi, 1):g}" for lo, hi in RANGES)
          + " | MAC-Dev AUC | MAC-Dev ECE | Bible AUC | Bible ECE |")
    print("|---" * (len(RANGES) + 5) + "|")
    configs = [("calibrated (default)", AlignConfig())] + [
        (f"raw posterior, T = {float(t):g}",
         replace(AlignConfig(), temperature=float(t), calibration=None))
        for t in args.temperatures.split(",") if t]
    for label, config in configs:
        scores, right = mac_rows(config, mac)
        cells = []
        for lo, hi in RANGES:
            inside = (scores >= lo) & (scores < hi)
            share = f"{100 * right[inside].mean():.1f} %" if inside.any() else "–"
            cells.append(f"{int(inside.sum())} beads, {share} right")
        b_scores, b_right = bible_rows(config, bible)
        print(f"| {label} | " + " | ".join(cells)
              + f" | {auc(scores, right):.3f} | {ece(scores, right):.3f}"
              f" | {auc(b_scores, b_right):.3f} | {ece(b_scores, b_right):.3f} |", flush=True)


if __name__ == "__main__":
    main()
