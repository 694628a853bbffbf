"""The ``bitextual`` command line. Each command group lives in its own module and registers itself.

Rich and Typer belong here, never in the domain packages; Textual is imported only by
``bitextual review``.
"""

from __future__ import annotations

import importlib
import sqlite3
import sys
from typing import Any, NoReturn

import typer
from rich.markup import escape

from corpus.errors import BitextualError, DiskFullError, is_disk_full
from tui.cli.common import err_console
from tui.cli.help_text import ReflowedHelpGroup

WORKFLOW = """\
A typical session (each command takes --project DIR, else $BITEXTUAL_PROJECT):

  bitextual init proj             create the project store
  bitextual add -p proj zh/ en/   import documents, set boilerplate aside
  bitextual status -p proj        what the project holds; the next step
  bitextual align -p proj         pair documents, align their sentences
  bitextual pair -p proj ZH EN --mode parallel|comparable
                                  pair two documents by hand
  bitextual check -p proj         find garbles and term problems
  bitextual review -p proj        review alignments and fixes (terminal UI)
  bitextual export -p proj        write the reviewed pairs (TMX, XLIFF, TSV)

Bad input gets a message naming the file (line or byte) and exit code 2.
"""
"""The epilog of ``bitextual --help``."""

COMMAND_MODULES = ("project_cmds", "corpus_cmds", "align_cmds", "pair_cmds", "align_files_cmds",
                   "eval_cmd", "check_cmds", "glossary_cmds", "export_cmds", "batch_cmds",
                   "review_cmd", "undo_cmds")
"""Modules under ``tui.cli`` that each add their commands with ``register(app)``, in order."""


def build_app(modules: tuple[str, ...] = COMMAND_MODULES) -> typer.Typer:
    """The Typer app with the commands of ``modules``."""
    cli = typer.Typer(
        name="bitextual",
        cls=ReflowedHelpGroup,  # help paragraphs fill the terminal, see tui/cli/help_text.py
        help="Chinese–English document alignment and translation review.",
        epilog=WORKFLOW,
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
        rich_markup_mode="rich",
    )
    for name in modules:
        importlib.import_module(f"tui.cli.{name}").register(cli)
    return cli


def __getattr__(name: str) -> Any:
    # ``tui.cli.app`` is built on first use, so ``bitextual review`` can skip the others
    if name == "app":
        globals()["app"] = built = build_app()
        return built
    if name == "command":
        # Typer turns the app into a click command on every call, evaluating the annotations
        # of every command (0.1-0.3 s); built once, a process that calls main() again (the
        # tests, the CLI fuzz test hundreds of times) does not pay that again.
        globals()["command"] = command = typer.main.get_command(_built("app"))
        return command
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _built(name: str) -> Any:
    """``app`` or ``command``, built on first use and kept (a direct call of ``__getattr__``
    would build it again)."""
    return globals()[name] if name in globals() else __getattr__(name)


def _fail(exc: BitextualError) -> NoReturn:
    # escaped: paths and texts may hold brackets ("[draft] news.txt") that are not markup
    message = escape(exc.describe())
    err_console.print(f"[bold red]{exc.title}:[/] {message}", highlight=False, soft_wrap=True)
    sys.exit(2)


def main(argv: list[str] | None = None) -> None:
    """Entry point of the console script: runs the app, turns known errors into exit code 2."""
    args = sys.argv[1:] if argv is None else list(argv)
    try:
        if args[:1] == ["review"]:
            # the review UI must show its first screen fast: see tui/cli/review_cmd.py
            from tui.cli import review_cmd

            plain = review_cmd.plain_invocation(args[1:])
            if plain is not None:
                review_cmd.run_review(*plain)
                return
        _built("command")(args=args, prog_name="bitextual")
    except BitextualError as exc:
        _fail(exc)
    except (OSError, sqlite3.Error) as exc:
        # A full disk can strike any write (a cache file, a progress line); the layers that
        # own files and the store say which file, and this catches the rest.
        if not is_disk_full(exc):
            raise
        _fail(DiskFullError(getattr(exc, "filename", None)))
    except KeyboardInterrupt:
        err_console.print("interrupted")
        sys.exit(130)
