"""The reviewer's decision log: one action vocabulary, row images, undo and redo.

Every package that changes reviewed state records it here, with :func:`record` and a member
of :class:`Action` (the only spelling of an action name). An undoable operation is ONE
transaction that changes the materialised state (``beads``, ``segments``,
``suggestions``, ``garble_rules.status``, ``concepts``/``terms``, ``doc_pairs``) and appends one
decision whose payload holds the before/after image of every row it touched::

    {"before": {"beads": {"12": {...row...}, "13": null}, ...},
     "after":  {"beads": {"12": {...row...}, "13": {...row...}}, ...}, ...details}

A ``null`` image means "the row did not exist". :class:`RowTracker` builds those images.
Undo writes a new ``undo`` decision (target ``decision:<id>``) and restores the before image;
redo writes a ``redo`` decision and restores the after image. The log stays append-only; the
undo and redo stacks are recomputed from it, so they survive a crash. Undo refuses
(``ReviewError``) when the rows no longer match the after image, i.e. something else changed
them since.

Older projects spelled some actions differently (``glossary-add``, ``garble_rule.accepted``,
``restore-boilerplate`` …). The log is append-only, so those rows keep their spelling;
:func:`parse_action` maps them to the current :class:`Action` when the log is read. None of
them carried row images, so none of them is undoable.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from corpus.errors import ReviewError
from corpus.store import Project, now_iso


class Action(StrEnum):
    """What a logged decision did; the value is what ``decisions.action`` stores."""

    # beads (corpus.bead_edits)
    ACCEPT_BEAD = "accept_bead"
    MARK_UNALIGNED = "mark_unaligned"
    RESET_BEAD = "reset_bead"
    MERGE_BEADS = "merge_beads"
    SPLIT_BEAD = "split_bead"
    MOVE_SENTENCE = "move_sentence"
    REALIGN_BEADS = "realign_beads"
    LINK_SENTENCES = "link_sentences"
    UNLINK_BEAD = "unlink_bead"
    # document pairs (corpus.doc_pairs, aligner.pair_edits)
    PAIR_DOCUMENTS = "pair_documents"
    UNPAIR_DOCUMENTS = "unpair_documents"
    # text of either language and suggestions (corpus.segment_edits, corpus.suggestions)
    EDIT_SEGMENTS = "edit_segments"
    SPLIT_SEGMENT = "split_segment"
    JOIN_SEGMENTS = "join_segments"
    RESOLVE_MISSING_TERM = "resolve_missing_term"
    ACCEPT_SUGGESTION = "accept_suggestion"
    REJECT_SUGGESTION = "reject_suggestion"
    ACCEPT_RULE = "accept_rule"
    REJECT_RULE = "reject_rule"
    # glossary (glossary.term_edits, glossary.termbase)
    ADD_TERM = "add_term"
    EDIT_TERM = "edit_term"
    DELETE_TERM = "delete_term"
    ACCEPT_TERM = "accept_term"
    REJECT_TERM = "reject_term"
    PROPOSE_TERM = "propose_term"
    IMPORT_GLOSSARY = "import_glossary"
    # documents (corpus.ingest)
    RESTORE_BOILERPLATE = "restore_boilerplate"
    REIMPORT_REMOVE_BEADS = "reimport_remove_beads"
    # the log itself
    UNDO = "undo"
    REDO = "redo"


UNDOABLE: frozenset[Action] = frozenset({
    Action.ACCEPT_BEAD, Action.MARK_UNALIGNED, Action.RESET_BEAD, Action.MERGE_BEADS,
    Action.SPLIT_BEAD, Action.MOVE_SENTENCE, Action.EDIT_SEGMENTS, Action.ACCEPT_SUGGESTION,
    Action.REJECT_SUGGESTION, Action.ACCEPT_RULE, Action.REJECT_RULE, Action.ADD_TERM,
    Action.EDIT_TERM, Action.DELETE_TERM, Action.ACCEPT_TERM, Action.REJECT_TERM,
    Action.LINK_SENTENCES, Action.UNLINK_BEAD, Action.PAIR_DOCUMENTS, Action.UNPAIR_DOCUMENTS,
    Action.SPLIT_SEGMENT, Action.JOIN_SEGMENTS, Action.RESOLVE_MISSING_TERM,
    Action.REALIGN_BEADS,
})
"""Actions whose payload carries before/after row images (undo and redo restore them)."""

GLOSSARY_ACTIONS: frozenset[Action] = frozenset({
    Action.ADD_TERM, Action.EDIT_TERM, Action.DELETE_TERM, Action.ACCEPT_TERM,
    Action.REJECT_TERM, Action.PROPOSE_TERM, Action.IMPORT_GLOSSARY,
})
"""Actions that change the glossary (counted by ``bitextual glossary stats``)."""

LEGACY_ACTIONS: dict[str, Action] = {
    "glossary-add": Action.ADD_TERM,
    "glossary-replace": Action.EDIT_TERM,
    "glossary-remove": Action.DELETE_TERM,
    "glossary-accept-proposal": Action.ACCEPT_TERM,
    "glossary-reject-proposal": Action.REJECT_TERM,
    "glossary-import": Action.IMPORT_GLOSSARY,
    "garble_rule.accepted": Action.ACCEPT_RULE,
    "garble_rule.rejected": Action.REJECT_RULE,
    "restore-boilerplate": Action.RESTORE_BOILERPLATE,
    "reimport-remove-beads": Action.REIMPORT_REMOVE_BEADS,
}
"""Spellings written by earlier versions, and the action each one means."""


def parse_action(stored: str) -> Action | None:
    """The action a stored ``decisions.action`` names (old spellings included); None if
    unknown (a row written by a newer bitextual)."""
    if stored in LEGACY_ACTIONS:
        return LEGACY_ACTIONS[stored]
    try:
        return Action(stored)
    except ValueError:
        return None


def stored_spellings(actions: Iterable[Action]) -> list[str]:
    """Every spelling under which ``actions`` may be stored (current and legacy)."""
    wanted = set(actions)
    return sorted({str(a) for a in wanted}
                  | {old for old, action in LEGACY_ACTIONS.items() if action in wanted})


def record(project: Project, action: Action, target: str,
           payload: dict[str, Any] | None = None, actor: str = "reviewer") -> int:
    """Append one decision to the log (call inside the transaction that applies it)."""
    cur = project.conn.execute(
        "INSERT INTO decisions(at, actor, action, target, payload) VALUES (?, ?, ?, ?, ?)",
        (now_iso(), actor, str(action), target,
         json.dumps(payload or {}, ensure_ascii=False)))
    return int(cur.lastrowid or 0)


@dataclass(frozen=True)
class Decision:
    """One row of the log as read back: ``action`` is None for a name this version
    does not know; ``stored_action`` is the spelling in the row."""

    id: int
    at: str
    actor: str
    action: Action | None
    stored_action: str
    target: str
    payload: dict[str, Any]


def read_decisions(project: Project, actions: Iterable[Action] | None = None) -> list[Decision]:
    """Logged decisions in order, optionally only ``actions`` (under any spelling)."""
    sql = "SELECT id, at, actor, action, target, payload FROM decisions"
    args: list[str] = []
    if actions is not None:
        args = stored_spellings(actions)
        sql += f" WHERE action IN ({', '.join('?' * len(args))})"
    return [Decision(int(r["id"]), r["at"], r["actor"], parse_action(r["action"]), r["action"],
                     r["target"], json.loads(r["payload"]))
            for r in project.conn.execute(sql + " ORDER BY id", args)]


def decision_action(project: Project, decision_id: int) -> Action | None:
    """The action of one logged decision; None if there is no such decision or its action
    is unknown to this version."""
    row = project.conn.execute("SELECT action FROM decisions WHERE id = ?",
                               (decision_id,)).fetchone()
    return None if row is None else parse_action(row[0])


def count_decisions(project: Project, actions: Iterable[Action]) -> int:
    """How many logged decisions are one of ``actions`` (under any spelling)."""
    spellings = stored_spellings(actions)
    marks = ", ".join("?" * len(spellings))
    return int(project.conn.execute(
        f"SELECT count(*) FROM decisions WHERE action IN ({marks})", spellings).fetchone()[0])


# -- row images ---------------------------------------------------------------------------
# Columns captured per table; ``None`` means the full row (rows that can appear or vanish:
# pairs and beads, segments of a split or join, suggestions moved to a new segment).
# Images written by older versions hold fewer columns (segments: corrected; suggestions:
# status); they are compared and restored on the columns they hold.
_TRACKED: dict[str, tuple[str, ...] | None] = {
    "doc_pairs": None,
    "beads": None,
    "concepts": None,
    "terms": None,
    "segments": None,
    "suggestions": None,
    "garble_rules": ("status",),
}
_KEY_TYPES = {"doc_pairs": int, "beads": int, "concepts": int, "terms": int, "segments": str,
              "suggestions": int, "garble_rules": int}
# Parents are written before children when an image is restored.
_WRITE_ORDER = ("concepts", "terms", "doc_pairs", "beads", "segments", "garble_rules",
                "suggestions")

Image = dict[str, dict[str, dict[str, Any] | None]]


class RowTracker:
    """Records the before image of rows as they are first touched, then the after image."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.before: Image = {}

    def watch(self, table: str, keys: Iterable[Any]) -> None:
        """Capture the current image of ``keys`` in ``table`` unless already captured."""
        seen = self.before.setdefault(table, {})
        for key in keys:
            if str(key) not in seen:
                seen[str(key)] = _read_row(self.conn, table, key)

    def watch_new(self, table: str, key: Any) -> None:
        """Record that ``key`` did not exist before this operation (unless already watched:
        SQLite may reuse the id of a row deleted earlier in the same operation)."""
        self.before.setdefault(table, {}).setdefault(str(key), None)

    @property
    def touched(self) -> bool:
        """True once any row has been watched."""
        return any(self.before.values())

    def payload(self, **details: Any) -> dict[str, Any]:
        """The decision payload: before and after images plus operation details."""
        after: Image = {table: {key: _read_row(self.conn, table, _KEY_TYPES[table](key))
                                for key in rows} for table, rows in self.before.items()}
        return {"before": self.before, "after": after, **details}


def _read_row(conn: sqlite3.Connection, table: str, key: Any) -> dict[str, Any] | None:
    columns = _TRACKED[table]
    select = "*" if columns is None else ", ".join(columns)
    row = conn.execute(f"SELECT {select} FROM {table} WHERE id = ?", (key,)).fetchone()
    return None if row is None else dict(zip(row.keys(), tuple(row), strict=True))


def _write_image(conn: sqlite3.Connection, image: Image) -> None:
    """Make the tracked rows equal to ``image`` (parents inserted before children).

    Segment positions are then made contiguous again in every document the image touches:
    imaged segments take their imaged positions, the others keep their order around them
    (a split or join shifts the later segments of its document without imaging them).
    """
    for table in _WRITE_ORDER:
        for key, row in image.get(table, {}).items():
            typed = _KEY_TYPES[table](key)
            if row is None:
                conn.execute(f"DELETE FROM {table} WHERE id = ?", (typed,))
                continue
            exists = conn.execute(f"SELECT 1 FROM {table} WHERE id = ?", (typed,)).fetchone()
            columns = [c for c in row if c != "id"]
            if exists:
                sets = ", ".join(f"{c} = ?" for c in columns)
                conn.execute(f"UPDATE {table} SET {sets} WHERE id = ?",
                             [row[c] for c in columns] + [typed])
            else:
                names = ", ".join(["id", *columns])
                marks = ", ".join("?" * (len(columns) + 1))
                conn.execute(f"INSERT INTO {table} ({names}) VALUES ({marks})",
                             [typed] + [row[c] for c in columns])
    pinned: dict[int, dict[str, int]] = {}
    for key, row in image.get("segments", {}).items():
        if row is not None and "document_id" in row and "position" in row:
            pinned.setdefault(int(row["document_id"]), {})[key] = int(row["position"])
    for document_id, positions in pinned.items():
        renumber_segments(conn, document_id, positions)


def renumber_segments(conn: sqlite3.Connection, document_id: int,
                      pinned: dict[str, int] | None = None) -> None:
    """Make a document's segment positions 0..n-1: ``pinned`` segments at their given
    position, every other segment in its current order in the remaining places."""
    pinned = pinned or {}
    rows = conn.execute("SELECT id, position FROM segments WHERE document_id = ? "
                        "ORDER BY position, id", (document_id,)).fetchall()
    slots: list[str | None] = [None] * len(rows)
    for seg_id, position in pinned.items():
        if 0 <= position < len(slots) and slots[position] is None:
            slots[position] = seg_id
    placed = {s for s in slots if s is not None}
    others = iter(r[0] for r in rows if r[0] not in placed)
    order = [slot if slot is not None else next(others) for slot in slots]
    current = {r[0]: r[1] for r in rows}
    conn.executemany("UPDATE segments SET position = ? WHERE id = ?",
                     [(index, seg_id) for index, seg_id in enumerate(order)
                      if current[seg_id] != index])


def _row_matches(now: dict[str, Any] | None, imaged: dict[str, Any] | None) -> bool:
    """True when the row is as imaged, on the image's columns (older images hold fewer)."""
    if now is None or imaged is None:
        return now is imaged
    return all(now.get(column) == value for column, value in imaged.items())


def _image_matches(conn: sqlite3.Connection, image: Image) -> bool:
    return all(_row_matches(_read_row(conn, table, _KEY_TYPES[table](key)), row)
               for table, rows in image.items() for key, row in rows.items())


# -- undo and redo ------------------------------------------------------------------------
@dataclass(frozen=True)
class History:
    """The undo and redo stacks as decision ids (last element = next to undo/redo)."""

    done: tuple[int, ...]
    undone: tuple[int, ...]


def history(project: Project) -> History:
    """Replay the decision log into undo and redo stacks."""
    # Only current spellings: rows under a legacy spelling carry no row images.
    names = [str(a) for a in sorted(UNDOABLE)] + [Action.UNDO, Action.REDO]
    marks = ", ".join("?" * len(names))
    rows = project.conn.execute(
        f"SELECT id, action, target FROM decisions WHERE action IN ({marks}) ORDER BY id",
        names).fetchall()
    done: list[int] = []
    undone: list[int] = []
    for row in rows:
        if row["action"] == Action.UNDO:
            ref = int(row["target"].split(":", 1)[1])
            if ref in done:
                done.remove(ref)
                undone.append(ref)
        elif row["action"] == Action.REDO:
            ref = int(row["target"].split(":", 1)[1])
            if ref in undone:
                undone.remove(ref)
                done.append(ref)
        else:
            done.append(row["id"])
            undone.clear()
    return History(tuple(done), tuple(undone))


@dataclass(frozen=True)
class Reverted:
    """What undo or redo did: the new decision, the one it reverted, and its details."""

    decision: int
    reference: int
    action: Action
    target: str
    payload: dict[str, Any]


def _revert(project: Project, kind: Action) -> Reverted | None:
    with project.transaction() as conn:
        stacks = history(project)
        stack = stacks.done if kind == Action.UNDO else stacks.undone
        if not stack:
            return None
        reference = stack[-1]
        row = conn.execute("SELECT action, target, payload FROM decisions WHERE id = ?",
                           (reference,)).fetchone()
        payload = json.loads(row["payload"])
        expected, wanted = ((payload["after"], payload["before"]) if kind == Action.UNDO
                            else (payload["before"], payload["after"]))
        if not _image_matches(conn, expected):
            raise ReviewError(
                f"cannot {kind} decision {reference} ({row['action']} {row['target']}): "
                "the rows it changed were changed again since",
                hint="re-alignment or a re-check touched them; review the bead by hand")
        _write_image(conn, wanted)
        decision = record(project, kind, f"decision:{reference}",
                          {"action": row["action"], "target": row["target"]})
        return Reverted(decision, reference, Action(row["action"]), row["target"], payload)


def undo(project: Project) -> Reverted | None:
    """Undo the latest decision not yet undone; None when there is nothing to undo."""
    return _revert(project, Action.UNDO)


def redo(project: Project) -> Reverted | None:
    """Redo the latest undone decision (only until a new decision is made)."""
    return _revert(project, Action.REDO)
