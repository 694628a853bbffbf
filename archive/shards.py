"""The files of a batch run, one shard at a time.

Layout of ``--out DIR``::

    pairs/part-00000.parquet   one row per bead of the shard's documents, in job order
    align/NAME.align           beads of each done document (Vecalign format, as align-dir)
    export/part-00000.tmx      units of the shard (export stage: .tmx, .tsv, .jsonl)
    status/part-00000.tsv      status of each document of the shard: written last
    manifest.tsv               every document's status (rebuilt from status/ at each run)
    run.json                   settings, signature, counts, timings of the last run

Shard ``k`` holds documents ``k*S .. k*S+S-1`` of the job order (``S`` the shard size), so
what goes where depends on the input only, never on which worker finished first. Each file
is written atomically, and a shard's status file is written after all its other files:
a shard is done exactly when its status file exists, so a run killed at any moment leaves
no half shard that a re-run would take for done.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from archive.inputs import ArchiveError
from archive.work import DONE, EXPORT, BatchSettings, DocumentOutcome
from corpus.atomic import atomic_open, atomic_write_text

PAIRS_DIR = "pairs"
ALIGN_DIR = "align"
EXPORT_DIR = "export"
STATUS_DIR = "status"
MANIFEST = "manifest.tsv"
RUN_FILE = "run.json"
STATUS_COLUMNS = ("index", "id", "status", "zh_sentences", "en_sentences", "beads", "edits",
                  "error")
EXPORT_SUFFIX = {"tmx": ".tmx", "tsv": ".tsv", "jsonl": ".jsonl"}
BEADS_SUFFIX = ".align"
"""``NAME.align``, as ``align-dir`` names its beads files."""


def shard_name(shard: int) -> str:
    """``part-00012``: sorts in shard order."""
    return f"part-{shard:05d}"


def status_path(out: Path, shard: int) -> Path:
    """The file whose existence says shard ``shard`` is done."""
    return out / STATUS_DIR / f"{shard_name(shard)}.tsv"


def _clean(text: str) -> str:
    return text.replace("\t", " ").replace("\r", " ").replace("\n", " ")


def status_line(outcome: DocumentOutcome) -> str:
    """One line of a status file (tab-separated, see ``STATUS_COLUMNS``)."""
    return "\t".join([str(outcome.index), _clean(outcome.doc_id), outcome.status,
                      str(outcome.zh_sentences), str(outcome.en_sentences),
                      str(len(outcome.rows)), str(outcome.edits), _clean(outcome.error)])


@dataclass(frozen=True)
class StatusRecord:
    """One document's line of a status file, read back."""

    index: int
    doc_id: str
    status: str
    sentences: int
    error: str


def read_status(path: Path) -> list[StatusRecord]:
    """The records of one status file."""
    records = []
    for line in path.read_text(encoding="utf-8").split("\n")[1:]:
        if not line:
            continue
        fields = line.split("\t")
        records.append(StatusRecord(int(fields[0]), fields[1], fields[2],
                                    int(fields[3]) + int(fields[4]), fields[7]))
    return records


def _pairs_table(outcomes: Sequence[DocumentOutcome], signature: str) -> Any:
    import pyarrow as pa

    columns: dict[str, list[Any]] = {name: [] for name in (
        "doc_id", "bead", "unit_id", "bead_type", "zh_pos", "en_pos", "zh_ids", "en_ids", "zh",
        "en_original", "en_corrected", "repairs", "confidence", "meta")}
    from corpus.export.units import unit_id_for

    for outcome in outcomes:
        meta = json.dumps(dict(outcome.meta), ensure_ascii=False, sort_keys=True) \
            if outcome.meta else None
        for row in outcome.rows:
            columns["doc_id"].append(outcome.doc_id)
            columns["bead"].append(row.bead)
            columns["unit_id"].append(unit_id_for(row.zh_ids, row.en_ids))
            columns["bead_type"].append(row.bead_type)
            columns["zh_pos"].append(list(row.zh_pos))
            columns["en_pos"].append(list(row.en_pos))
            columns["zh_ids"].append(list(row.zh_ids))
            columns["en_ids"].append(list(row.en_ids))
            columns["zh"].append(row.zh)
            columns["en_original"].append(row.en_original)
            columns["en_corrected"].append(row.en_corrected)
            columns["repairs"].append(list(row.repairs))
            columns["confidence"].append(row.confidence)
            columns["meta"].append(meta)
    schema = pa.schema([
        ("doc_id", pa.string()), ("bead", pa.int32()), ("unit_id", pa.string()),
        ("bead_type", pa.string()), ("zh_pos", pa.list_(pa.int32())),
        ("en_pos", pa.list_(pa.int32())), ("zh_ids", pa.list_(pa.string())),
        ("en_ids", pa.list_(pa.string())), ("zh", pa.string()), ("en_original", pa.string()),
        ("en_corrected", pa.string()), ("repairs", pa.list_(pa.string())),
        ("confidence", pa.float64()), ("meta", pa.string()),
        ("signature", pa.string()),
    ], metadata={"bitextual_signature": signature})
    rows = len(columns["doc_id"])
    columns["signature"] = [signature] * rows
    return pa.Table.from_pydict(columns, schema=schema)


def _export_units(outcomes: Sequence[DocumentOutcome]) -> Iterator[Any]:
    from corpus.export.units import EN_LANG, ExportUnit, unit_id_for

    for outcome in outcomes:
        for row in outcome.rows:
            if not row.zh_pos or not row.en_pos:
                continue   # an empty side is not a translation unit (as in 'export')
            en = row.en_corrected if row.en_corrected is not None else row.en_original
            yield ExportUnit(
                unit_id=unit_id_for(row.zh_ids, row.en_ids), bead_id=row.bead,
                pair_id=outcome.index, document=outcome.doc_id,
                zh_document=f"{outcome.doc_id}#zh", en_document=f"{outcome.doc_id}#en",
                zh_ids=row.zh_ids, en_ids=row.en_ids, zh=row.zh, en=en, zh_original=None,
                en_original=row.en_original if en != row.en_original else None,
                score=row.confidence, status="pending", origin="aligner",
                zh_lang=outcome.zh_lang, en_lang=EN_LANG)


def _export_plan(outcomes: Sequence[DocumentOutcome], signature: str, created: datetime,
                 settings: BatchSettings) -> Any:
    from importlib.metadata import PackageNotFoundError, version

    from corpus.aligned import DocumentPair
    from corpus.export.units import ExportOptions, ExportPlan, ExportSignature

    try:
        tool = version("bitextual")
    except PackageNotFoundError:
        tool = "unknown"
    pairs = tuple(DocumentPair(o.index, 2 * o.index, 2 * o.index + 1, f"{o.doc_id}#zh",
                               f"{o.doc_id}#en", None if o.zh_lang == "zh" else o.zh_lang,
                               o.doc_id, signature) for o in outcomes if o.status == DONE)
    sig = ExportSignature(tool, (signature,), "none", created, f"batch {settings.describe()}")
    return ExportPlan(ExportOptions(), pairs, sig)


def write_shard(out: Path, shard: int, outcomes: Sequence[DocumentOutcome],
                settings: BatchSettings, signature: str, created: datetime) -> None:
    """Write every file of one shard, its status file last (see the module docstring)."""
    import pyarrow.parquet as pq

    from corpus.export import make_writer
    from corpus.export.files import atomic_outputs

    name = shard_name(shard)
    ordered = sorted(outcomes, key=lambda o: o.index)
    for outcome in ordered:
        if outcome.status == DONE:
            atomic_write_text(out / ALIGN_DIR / f"{outcome.doc_id}{BEADS_SUFFIX}",
                              outcome.beads_text)
    path = out / PAIRS_DIR / f"{name}.parquet"
    with atomic_open(path, "wb") as handle:
        pq.write_table(_pairs_table(ordered, signature), handle, compression="zstd")
    if EXPORT in settings.stages:
        plan = _export_plan(ordered, signature, created, settings)
        for fmt in settings.export_formats:
            writer = make_writer(fmt)
            target = out / EXPORT_DIR / f"{name}{EXPORT_SUFFIX[fmt]}"
            target.parent.mkdir(parents=True, exist_ok=True)
            with atomic_outputs(writer.output_paths(target)) as handles:
                writer.write(handles, _export_units(ordered), plan)
    lines = ["\t".join(STATUS_COLUMNS)] + [status_line(o) for o in ordered]
    atomic_write_text(status_path(out, shard), "\n".join(lines) + "\n")


def write_manifest(out: Path, shards: int) -> list[StatusRecord]:
    """Rebuild ``manifest.tsv`` from the status files of shards 0..shards-1 (all done)."""
    records: list[StatusRecord] = []
    with atomic_open(out / MANIFEST, "w", encoding="utf-8", newline="\n") as handle:
        handle.write("\t".join(STATUS_COLUMNS) + "\n")
        for shard in range(shards):
            path = status_path(out, shard)
            text = path.read_text(encoding="utf-8")
            handle.write(text.split("\n", 1)[1])
            records.extend(r for r in read_status(path))
    return records


def run_started(plan: dict[str, Any]) -> datetime:
    """The date of the first run over ``plan`` (from its run.json), else now.

    Exports carry it, so a resumed run writes the same export headers as the first one;
    ``SOURCE_DATE_EPOCH`` (the reproducible-builds convention) fixes it for tests.
    """
    import os

    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return datetime.fromtimestamp(int(epoch), UTC)
        except ValueError:
            raise ArchiveError(f"SOURCE_DATE_EPOCH={epoch!r} is not a number of seconds",
                               hint="unset it, or give seconds since 1970") from None
    return datetime.fromisoformat(plan["started"]) if "started" in plan \
        else datetime.now(UTC).replace(microsecond=0)


def check_previous_run(out: Path, plan: dict[str, Any]) -> dict[str, Any]:
    """The plan of the run already in ``out`` (or ``plan`` for a new run).

    A re-run resumes only a run over the same input with the same settings: anything else
    would mix two outputs in one directory.
    """
    path = out / RUN_FILE
    if not path.exists():
        return plan
    try:
        previous = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ArchiveError(f"cannot read the previous run's record: {exc}", path=path,
                           hint="choose another --out directory") from exc
    before = previous.get("plan", {})
    for key, value in plan.items():
        if key != "started" and before.get(key) != value:
            raise ArchiveError(
                f"the directory holds a run with other {key.replace('_', ' ')} "
                f"({before.get(key)!r}, now {value!r})", path=out,
                hint="re-run with the same input and options to resume it, or choose "
                     "another --out directory")
    return dict(before)


def write_run_file(out: Path, record: dict[str, Any]) -> None:
    """Write ``run.json`` atomically."""
    atomic_write_text(out / RUN_FILE, json.dumps(record, ensure_ascii=False, indent=2) + "\n")


def row_count(outcomes: Sequence[DocumentOutcome]) -> int:
    """Beads of the outcomes (rows of their Parquet shard)."""
    return sum(len(o.rows) for o in outcomes)



