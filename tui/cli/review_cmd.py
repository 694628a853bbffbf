"""``bitextual review``: the interactive review app (Textual is imported only here).

``main`` runs a plain ``bitextual review [PROJECT] [--fresh]`` through ``plain_invocation``
and ``run_review`` without Typer: Typer (0.29) coerces every parameter through a pydantic
``TypeAdapter``, and importing pydantic cost a quarter of a second of CPU (half a second
of wall time on the loaded bench machine), a third of what is left of the one-second
budget for the first screen once Python and Textual have started. Anything else
(``--help``, a mistyped option) goes through the Typer command below, which stays the
one documented interface.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from corpus.store import PROJECT_ENV, Project
from tui.cli.common import ProjectOption


def run_review(root: Path, fresh: bool) -> None:
    """Open the project at ``root`` (a clear error if there is none), then run the app."""
    Project.open(root).close()  # a clear error before the screen takes over
    from tui.app import create_app  # Textual loads only for this command

    create_app(root, restore_cursor=not fresh).run()


def plain_invocation(args: list[str]) -> tuple[Path, bool] | None:
    """(project, fresh) when ``args`` (what follows ``review``) is a plain form, else None.

    Plain forms: ``[PROJECT] [--fresh]`` and ``[-p|--project PROJECT] [--fresh]``.
    """
    rest = list(args)
    root: str | None = None
    for flag in ("-p", "--project"):
        if flag in rest:
            at = rest.index(flag)
            if at + 1 >= len(rest):
                return None
            root = rest[at + 1]
            del rest[at:at + 2]
    fresh = "--fresh" in rest
    rest = [a for a in rest if a != "--fresh"]
    if any(a.startswith("-") for a in rest) or len(rest) > 1 or (rest and root is not None):
        return None
    if rest:
        root = rest[0]
    return Path(root) if root else Path(os.environ.get(PROJECT_ENV, ".")), fresh


def register(app: typer.Typer) -> None:
    """Add the review command to ``app``."""

    @app.command()
    def review(
        project: Annotated[Path | None, typer.Argument(
            help="Project directory (default: $BITEXTUAL_PROJECT or .).",
            show_default=False)] = None,
        project_option: ProjectOption = None,
        fresh: Annotated[bool, typer.Option(
            "--fresh", help="Start on the overview instead of where you left off.")] = False,
    ) -> None:
        """Review alignments, suggested fixes and the glossary in a terminal UI."""
        root = project or project_option or Path(os.environ.get(PROJECT_ENV, "."))
        run_review(root, fresh)
