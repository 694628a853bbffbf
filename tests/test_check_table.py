"""The table view of ``bitextual check``: readable at 80 columns, nothing taken as markup."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.cells import cell_len
from rich.console import Console
from typer.testing import CliRunner

from glossary.garble.rules import GarbleRule, Repair
from tui.cli import app
from tui.cli.check_table import SuggestionRow, change_cell, fit_left, fit_right, print_check_table

runner = CliRunner()


def _row(context: str, original: str, replacement: str, rule: str = "garble:p->trans",
         file: str = "a.txt", line: int = 1, evidence: str = "ev") -> SuggestionRow:
    start = context.index(original)
    return SuggestionRow(file, line, start, start + len(original), original, replacement, rule,
                         0.95, evidence, context)


@pytest.mark.parametrize(("text", "cells", "left", "right"), [
    ("abcdef", 10, "abcdef", "abcdef"),
    ("abcdef", 4, "…def", "abc…"),
    ("中文中文", 5, "…中文", "中文…"),  # two cells per character: 1 + 4
    ("中文中文", 4, "…文", "中…"),
    ("abc", 0, "", ""),
])
def test_fit_cuts_by_cells(text: str, cells: int, left: str, right: str) -> None:
    assert fit_left(text, cells) == left and cell_len(left) <= cells
    assert fit_right(text, cells) == right and cell_len(right) <= cells


@pytest.mark.parametrize(("context", "original", "replacement", "cells"), [
    ("The cluster will promote pformation and upgrading of the garment industry.",
     "pformation", "transformation", 40),
    ("短 中文的句子很长很长很长很长很长很长 pfer 中文中文中文中文中文", "pfer", "transfer", 30),
    ("x" * 300 + "pformation" + "y" * 300, "pformation", "transformation", 20),
    ("a averyverylongdamagedtokenthatdoesnotfit b", "averyverylongdamagedtokenthatdoesnotfit",
     "anotherveryverylongrepairthatdoesnotfit", 24),
])
def test_change_cell_fits_and_keeps_the_change(context: str, original: str, replacement: str,
                                               cells: int) -> None:
    text = change_cell(_row(context, original, replacement), cells)
    assert cell_len(text.plain) <= cells
    assert "→" in text.plain
    if cell_len(original) + cell_len(replacement) + 5 <= cells:
        assert f"[{original} → {replacement}]" in text.plain


def test_table_at_80_columns_is_one_line_per_suggestion() -> None:
    context = ("He said ¡°we are ready¡± and the pfer of "
               "中文中文中文中文中文中文中文中文中文中文 went well")
    rows = [_row(context, "¡°", "“", rule="mojibake:gbk-as-latin1", evidence="GBK bytes a1 b0"),
            _row(context, "pfer", "transfer", evidence="[bold]not markup[/bold]"),
            _row("Odd [rule] names stay", "names", "nomes", rule="x:[bold]y[/bold]",
                 file="b.txt", line=7)]
    rule = GarbleRule("p", "trans", (Repair("pfer", "transfer", 3),), (), 0.98, "start")
    console = Console(width=80, record=True, color_system=None)
    print_check_table(console, rows, [rule], "3 suggestions in 2 files")
    out = console.export_text()
    assert all(cell_len(line) <= 80 for line in out.splitlines())
    # Grouped by file, each suggestion on one line with its location, change and rule.
    assert out.index("a.txt (2)") < out.index("b.txt (1)")
    lines = out.splitlines()
    assert any("1:34" in ln and "[pfer → transfer]" in ln and "garble:p->trans" in ln
               for ln in lines)
    assert any("7:12" in ln and "[names → nomes]" in ln and "x:[bold]y[/bold]" in ln
               for ln in lines)
    # Evidence once per rule, brackets printed as they are.
    assert out.count("'p' for 'trans'") == 1
    assert "x:[bold]y[/bold]" in out and "GBK bytes a1 b0" in out


def test_check_command_at_80_columns(tmp_path: Path) -> None:
    doc = tmp_path / "doc.txt"
    doc.write_text("\n".join([
        "Round Table Conference On Pformation Of Industrial Clusters, China'S 5Th Expo",
        "The cluster will promote pformation and upgrading of the garment industry.",
        "Firms pfer production to lower cost areas; the pfer of industries was discussed.",
        "Their pport and paction costs were reviewed by the regional representatives."]),
        encoding="utf-8")
    result = runner.invoke(app, ["check", str(doc)], env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert all(cell_len(line) <= 80 for line in out.splitlines())
    assert "doc.txt (" in out
    for change in ("[Pformation → Transformation]", "[pfer → transfer]", "[S → s]",
                   "[paction → transaction]"):
        assert change in out, change
    assert out.count("'p' for 'trans'") == 1


@pytest.mark.parametrize("cells", [30, 60, 100])
def test_missing_term_is_named_not_drawn_as_an_empty_change(cells: int) -> None:
    row = _row("Firms upgraded their plants.", "", "", rule="term-missing:转型升级",
               evidence="term not rendered: 转型升级 is in the Chinese but 'transformation "
               "and upgrading' is not in the English")
    text = change_cell(row, cells)
    assert text.plain.startswith("term missing: 转型升级")
    assert "∅" not in text.plain and cell_len(text.plain) <= cells
