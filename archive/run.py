"""The driver of a batch run: cut the archive into shards, feed an engine, write shards.

``BatchRun(jobs, out, settings)`` checks the output directory (a re-run resumes only the
same run) and finds the shards already done; ``execute(engine)`` streams the remaining
documents to the engine in small tasks, collects the outcomes of each shard as they come
back in any order, and writes a shard as soon as its last document is in. The driver holds
the job list (paths, no text) and the outcomes of the shards in progress, which are at most
a few: tasks go out in shard order, and only ``2 x workers`` are in flight.
"""

from __future__ import annotations

import os
import resource
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from archive.engines import Engine, Task
from archive.inputs import ArchiveError, DocumentJob, input_fingerprint
from archive.shards import (
    StatusRecord,
    check_previous_run,
    run_started,
    status_path,
    write_manifest,
    write_run_file,
    write_shard,
)
from archive.work import DONE, FAILED, SKIPPED, BatchSettings, DocumentOutcome, skipped_outcome

if TYPE_CHECKING:
    from glossary.garble import GarbleRule

TASK_DOCUMENTS = 8
"""Most documents in one task: small documents travel together (less overhead per task)."""
TASK_BYTES = 48_000
"""A task is closed once its files hold this many bytes (one long document is one task)."""


@dataclass(frozen=True)
class BatchProgress:
    """Where a run is: documents finished (this run) and sentences processed."""

    documents: int
    total: int
    sentences: int


@dataclass
class WorkerStats:
    """What one worker process did in this run."""

    documents: int = 0
    sentences: int = 0
    seconds: float = 0.0
    cpu_seconds: float = 0.0
    process_cpu_seconds: float = 0.0
    """The worker process's CPU time when it finished its last document of the run."""
    peak_rss_kib: int = 0


@dataclass
class BatchSummary:
    """The outcome of a run, for the CLI's summary and the run record."""

    documents: int
    counts: dict[str, int]
    """Status -> documents, over the whole archive (earlier runs' shards included)."""
    processed: int
    """Documents processed by this run (the rest were done by an earlier run)."""
    sentences: int
    """Sentences processed by this run."""
    seconds: float
    failures: list[StatusRecord]
    engine: str
    workers: int
    signature: str
    driver_peak_rss_kib: int
    worker_stats: dict[str, WorkerStats] = field(default_factory=dict)

    @property
    def documents_per_second(self) -> float:
        """Documents processed per second of wall time."""
        return self.processed / self.seconds if self.seconds > 0 else 0.0

    @property
    def sentences_per_second(self) -> float:
        """Sentences processed per second of wall time."""
        return self.sentences / self.seconds if self.seconds > 0 else 0.0


def plan_record(jobs: Sequence[DocumentJob], settings: BatchSettings) -> dict[str, Any]:
    """What a re-run must share with the run it resumes."""
    return {"input": input_fingerprint(jobs), "documents": len(jobs), "model": settings.model,
            "stages": list(settings.stages), "export_formats": list(settings.export_formats),
            "collection_rules": settings.collection_rules, "shard_size": settings.shard_size,
            "glossary": settings.glossary_digest or None}


class BatchRun:
    """One run over an archive into ``out``; see the module docstring."""

    def __init__(self, jobs: Sequence[DocumentJob], out: Path, settings: BatchSettings) -> None:
        if not jobs:
            raise ArchiveError("the archive holds no document pair")
        if out.exists() and not out.is_dir():
            raise ArchiveError("the output path is a file", path=out,
                               hint="give --out a directory (it is created if missing)")
        self.jobs = list(jobs)
        self.out = out
        self.settings = settings
        size = settings.shard_size
        self.shards = [self.jobs[start:start + size] for start in range(0, len(jobs), size)]
        self.plan = check_previous_run(out, plan_record(jobs, settings))
        self.created: datetime = run_started(self.plan)
        self.plan.setdefault("started", self.created.isoformat())
        self.todo = [k for k in range(len(self.shards)) if not status_path(out, k).exists()]
        self.rules: dict[str, tuple[GarbleRule, ...]] = {}

    @property
    def documents_to_do(self) -> int:
        """Documents in the shards this run still has to write."""
        return sum(len(self.shards[k]) for k in self.todo)

    def learn_collection_rules(self, progress: Callable[[int, int], None] | None = None
                               ) -> None:
        """With ``collection_rules``: learn each collection's rules (before ``execute``)."""
        if self.settings.collection_rules and self.todo:
            from archive.collection import learn_collection_rules

            self.rules = learn_collection_rules(self.jobs, progress)

    def _tasks(self, buffers: dict[int, list[DocumentOutcome]]) -> Iterator[Task]:
        """Tasks in shard order; skipped documents go straight into their shard's buffer.

        A task's documents share one collection (and so one set of collection rules).
        """
        for shard in self.todo:
            batch: list[DocumentJob] = []
            size = 0
            for job in self.shards[shard]:
                if job.skip_reason is not None:
                    buffers[shard].append(skipped_outcome(job))
                    continue
                if batch and batch[-1].collection != job.collection:
                    yield self._task(batch)
                    batch, size = [], 0
                batch.append(job)
                size += _file_bytes(job)
                if len(batch) >= TASK_DOCUMENTS or size >= TASK_BYTES:
                    yield self._task(batch)
                    batch, size = [], 0
            if batch:
                yield self._task(batch)

    def _task(self, batch: list[DocumentJob]) -> Task:
        return Task(tuple(batch), self.rules.get(batch[0].collection, ()))

    def execute(self, engine: Engine, progress: Callable[[BatchProgress], None] | None = None
                ) -> BatchSummary:
        """Process every shard not yet done, write it, then the manifest and run record."""
        started = time.perf_counter()
        if self.plan.get("signature") not in (None, engine.signature):
            raise ArchiveError(
                "the directory holds a run made with another version of bitextual, model "
                f"or settings ({self.plan['signature']!r}, now {engine.signature!r})",
                path=self.out, hint="choose another --out directory")
        self.plan["signature"] = engine.signature
        self.out.mkdir(parents=True, exist_ok=True)
        write_run_file(self.out, {"plan": self.plan, "state": "running",
                                  "engine": engine.name})
        buffers: dict[int, list[DocumentOutcome]] = {k: [] for k in self.todo}
        shard_of = {job.index: k for k in self.todo for job in self.shards[k]}
        total = self.documents_to_do
        done = sentences = 0
        stats: dict[str, WorkerStats] = {}

        def flush() -> None:
            nonlocal done
            for shard in [k for k, got in buffers.items() if len(got) == len(self.shards[k])]:
                outcomes = buffers.pop(shard)
                write_shard(self.out, shard, outcomes, self.settings, engine.signature,
                            self.created)
                done += sum(1 for o in outcomes if o.status == SKIPPED)

        for outcomes in engine.run(self._tasks(buffers)):
            for outcome in outcomes:
                buffers[shard_of[outcome.index]].append(outcome)
                done += 1
                sentences += outcome.sentences
                worker = stats.setdefault(outcome.worker, WorkerStats())
                worker.documents += 1
                worker.sentences += outcome.sentences
                worker.seconds += outcome.seconds
                worker.cpu_seconds += outcome.cpu_seconds
                worker.process_cpu_seconds = max(worker.process_cpu_seconds,
                                                 outcome.worker_cpu_total)
                worker.peak_rss_kib = max(worker.peak_rss_kib, outcome.worker_peak_rss_kib)
            flush()
            if progress is not None:
                progress(BatchProgress(done, total, sentences))
        flush()
        if buffers:
            missing = sorted(buffers)[0]
            raise ArchiveError(f"shard {missing} did not receive all its documents",
                               path=self.out, hint="re-run the same command to finish it")
        if progress is not None:
            progress(BatchProgress(done, total, sentences))
        records = write_manifest(self.out, len(self.shards))
        counts = {status: sum(1 for r in records if r.status == status)
                  for status in (DONE, FAILED, SKIPPED)}
        summary = BatchSummary(
            documents=len(self.jobs), counts=counts, processed=total, sentences=sentences,
            seconds=time.perf_counter() - started,
            failures=[r for r in records if r.status == FAILED], engine=engine.name,
            workers=engine.workers, signature=engine.signature,
            driver_peak_rss_kib=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
            worker_stats=stats)
        write_run_file(self.out, run_record(self.plan, summary))
        return summary


def run_record(plan: dict[str, Any], summary: BatchSummary) -> dict[str, Any]:
    """``run.json``: the plan, then what the last run did (timings are not data: they live
    here, never in the shards)."""
    return {
        "plan": plan, "state": "finished", "engine": summary.engine,
        "workers": summary.workers, "counts": summary.counts, "processed": summary.processed,
        "sentences": summary.sentences, "seconds": round(summary.seconds, 3),
        "documents_per_second": round(summary.documents_per_second, 3),
        "sentences_per_second": round(summary.sentences_per_second, 1),
        "driver_peak_rss_mib": round(summary.driver_peak_rss_kib / 1024, 1),
        "worker_stats": {name: {"documents": w.documents, "sentences": w.sentences,
                                "busy_seconds": round(w.seconds, 3),
                                "cpu_seconds": round(w.cpu_seconds, 3),
                                "process_cpu_seconds": round(w.process_cpu_seconds, 3),
                                "peak_rss_mib": round(w.peak_rss_kib / 1024, 1)}
                         for name, w in sorted(summary.worker_stats.items())},
    }


def _file_bytes(job: DocumentJob) -> int:
    total = 0
    for path in (job.zh_path, job.en_path):
        if path is not None:
            try:
                total += os.path.getsize(path)
            except OSError:
                pass   # the worker reports the unreadable file
    return total
