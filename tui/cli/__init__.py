"""The ``bitextual`` command line. Each command group lives in its own module and registers itself.

Rich and Typer belong here, never in the domain packages; Textual is imported only by
``bitextual review``.
"""

from __future__ import annotations

import sys

import typer

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

app = typer.Typer(
    name="bitextual",
    help="Chinese–English document alignment and translation review.",
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
        err_console.print(f"[bold red]{exc.title}:[/] {exc.describe()}", highlight=False,
                          soft_wrap=True)
        sys.exit(2)
    except KeyboardInterrupt:
        err_console.print("interrupted")
        sys.exit(130)
