"""Engines run tasks (a few documents each) on workers that hold a loaded encoder.

Both engines take tasks from an iterator and keep at most ``2 x workers`` of them in
flight, so neither the driver nor a worker ever holds more than a few tasks' documents,
however large the archive; results come back in completion order (the driver puts them in
their shards). ``local`` is a process pool on this machine, Ray's engine lives in
:mod:`archive.ray_engine`.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from archive.inputs import ArchiveError, DocumentJob
from archive.work import BatchSettings, DocumentOutcome, WorkerContext

if TYPE_CHECKING:
    from glossary.garble import GarbleRule

IN_FLIGHT_PER_WORKER = 2
"""Tasks queued per worker: one running, one ready, so a worker never waits for the driver."""


@dataclass(frozen=True)
class Task:
    """Documents handed to one worker at once, with the rules of their collection."""

    jobs: tuple[DocumentJob, ...]
    rules: tuple[GarbleRule, ...] = ()


class Engine(Protocol):
    """Runs tasks on workers; see the module docstring."""

    name: str
    workers: int
    signature: str
    """The signature of the workers' output (model, aligner, checker, settings)."""

    def run(self, tasks: Iterable[Task]) -> Iterator[list[DocumentOutcome]]:
        """The outcomes of every task, task by task, in completion order."""
        ...

    def close(self) -> None:
        """Stop the workers."""
        ...


def available_cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


_CONTEXT: WorkerContext | None = None
"""The worker's loaded encoder: set in the parent before the pool forks."""


def _die_with_parent() -> None:
    # A worker whose driver was killed (kill -9) must not live on as an orphan.
    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL("libc.so.6").prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        except OSError:
            pass


def _init_local_worker(settings: BatchSettings) -> None:
    _die_with_parent()
    global _CONTEXT
    if _CONTEXT is None:   # spawned, not forked: load here
        _CONTEXT = WorkerContext.load(settings)
    else:
        from archive.work import limit_blas_threads

        limit_blas_threads()


def _run_task(task: Task) -> list[DocumentOutcome]:
    assert _CONTEXT is not None, "worker not initialised"
    return _CONTEXT.process(task.jobs, task.rules)


def _started() -> int:
    return os.getpid()


class LocalEngine:
    """Worker processes on this machine (forked from a driver holding the loaded model), or
    the driver itself with one worker."""

    name = "local"

    def __init__(self, settings: BatchSettings, workers: int | None = None) -> None:
        global _CONTEXT
        self.workers = max(1, workers or available_cores())
        # A sentence-transformers model imports torch, which does not survive a fork.
        if settings.model != "usem3" and self.workers > 1:
            self.workers = 1
        self.context = WorkerContext.load(settings)
        self.signature = self.context.signature()
        self.pool: ProcessPoolExecutor | None = None
        if self.workers > 1:
            fork = sys.platform.startswith("linux")
            _CONTEXT = self.context if fork else None
            method = "fork" if fork else "spawn"
            self.pool = ProcessPoolExecutor(self.workers, multiprocessing.get_context(method),
                                            initializer=_init_local_worker,
                                            initargs=(settings,))
            # Fork every worker now, before the caller starts any thread (a progress bar).
            self.pool.submit(_started).result()

    def run(self, tasks: Iterable[Task]) -> Iterator[list[DocumentOutcome]]:
        """The outcomes of every task, task by task, in completion order."""
        if self.pool is None:
            for task in tasks:
                yield self.context.process(task.jobs, task.rules)
            return
        pool = self.pool
        source = iter(tasks)
        pending: set[Future[list[DocumentOutcome]]] = set()

        def fill() -> None:
            while len(pending) < IN_FLIGHT_PER_WORKER * self.workers:
                task = next(source, None)
                if task is None:
                    return
                pending.add(pool.submit(_run_task, task))

        fill()
        while pending:
            finished, _ = wait(pending, return_when=FIRST_COMPLETED)
            pending.difference_update(finished)
            fill()   # keep the workers busy while the driver writes
            for future in finished:
                try:
                    yield future.result()
                except BrokenProcessPool as exc:
                    raise ArchiveError(
                        "a worker process died (killed, or out of memory)",
                        hint="re-run the same command: finished shards are kept; fewer "
                             "--workers use less memory") from exc

    def close(self) -> None:
        """Stop the worker processes."""
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None
