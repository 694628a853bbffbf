"""``bitextual undo`` and ``bitextual redo``: step through the decision log from the shell."""

from __future__ import annotations

import typer

from corpus.decisions import Reverted
from tui.cli.common import ProjectOption, console, open_project, report_waiting


def _say(kind: str, reverted: Reverted | None) -> None:
    if reverted is None:
        console.print(f"nothing to {kind}", highlight=False, markup=False)
        return
    console.print(f"{kind} of decision {reverted.reference}: {reverted.action} "
                  f"{reverted.target} (logged as decision {reverted.decision})",
                  highlight=False, markup=False)


def undo(project: ProjectOption = None) -> None:
    """Undo the latest decision not yet undone (the same log and stack as the review UI's
    undo: a pairing, a link, an accepted fix …)."""
    from corpus import decisions

    with open_project(project) as proj, proj.exclusive("undo", report_waiting("undo")):
        _say("undo", decisions.undo(proj))


def redo(project: ProjectOption = None) -> None:
    """Redo the latest undone decision (until a new decision is made)."""
    from corpus import decisions

    with open_project(project) as proj, proj.exclusive("redo", report_waiting("redo")):
        _say("redo", decisions.redo(proj))


def register(app: typer.Typer) -> None:
    """Add ``undo`` and ``redo`` to ``app``."""
    app.command("undo")(undo)
    app.command("redo")(redo)
