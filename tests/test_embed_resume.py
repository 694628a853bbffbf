"""An interrupted ``align`` keeps the embeddings it computed and a re-run embeds only the rest;
``runs.started_at`` is the real start (issue 12, item 11)."""

from __future__ import annotations

import time

import numpy as np
import pytest

from aligner import embed
from aligner.embed import CachedEncoder, Progress
from aligner.project import EMBEDDING, align_project
from corpus.store import Project
from tests.test_align_project import _add_document


class BatchEncoder:
    """Deterministic fake model: embeds batch by batch, reports progress after each batch,
    records every text it embeds, and can sleep on its first call."""

    signature = "batch-test v1 dim=16"

    def __init__(self, sleep: float = 0.0) -> None:
        self.embedded: list[str] = []
        self.sleep = sleep

    def encode(self, texts: list[str], batch_size: int = 256,
               progress: Progress | None = None) -> np.ndarray:
        if self.sleep:
            time.sleep(self.sleep)
            self.sleep = 0.0
        rows = []
        for start in range(0, len(texts), batch_size):
            for text in texts[start:start + batch_size]:
                self.embedded.append(text)
                rows.append(np.random.default_rng(sum(map(ord, text))).standard_normal(16))
            if progress is not None:
                progress(min(start + batch_size, len(texts)), len(texts))
        out = np.array(rows, dtype=np.float32).reshape(len(texts), 16)
        unit: np.ndarray = out / np.linalg.norm(out, axis=1, keepdims=True)
        return unit


class Interrupted(Exception):
    pass


def stored(project: Project) -> int:
    return int(project.conn.execute("SELECT count(*) FROM embeddings").fetchone()[0])


def test_cache_saves_in_slices_and_resumes(project: Project) -> None:
    texts = [f"sentence number {i}" for i in range(1000)]
    model = BatchEncoder()

    def interrupt(done: int, _total: int) -> None:
        if done >= 700:
            raise Interrupted  # as a kill or ctrl-c in the middle of embedding would

    with pytest.raises(Interrupted):
        CachedEncoder(model, project).encode(texts, batch_size=100, progress=interrupt)
    saved = stored(project)
    assert saved == 400 * (700 // 400)  # whole slices of 4 batches of 100 were stored
    model.embedded.clear()
    vectors = CachedEncoder(model, project).encode(texts, batch_size=100)
    assert len(model.embedded) == len(texts) - saved  # only the rest is embedded again
    assert vectors.shape == (1000, 16)
    fresh = BatchEncoder().encode(texts, batch_size=100)
    np.testing.assert_allclose(vectors, fresh, rtol=1e-6)


def test_interrupted_align_resumes_where_it_stopped(project: Project,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(embed, "BATCHES_PER_SAVE", 1)
    _add_document(project, "zh.txt", "zh", [f"第{i}句话讲的是棉花。" for i in range(300)])
    _add_document(project, "en.txt", "en", [f"Sentence {i} is about cotton." for i in range(300)])
    model = BatchEncoder()

    def interrupt(stage: str, done: int, _total: int) -> None:
        if stage == EMBEDDING and done >= 300:
            raise Interrupted

    with pytest.raises(Interrupted):
        align_project(project, model, progress=interrupt)
    saved = stored(project)
    assert saved == 256  # one slice (one batch of 256) stored before the interruption
    report = align_project(project, model)
    assert report.sentences_embedded == 600 - saved


def test_run_records_its_real_start(project: Project) -> None:
    _add_document(project, "zh.txt", "zh", ["棉花价格上涨。", "工人工资上涨。"])
    _add_document(project, "en.txt", "en", ["Cotton prices rose.", "Wages went up."])
    align_project(project, BatchEncoder(sleep=1.2))
    started, finished = project.conn.execute(
        "SELECT started_at, finished_at FROM runs WHERE command = 'align'").fetchone()
    assert started < finished  # they were equal: both were taken at the end
