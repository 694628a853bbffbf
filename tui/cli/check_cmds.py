"""``bitextual check`` and ``bitextual fix``: garble suggestions and batch repair."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from corpus.errors import IngestError
from glossary.fix import check_files, collect_inputs, fix_files, read_text_file
from glossary.garble.rules import GarbleRule
from glossary.suggestion import SAFE_CONFIDENCE
from tui.cli.common import ProjectOption, console, err_console, open_project, progress_bar


class OutputFormat(StrEnum):
    """How ``check`` prints suggestions."""

    table = "table"
    jsonl = "jsonl"


def _visible(text: str) -> str:
    """Show spaces and empty strings so spacing suggestions can be read."""
    return "∅" if text == "" else text.replace(" ", "␣")


def _rules_table(rules: list[GarbleRule], status: dict[str, str] | None = None) -> Table:
    table = Table(title="Learned substitution rules", title_justify="left")
    table.add_column("rule")
    table.add_column("types", justify="right")
    table.add_column("conf", justify="right")
    if status is not None:
        table.add_column("status")
    table.add_column("evidence", overflow="fold")
    for rule in rules:
        cells = [escape(rule.name), str(rule.types), f"{rule.confidence:.2f}"]
        if status is not None:
            cells.append(status.get(rule.name, "proposed"))
        cells.append(escape(rule.evidence()))
        table.add_row(*cells)
    return table


def _suggestion_table(rows: list[dict[str, object]], title: str) -> Table:
    table = Table(title=title, title_justify="left")
    for column in ("file", "line", "span", "original", "replacement", "rule", "conf", "evidence"):
        table.add_column(column, justify="right" if column in ("line", "conf") else "left",
                         overflow="fold")
    for row in rows:
        conf = float(row["confidence"])  # type: ignore[arg-type]
        style = "bold" if conf >= SAFE_CONFIDENCE else "dim"
        table.add_row(escape(str(row["file"])), str(row["line"] or ""),
                      f"{row['start']}–{row['end']}", escape(_visible(str(row["original"]))),
                      escape(_visible(str(row["replacement"]))), escape(str(row["rule"])),
                      f"[{style}]{conf:.2f}[/]", escape(str(row["evidence"])[:120]))
    return table


def _emit(rows: list[dict[str, object]], fmt: OutputFormat, title: str) -> None:
    if fmt is OutputFormat.jsonl:
        for row in rows:
            typer.echo(json.dumps(row, ensure_ascii=False))
    else:
        console.print(_suggestion_table(rows, title))


FIELDS = ("file", "line", "start", "end", "original", "replacement", "rule", "confidence",
          "evidence")


def register(app: typer.Typer) -> None:
    """Add ``check`` and ``fix`` to ``app``."""

    @app.command()
    def check(
        paths: Annotated[list[Path] | None, typer.Argument(
            help="Files or directories to check; none: check the project's English segments.",
            show_default=False)] = None,
        fmt: Annotated[OutputFormat, typer.Option("--format", "-f",
                                                  help="table or jsonl.")] = OutputFormat.table,
        project: ProjectOption = None,
        accept_rule: Annotated[list[str] | None, typer.Option(
            "--accept-rule", help="Project mode: accept a learned rule (all its occurrences "
            "become safe, each still reviewable) before checking.", show_default=False)] = None,
        reject_rule: Annotated[list[str] | None, typer.Option(
            "--reject-rule", help="Project mode: reject a learned rule (no more suggestions "
            "from it) before checking.", show_default=False)] = None,
    ) -> None:
        """Find garbles (learned substitutions, str.title() damage, mojibake, spacing) and terms.

        On files: prints suggestions (line is 1-based, start/end are character offsets in
        the line). On the project: also stores them (status 'open') and the learned rules.
        """
        if paths:
            if accept_rule or reject_rule:
                raise IngestError("--accept-rule/--reject-rule work on a project, not on files",
                                  hint="drop the paths to check the project")
            inputs = collect_inputs(paths)
            files = [read_text_file(path, name) for path, name in inputs]
            with progress_bar() as progress:
                progress.add_task("learning rules and checking", total=None)
                result = check_files(files)
            rows = []
            for doc, index, sug in result.all():
                row: dict[str, object] = {"file": doc, "line": index + 1}
                row.update({k: v for k, v in sug.to_dict().items() if k in FIELDS})
                rows.append(row)
            if fmt is OutputFormat.table:
                if result.rules:
                    console.print(_rules_table(result.rules))
            _emit(rows, fmt, f"{len(rows)} suggestions in {len(files)} files")
            err_console.print(f"[dim]{result.signature}[/]", highlight=False)
            return
        from glossary.garble.project import (  # noqa: PLC0415 - project mode only
            check_project,
            set_rule_status,
        )

        with open_project(project) as proj:
            for name in accept_rule or []:
                set_rule_status(proj, name, "accepted")
            for name in reject_rule or []:
                set_rule_status(proj, name, "rejected")
            with progress_bar() as progress:
                progress.add_task("checking English segments", total=None)
                report = check_project(proj)
        rows = []
        for item in report.found:
            row = {"file": item.document, "line": item.line, "segment": item.segment_id}
            row.update({k: v for k, v in item.suggestion.to_dict().items() if k in FIELDS})
            rows.append(row)
        if fmt is OutputFormat.table:
            if report.rules:
                console.print(_rules_table(report.rules, report.rule_status))
            _emit(rows, fmt, f"{len(rows)} suggestions")
            kinds = ", ".join(f"{n} {k}" for k, n in sorted(report.by_kind.items())) or "none"
            console.print(f"stored: {report.inserted} new, {report.stale} now stale · {kinds}\n"
                          f"[dim]{report.glossary}[/]")
        else:
            _emit(rows, fmt, "")
        err_console.print(f"[dim]{report.signature}[/]", highlight=False)

    @app.command()
    def fix(
        paths: Annotated[list[Path], typer.Argument(help="Files or directories to repair.")],
        out: Annotated[Path, typer.Option("--out", "-o", help="Directory to write repaired "
                                          "files to (same relative names).")],
        report: Annotated[Path | None, typer.Option(
            "--report", help="Write every suggestion (applied or not) as JSONL here.")] = None,
    ) -> None:
        """Repair files: apply only safe suggestions, keep every other byte exactly."""
        if not paths:
            raise IngestError("no input files", hint="name files or directories to repair")
        with progress_bar() as progress:
            task = progress.add_task("repairing", total=None)
            summary = fix_files(paths, out, report,
                                progress=lambda name: progress.advance(task))
        if summary.rules:
            console.print(_rules_table(summary.rules))
        kinds = ", ".join(f"{n} {k}" for k, n in sorted(summary.applied_by_kind.items()))
        console.print(f"{summary.files} files, {summary.lines} lines: applied "
                      f"{summary.applied} of {summary.suggestions} suggestions"
                      f"{' (' + kinds + ')' if kinds else ''} → {out}")
        if report is not None:
            console.print(f"report: {report}")
        err_console.print(f"[dim]{summary.signature}[/]", highlight=False)
