"""Read one document for the document screen: every sentence in order, as rows to draw.

Part of the service layer (no Textual): a document, paired or not, is read sentence by
sentence — boilerplate lines included, marked — with the open findings of each sentence
placed in its current text, and, in a Chinese document, where glossary terms occur. A
10,000-sentence document opens on a window of rows around the cursor; a worker reads the rest.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from corpus import suggestions
from corpus.errors import BitextualError
from corpus.store import Project
from corpus.suggestions import StoredSuggestion
from tui.service import BeadView, SuggestionView, derives_from, place_suggestion


class DocumentError(BitextualError):
    """A document asked for by the review app does not exist."""

    title = "Document error"


@dataclass(frozen=True)
class DocumentInfo:
    """What the document screen's title and layout need."""

    id: int
    name: str
    lang: str
    """'zh' or 'en' (a 'mixed' document is shown on the side of its main language)."""
    script: str
    sentences: int
    """Rows: every segment, boilerplate included."""
    paired_with: str


def document_info(project: Project, name: str) -> DocumentInfo:
    """The document named ``name``; ``DocumentError`` when there is none."""
    row = project.conn.execute(
        "SELECT d.id, d.name, d.lang, d.script, (SELECT count(*) FROM segments s WHERE "
        "s.document_id = d.id) AS n FROM documents d WHERE d.name = ?", (name,)).fetchone()
    if row is None:
        raise DocumentError(f"no document named '{name}' in the project",
                            hint="press r on the overview to re-read the project")
    partner = project.conn.execute(
        "SELECT CASE WHEN p.zh_doc = ? THEN e.name ELSE z.name END FROM doc_pairs p "
        "JOIN documents z ON z.id = p.zh_doc JOIN documents e ON e.id = p.en_doc "
        "WHERE p.zh_doc = ? OR p.en_doc = ? LIMIT 1", (row[0], row[0], row[0])).fetchone()
    lang = "zh" if row[2] == "zh" or (row[2] == "mixed" and (row[3] or "").startswith("zh")) \
        else "en"
    return DocumentInfo(row[0], row[1], lang, row[3] or "?", int(row[4]),
                        partner[0] if partner else "")


def load_document(project: Project, info: DocumentInfo,
                  window: tuple[int, int] | None = None) -> list[BeadView]:
    """The document's sentences as rows (``window``: (start, count) of them only)."""
    plain = project.conn.cursor()
    plain.row_factory = None
    sql = ("SELECT id, text, corrected, boilerplate FROM segments WHERE document_id = ? "
           "ORDER BY position, id")
    args: list[object] = [info.id]
    if window is not None:
        sql += " LIMIT ? OFFSET ?"
        args += [window[1], max(window[0], 0)]
    rows = plain.execute(sql, args).fetchall()
    first = max(window[0], 0) if window is not None else 0
    by_segment = _suggestions(project, [r[0] for r in rows] if window is not None else None,
                              info.id)
    terms = _term_spans(project, rows) if info.lang == "zh" else {}
    views = []
    for index, (seg, text, corrected, boilerplate) in enumerate(rows):
        current = corrected if corrected is not None else text
        sug_views: tuple[SuggestionView, ...] = ()
        edited = corrected is not None
        found = by_segment.get(seg)
        if found:
            accepted = found.get("accepted", [])
            free_edit = corrected is not None and not derives_from(text, accepted, corrected)
            edited = free_edit
            placed = []
            for sug in found.get("open", []):
                start = place_suggestion(current, sug, accepted, free_edit)
                placed.append(SuggestionView(
                    sug.id, seg, start, start + len(sug.original) if start >= 0 else -1,
                    sug.original, sug.replacement, sug.kind, sug.rule, sug.confidence,
                    sug.evidence))
            sug_views = tuple(placed)
        number = first + index + 1
        zh_side = info.lang == "zh"
        views.append(BeadView(
            bead_id=number, number=number, zh_ids=(seg,) if zh_side else (),
            en_ids=() if zh_side else (seg,), zh_text=current if zh_side else "",
            en_text="" if zh_side else current,
            en_segments=() if zh_side else ((seg, text, current),),
            zh_segments=(current,) if zh_side else (), score=None,
            status="unaligned" if boilerplate is not None else "pending", origin="document",
            suggestions=sug_views, edited=edited, boilerplate=boilerplate,
            terms=terms.get(seg, ())))
    return views


def sentence_segments(view: BeadView) -> tuple[tuple[str, str, str], ...]:
    """(segment id, original, current) of a document row, whichever its language."""
    if view.en_segments:
        return view.en_segments
    return tuple((seg, text, text) for seg, text in zip(view.zh_ids, view.zh_segments,
                                                         strict=True))


def _suggestions(project: Project, segments: list[str] | None,
                 document_id: int) -> dict[str, dict[str, list[StoredSuggestion]]]:
    if segments is None:
        where, args = "g.document_id = ?", [document_id]
    else:
        if not segments:
            return {}
        where = f"g.id IN ({', '.join('?' * len(segments))})"
        args = list(segments)  # type: ignore[arg-type]
    found: dict[str, dict[str, list[StoredSuggestion]]] = {}
    for r in project.conn.execute(
            "SELECT s.* FROM suggestions s JOIN segments g ON g.id = s.segment_id "
            f"WHERE {where} AND s.status IN ('open', 'accepted') ORDER BY s.start, s.id", args):
        sug = suggestions.suggestion_from_row(r)
        found.setdefault(sug.segment_id, {}).setdefault(sug.status, []).append(sug)
    return found


def _term_spans(project: Project, rows: list[tuple[str, str, str | None, str | None]]
                ) -> dict[str, tuple[tuple[int, int], ...]]:
    """Where the glossary's Chinese terms occur in each sentence (compared on the
    Simplified ``norm``; offsets hold when the norm is as long as the text)."""
    try:
        terms = [r[0] for r in project.conn.execute(
            "SELECT DISTINCT t.norm FROM terms t JOIN concepts c ON c.id = t.concept_id "
            "WHERE t.lang = 'zh' AND length(t.norm) > 0 AND "
            "coalesce(c.source, '') NOT LIKE 'proposal:%'")]
    except sqlite3.Error:
        return {}
    if not terms:
        return {}
    norms = {r[0]: r[1] for r in project.conn.execute(
        f"SELECT id, norm FROM segments WHERE id IN ({', '.join('?' * len(rows))})",
        [r[0] for r in rows])} if rows else {}
    out: dict[str, tuple[tuple[int, int], ...]] = {}
    for seg, text, corrected, _ in rows:
        norm = norms.get(seg, "")
        if corrected is not None or len(norm) != len(text):
            continue
        spans = []
        for term in terms:
            start = norm.find(term)
            while start >= 0:
                spans.append((start, start + len(term)))
                start = norm.find(term, start + len(term))
        if spans:
            out[seg] = tuple(sorted(spans))
    return out


def load_comparable(project: Project, pair_id: int,
                    beads: dict[int, BeadView]) -> list[BeadView]:
    """Every article sentence of both documents of a comparable pair, in reading order:
    its links (``beads``, by bead id, as the pair screen reads them) and each sentence in no
    link as a one-sided row (``kind`` 'zh' or 'en', ``bead_id`` negative: not a bead)."""
    from corpus.aligned import pair_rows

    rows = pair_rows(project, pair_id)
    loose = [s for r in rows if r.kind != "bead" for s in r.zh_ids + r.en_ids]
    texts: dict[str, tuple[str, str | None]] = {}
    if loose:
        for seg, text, corrected in project.conn.execute(
                f"SELECT id, text, corrected FROM segments WHERE id IN "
                f"({', '.join('?' * len(loose))})", loose):
            texts[seg] = (text, corrected)
    found = _suggestions(project, [s for r in rows if r.kind == "en" for s in r.en_ids], 0)
    views: list[BeadView] = []
    for number, row in enumerate(rows, start=1):
        bead = beads.get(row.bead_id) if row.kind == "bead" and row.bead_id is not None \
            else None
        if bead is not None:
            bead.number = number
            views.append(bead)
            continue
        seg = (row.zh_ids + row.en_ids)[0]
        text, corrected = texts.get(seg, ("?", None))
        current = corrected if corrected is not None else text
        placed: list[SuggestionView] = []
        mine = found.get(seg, {})
        accepted = mine.get("accepted", [])
        free_edit = corrected is not None and not derives_from(text, accepted, corrected)
        for sug in mine.get("open", []):
            start = place_suggestion(current, sug, accepted, free_edit)
            placed.append(SuggestionView(
                sug.id, seg, start, start + len(sug.original) if start >= 0 else -1,
                sug.original, sug.replacement, sug.kind, sug.rule, sug.confidence,
                sug.evidence))
        zh_side = row.kind == "zh"
        views.append(BeadView(
            bead_id=-number, number=number, zh_ids=row.zh_ids, en_ids=row.en_ids,
            zh_text=current if zh_side else "", en_text="" if zh_side else current,
            en_segments=() if zh_side else ((seg, text, current),),
            zh_segments=(current,) if zh_side else (), score=None, status="pending",
            origin="unlinked", suggestions=tuple(placed), edited=free_edit, kind=row.kind))
    return views
