"""``bitextual init`` and ``bitextual status``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich import box
from rich.cells import cell_len
from rich.markup import escape
from rich.table import Table

from corpus.aligned import document_counts
from corpus.store import SCHEMA_VERSION, Project
from tui.cli.common import ProjectOption, console, open_project


def register(app: typer.Typer) -> None:
    """Add the project commands to ``app``."""

    @app.command()
    def init(
        directory: Annotated[Path, typer.Argument(help="Directory to create the project in.")],
    ) -> None:
        """Create a new project: a SQLite store and a bitextual.toml settings file."""
        project = Project.init(directory)
        project.close()
        console.print(f"Created project in [bold]{directory}[/] (schema {SCHEMA_VERSION}).")
        console.print(f"Next: bitextual add --project {directory} FILES...")

    @app.command()
    def status(
        project: ProjectOption = None,
        all_documents: Annotated[bool, typer.Option(
            "--all", help=f"List every document (default: the first {STATUS_MAX_ROWS}).")
        ] = False,
    ) -> None:
        """Summarise the project: documents, sentences, pairs, review, glossary, next step."""
        with open_project(project) as proj:
            stats = proj.stats()
            docs = document_counts(proj)
            name = proj.config().name
            root = proj.root
        created = f", created {stats['created_at'][:10]}" if stats["created_at"] else ""
        console.print(f"[bold]Project {escape(name)}[/] ({escape(str(root))}, "
                      f"schema {SCHEMA_VERSION}{created})", highlight=False, soft_wrap=True)
        if docs:
            shown = docs if all_documents else docs[:STATUS_MAX_ROWS]
            table = Table(box=box.SIMPLE_HEAD)
            longest = max(cell_len(doc.name) for doc in shown)
            table.add_column("document", overflow="fold", min_width=min(longest, 32))
            for column in ("lang", "format", "sentences", "set aside"):
                table.add_column(column, no_wrap=True, justify="right"
                                 if column in ("sentences", "set aside") else "left")
            for doc in shown:
                lang = doc.script if doc.lang in ("zh", "en") and doc.script else \
                    " ".join(x for x in (doc.lang, doc.script) if x)
                table.add_row(escape(doc.name), lang, doc.format, str(doc.sentences),
                              str(doc.set_aside))
            console.print(table)
            if len(shown) < len(docs):
                console.print(f"… and {len(docs) - len(shown)} more document(s) "
                              "(--all lists every one)", highlight=False)
        for label, text in summary_lines(stats):
            console.print(f"[bold]{label:<12}[/]{escape(text)}", highlight=False,
                          soft_wrap=True)
        console.print(f"Next: {escape(next_step(stats, project))}", highlight=False,
                      soft_wrap=True)


STATUS_MAX_ROWS = 40
"""Documents listed by ``bitextual status`` unless --all is given."""
BEAD_STATUS_ORDER = ("accepted", "rejected", "unaligned", "pending")
SUGGESTION_STATUS_ORDER = ("accepted", "rejected", "stale")


def _counts(counts: dict[str, int], order: tuple[str, ...] = ()) -> str:
    """"3 accepted, 1 rejected" in a stable order (known keys first, then the rest)."""
    keys = [k for k in order if counts.get(k)] + sorted(k for k in counts if k not in order)
    return ", ".join(f"{counts[k]} {k}" for k in keys if counts.get(k))


def summary_lines(stats: dict[str, Any]) -> list[tuple[str, str]]:
    """The labelled lines of ``bitextual status`` after the document table."""
    documents = sum(stats["documents"].values())
    scripts = _counts(stats["scripts"])
    doc_text = f"{documents}" + (f" ({_counts(stats['documents'], ('zh', 'en', 'mixed'))}"
                                 f"{'; ' + scripts if scripts else ''})" if documents else "")
    lines = [
        ("Documents", doc_text),
        ("Sentences", f"{stats['segments']} ({stats['boilerplate']} line(s) set aside as "
                      f"boilerplate, {stats['corrected']} corrected)"),
    ]
    beads = stats["beads"]
    if stats["pairs"]:
        reviewed = stats["beads_reviewed"]
        pct = f"{100 * reviewed / beads:.0f}%" if beads else "–"
        lines.append(("Pairs", f"{stats['pairs']} ({_counts(stats['pairs_by_mode'])})"))
        detail = _counts(stats["beads_by_status"], BEAD_STATUS_ORDER)
        lines.append(("Alignment", f"{beads} bead(s), {pct} reviewed"
                      + (f" ({detail})" if detail else "")))
    else:
        lines.append(("Pairs", "none yet"))
    by_status = stats["suggestions_by_status"]
    if by_status:
        kinds = _counts(stats["open_suggestions_by_kind"])
        settled = _counts({k: v for k, v in by_status.items() if k != "open"},
                          SUGGESTION_STATUS_ORDER)
        lines.append(("Suggestions", f"{stats['suggestions_open']} open"
                      + (f" ({kinds})" if kinds else "") + (f"; {settled}" if settled else "")))
    else:
        lines.append(("Suggestions", "none yet"))
    lines.append(("Glossary", f"{stats['concepts']} concept(s), {stats['terms']} term(s)"))
    last = f", last {stats['last_decision']}" if stats["last_decision"] else ""
    lines.append(("Decisions", f"{stats['decisions']} logged{last}"))
    return lines


def next_step(stats: dict[str, Any], project: Path | None) -> str:
    """What to do next, judged from the counts."""
    where = f" -p {project}" if project is not None else ""
    if not stats["documents"]:
        return f"bitextual add{where} FILES... (documents or directories)"
    if not stats["pairs"]:
        return f"bitextual align{where} (pair Chinese and English documents, align sentences)"
    if stats["beads"] > stats["beads_reviewed"] or stats["suggestions_open"]:
        return f"bitextual review{where} (review alignments and suggested fixes)"
    return f"bitextual export{where} (write the reviewed pairs)"
