"""``bitextual --help`` and every subcommand's help are complete: each command, option and
argument says what it is for. Walks the real command tree, so a new command without help
text fails here."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
import typer
from rich.cells import cell_len
from typer.testing import CliRunner

from tui.cli import app

# Typer ships its own copy of Click, so commands are walked by shape, not by class.
ROOT: Any = typer.main.get_command(app)


def _walk(command: Any, path: tuple[str, ...]) -> Iterator[tuple[tuple[str, ...], Any]]:
    yield path, command
    for name, sub in sorted((getattr(command, "commands", None) or {}).items()):
        yield from _walk(sub, (*path, name))


COMMANDS = list(_walk(ROOT, ()))


def _label(path: tuple[str, ...]) -> str:
    return " ".join(("bitextual", *path))


def test_the_tree_has_the_commands_of_the_issue() -> None:
    names = {path for path, _ in COMMANDS}
    for expected in [("init",), ("add",), ("status",), ("boilerplate",), ("restore",)]:
        assert expected in names


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=[_label(p) for p, _ in COMMANDS])
def test_command_and_every_parameter_have_help(path: tuple[str, ...],
                                               command: Any) -> None:
    assert (command.help or "").strip(), f"'{_label(path)}' has no help text"
    missing = [param.name for param in command.params
               if not (getattr(param, "help", None) or "").strip()]
    assert missing == [], f"'{_label(path)}': no help for {missing}"


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=[_label(p) for p, _ in COMMANDS])
def test_help_output_shows_every_option(path: tuple[str, ...], command: Any) -> None:
    """What a user sees: ``--help`` exits 0 and lists each option by name."""
    result = CliRunner().invoke(app, [*path, "--help"], terminal_width=200)
    assert result.exit_code == 0, result.output
    for param in command.params:
        if param.param_type_name == "option":
            assert param.opts[0] in result.output, f"{param.opts[0]} not in {_label(path)} help"


PARAGRAPH_LINE = re.compile(r" \S")
"""A line of prose in rendered help: one cell in from the edge (deeper is laid out on purpose)."""
COMMAND_ROW = re.compile(r" \S+\s+")
"""The name column of a row in a Commands panel, up to where its description starts."""


def _fits_after(line: str, room: int, following: str) -> bool:
    """Whether the first word of ``following`` would fit after ``line`` in ``room`` cells."""
    return cell_len(line.strip()) + 1 + cell_len(following.split()[0]) <= room


def _early_ends(screen: str, width: int) -> list[str]:
    """Lines of rendered help that end although the next line's first word would have fit.

    Looks at the prose around the panels and at the description column of the Commands
    panels. Option panels are left out: Typer itself joins the lines of an option's help,
    and their columns also wrap the type and put the default on a line of its own.
    """
    lines = screen.splitlines()
    early = []
    column = 0  # where descriptions start in the Commands panel being read; 0: not in one
    for above, line in zip(lines, lines[1:], strict=False):
        if above.startswith("╭─ Commands"):
            column = COMMAND_ROW.match(line[1:]).end()  # type: ignore[union-attr]
        elif above.startswith("╰"):
            column = 0
        elif column and line.startswith("│"):
            # inside the borders; a row that continues a description leaves the name blank
            row_above, row = above[1:-1], line[1:-1]
            if not row[:column].strip() and row.strip() and _fits_after(
                    row_above[column:], width - 2 - column - 1, row):
                early.append(above.rstrip())
        elif PARAGRAPH_LINE.match(above) and PARAGRAPH_LINE.match(line):
            if _fits_after(above, width - 2, line):
                early.append(above.rstrip())
    return early


@pytest.mark.parametrize("width", [80, 120])
@pytest.mark.parametrize("path", [path for path, _ in COMMANDS], ids=_label)
def test_help_paragraphs_fill_the_screen(path: tuple[str, ...], width: int) -> None:
    """Typer keeps single newlines of help text, so a paragraph wrapped in the source came
    out ragged on screen; every line of a paragraph in ``--help`` ends only where the next
    word would not fit."""
    result = CliRunner().invoke(app, [*path, "--help"], env={"COLUMNS": str(width)})
    assert result.exit_code == 0, result.output
    assert max(cell_len(line) for line in result.output.splitlines()) == width
    assert _early_ends(result.output, width) == [], result.output
