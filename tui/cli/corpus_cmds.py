"""``bitextual add``, ``bitextual boilerplate`` and ``bitextual restore``."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich import box
from rich.cells import cell_len
from rich.markup import escape
from rich.table import Table

from corpus.boilerplate import SetAsideLine, list_set_aside, restore_boilerplate
from corpus.errors import BitextualError
from corpus.ingest import (
    FORMATS,
    FileResult,
    IngestOptions,
    InputFile,
    ingest_file,
    name_clashes,
)
from corpus.ingest import discover as discover_files
from corpus.store import Project
from tui.cli.common import (
    ProjectOption,
    console,
    err_console,
    open_project,
    progress_bar,
    report_waiting,
)

PROGRESS_MIN_FILES = 1
"""Show a progress bar from this many files on: even one large file (a TMX of 100,000 units)
takes long enough to want a sign of life; the bar is transient and hidden off a terminal."""
PREVIEW_CELLS = 70
"""Width of a set-aside line's preview in ``bitextual boilerplate``."""


def _preview(text: str, cells: int = PREVIEW_CELLS) -> str:
    """``text`` cut to ``cells`` terminal cells (a Chinese character takes two)."""
    out: list[str] = []
    used = 0
    for char in text:
        width = cell_len(char)
        if used + width > cells - 1:
            return "".join(out) + "…"
        out.append(char)
        used += width
    return "".join(out)


def _result_rows(result: FileResult) -> list[tuple[str, ...]]:
    rows: list[tuple[str, ...]] = []
    for doc in result.documents:
        # The script says the language too (zh-Hans is Chinese); mixed keeps both.
        lang = doc.script if doc.script and doc.lang in ("zh", "en") else \
            " ".join(x for x in (doc.lang, doc.script) if x)
        change = doc.status
        if doc.duplicate_of is not None:
            change = f"skipped: same file as {doc.duplicate_of}"
        if doc.status == "updated":
            change += f" (+{doc.segments_added} −{doc.segments_removed})"
        rows.append((doc.name, " ".join(x for x in (doc.format, doc.encoding) if x), lang,
                     str(doc.sentences), str(doc.set_aside), change))
    return rows


# Typer keeps single newlines of help text: one paragraph, one line.
ADD_HELP = "\n\n".join([
    "Import documents: .txt .md .html .docx, and bilingual .tsv .tmx .xliff/.xlf.",
    "A file given by itself is named by its file name; files found under a directory DIR are "
    "named DIR/path/under/it, so 'add zh en' keeps zh/001 and en/001 apart.",
    "A document whose name is already in the project is updated in place: unchanged "
    "sentences keep their ids (and review decisions); beads that used vanished sentences are "
    "deleted and counted. A file already in the project under another name is skipped.",
    "Boilerplate lines are set aside with a reason ('bitextual boilerplate' lists them). Each "
    "file is one transaction: a bad file changes nothing, and the command exits with code 2 "
    "after importing the others.",
])


def register(app: typer.Typer) -> None:
    """Add the corpus commands to ``app``."""

    @app.command(help=ADD_HELP)
    def add(
        paths: Annotated[list[Path], typer.Argument(
            help="Files or directories (searched recursively for supported files).",
            show_default=False)],
        project: ProjectOption = None,
        keep_boilerplate: Annotated[bool, typer.Option(
            "--keep-boilerplate", help="Keep every line; do not set boilerplate aside.")] = False,
        lang: Annotated[str | None, typer.Option(
            "--lang", help="Language of the documents (zh or en) instead of detecting it.",
            show_default=False)] = None,
        file_format: Annotated[str | None, typer.Option(
            "--format", help="Read every file as this format whatever its extension "
            f"({', '.join(FORMATS)}); e.g. corpora of extensionless text files.",
            show_default=False)] = None,
    ) -> None:
        """Import documents (the text users see is ADD_HELP)."""
        if lang is not None and lang not in ("zh", "en"):
            raise BitextualError(f"unknown language '{lang}'", hint="use --lang zh or --lang en")
        if file_format is not None and file_format not in FORMATS:
            raise BitextualError(f"unknown format '{file_format}'",
                                 hint=f"use --format with one of: {', '.join(FORMATS)}")
        options = IngestOptions(clean=not keep_boilerplate, lang=lang, format=file_format)
        failures: list[BitextualError] = []
        items: list[InputFile] = []
        for path in paths:
            try:
                items.extend(discover_files(path, file_format))
            except BitextualError as exc:
                failures.append(exc)
        items, clashes = name_clashes(items)
        failures.extend(clashes)
        results: list[FileResult] = []
        with open_project(project) as proj, proj.exclusive("add", report_waiting("add")):
            if len(items) >= PROGRESS_MIN_FILES:
                with progress_bar() as progress:
                    task = progress.add_task("importing", total=len(items))
                    for item in items:
                        progress.update(task, description=f"importing {item.name}")
                        _import_one(proj, item, options, results, failures)
                        progress.advance(task)
            else:
                for item in items:
                    _import_one(proj, item, options, results, failures)
        _print_results(results)
        if failures:
            err_console.print(f"[bold red]{len(failures)} file(s) could not be imported:[/]")
            for failure in failures:
                err_console.print(f"  [red]{failure.title}:[/] {escape(failure.describe())}",
                                  highlight=False, soft_wrap=True)
            sys.exit(2)

    @app.command()
    def boilerplate(
        document: Annotated[str | None, typer.Argument(
            help="Document name (default: all documents).", show_default=False)] = None,
        project: ProjectOption = None,
    ) -> None:
        """List the lines set aside as boilerplate, with the reason for each."""
        with open_project(project) as proj:
            lines = list_set_aside(proj, document)
        if not lines:
            console.print("No lines are set aside.")
            return
        by_document: dict[str, list[SetAsideLine]] = {}
        for item in lines:
            by_document.setdefault(item.document, []).append(item)
        for name, items in by_document.items():
            table = Table(title=f"{escape(name)}: {len(items)} line(s) set aside",
                          title_justify="left")
            table.add_column("line", justify="right", no_wrap=True)
            table.add_column("reason", no_wrap=True)
            table.add_column("text", no_wrap=True, overflow="ellipsis")
            reason_cells = max(cell_len(i.reason) for i in items)
            text_cells = max(20, console.width - reason_cells - 16)
            for item in items:
                table.add_row(str(item.line or ""), escape(item.reason),
                              escape(_preview(item.text, text_cells)))
            console.print(table)
        console.print(f"{len(lines)} line(s). Bring one back with "
                      "'bitextual restore DOC --line N' (or --all).", highlight=False)

    @app.command()
    def restore(
        document: Annotated[str, typer.Argument(help="Document name.", show_default=False)],
        line: Annotated[int | None, typer.Option(
            "--line", help="Source line to bring back.", show_default=False)] = None,
        restore_all: Annotated[bool, typer.Option(
            "--all", help="Bring back every set-aside line of the document.")] = False,
        project: ProjectOption = None,
    ) -> None:
        """Bring set-aside boilerplate lines back into a document's text."""
        with open_project(project) as proj:
            result = restore_boilerplate(proj, document, line=line, restore_all=restore_all)
        lines = ", ".join(str(n) for n in result.lines if n is not None)
        console.print(f"Restored {len(result.lines)} line(s) of {escape(result.document)}"
                      f"{' (lines ' + lines + ')' if lines else ''}: "
                      f"{result.sentences_added} sentence(s) added"
                      + (f", {result.beads_removed} bead(s) removed" if result.beads_removed
                         else "") + ".", highlight=False)


def _import_one(proj: Project, item: InputFile, options: IngestOptions,
                results: list[FileResult], failures: list[BitextualError]) -> None:
    try:
        results.append(ingest_file(proj, item, options))
    except BitextualError as exc:
        failures.append(exc)


def _print_results(results: list[FileResult]) -> None:
    if not results:
        return
    # No vertical rules: at 80 columns every cell is needed for the names.
    table = Table(title="Imported", title_justify="left", box=box.SIMPLE_HEAD)
    longest = max(cell_len(doc.name) for r in results for doc in r.documents)
    table.add_column("document", overflow="fold", min_width=min(longest, 20))
    for column in ("format", "lang", "sentences", "set aside"):
        table.add_column(column, no_wrap=True,
                         justify="right" if column in ("sentences", "set aside") else "left")
    table.add_column("status", overflow="fold")
    for result in results:
        for row in _result_rows(result):
            table.add_row(*(escape(cell) for cell in row))
    console.print(table)
    counts = {status: sum(1 for r in results if r.status == status)
              for status in ("added", "updated", "unchanged", "duplicate")}
    beads_removed = sum(r.beads_removed for r in results)
    beads_added = sum(r.beads_added for r in results)
    labels = {"duplicate": "skipped (already in the project under another name)"}
    summary = ", ".join(f"{n} {labels.get(status, status)}" for status, n in counts.items() if n)
    extra = ""
    if beads_added:
        extra += f"; {beads_added} imported bead(s) added"
    if beads_removed:
        extra += f"; {beads_removed} bead(s) removed because their sentences changed"
    console.print(f"{len(results)} file(s): {summary}{extra}.", highlight=False)
    for result in results:
        for warning in result.warnings:
            err_console.print(f"[yellow]warning:[/] {escape(warning)}", highlight=False,
                              soft_wrap=True)
