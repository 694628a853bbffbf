"""``bitextual eval``: score alignment files against gold alignments.

Works on plain files, without a project, like ``align-files`` and ``align-dir``
(:mod:`tui.cli.align_files_cmds`), whose output it scores.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from aligner.beads import Bead
from aligner.evaluate import (
    Counts,
    count_document,
    merge_by_verse,
    read_alignment_dir,
    read_verses,
    scores_from_counts,
    swap_sides,
)
from corpus.errors import BitextualError
from tui.cli.common import console, err_console


class GoldSides(StrEnum):
    """Which side a gold file writes first."""

    zh_en = "zh-en"
    en_zh = "en-zh"


def _pairs_to_score(gold: Path, test: Path) -> list[tuple[str, list[Bead], list[Bead]]]:
    from aligner.beads import read_beads

    if gold.is_file() and test.is_file():
        return [(test.name, read_beads(gold), read_beads(test))]
    golds = read_alignment_dir(gold)
    tests = read_alignment_dir(test)

    def key(name: str) -> str:
        return name.removesuffix(".align")

    gold_by = {key(k): v for k, v in golds.items()}
    test_by = {key(k): v for k, v in tests.items()}
    common = sorted(gold_by.keys() & test_by.keys())
    for name in sorted(gold_by.keys() - test_by.keys()):
        err_console.print(f"[yellow]no test alignment for[/] {name}", highlight=False)
    if not common:
        raise BitextualError("no document has both a gold and a test alignment",
                             path=test, hint="name test files like the gold files "
                             "(NAME or NAME.align)")
    return [(name, gold_by[name], test_by[name]) for name in common]


def evaluate(
    gold: Annotated[Path, typer.Argument(help="Gold alignment file or directory.")],
    test: Annotated[Path, typer.Argument(help="Test alignment file or directory.")],
    verses: Annotated[tuple[Path, Path] | None, typer.Option(
        "--verses", help="ZH_VERSE EN_VERSE: verse label of each sentence; test beads inside "
        "one verse are merged before scoring (Bible).", show_default=False)] = None,
    gold_sides: Annotated[GoldSides, typer.Option(
        "--gold-sides", help="Order of the sides in the gold files (the Bible gold is "
        "en-zh).")] = GoldSides.zh_en,
) -> None:
    """Strict and lax precision/recall/F1 (Vecalign's score.py) per document and in total."""
    zh_verses = en_verses = None
    if verses is not None:
        zh_verses, en_verses = read_verses(verses[0]), read_verses(verses[1])
    table = Table("document", "P strict", "R strict", "F1 strict", "P lax", "R lax", "F1 lax")
    total = Counts()
    for name, gold_beads, test_beads in _pairs_to_score(gold, test):
        if gold_sides is GoldSides.en_zh:
            test_beads = swap_sides(test_beads)
        scored: list[Bead] | list[tuple[tuple[int, ...], tuple[int, ...]]] = test_beads
        if zh_verses is not None and en_verses is not None:
            first, second = ((en_verses, zh_verses) if gold_sides is GoldSides.en_zh
                             else (zh_verses, en_verses))
            scored = merge_by_verse(test_beads, first, second)
        counts = count_document(gold_beads, scored)
        total += counts
        table.add_row(name, *_cells(scores_from_counts(counts)))
    table.add_row("[bold]total[/]", *_cells(scores_from_counts(total)))
    console.print(table)


def _cells(scores: object) -> list[str]:
    return [f"{getattr(scores, k):.4f}" for k in (
        "precision_strict", "recall_strict", "f1_strict", "precision_lax", "recall_lax",
        "f1_lax")]


def register(app: typer.Typer) -> None:
    """Add this group's commands to ``app``."""
    app.command("eval")(evaluate)
