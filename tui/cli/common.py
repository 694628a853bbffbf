"""Pieces shared by the command modules: consoles, the --project option, progress bars."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from corpus.store import Project

console = Console()
err_console = Console(stderr=True)

ProjectOption = Annotated[
    Path | None,
    typer.Option("--project", "-p", help="Project directory (default: $BITEXTUAL_PROJECT or .).",
                 show_default=False),
]


def open_project(path: Path | None) -> Project:
    """Open the project named by --project, $BITEXTUAL_PROJECT or the current directory."""
    return Project.open(path)


def report_waiting(command: str) -> Callable[[str], None]:
    """An ``on_wait`` for :meth:`Project.exclusive`: says on stderr why ``command`` waits."""
    def on_wait(holder: str) -> None:
        err_console.print(f"waiting: another command is changing this project ({holder}); "
                          f"'{command}' starts when it finishes", highlight=False,
                          markup=False, soft_wrap=True)
    return on_wait


@contextmanager
def progress_bar(transient: bool = True) -> Iterator[Progress]:
    """A rich progress bar on stderr; hidden automatically when stderr is not a terminal."""
    with Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=err_console,
        transient=transient,
    ) as progress:
        yield progress


@contextmanager
def busy_indicator(description: str) -> Iterator[Progress]:
    """A spinner with elapsed time for work whose size is unknown (no meaningless ``0/?``)."""
    with Progress(SpinnerColumn(), TextColumn("[progress.description]{task.description}"),
                  TimeElapsedColumn(), console=err_console, transient=True) as progress:
        progress.add_task(description, total=None)
        yield progress
