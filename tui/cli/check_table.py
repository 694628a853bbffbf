"""The table view of ``bitextual check``: one row per suggestion, grouped by file, evidence
once per rule.

Everything printed here is built as ``rich.text.Text`` (never a markup string), so rule
names such as ``garble:[a]->b`` or evidence with brackets are shown as they are. Widths are
measured in terminal cells (``rich.cells.cell_len``): a Chinese character or a mojibake run
takes two cells per character.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from rich import box
from rich.cells import cell_len
from rich.console import Console
from rich.table import Table
from rich.text import Text

from glossary.finding import SAFE_CONFIDENCE
from glossary.garble.rules import GarbleRule

ARROW = " → "
ELLIPSIS = "…"
RULE_MAX_CELLS = 24
"""Longer rule names are cut in the suggestion rows; the rules table shows them whole."""
CHANGE_MIN_CELLS = 18
"""Below this the change column would be useless; the table then exceeds narrow terminals."""


@dataclass(frozen=True)
class SuggestionRow:
    """What one row shows: where, the change in its context, the rule, the confidence."""

    file: str
    line: int | None
    start: int
    end: int
    original: str
    replacement: str
    rule: str
    confidence: float
    evidence: str
    context: str = ""
    """The whole line (or segment) the offsets point into; "" when unknown."""


def visible(text: str) -> str:
    """Show spaces and empty strings so spacing suggestions can be read."""
    return "∅" if text == "" else text.replace(" ", "␣").replace("\t", "⇥")


def fit_left(text: str, cells: int) -> str:
    """The end of ``text`` in at most ``cells`` cells, "…" in front when cut."""
    if cell_len(text) <= cells:
        return text
    if cells <= 0:
        return ""
    out: list[str] = []
    used = cell_len(ELLIPSIS)
    for char in reversed(text):
        width = cell_len(char)
        if used + width > cells:
            break
        out.append(char)
        used += width
    return ELLIPSIS + "".join(reversed(out)) if used <= cells else ""


def fit_right(text: str, cells: int) -> str:
    """The start of ``text`` in at most ``cells`` cells, "…" at the end when cut."""
    if cell_len(text) <= cells:
        return text
    if cells <= 0:
        return ""
    out: list[str] = []
    used = cell_len(ELLIPSIS)
    for char in text:
        width = cell_len(char)
        if used + width > cells:
            break
        out.append(char)
        used += width
    return "".join(out) + ELLIPSIS if used <= cells else ""


MISSING_PREFIX = "term-missing:"
"""Rule names of missing-term findings (``glossary.termcheck``): no span, no replacement."""


def change_cell(row: SuggestionRow, cells: int) -> Text:
    """``…left[original → replacement]right…`` in at most ``cells`` cells.

    The change itself gets the room first (each side cut to half when both do not fit);
    what is left goes to the context, split evenly between the two sides.
    """
    if row.rule.startswith(MISSING_PREFIX):
        # a missing term has no span and no replacement: say what is missing instead of
        # drawing an empty change "[∅ → ∅]"
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append("term missing: ", style="bold")
        text.append(fit_right(row.rule[len(MISSING_PREFIX):] + " — " + row.evidence,
                              max(1, cells - cell_len("term missing: "))), style="yellow")
        return text
    original, replacement = visible(row.original), visible(row.replacement)
    # Two cells for the brackets that set the change apart from its context.
    core = cell_len(original) + cell_len(ARROW) + cell_len(replacement) + 2
    if core > cells:
        inner = cells - cell_len(ARROW) - 2
        original = fit_right(original, max(1, inner // 2))
        replacement = fit_right(replacement, max(1, inner - cell_len(original)))
        core = cell_len(original) + cell_len(ARROW) + cell_len(replacement) + 2
    room = max(0, cells - core)
    left_text = row.context[:row.start] if row.context else ""
    right_text = row.context[row.end:] if row.context else ""
    left_room = room // 2
    right_room = room - left_room
    # Give unused room of a short side to the other side.
    if cell_len(left_text) < left_room:
        right_room += left_room - cell_len(left_text)
        left_room = cell_len(left_text)
    elif cell_len(right_text) < right_room:
        left_room += right_room - cell_len(right_text)
        right_room = cell_len(right_text)
    left = fit_left(left_text, left_room)
    right = fit_right(right_text, right_room)
    text = Text(no_wrap=True, overflow="ellipsis")
    text.append(left, style="dim")
    text.append("[", style="bold")
    text.append(original, style="red")
    text.append(ARROW)
    text.append(replacement, style="green")
    text.append("]", style="bold")
    text.append(right, style="dim")
    return text


def location(row: SuggestionRow) -> str:
    """``line:col`` with both 1-based ("?" when the line is unknown)."""
    return f"{row.line if row.line is not None else '?'}:{row.start + 1}"


def suggestion_tables(rows: Sequence[SuggestionRow], width: int) -> list[tuple[str, Table]]:
    """One table per file (file name, table), rows in line order, sized for ``width`` cells."""
    by_file: dict[str, list[SuggestionRow]] = defaultdict(list)
    for row in rows:
        by_file[row.file].append(row)
    if not rows:
        return []
    # Column widths include their headers, which rich never cuts below their own width.
    loc_cells = max([cell_len("line:col")] + [cell_len(location(r)) for r in rows])
    rule_cells = max(cell_len("rule"), min(RULE_MAX_CELLS, max(cell_len(r.rule) for r in rows)))
    conf_cells = 4
    # box=None tables put two cells of padding between columns and none at the edges.
    change_cells = max(CHANGE_MIN_CELLS, width - loc_cells - rule_cells - conf_cells - 2 * 3)
    tables: list[tuple[str, Table]] = []
    for file, file_rows in by_file.items():
        table = Table(box=None, pad_edge=False, show_header=True, header_style="bold",
                      padding=(0, 1), collapse_padding=False)
        table.add_column("line:col", justify="right", no_wrap=True, width=loc_cells)
        table.add_column("change", no_wrap=True, overflow="ellipsis", width=change_cells)
        table.add_column("rule", no_wrap=True, overflow="ellipsis", width=rule_cells)
        table.add_column("conf", justify="right", no_wrap=True, width=conf_cells)
        for row in sorted(file_rows, key=lambda r: (r.line or 0, r.start, r.rule)):
            safe = row.confidence >= SAFE_CONFIDENCE
            table.add_row(Text(location(row)), change_cell(row, change_cells),
                          Text(fit_right(row.rule, rule_cells)),
                          Text(f"{row.confidence:.2f}", style="bold" if safe else "dim"))
        tables.append((file, table))
    return tables


def rules_table(rows: Sequence[SuggestionRow], learned: Sequence[GarbleRule],
                status: Mapping[str, str] | None = None) -> Table:
    """Every rule once: how many suggestions it made, its confidence and its evidence.

    Learned substitution rules show their own evidence (the words they repair); any other
    rule shows the evidence of its suggestions, once when they all say the same.
    """
    counts: dict[str, int] = defaultdict(int)
    evidence: dict[str, list[str]] = defaultdict(list)
    for row in rows:
        counts[row.rule] += 1
        if row.evidence not in evidence[row.rule]:
            evidence[row.rule].append(row.evidence)
    table = Table(title="rules", title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False,
                  header_style="bold")
    table.add_column("rule", no_wrap=True)
    table.add_column("n", justify="right", no_wrap=True)
    table.add_column("conf", justify="right", no_wrap=True)
    if status is not None:
        table.add_column("status", no_wrap=True)
    table.add_column("evidence", overflow="fold", ratio=1)
    learned_names = set()
    for rule in learned:
        learned_names.add(rule.name)
        cells = [Text(rule.name), Text(str(counts.get(rule.name, 0))),
                 Text(f"{rule.confidence:.2f}")]
        if status is not None:
            cells.append(Text(status.get(rule.name, "proposed")))
        cells.append(Text(rule.evidence()))
        table.add_row(*cells)
    for name in sorted(counts):
        if name in learned_names:
            continue
        said = evidence[name]
        note = said[0] if len(said) == 1 else f"e.g. {said[0]} (+{len(said) - 1} variants)"
        confidences = sorted({r.confidence for r in rows if r.rule == name})
        conf = (f"{confidences[0]:.2f}" if len(confidences) == 1
                else f"{confidences[0]:.2f}–{confidences[-1]:.2f}")
        cells = [Text(name), Text(str(counts[name])), Text(conf)]
        if status is not None:
            cells.append(Text(""))
        cells.append(Text(note))
        table.add_row(*cells)
    return table


def print_check_table(console: Console, rows: Sequence[SuggestionRow],
                      learned: Sequence[GarbleRule], title: str,
                      status: Mapping[str, str] | None = None) -> None:
    """The whole table view: rules with their evidence, then the suggestions file by file."""
    if rows or learned:
        console.print(rules_table(rows, learned, status))
    console.print(Text(title, style="bold"))
    for file, table in suggestion_tables(rows, console.width):
        count = sum(1 for r in rows if r.file == file)
        console.rule(Text(f"{file} ({count})"), align="left", style="dim")
        console.print(table)
    if rows:
        console.print(Text(f"conf ≥ {SAFE_CONFIDENCE:.2f} (bold) is applied by 'bitextual fix'; "
                           "the others need a reviewer.", style="dim"))
