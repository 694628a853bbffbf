"""``bitextual export``: write the corrected parallel text as TMX, XLIFF, TSV, JSONL or Moses."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from corpus.export import FORMATS, ExportOptions, export_project, make_writer
from tui.cli.common import ProjectOption, err_console, open_project, progress_bar
from tui.cli.common import console as stdout_console


class ExportFormat(StrEnum):
    """The formats ``--format`` accepts."""

    tmx = "tmx"
    xliff = "xliff"
    tsv = "tsv"
    jsonl = "jsonl"
    moses = "moses"


class StatusChoice(StrEnum):
    """Which beads become units."""

    all = "all"
    accepted = "accepted"


class TextChoice(StrEnum):
    """Which text is exported."""

    corrected = "corrected"
    original = "original"


class ScriptChoice(StrEnum):
    """Script of the exported Chinese side."""

    hans = "hans"
    hant = "hant"


assert {f.value for f in ExportFormat} == set(FORMATS), "keep the CLI choices and registry in step"


def export(
    fmt: Annotated[ExportFormat, typer.Option(
        "--format", "-f", help="tmx (TMX 1.4b), xliff (XLIFF 2.0), tsv, jsonl, or moses "
        "(PATH.zh + PATH.en + PATH.meta.json).", case_sensitive=False)],
    output: Annotated[Path, typer.Option(
        "--output", "-o", help="File to write; '-' writes to standard output (not moses); "
        "a symbolic link is followed, the file it points to is replaced (moses: the prefix "
        "of the files).")],
    project: ProjectOption = None,
    document: Annotated[list[str] | None, typer.Option(
        "--document", "-d", help="Export only pairs with this document (either side, or the "
        "imported file's name). Repeatable; default: all pairs.")] = None,
    status: Annotated[StatusChoice, typer.Option(
        "--status", help="all: pending and accepted beads (the status is in the output); "
        "accepted: only beads a reviewer accepted. Rejected and unaligned beads are never "
        "exported, nor links of comparable pairs a reviewer has not accepted.")
    ] = StatusChoice.all,
    min_confidence: Annotated[float | None, typer.Option(
        "--min-confidence", min=0.0, max=1.0, help="Skip pending beads scored below this "
        "(accepted beads are kept whatever their score).")] = None,
    text: Annotated[TextChoice, typer.Option(
        "--text", help="corrected: the reviewed text where there is one; original: the "
        "text as imported.")] = TextChoice.corrected,
    one_to_one: Annotated[bool, typer.Option(
        "--one-to-one", help="Skip n-m beads instead of joining their sentences.")] = False,
    zh_script: Annotated[ScriptChoice | None, typer.Option(
        "--zh-script", help="Convert the Chinese side to Simplified (hans) or Traditional "
        "(hant) with OpenCC; default: keep each document's script.")] = None,
    columns: Annotated[str | None, typer.Option(
        "--columns", help="TSV only: comma-separated columns (zh,en,id,score,status,document,"
        "zh_original,en_original,bead,zh_lang,en_lang).")] = None,
    no_header: Annotated[bool, typer.Option(
        "--no-header", help="TSV only: leave out the signature and column lines.")] = False,
) -> None:
    """Export the aligned, corrected sentence pairs of the project."""
    settings: dict[str, object] = {}
    if fmt is ExportFormat.tsv:
        if columns:
            settings["columns"] = tuple(c.strip() for c in columns.split(",") if c.strip())
        settings["header"] = not no_header
    elif columns or no_header:
        raise typer.BadParameter("--columns and --no-header apply to --format tsv only")
    writer = make_writer(fmt.value, **settings)
    options = ExportOptions(
        documents=tuple(document or ()), status=status.value, min_confidence=min_confidence,
        text=text.value, one_to_one=one_to_one,
        zh_script=zh_script.value if zh_script else None)
    with open_project(project) as proj, progress_bar() as progress:
        task = progress.add_task(f"exporting {fmt.value}", total=None)

        def on_plan(total: int) -> None:
            progress.update(task, total=total)

        seen = 0

        def on_bead() -> None:
            # Advancing the bar for every bead would cost more than writing the bead.
            nonlocal seen
            seen += 1
            if seen % 256 == 0:
                progress.advance(task, 256)

        report = export_project(proj, writer, output, options, on_bead=on_bead,
                                on_plan=on_plan)
    files = ", ".join("standard output" if str(p) == "-" else str(p) for p in report.paths)
    # with '-o -' the export itself is on standard output: the report goes to stderr
    console = err_console if str(output) == "-" else stdout_console
    console.print(f"wrote {report.written} unit(s) to {files}", highlight=False, markup=False)
    if report.skipped:
        console.print(report.describe_skipped(), highlight=False, markup=False)
    # The signature holds '[usem3 …]': printed as markup, rich would swallow it as a tag.
    console.print(f"signature: {report.signature}", highlight=False, soft_wrap=True,
                  markup=False)


def register(app: typer.Typer) -> None:
    """Add ``export`` to ``app``."""
    app.command("export")(export)
