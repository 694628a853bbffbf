"""Pairing and unpairing documents by hand: the ``doc_pairs`` rows and their beads.

The aligner computes a new pair's beads (``aligner.pair_edits``); this module checks the
request and stores the pair, its beads and one decision in ONE transaction, so undo removes
the pair with its beads and redo brings both back. Unpairing deletes the pair and its beads
as one decision; undo restores them with their ids, statuses and review decisions.

The rows ``bitextual align`` reads and writes (which pairs hold review work, the pair row
of each aligned pair) are at the end; their beads are laid out by
:func:`corpus.bead_edits.replace_aligned_beads`.

A pair made by hand carries a signature starting with :data:`REVIEWER_SIGNATURE`:
``bitextual align`` keeps it (with its documents) and only re-aligns it around its reviewed
beads, as it does for any pair holding review work.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass

from corpus.decisions import Action, RowTracker, record
from corpus.errors import ReviewError
from corpus.store import Project, now_iso

MODES = ("parallel", "comparable")
REVIEWER_SIGNATURE = "paired by reviewer"
"""Prefix of the signature of a pair made by hand."""


@dataclass(frozen=True)
class DocumentRef:
    """A document as pairing sees it."""

    id: int
    name: str
    lang: str
    sentences: int
    """Article sentences (boilerplate excluded)."""


@dataclass(frozen=True)
class PlannedBead:
    """A bead to store with a new pair: segment ids in order, score, origin."""

    zh_ids: tuple[str, ...]
    en_ids: tuple[str, ...]
    score: float | None
    origin: str


@dataclass(frozen=True)
class PairAdded:
    """A stored pair and the decision that made it."""

    pair_id: int
    decision: int
    beads: int


def find_document(project: Project, name: str) -> DocumentRef:
    """The document named ``name`` as ``bitextual status`` names it; error if unknown."""
    row = project.conn.execute(
        "SELECT d.id, d.name, d.lang, (SELECT count(*) FROM segments s WHERE s.document_id = d.id"
        " AND s.boilerplate IS NULL) AS n FROM documents d WHERE d.name = ?", (name,)).fetchone()
    if row is None:
        raise ReviewError(f"no document named {name!r} in this project",
                          hint="'bitextual status --all' lists the document names")
    return DocumentRef(int(row["id"]), str(row["name"]), str(row["lang"]), int(row["n"]))


def pair_of_document(project: Project, document_id: int) -> tuple[int, str, str] | None:
    """(pair id, other document's name, mode) of the pair holding a document, if any."""
    row = project.conn.execute(
        "SELECT p.id, p.mode, CASE WHEN p.zh_doc = ? THEN e.name ELSE z.name END AS other "
        "FROM doc_pairs p JOIN documents z ON z.id = p.zh_doc JOIN documents e ON e.id = p.en_doc "
        "WHERE p.zh_doc = ? OR p.en_doc = ? ORDER BY p.id LIMIT 1",
        (document_id, document_id, document_id)).fetchone()
    return None if row is None else (int(row["id"]), str(row["other"]), str(row["mode"]))


def check_pairable(project: Project, zh_name: str, en_name: str,
                   mode: str) -> tuple[DocumentRef, DocumentRef]:
    """The two documents of a requested pair; ``ReviewError`` saying what is wrong."""
    if mode not in MODES:
        raise ReviewError(f"unknown pairing mode {mode!r}", hint="use parallel or comparable")
    zh = find_document(project, zh_name)
    en = find_document(project, en_name)
    if zh.lang == "en" and en.lang == "zh":
        raise ReviewError(f"{zh_name!r} is English and {en_name!r} is Chinese",
                          hint="name the Chinese document first: pair ZH_DOC EN_DOC")
    for doc, lang in ((zh, "zh"), (en, "en")):
        if doc.lang != lang:
            language = "Chinese" if lang == "zh" else "English"
            raise ReviewError(
                f"{doc.name!r} is not a {language} document (its language is {doc.lang})",
                hint=f"re-add it with --lang {lang} if it is {language}")
        if doc.sentences == 0:
            raise ReviewError(f"{doc.name!r} has no article text (every line is set aside as "
                              "boilerplate)", hint="restore lines with 'bitextual restore'")
        held = pair_of_document(project, doc.id)
        if held is not None:
            raise ReviewError(
                f"{doc.name!r} is already paired with {held[1]!r} ({held[2]}, pair {held[0]})",
                hint=f"unpair it first: bitextual unpair {doc.name}")
    return zh, en


def _insert_pair(conn: sqlite3.Connection, zh_doc: int, en_doc: int, mode: str,
                 score: float | None, signature: str) -> int:
    cur = conn.execute(
        "INSERT INTO doc_pairs(zh_doc, en_doc, mode, score, signature, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?)", (zh_doc, en_doc, mode, score, signature, now_iso()))
    return int(cur.lastrowid or 0)


def insert_planned_bead(conn: sqlite3.Connection, pair_id: int, position: float,
                        bead: PlannedBead) -> int:
    """Store ``bead`` as a new pending bead of the pair at ``position``; returns its id."""
    cur = conn.execute(
        "INSERT INTO beads(pair_id, position, zh_ids, en_ids, score, status, origin) "
        "VALUES (?, ?, ?, ?, ?, 'pending', ?)",
        (pair_id, position, json.dumps(list(bead.zh_ids)), json.dumps(list(bead.en_ids)),
         bead.score, bead.origin))
    return int(cur.lastrowid or 0)


def add_pair(project: Project, zh: DocumentRef, en: DocumentRef, mode: str,
             beads: Sequence[PlannedBead], signature: str,
             score: float | None = None) -> PairAdded:
    """Store a new pair with its beads and log one undoable decision."""
    with project.transaction() as conn:
        check_pairable(project, zh.name, en.name, mode)   # nothing changed meanwhile
        pair_id = _insert_pair(conn, zh.id, en.id, mode, score,
                               f"{REVIEWER_SIGNATURE}; {signature}")
        tracker = RowTracker(conn)
        tracker.watch_new("doc_pairs", pair_id)
        for position, bead in enumerate(beads, start=1):
            tracker.watch_new("beads", insert_planned_bead(conn, pair_id, float(position), bead))
        decision = record(project, Action.PAIR_DOCUMENTS, f"pair:{pair_id}", tracker.payload(
            zh=zh.name, en=en.name, mode=mode, beads=len(beads)))
        return PairAdded(pair_id, decision, len(beads))


def find_pair(project: Project, names: Sequence[str]) -> int:
    """The pair named by one of its documents, or by both; ``ReviewError`` otherwise."""
    if not 1 <= len(names) <= 2:
        raise ReviewError("name one document of the pair, or both",
                          hint="bitextual unpair ZH_DOC [EN_DOC]")
    docs = [find_document(project, name) for name in names]
    rows = project.conn.execute(
        "SELECT id, zh_doc, en_doc FROM doc_pairs WHERE zh_doc = ? OR en_doc = ?",
        (docs[0].id, docs[0].id)).fetchall()
    if len(docs) == 2:
        rows = [r for r in rows if docs[1].id in (r["zh_doc"], r["en_doc"])]
    if not rows:
        what = " and ".join(repr(d.name) for d in docs)
        raise ReviewError(f"{what} {'are' if len(docs) == 2 else 'is'} not paired"
                          + (" with each other" if len(docs) == 2 else ""),
                          hint="'bitextual status' shows the pairs")
    return int(rows[0]["id"])


@dataclass(frozen=True)
class PairDescription:
    """A stored pair as the CLI and the UI name it."""

    pair_id: int
    zh_name: str
    en_name: str
    mode: str
    beads: int


def describe_pair(project: Project, pair_id: int) -> PairDescription:
    """Names, mode and bead count of a pair; ``ReviewError`` if it does not exist."""
    row = project.conn.execute(
        "SELECT z.name, e.name, p.mode, (SELECT count(*) FROM beads b WHERE b.pair_id = p.id) "
        "FROM doc_pairs p JOIN documents z ON z.id = p.zh_doc "
        "JOIN documents e ON e.id = p.en_doc WHERE p.id = ?", (pair_id,)).fetchone()
    if row is None:
        raise ReviewError(f"document pair {pair_id} does not exist")
    return PairDescription(pair_id, str(row[0]), str(row[1]), str(row[2]), int(row[3]))


def unpair(project: Project, pair_id: int) -> int:
    """Delete a pair and its beads as one undoable decision; returns the decision id."""
    with project.transaction() as conn:
        row = conn.execute(
            "SELECT p.mode, z.name AS zh, e.name AS en, z.source_group AS g FROM doc_pairs p "
            "JOIN documents z ON z.id = p.zh_doc JOIN documents e ON e.id = p.en_doc "
            "WHERE p.id = ?", (pair_id,)).fetchone()
        if row is None:
            raise ReviewError(f"document pair {pair_id} does not exist")
        if row["mode"] == "imported":
            raise ReviewError(
                f"{row['zh']!r} and {row['en']!r} are the two sides of the bilingual file "
                f"{row['g']!r}; their pairing comes from the file",
                hint="remove or re-add the file instead")
        tracker = RowTracker(conn)
        tracker.watch("doc_pairs", [pair_id])
        tracker.watch("beads", [r[0] for r in conn.execute(
            "SELECT id FROM beads WHERE pair_id = ?", (pair_id,))])
        conn.execute("DELETE FROM doc_pairs WHERE id = ?", (pair_id,))   # beads cascade
        return record(project, Action.UNPAIR_DOCUMENTS, f"pair:{pair_id}", tracker.payload(
            zh=row["zh"], en=row["en"], mode=row["mode"]))


# -- pairs written by 'bitextual align' -----------------------------------------------------
# The aligner decides which documents go together and computes their beads
# (:mod:`aligner.project`); these functions read and write the rows it needs. Alignment is
# not a reviewer's decision: nothing here is logged or undoable.
REVIEWED_BEAD = "(status != 'pending' OR origin = 'reviewer')"
"""A bead a reviewer decided on or made, as an SQL condition on a ``beads`` row (the SQL form
of :func:`corpus.bead_edits.is_reviewed`)."""
_REVIEW_WORK = ("EXISTS (SELECT 1 FROM beads WHERE beads.pair_id = doc_pairs.id "
                f"AND {REVIEWED_BEAD})")
"""A pair holds review work when one of its beads was decided on or made by the reviewer."""


def review_counts(project: Project, pair_id: int) -> tuple[int, int]:
    """(beads, reviewed beads) of a pair, counted in the store without reading the beads."""
    row = project.conn.execute(
        f"SELECT count(*), sum({REVIEWED_BEAD}) FROM beads WHERE pair_id = ?",
        (pair_id,)).fetchone()
    return int(row[0]), int(row[1] or 0)


def pinned_pairs(project: Project) -> dict[int, tuple[int, int, str]]:
    """Non-imported pairs holding review work (a bead decided on, or made by split, merge,
    move or link) or paired by hand: pair id -> (zh document id, en document id, mode)."""
    rows = project.conn.execute(
        "SELECT id, zh_doc, en_doc, mode FROM doc_pairs WHERE mode != 'imported' AND ("
        f"{_REVIEW_WORK} OR signature LIKE ? || '%')", (REVIEWER_SIGNATURE,)).fetchall()
    return {r["id"]: (r["zh_doc"], r["en_doc"], r["mode"]) for r in rows}


def imported_document_ids(project: Project) -> set[int]:
    """Ids of the documents in an imported pair (the two sides of a bilingual file)."""
    rows = project.conn.execute(
        "SELECT zh_doc, en_doc FROM doc_pairs WHERE mode = 'imported'").fetchall()
    return {r[0] for r in rows} | {r[1] for r in rows}


def delete_stale_pairs(project: Project, keep: set[tuple[int, int]]) -> None:
    """Drop the non-imported pairs whose (zh, en) documents are not in ``keep``, unless they
    hold review work or were paired by hand (such a pair is never dropped, even when one of
    its documents lost all its article text). Their beads go with them."""
    with project.transaction() as conn:
        rows = conn.execute(
            "SELECT id, zh_doc, en_doc FROM doc_pairs WHERE mode != 'imported' AND NOT "
            f"{_REVIEW_WORK} AND coalesce(signature, '') NOT LIKE ? || '%'",
            (REVIEWER_SIGNATURE,)).fetchall()
        for row in rows:
            if (row["zh_doc"], row["en_doc"]) not in keep:
                conn.execute("DELETE FROM doc_pairs WHERE id = ?", (row["id"],))


def pair_between(project: Project, zh_doc: int, en_doc: int) -> int | None:
    """The id of the pair of these two documents, if there is one."""
    row = project.conn.execute("SELECT id FROM doc_pairs WHERE zh_doc = ? AND en_doc = ?",
                               (zh_doc, en_doc)).fetchone()
    return None if row is None else int(row["id"])


def write_aligned_pair(project: Project, zh_doc: int, en_doc: int, mode: str,
                       score: float | None, signature: str, pair_id: int | None,
                       pinned: bool) -> int:
    """Store the row of a pair 'bitextual align' aligned; returns its id.

    A new pair (``pair_id`` None) is inserted. An existing one gets the new mode, score and
    signature, except a ``pinned`` one (review work, or paired by hand), which keeps its mode
    and score; a pair made by hand keeps the :data:`REVIEWER_SIGNATURE` prefix."""
    with project.transaction() as conn:
        if pair_id is None:
            return _insert_pair(conn, zh_doc, en_doc, mode, score, signature)
        if not pinned:
            conn.execute("UPDATE doc_pairs SET mode = ?, score = ?, signature = ? "
                         "WHERE id = ?", (mode, score, signature, pair_id))
        else:
            conn.execute("UPDATE doc_pairs SET signature = CASE WHEN signature LIKE ? || '%' "
                         "THEN ? || '; ' || ? ELSE ? END WHERE id = ?",
                         (REVIEWER_SIGNATURE, REVIEWER_SIGNATURE, signature, signature,
                          pair_id))
        return pair_id
