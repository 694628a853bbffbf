"""``bitextual review``: the interactive review app (Textual is imported only here)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from corpus.store import PROJECT_ENV, Project


def register(app: typer.Typer) -> None:
    """Add the review command to ``app``."""

    @app.command()
    def review(
        project: Annotated[Path | None, typer.Argument(
            help="Project directory (default: $BITEXTUAL_PROJECT or .).",
            show_default=False)] = None,
        fresh: Annotated[bool, typer.Option(
            "--fresh", help="Start on the overview instead of where you left off.")] = False,
    ) -> None:
        """Review alignments, suggested fixes and the glossary in a terminal UI."""
        root = project or Path(os.environ.get(PROJECT_ENV, "."))
        Project.open(root).close()  # a clear error before the screen takes over
        from tui.app import create_app  # Textual loads only for this command

        create_app(root, restore_cursor=not fresh).run()
