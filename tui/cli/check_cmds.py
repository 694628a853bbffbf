"""``bitextual check`` and ``bitextual fix``: garble suggestions and batch repair."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table
from rich.text import Text

from corpus import suggestions
from corpus.aligned import language_segments
from corpus.errors import IngestError
from glossary.finding import Finding
from glossary.fix import check_files, collect_inputs, fix_files, read_text_file
from glossary.garble.rules import GarbleRule
from tui.cli.check_table import SuggestionRow, print_check_table
from tui.cli.common import (
    ProjectOption,
    busy_indicator,
    console,
    err_console,
    open_project,
    progress_bar,
    report_waiting,
)


class OutputFormat(StrEnum):
    """How ``check`` prints suggestions."""

    table = "table"
    jsonl = "jsonl"


def _rules_table(rules: list[GarbleRule]) -> Table:
    """Learned rules of a ``fix`` run with their evidence (no suggestion rows to count)."""
    table = Table(title="Learned substitution rules", title_justify="left")
    table.add_column("rule", no_wrap=True)
    table.add_column("types", justify="right")
    table.add_column("conf", justify="right")
    table.add_column("evidence", overflow="fold", ratio=1)
    for rule in rules:
        table.add_row(Text(rule.name), str(rule.types), f"{rule.confidence:.2f}",
                      Text(rule.evidence()))
    return table


def _emit_jsonl(rows: list[dict[str, object]]) -> None:
    for row in rows:
        typer.echo(json.dumps(row, ensure_ascii=False))


def _table_row(file: str, line: int | None, sug: Finding, context: str) -> SuggestionRow:
    return SuggestionRow(file, line, sug.start, sug.end, sug.original, sug.replacement,
                         sug.rule, float(sug.confidence), sug.evidence, context)


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
            "--accept-rule", help="Project mode: accept a rule before checking: its open "
            "suggestions are applied and its new occurrences become safe (each still "
            "reviewable); one decision, undoable in the review app.",
            show_default=False)] = None,
        reject_rule: Annotated[list[str] | None, typer.Option(
            "--reject-rule", help="Project mode: reject a rule before checking: its open "
            "suggestions are rejected and it makes no more; one decision, undoable in the "
            "review app.", show_default=False)] = None,
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
            with busy_indicator("learning rules and checking"):
                result = check_files(files)
            found = result.all()
            rows = []
            for doc, index, sug in found:
                row: dict[str, object] = {"file": doc, "line": index + 1}
                row.update({k: v for k, v in sug.to_dict().items() if k in FIELDS})
                rows.append(row)
            if fmt is OutputFormat.table:
                lines = {f.name: f.lines for f in files}
                print_check_table(
                    console, [_table_row(doc, index + 1, sug, lines[doc][index])
                              for doc, index, sug in found],
                    result.rules, f"{len(rows)} suggestions in {len(files)} files")
            else:
                _emit_jsonl(rows)
            err_console.print(Text(result.signature, style="dim"), soft_wrap=True)
            return
        from glossary.garble.project import check_project  # noqa: PLC0415 - project mode only

        with open_project(project) as proj, proj.exclusive("check", report_waiting("check")):
            for name in accept_rule or []:
                suggestions.accept_rule(proj, name)
            for name in reject_rule or []:
                suggestions.reject_rule(proj, name)
            with busy_indicator("checking English segments"):
                report = check_project(proj)
            texts = {s.id: s.text for s in language_segments(proj, "en")}
        rows = []
        for item in report.found:
            row = {"file": item.document, "line": item.line, "segment": item.segment_id}
            row.update({k: v for k, v in item.finding.to_dict().items() if k in FIELDS})
            rows.append(row)
        if fmt is OutputFormat.table:
            print_check_table(
                console, [_table_row(item.document, item.line, item.finding,
                                     str(texts.get(item.segment_id, "")))
                          for item in report.found],
                report.rules, f"{len(rows)} suggestions", report.rule_status)
            kinds = ", ".join(f"{n} {k}" for k, n in sorted(report.by_kind.items())) or "none"
            console.print(Text(f"stored: {report.inserted} new, {report.stale} now stale · "
                               f"{kinds}"))
            if report.reviewed_segments:
                console.print(Text(f"{report.reviewed_segments} segments edited by the reviewer "
                                   "were left alone (no new suggestions, statuses kept)",
                                   style="dim"), soft_wrap=True)
            console.print(Text(report.glossary, style="dim"), soft_wrap=True)
        else:
            _emit_jsonl(rows)
        err_console.print(Text(report.signature, style="dim"), soft_wrap=True)

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
        console.print(Text(f"{summary.files} files, {summary.lines} lines: applied "
                           f"{summary.applied} of {summary.suggestions} suggestions"
                           f"{' (' + kinds + ')' if kinds else ''} → {out}"))
        if report is not None:
            console.print(Text(f"report: {report}"))
        err_console.print(Text(summary.signature, style="dim"), soft_wrap=True)
