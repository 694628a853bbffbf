"""The two-pass bead DP: coverage, n-m beads, bad input, linear memory, real data."""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from aligner import align as align_module
from aligner.align import AlignConfig, _search_band, align_embedded, align_sentences
from aligner.beads import Bead, check_coverage, read_beads
from aligner.evaluate import score_documents

DIM = 64


class VectorEncoder:
    """A fake encoder: each text's vector is derived from its 'concept' tag ``cNN``.

    A text ``c7`` is concept 7; ``c7a``/``c7b`` are two halves of concept 7 whose mean is
    close to concept 7 (what a 1-2 bead looks like to an embedding model).
    """

    signature = "fake-vectors"

    def __init__(self, seed: int = 0) -> None:
        self.rng = np.random.default_rng(seed)
        self.concepts: dict[str, np.ndarray] = {}
        self.calls = 0

    def _concept(self, key: str) -> np.ndarray:
        if key not in self.concepts:
            self.concepts[key] = self.rng.standard_normal(DIM).astype(np.float32)
        return self.concepts[key]

    def encode(self, texts: list[str], batch_size: int = 64, progress: object = None
               ) -> np.ndarray:
        self.calls += 1
        rows = []
        for text in texts:
            tag = text.split()[0].lower() if text.split() else "empty"
            base = tag.rstrip("ab")
            vec = self._concept(base).copy()
            if tag != base:  # a half: the concept plus a private direction
                vec = vec + 0.8 * self._concept(tag)
            rows.append(vec / np.linalg.norm(vec))
        return np.array(rows, dtype=np.float32).reshape(len(texts), DIM)


def concepts(tags: list[str], lang: str) -> list[str]:
    # Lengths matter to the length penalty: zh about a third of en, like real text.
    filler = "字" * 10 if lang == "zh" else "word " * 6
    return [f"{tag} {filler}" for tag in tags]


def pairs(beads: list[Bead]) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    return [(b.zh, b.en) for b in beads]


DP_CASES = [
    pytest.param([f"c{i}" for i in range(20)], [f"c{i}" for i in range(20)],
                 [((i,), (i,)) for i in range(20)], id="one-to-one"),
    pytest.param(["c0", "c1", "c2", "c3"], ["c0", "c1a", "c1b", "c2", "c3"],
                 [((0,), (0,)), ((1,), (1, 2)), ((2,), (3,)), ((3,), (4,))], id="one-to-two"),
    pytest.param(["c0", "c1a", "c1b", "c2"], ["c0", "c1", "c2"],
                 [((0,), (0,)), ((1, 2), (1,)), ((3,), (2,))], id="two-to-one"),
    pytest.param(["c0", "c1", "c9", "c2", "c3"], ["c0", "c1", "c2", "c3"],
                 [((0,), (0,)), ((1,), (1,)), ((2,), ()), ((3,), (2,)), ((4,), (3,))],
                 id="zh-sentence-untranslated"),
]


@pytest.mark.parametrize(("zh_tags", "en_tags", "expected"), DP_CASES)
def test_dp_finds_the_beads(zh_tags: list[str], en_tags: list[str],
                            expected: list[tuple[tuple[int, ...], tuple[int, ...]]]) -> None:
    encoder = VectorEncoder()
    zh, en = concepts(zh_tags, "zh"), concepts(en_tags, "en")
    beads = align_sentences(zh, en, encoder)
    check_coverage(beads, len(zh), len(en))
    assert pairs(beads) == expected
    assert all(0.0 <= b.score <= 1.0 for b in beads)


def test_confident_beads_score_higher_than_wrong_ones() -> None:
    encoder = VectorEncoder()
    zh = concepts([f"c{i}" for i in range(10)], "zh")
    en = concepts([f"c{i}" for i in range(10)], "en")
    good = align_sentences(zh, en, encoder)
    assert min(b.score for b in good) > 0.8


BAD_INPUT = [
    pytest.param([], [], id="both-empty"),
    pytest.param(["c0 字字"], [], id="en-empty"),
    pytest.param([], ["c0 word"], id="zh-empty"),
    pytest.param(["c0 字字字"], [f"c{i} word word" for i in range(500)], id="one-against-500"),
    pytest.param([f"c{i} 字字字" for i in range(300)], ["c5 word word"], id="300-against-one"),
    pytest.param(["", "", ""], ["", ""], id="empty-strings"),
    pytest.param(["c1 " + "字" * 10_000], ["c1 " + "word " * 2_000], id="huge-sentence"),
]


@pytest.mark.parametrize(("zh", "en"), BAD_INPUT)
def test_bad_input_gives_a_covering_alignment(zh: list[str], en: list[str]) -> None:
    started = time.perf_counter()
    beads = align_sentences(zh, en, VectorEncoder())
    check_coverage(beads, len(zh), len(en))
    assert time.perf_counter() - started < 30
    assert all(0.0 <= b.score <= 1.0 for b in beads)


def test_one_against_many_puts_the_match_in_a_bead() -> None:
    en = [f"c{i} word word" for i in range(500)]
    beads = align_sentences(["c250 字字字"], en, VectorEncoder())
    full = [b for b in beads if b.zh and b.en]
    assert len(full) == 1 and 250 in full[0].en


def test_identical_texts_align_one_to_one() -> None:
    texts = [f"c{i} same text" for i in range(50)]
    beads = align_sentences(texts, texts, VectorEncoder())
    assert pairs(beads) == [((i,), (i,)) for i in range(50)]


def _all_paths(n: int, m: int, types: list[tuple[int, int]]
               ) -> list[list[tuple[int, int, int, int]]]:
    """Every monotone path of beads (i0, a, j0, b) from (0, 0) to (n, m)."""
    if (n, m) == (0, 0):
        return [[]]
    paths = []
    for a, b in types:
        if a <= n and b <= m:
            paths += [p + [(n - a, a, m - b, b)] for p in _all_paths(n - a, m - b, types)]
    return paths


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_confidence_is_the_exact_posterior_of_the_bead(seed: int) -> None:
    """Brute force on a small pair: enumerate every path, weight it by exp(score / T), and
    compare the marginal probability of each chosen bead with the confidence reported."""
    rng = np.random.default_rng(seed)
    n, m = 3, 4
    zh_vecs = rng.standard_normal((n, DIM)).astype(np.float32)
    en_vecs = np.vstack([zh_vecs, rng.standard_normal((1, DIM))]).astype(np.float32)
    en_vecs[:3] += 0.8 * rng.standard_normal((3, DIM)).astype(np.float32)
    zh_vecs /= np.linalg.norm(zh_vecs, axis=1, keepdims=True)
    en_vecs /= np.linalg.norm(en_vecs, axis=1, keepdims=True)
    zh, en = ["字" * 10] * n, ["word " * 6] * m
    config = AlignConfig(max_bead=3, max_side=2, temperature=0.2, calibration=None)
    band: dict[str, np.ndarray] = {}
    scorers: list[align_module._BeadScorer] = []
    found: list[align_module._Path] = []
    real_dp = align_module._bead_dp

    def spy(n: int, m: int, lo: np.ndarray, hi: np.ndarray, scorer: align_module._BeadScorer,
            config: AlignConfig, extra_temperatures: Sequence[float] = ()) -> align_module._Path:
        band["lo"], band["hi"] = lo, hi
        scorers.append(scorer)
        found.append(real_dp(n, m, lo, hi, scorer, config, extra_temperatures))
        return found[-1]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(align_module, "_bead_dp", spy)
        beads = align_embedded(zh, en, zh_vecs, en_vecs, config)
    assert (band["lo"] == 0).all() and (band["hi"] == m).all()  # the band is everything
    scorer = scorers[-1]

    def bead_score(i0: int, a: int, j0: int, b: int) -> float:
        if a == 0 or b == 0:
            return config.skip
        return float(scorer.score(i0 + a, a, np.array([j0 + b]), b)[0])

    paths = _all_paths(n, m, config.bead_types())
    totals = np.array([sum(bead_score(*bead) for bead in path) for path in paths])
    weights = np.exp((totals - totals.max()) / config.temperature)
    best = paths[int(totals.argmax())]
    assert [(b.zh, b.en) for b in beads] == [(tuple(range(i0, i0 + a)), tuple(range(j0, j0 + b)))
                                             for i0, a, j0, b in best]
    for bead, (i0, a, j0, b) in zip(beads, best, strict=True):
        marginal = sum(w for w, path in zip(weights, paths, strict=True)
                       if (i0, a, j0, b) in path) / weights.sum()
        # (1e-6: the DP scores many columns in one float32 product, this test one at a time)
        assert bead.score == pytest.approx(marginal, abs=1e-6)
    # The boundary marginal: the share of paths with a bead ending at each bead's end cell.
    for boundary, (i0, a, j0, b) in zip(found[-1].boundaries, best, strict=True):
        through = sum(w for w, path in zip(weights, paths, strict=True)
                      if any(p0 + pa == i0 + a and q0 + qb == j0 + b for p0, pa, q0, qb in path))
        assert boundary == pytest.approx(through / weights.sum(), abs=1e-6)


def test_band_stays_linear_for_long_documents() -> None:
    n = 6000
    anchors = [(i, i) for i in range(0, n, 3)]
    lo, hi = _search_band(anchors, n, n, AlignConfig().band)
    cells = int((hi - lo + 1).sum())
    assert cells < 40 * n  # a full matrix would be 36 million cells
    assert (np.diff(lo) >= 0).all() and (np.diff(hi) >= 0).all()
    assert lo[0] == 0 and hi[-1] == n


@pytest.mark.slow
def test_long_document_is_fast_and_covering() -> None:
    rng = np.random.default_rng(1)
    n = 6000
    vectors = rng.standard_normal((n, DIM)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    zh = ["字" * 20] * n
    en = ["word " * 12] * n
    started = time.perf_counter()
    beads = align_embedded(zh, en, vectors, vectors, AlignConfig())
    elapsed = time.perf_counter() - started
    check_coverage(beads, n, n)
    assert sum(1 for b in beads if b.zh == b.en) > 0.95 * n
    assert elapsed < 120


def _read_lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


@pytest.mark.slow
def test_real_model_on_one_mac_dev_chapter(data_dir: Path) -> None:
    from aligner.embed import load_encoder

    encoder = load_encoder()
    name = "006"
    zh = _read_lines(data_dir / "mac-dev" / "zh" / name)
    en = _read_lines(data_dir / "mac-dev" / "en" / name)
    beads = align_sentences(zh, en, encoder)
    check_coverage(beads, len(zh), len(en))
    gold = read_beads(data_dir / "mac-dev" / "gold" / f"{name}.align")
    scores = score_documents([gold], [beads])
    # Bertalign's algorithm with USE scores 0.863 on the whole of MAC-Dev.
    assert scores.f1_strict > 0.8
    assert scores.f1_lax > 0.97
