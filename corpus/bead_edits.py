"""Edits of stored beads: accept, mark unaligned, reset, merge, split, move a sentence.

Each edit is one transaction and one undoable decision (:mod:`corpus.decisions`).

* **Unaligned.** ``mark_unaligned`` sets the bead's status to ``unaligned`` and keeps its
  sentences together; exporters skip such beads. To re-pair sentences the reviewer moves,
  splits or merges beads, which keeps every sentence in exactly one bead of its pair.
* **Reviewer-made beads** (merge, split, move) get ``origin='reviewer'``, ``status='pending'``
  and ``score=NULL`` (no measured confidence); the UI shows them as "—".
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from corpus.decisions import Action, RowTracker, record
from corpus.errors import ReviewError
from corpus.store import Project


# -- beads --------------------------------------------------------------------------------
@dataclass(frozen=True)
class StoredBead:
    """One bead as stored in ``beads``: ``zh_ids``/``en_ids`` are segment ids in document order."""

    id: int
    pair_id: int
    position: float
    zh_ids: tuple[str, ...]
    en_ids: tuple[str, ...]
    score: float | None
    status: str
    origin: str

    @property
    def is_many(self) -> bool:
        """True for an n-m bead other than 1-1 (including 1-0 and 0-1)."""
        return not (len(self.zh_ids) == 1 and len(self.en_ids) == 1)


def _bead_from_row(row: sqlite3.Row) -> StoredBead:
    return StoredBead(id=row["id"], pair_id=row["pair_id"], position=row["position"],
                zh_ids=tuple(json.loads(row["zh_ids"])), en_ids=tuple(json.loads(row["en_ids"])),
                score=row["score"], status=row["status"], origin=row["origin"])


def get_bead(project: Project, bead_id: int) -> StoredBead:
    """Read one bead; ``ReviewError`` if it does not exist."""
    row = project.conn.execute("SELECT * FROM beads WHERE id = ?", (bead_id,)).fetchone()
    if row is None:
        raise ReviewError(f"bead {bead_id} does not exist",
                          hint="reload the pair; it may have been merged or re-aligned")
    return _bead_from_row(row)


def pair_beads(project: Project, pair_id: int) -> list[StoredBead]:
    """All beads of a pair in reading order."""
    rows = project.conn.execute("SELECT * FROM beads WHERE pair_id = ? ORDER BY position, id",
                                (pair_id,)).fetchall()
    return [_bead_from_row(r) for r in rows]


def _neighbour(project: Project, bead: StoredBead, direction: int) -> StoredBead | None:
    if direction > 0:
        sql = ("SELECT * FROM beads WHERE pair_id = ? AND (position > ? OR (position = ? AND "
               "id > ?)) ORDER BY position, id LIMIT 1")
    else:
        sql = ("SELECT * FROM beads WHERE pair_id = ? AND (position < ? OR (position = ? AND "
               "id < ?)) ORDER BY position DESC, id DESC LIMIT 1")
    row = project.conn.execute(sql, (bead.pair_id, bead.position, bead.position,
                                     bead.id)).fetchone()
    return None if row is None else _bead_from_row(row)


def _position_after(project: Project, bead: StoredBead) -> float:
    """A position strictly between ``bead`` and the next bead of its pair."""
    following = _neighbour(project, bead, +1)
    if following is None:
        return bead.position + 1.0
    middle = (bead.position + following.position) / 2
    if not bead.position < middle < following.position:
        # Float midpoints ran out after many splits at one place: renumber the pair.
        _renumber(project, bead.pair_id)
        return _position_after(project, get_bead(project, bead.id))
    return middle


def _position_before(project: Project, bead: StoredBead) -> float:
    previous = _neighbour(project, bead, -1)
    if previous is None:
        return bead.position - 1.0
    return _position_after(project, previous)


def _renumber(project: Project, pair_id: int) -> None:
    # Renumbered rows are not tracked: positions only order beads, and the relative order
    # of every bead is unchanged, so undo images stay valid up to that order.
    for index, bead in enumerate(pair_beads(project, pair_id)):
        project.conn.execute("UPDATE beads SET position = ? WHERE id = ?", (float(index), bead.id))


def _set_bead(conn: sqlite3.Connection, bead_id: int, **values: Any) -> None:
    for key in ("zh_ids", "en_ids"):
        if key in values:
            values[key] = json.dumps(list(values[key]))
    sets = ", ".join(f"{c} = ?" for c in values)
    conn.execute(f"UPDATE beads SET {sets} WHERE id = ?", [*values.values(), bead_id])


def _insert_bead(conn: sqlite3.Connection, pair_id: int, position: float, zh_ids: Iterable[str],
                 en_ids: Iterable[str]) -> int:
    cur = conn.execute(
        "INSERT INTO beads(pair_id, position, zh_ids, en_ids, score, status, origin) "
        "VALUES (?, ?, ?, ?, NULL, 'pending', 'reviewer')",
        (pair_id, position, json.dumps(list(zh_ids)), json.dumps(list(en_ids))))
    return int(cur.lastrowid or 0)


def _set_status(project: Project, bead_id: int, status: str, action: Action) -> int | None:
    with project.transaction() as conn:
        bead = get_bead(project, bead_id)
        if bead.status == status:
            return None
        tracker = RowTracker(conn)
        tracker.watch("beads", [bead_id])
        _set_bead(conn, bead_id, status=status)
        return record(project, action, f"bead:{bead_id}", tracker.payload(
            pair_id=bead.pair_id))


def accept_bead(project: Project, bead_id: int) -> int | None:
    """Mark a bead as a correct alignment; returns the decision id (None if already so)."""
    return _set_status(project, bead_id, "accepted", Action.ACCEPT_BEAD)


def mark_unaligned(project: Project, bead_id: int) -> int | None:
    """Mark a bead's sentences as having no counterpart (status ``unaligned``)."""
    return _set_status(project, bead_id, "unaligned", Action.MARK_UNALIGNED)


def reset_bead(project: Project, bead_id: int) -> int | None:
    """Return a bead to ``pending`` (not yet reviewed)."""
    return _set_status(project, bead_id, "pending", Action.RESET_BEAD)


def merge_with_next(project: Project, bead_id: int) -> int:
    """Join a bead with the following bead of its pair; returns the decision id."""
    with project.transaction() as conn:
        bead = get_bead(project, bead_id)
        following = _neighbour(project, bead, +1)
        if following is None:
            raise ReviewError(f"bead {bead_id} is the last bead of its pair; nothing to merge")
        tracker = RowTracker(conn)
        tracker.watch("beads", [bead.id, following.id])
        _set_bead(conn, bead.id, zh_ids=bead.zh_ids + following.zh_ids,
                  en_ids=bead.en_ids + following.en_ids, score=None, status="pending",
                  origin="reviewer")
        conn.execute("DELETE FROM beads WHERE id = ?", (following.id,))
        return record(project, Action.MERGE_BEADS, f"bead:{bead.id}", tracker.payload(
            pair_id=bead.pair_id, merged=following.id))


def split_bead(project: Project, bead_id: int, zh_index: int, en_index: int) -> int:
    """Split a bead before its ``zh_index``-th Chinese and ``en_index``-th English sentence.

    The first part keeps ``zh_ids[:zh_index]`` and ``en_ids[:en_index]``; both parts must
    hold at least one sentence.
    """
    with project.transaction() as conn:
        bead = get_bead(project, bead_id)
        if not (0 <= zh_index <= len(bead.zh_ids) and 0 <= en_index <= len(bead.en_ids)):
            raise ReviewError(
                f"bead {bead_id} has {len(bead.zh_ids)} Chinese and {len(bead.en_ids)} English "
                f"sentences; cannot split at ({zh_index}, {en_index})")
        first = (bead.zh_ids[:zh_index], bead.en_ids[:en_index])
        second = (bead.zh_ids[zh_index:], bead.en_ids[en_index:])
        if not (first[0] or first[1]) or not (second[0] or second[1]):
            raise ReviewError(f"splitting bead {bead_id} at ({zh_index}, {en_index}) leaves "
                              "an empty part", hint="choose a boundary inside the bead")
        tracker = RowTracker(conn)
        tracker.watch("beads", [bead.id])
        position = _position_after(project, bead)
        _set_bead(conn, bead.id, zh_ids=first[0], en_ids=first[1], score=None,
                  status="pending", origin="reviewer")
        new_id = _insert_bead(conn, bead.pair_id, position, second[0], second[1])
        tracker.watch_new("beads", new_id)
        return record(project, Action.SPLIT_BEAD, f"bead:{bead.id}", tracker.payload(
            pair_id=bead.pair_id, new_bead=new_id, zh_index=zh_index, en_index=en_index))


def move_sentence(project: Project, bead_id: int, side: str, direction: str) -> int:
    """Move one sentence of ``side`` ('zh'/'en') to the previous or next bead.

    ``direction='prev'`` moves the bead's first sentence to the end of the previous bead,
    ``'next'`` moves its last sentence to the start of the next bead. A missing neighbour
    is created (a 1-0 or 0-1 bead); a bead left empty is deleted.
    """
    if side not in ("zh", "en") or direction not in ("prev", "next"):
        raise ReviewError(f"cannot move a sentence to side={side!r} direction={direction!r}")
    with project.transaction() as conn:
        bead = get_bead(project, bead_id)
        ids = list(bead.zh_ids if side == "zh" else bead.en_ids)
        if not ids:
            raise ReviewError(f"bead {bead_id} has no {'Chinese' if side == 'zh' else 'English'}"
                              " sentence to move")
        tracker = RowTracker(conn)
        tracker.watch("beads", [bead.id])
        step = -1 if direction == "prev" else +1
        neighbour = _neighbour(project, bead, step)
        moved = ids.pop(0 if direction == "prev" else -1)
        if neighbour is None:
            position = (_position_before(project, bead) if direction == "prev"
                        else _position_after(project, bead))
            target_id = _insert_bead(conn, bead.pair_id, position, [], [])
            tracker.watch_new("beads", target_id)
            target = get_bead(project, target_id)
        else:
            tracker.watch("beads", [neighbour.id])
            target = neighbour
        target_ids = list(target.zh_ids if side == "zh" else target.en_ids)
        target_ids = target_ids + [moved] if direction == "prev" else [moved] + target_ids
        # the reviewer put the sentence there on purpose: a bead already accepted stays
        # accepted (it only gained the sentence that belongs to it)
        _set_bead(conn, target.id, **{f"{side}_ids": target_ids}, score=None,
                  status="accepted" if target.status == "accepted" else "pending",
                  origin="reviewer")
        other = bead.en_ids if side == "zh" else bead.zh_ids
        if ids or other:
            _set_bead(conn, bead.id, **{f"{side}_ids": ids}, score=None, status="pending",
                      origin="reviewer")
        else:
            conn.execute("DELETE FROM beads WHERE id = ?", (bead.id,))
        return record(project, Action.MOVE_SENTENCE, f"bead:{bead.id}", tracker.payload(
            pair_id=bead.pair_id, segment=moved, side=side, direction=direction,
            to_bead=target.id))
