"""Bead confidences are calibrated: the default map of the posterior (fitted once on MAC-Dev)
keeps the posterior's order and, on real text, matches the share of beads that are right —
on MAC-Dev, where it was fitted, and on a stretch of the Bible it never saw."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from aligner.align import DEFAULT_CALIBRATION, AlignConfig, align_embedded, align_evidence
from aligner.beads import Bead, read_beads


def auc(scores: np.ndarray, right: np.ndarray) -> float:
    """The chance that a right bead is more confident than a wrong one (ties count half)."""
    pos, neg = scores[right], scores[~right]
    greater = (pos[:, None] > neg[None, :]).sum() + 0.5 * (pos[:, None] == neg[None, :]).sum()
    return float(greater / (len(pos) * len(neg)))


def ece(scores: np.ndarray, right: np.ndarray, bins: int = 10) -> float:
    """Bead-weighted mean gap between confidence and share right over equal-width bins."""
    which = np.minimum((scores * bins).astype(int), bins - 1)
    return float(sum((which == k).sum() * abs(scores[which == k].mean()
                                                - right[which == k].mean())
                     for k in range(bins) if (which == k).any()) / len(scores))


def test_the_map_is_increasing_in_the_posterior() -> None:
    posteriors = np.linspace(0.0, 1.0, 201)
    logits = np.log(np.clip(posteriors, 1e-9, 1)) - np.log(np.clip(1 - posteriors, 1e-9, 1))
    confidence = DEFAULT_CALIBRATION.apply({"posterior": np.clip(logits, -12, 12)})
    assert (np.diff(confidence) > 0).all()
    assert 0.0 < confidence[0] < 0.01 and 0.99 < confidence[-1] < 1.0


def test_confidence_orders_beads_like_the_posterior() -> None:
    """Same beads, and the calibrated confidences rank them exactly as the raw posteriors."""
    rng = np.random.default_rng(3)
    n = 60
    zh_vecs = rng.standard_normal((n, 32)).astype(np.float32)
    en_vecs = zh_vecs + 0.9 * rng.standard_normal((n, 32)).astype(np.float32)
    zh_vecs /= np.linalg.norm(zh_vecs, axis=1, keepdims=True)
    en_vecs /= np.linalg.norm(en_vecs, axis=1, keepdims=True)
    zh, en = ["字" * 12] * n, ["word " * 8] * n
    calibrated = align_embedded(zh, en, zh_vecs, en_vecs)
    raw, evidence = align_evidence(zh, en, zh_vecs, en_vecs,
                                   replace(AlignConfig(), calibration=None))
    assert [(b.zh, b.en) for b in calibrated] == [(b.zh, b.en) for b in raw]
    c = np.array([b.score for b in calibrated])
    p = np.array([b.score for b in raw])
    assert len(set(p.round(6))) > 5                      # the fixture has varied posteriors
    # no pair in the opposite order (posteriors within e^-12 of 0 or 1 may tie)
    assert (np.sign(np.subtract.outer(c, c)) * np.sign(np.subtract.outer(p, p)) >= 0).all()
    assert len(set(c.round(6))) > 5
    assert c == pytest.approx(DEFAULT_CALIBRATION.apply(evidence))


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def _rows(beads: list[Bead], gold: list[Bead], exact: bool) -> tuple[np.ndarray, np.ndarray]:
    """(confidence, right) of every bead: exactly a gold bead, or (``exact`` False, gold
    verse-level) inside one gold bead."""
    zh_owner = {i: k for k, b in enumerate(gold) for i in b.zh}
    en_owner = {j: k for k, b in enumerate(gold) for j in b.en}
    wanted = {(b.zh, b.en) for b in gold}
    scores, right = [], []
    for bead in beads:
        owners = {zh_owner[i] for i in bead.zh} | {en_owner[j] for j in bead.en}
        if exact:
            ok = (bead.zh, bead.en) in wanted
        else:
            owner = gold[next(iter(owners))]
            ok = len(owners) == 1 and (bool(bead.zh and bead.en) or not (owner.zh and owner.en))
        scores.append(bead.score)
        right.append(ok)
    return np.array(scores), np.array(right)


@pytest.mark.slow
def test_confidence_is_calibrated_on_mac_dev_and_on_held_out_bible(data_dir: Path) -> None:
    from aligner.embed import load_encoder

    encoder = load_encoder()
    old_default = replace(AlignConfig(), temperature=0.05, calibration=None)
    # MAC-Dev, six chapters: the corpus the map was fitted on (exact-bead labels).
    mac = data_dir / "mac-dev"
    scores, olds, rights = [], [], []
    for name in sorted(p.name for p in (mac / "zh").iterdir()):
        zh, en = _lines(mac / "zh" / name), _lines(mac / "en" / name)
        vectors = encoder.encode(zh + en)
        gold = read_beads(mac / "gold" / f"{name}.align")
        s, r = _rows(align_embedded(zh, en, vectors[:len(zh)], vectors[len(zh):]), gold, True)
        o, _ = _rows(align_embedded(zh, en, vectors[:len(zh)], vectors[len(zh):], old_default),
                     gold, True)
        scores.append(s)
        olds.append(o)
        rights.append(r)
    s, o, r = np.concatenate(scores), np.concatenate(olds), np.concatenate(rights)
    assert ece(s, r) < 0.03                      # measured 0.016 (the old default: 0.021)
    assert auc(s, r) > auc(o, r) - 0.002         # measured 0.892 against 0.891
    # The Bible's first 1,500 Chinese sentences (whole verses): never used for fitting.
    bible = data_dir / "bible"
    gold_en_zh = read_beads(bible / "gold" / "001.align")
    gold, zh_count = [], 0
    for bead in gold_en_zh:
        if zh_count >= 1500:
            break
        gold.append(Bead(bead.en, bead.zh))      # the file is en:zh
        zh_count += len(bead.en)
    n_zh = 1 + max(i for b in gold for i in b.zh)
    n_en = 1 + max(j for b in gold for j in b.en)
    zh = _lines(bible / "zh" / "001")[:n_zh]
    en = _lines(bible / "en" / "001")[:n_en]
    vectors = encoder.encode(zh + en)
    s, r = _rows(align_embedded(zh, en, vectors[:n_zh], vectors[n_zh:]), gold, False)
    assert (~r).sum() >= 5                       # measured 20 wrong of 1,120 beads
    assert ece(s, r) < 0.08                      # measured 0.049 (raw T = 0.1, whole Bible: 0.17)
    assert auc(s, r) > 0.93                      # measured 0.960
