"""Reflowing command help (tui/cli/help_text.py): lines inside a paragraph are joined, blocks
laid out on purpose are kept exactly, and Typer's own conventions keep working."""

from __future__ import annotations

from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from tui.cli import WORKFLOW, app
from tui.cli.help_text import ReflowedHelpGroup, reflow_help

REFLOW_CASES = [
    ("one line", "Align two files.", "Align two files."),
    ("paragraph over two lines", "Parallel pairs (articles\non the same event) get beads.",
     "Parallel pairs (articles on the same event) get beads."),
    ("paragraph break kept", "First line\nwrapped.\n\nSecond\nparagraph.",
     "First line wrapped.\n\nSecond paragraph."),
    ("trailing spaces dropped at the join", "ends here   \nand goes on",
     "ends here and goes on"),
    ("indented example lines", "Examples:\n  bitextual add a\n  bitextual add b",
     "Examples:\n  bitextual add a\n  bitextual add b"),
    ("bullets", "Kinds:\n- person\n- org\n* ngram\n1. first\n2) second",
     "Kinds:\n- person\n- org\n* ngram\n1. first\n2) second"),
    ("prose after an indented block starts a line", "Run:\n  bitextual init\nthen add.",
     "Run:\n  bitextual init\nthen add."),
    ("an option at the start of a line is not a bullet", "e.g. add 转型\n--domain textile",
     "e.g. add 转型 --domain textile"),
    ("\\b paragraph kept", "Intro\ntext.\n\n\b\nkeep   this\nand    this\n\nAfter\nit.",
     "Intro text.\n\n\b\nkeep   this\nand    this\n\nAfter it."),
    ("rich markup across lines", "Add, e.g. [bold]add 转型升级\n--domain textile[/].",
     "Add, e.g. [bold]add 转型升级 --domain textile[/]."),
    ("text after \\f untouched", "Shown\nhelp.\n\f\nhidden\nnotes",
     "Shown help.\n\f\nhidden\nnotes"),
    ("the WORKFLOW epilog", WORKFLOW, WORKFLOW),
]


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in REFLOW_CASES],
                         ids=[c[0] for c in REFLOW_CASES])
def test_reflow_help(text: str, expected: str) -> None:
    assert reflow_help(text) == expected


def test_the_built_app_keeps_the_workflow_epilog_and_joins_docstrings() -> None:
    root: Any = typer.main.get_command(app)
    assert root.epilog == WORKFLOW
    assert "\n" not in root.commands["align"].help.split("\n\n")[1]


def test_escape_b_and_markup_render_through_typer() -> None:
    """What a user sees of a \\b block and of markup split over two source lines."""
    demo = typer.Typer(cls=ReflowedHelpGroup, rich_markup_mode="rich")

    @demo.command()
    def one() -> None:
        """Do [bold]one
        thing[/] well.

        A paragraph written
        over two lines.

        \b
        keep   this
        and    this
        """

    @demo.command()
    def two() -> None:
        """The other."""

    result = CliRunner().invoke(demo, ["one", "--help"], env={"COLUMNS": "80"})
    lines = [line.rstrip() for line in result.output.splitlines()]
    assert " Do one thing well." in lines
    assert " A paragraph written over two lines." in lines
    assert lines[lines.index(" keep   this") + 1] == " and    this"
