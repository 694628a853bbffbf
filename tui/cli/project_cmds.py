"""``bitextual init`` and ``bitextual status``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

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
    def status(project: ProjectOption = None) -> None:
        """Summarise the project: documents, segments, pairs, review progress, glossary."""
        with open_project(project) as proj:
            stats = proj.stats()
            docs = proj.conn.execute(
                "SELECT d.name, d.lang, d.script, d.format, "
                "(SELECT count(*) FROM segments s WHERE s.document_id = d.id "
                " AND s.boilerplate IS NULL) AS n, "
                "(SELECT count(*) FROM segments s WHERE s.document_id = d.id "
                " AND s.boilerplate IS NOT NULL) AS b "
                "FROM documents d ORDER BY d.name").fetchall()
        table = Table(title=f"Project {proj.root}", title_justify="left")
        for column in ("document", "lang", "script", "format", "sentences", "set aside"):
            table.add_column(column, justify="right" if column in ("sentences", "set aside")
                             else "left")
        for row in docs:
            table.add_row(row["name"], row["lang"], row["script"] or "", row["format"],
                          str(row["n"]), str(row["b"]))
        console.print(table)
        by_lang = ", ".join(f"{n} {lang}" for lang, n in sorted(stats["documents"].items()))
        reviewed = stats["beads_reviewed"]
        beads = stats["beads"]
        pct = f"{100 * reviewed / beads:.0f}%" if beads else "–"
        console.print(
            f"documents: {by_lang or 'none'} · sentences: {stats['segments']} "
            f"(+{stats['boilerplate']} set aside)\n"
            f"pairs: {stats['pairs']} · beads: {beads} ({pct} reviewed) · "
            f"open suggestions: {stats['suggestions_open']} · glossary concepts: "
            f"{stats['concepts']} · decisions logged: {stats['decisions']}")
