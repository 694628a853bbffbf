"""``bitextual pair`` and ``bitextual unpair``: pair two documents by hand, or undo a pairing."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer
from rich.markup import escape
from rich.progress import TaskID
from rich.table import Table

from corpus.errors import BitextualError
from tui.cli.common import (
    ProjectOption,
    console,
    err_console,
    open_project,
    progress_bar,
    report_waiting,
)


class PairMode(StrEnum):
    """How the two documents relate."""

    parallel = "parallel"
    comparable = "comparable"


def pair(
    documents: Annotated[list[str], typer.Argument(
        help="ZH_DOC EN_DOC, named as 'bitextual status' names them; with one document, "
        "list its candidate partners ranked by score.", show_default=False)],
    project: ProjectOption = None,
    mode: Annotated[PairMode | None, typer.Option(
        "--mode", help="parallel: a translation, aligned sentence by sentence; comparable: "
        "two articles on the same story, from which matching sentences are mined.",
        case_sensitive=False, show_default=False)] = None,
    model: Annotated[str | None, typer.Option(
        "--model", "-m", help="Sentence encoder (default: the project's setting).")] = None,
) -> None:
    """Pair a Chinese and an English document by hand, then align (parallel) or mine
    (comparable) them.

    Both documents must be unpaired ('bitextual unpair' frees one). The pair, its beads and
    one decision are stored together: 'bitextual undo' (or the review UI) removes them. 'bitextual
    align' keeps a pair made by hand.
    """
    # The aligner pulls in numpy/scipy and the model: import when the command runs.
    from aligner.embed import load_encoder
    from aligner.pair_edits import pair_and_align, pair_candidates

    if len(documents) > 2:
        raise BitextualError(f"pair takes two documents, not {len(documents)}",
                             hint="bitextual pair ZH_DOC EN_DOC --mode parallel|comparable")
    if len(documents) == 2 and mode is None:
        raise BitextualError("say how the documents relate: --mode parallel (a translation) "
                             "or --mode comparable (same story, mined sentence pairs)",
                             hint=f"bitextual pair {documents[0]} {documents[1]} --mode parallel")
    with open_project(project) as proj:
        model_name = model or proj.config().model
        with err_console.status(f"loading the sentence encoder {model_name}…"):
            encoder = load_encoder(model_name)
        with progress_bar() as bar:
            tasks: dict[str, TaskID] = {}

            def progress(stage: str, done: int, total: int) -> None:
                if stage not in tasks:
                    tasks[stage] = bar.add_task(stage, total=total)
                bar.update(tasks[stage], completed=done, total=total)

            if len(documents) == 1:
                candidates = pair_candidates(proj, documents[0], encoder, progress=progress)
            else:
                assert mode is not None
                with proj.exclusive("pair", report_waiting("pair")):
                    added = pair_and_align(proj, documents[0], documents[1], mode.value,
                                           encoder, progress=progress)
    if len(documents) == 1:
        table = Table(title=f"Candidate partners of {escape(documents[0])}",
                      title_justify="left")
        for column in ("document", "lang", "score", "pairing says", "paired with"):
            table.add_column(column, justify="right" if column == "score" else "left",
                             overflow="fold")
        for cand in candidates:
            table.add_row(escape(cand.name), cand.lang, f"{cand.score:.3f}", cand.mode,
                          escape(cand.paired_with or "—"))
        console.print(table)
        if not candidates:
            console.print("no document of the other language has article text",
                          highlight=False)
        return
    console.print(f"paired {documents[0]} ↔ {documents[1]} as {mode}: {added.beads} "
                  f"bead(s) (pair {added.pair_id}, decision {added.decision}; 'bitextual undo' "
                  "or the review UI undoes it)", highlight=False, markup=False)


def unpair(
    documents: Annotated[list[str], typer.Argument(
        help="One document of the pair, or both.", show_default=False)],
    project: ProjectOption = None,
) -> None:
    """Remove a document pair and its beads ('bitextual undo', or undo in the review UI,
    restores both, with every review decision on them)."""
    from corpus import doc_pairs

    # an align running meanwhile would write beads for the pair being removed: wait for it
    with open_project(project) as proj, proj.exclusive("unpair", report_waiting("unpair")):
        pair_id = doc_pairs.find_pair(proj, documents)
        described = doc_pairs.describe_pair(proj, pair_id)
        decision = doc_pairs.unpair(proj, pair_id)
    console.print(f"unpaired {described.zh_name} ↔ {described.en_name} ({described.mode}): "
                  f"{described.beads} bead(s) removed (decision {decision}; 'bitextual undo' or "
                  "the review UI undoes it)", highlight=False, markup=False)


def register(app: typer.Typer) -> None:
    """Add ``pair`` and ``unpair`` to ``app``."""
    app.command("pair")(pair)
    app.command("unpair")(unpair)
