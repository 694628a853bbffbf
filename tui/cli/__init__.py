"""The ``bitextual`` command line. Each command group lives in its own module and registers itself.

Rich and Typer belong here, never in the domain packages; Textual is imported only by
``bitextual review``.
"""

from __future__ import annotations

import sys

import typer
from rich.markup import escape

from corpus.errors import BitextualError
from tui.cli import (
    align_cmds,
    check_cmds,
    corpus_cmds,
    export_cmds,
    glossary_cmds,
    pairing_cmds,
    project_cmds,
    review_cmd,
)
from tui.cli.common import err_console

WORKFLOW = """\
A typical session (each command takes --project DIR, else $BITEXTUAL_PROJECT):

  bitextual init proj             create the project store
  bitextual add -p proj zh/ en/   import documents, set boilerplate aside
  bitextual status -p proj        what the project holds; the next step
  bitextual align -p proj         pair documents, align their sentences
  bitextual check -p proj         find garbles and term problems
  bitextual review -p proj        review alignments and fixes (terminal UI)
  bitextual export -p proj        write the reviewed pairs (TMX, XLIFF, TSV)

Bad input gets a message naming the file (line or byte) and exit code 2.
"""
"""The epilog of ``bitextual --help``."""

app = typer.Typer(
    name="bitextual",
    help="Chinese–English document alignment and translation review.",
    epilog=WORKFLOW,
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
)

for module in (project_cmds, corpus_cmds, pairing_cmds, align_cmds, check_cmds, glossary_cmds,
               export_cmds, review_cmd):
    module.register(app)


def main(argv: list[str] | None = None) -> None:
    """Entry point of the console script: runs the app, turns known errors into exit code 2."""
    try:
        app(args=argv, prog_name="bitextual")
    except BitextualError as exc:
        # escaped: paths and texts may hold brackets ("[draft] news.txt") that are not markup
        message = escape(exc.describe())
        err_console.print(f"[bold red]{exc.title}:[/] {message}", highlight=False,
                          soft_wrap=True)
        sys.exit(2)
    except KeyboardInterrupt:
        err_console.print("interrupted")
        sys.exit(130)
