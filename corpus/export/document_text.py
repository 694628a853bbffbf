"""One document's reviewed text as a plain-text file: a document with no partner, repaired.

Sentence pairs (TMX, TSV, …) need a pair; an English article with no Chinese partner is
reviewed for its garbles all the same, and its repairs leave the tool this way. Each source
paragraph becomes one line — the sentences of a paragraph joined by a space (English) or by
nothing (Chinese) — boilerplate lines included, so the file reads like the imported one with
the reviewed text in place. Written atomically.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from corpus.atomic import atomic_open
from corpus.errors import BitextualError
from corpus.store import Project


@dataclass(frozen=True)
class DocumentTextReport:
    """What ``export_document_text`` wrote."""

    path: Path
    lines: int
    sentences: int
    corrected: int
    """Sentences whose reviewed text differs from the imported one."""


def export_document_text(project: Project, name: str, path: Path,
                         text: str = "corrected") -> DocumentTextReport:
    """Write document ``name`` to ``path``, one source paragraph a line; ``text`` 'corrected'
    (the reviewed text where there is one) or 'original'."""
    if text not in ("corrected", "original"):
        raise BitextualError(f"text must be 'corrected' or 'original', not '{text}'")
    doc = project.conn.execute("SELECT id, lang FROM documents WHERE name = ?",
                               (name,)).fetchone()
    if doc is None:
        raise BitextualError(f"no document named '{name}' in the project",
                             hint="see 'bitextual status' for the document names")
    rows = project.conn.execute(
        "SELECT paragraph, text, corrected FROM segments WHERE document_id = ? "
        "ORDER BY position", (doc[0],)).fetchall()
    joiner = "" if doc[1] == "zh" else " "
    lines: list[str] = []
    last: int | None = None
    corrected = 0
    for paragraph, original, reviewed in rows:
        current = reviewed if (reviewed is not None and text == "corrected") else original
        corrected += reviewed is not None and reviewed != original
        if paragraph == last and lines:
            lines[-1] += joiner + current
        else:
            lines.append(current)
        last = paragraph
    try:
        with atomic_open(path, "w", encoding="utf-8", newline="") as handle:
            handle.write("\n".join(lines) + "\n")
    except OSError as exc:
        raise BitextualError(f"cannot write {path}: {exc.strerror or exc}", path=path,
                             hint="check that the folder exists and is writable") from exc
    return DocumentTextReport(path, len(lines), len(rows), corrected)
