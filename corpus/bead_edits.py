"""Edits of stored beads: accept, mark unaligned, reset, merge, split, move a sentence.

Each edit is one transaction and one undoable decision (:mod:`corpus.decisions`).

* **Unaligned.** ``mark_unaligned`` sets the bead's status to ``unaligned`` and keeps its
  sentences together; exporters skip such beads. To re-pair sentences the reviewer moves,
  splits or merges beads, which keeps every sentence in exactly one bead of its pair.
* **Links** (``link_sentences``/``unlink_bead``, any sentences of a pair, also non-adjacent
  in a comparable pair) are described at their section below.
* **Reviewer-made beads** (merge, split, move) get ``origin='reviewer'``, ``status='pending'``
  and ``score=NULL`` (no measured confidence); the UI shows them as "—".
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from corpus.aligned import pair_documents_of
from corpus.decisions import Action, RowTracker, record
from corpus.doc_pairs import PlannedBead, insert_planned_bead
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


def is_reviewed(status: str, origin: str) -> bool:
    """A bead a reviewer decided on (accepted, rejected, unaligned) or made (split, merge,
    move, link): re-alignment keeps it as an anchor and never changes it."""
    return status != "pending" or origin == "reviewer"


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


def beads_around(project: Project, bead_id: int, before: int, after: int) -> list[StoredBead]:
    """Up to ``before`` beads before ``bead_id``, the bead itself and up to ``after`` beads
    after it, in reading order (empty if the bead does not exist). Reads only those rows,
    so its cost does not grow with the pair."""
    row = project.conn.execute("SELECT * FROM beads WHERE id = ?", (bead_id,)).fetchone()
    if row is None:
        return []
    bead = _bead_from_row(row)
    key = (bead.pair_id, bead.position, bead.position, bead.id)
    earlier = project.conn.execute(
        "SELECT * FROM beads WHERE pair_id = ? AND (position < ? OR (position = ? AND id < ?)) "
        "ORDER BY position DESC, id DESC LIMIT ?", (*key, before)).fetchall()
    later = project.conn.execute(
        "SELECT * FROM beads WHERE pair_id = ? AND (position > ? OR (position = ? AND id > ?)) "
        "ORDER BY position, id LIMIT ?", (*key, after)).fetchall()
    return [_bead_from_row(r) for r in reversed(earlier)] + [bead] + \
        [_bead_from_row(r) for r in later]


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


# -- links made by hand ---------------------------------------------------------------------
# A *link* is a bead the reviewer made from any Chinese sentence(s) and any English
# sentence(s) of one pair (origin 'reviewer', status 'accepted': the reviewer said so). The
# linked sentences leave the beads they were in. What that means depends on the pair:
#
# * comparable pairs hold only the links (mined or made); a sentence in no bead is simply
#   unlinked. Any sentences may be linked, adjacent or not, in any order of the two
#   documents; a bead left without one of its sides is deleted (its other sentences become
#   unlinked).
# * parallel (and imported) pairs keep every sentence in exactly one bead, in a sequence
#   that is monotone on both sides. A link is refused when it would cross another bead (the
#   message names it), and a bead that loses sentences keeps the rest (1-0, 0-1 beads).
#
# Unlinking deletes a comparable link; in a parallel pair the bead is replaced by one-sided
# beads, one per sentence, so each sentence is again on its own. The rows a review screen
# shows (links and unlinked sentences) come from corpus.aligned.pair_rows.


def _ordered(ids: Sequence[str], index: dict[str, int], side: str, document: str,
             pair_id: int) -> list[str]:
    unknown = [i for i in ids if i not in index]
    if unknown:
        raise ReviewError(
            f"segment {unknown[0]} is not an article sentence of {document}, the "
            f"{'Chinese' if side == 'zh' else 'English'} document of pair {pair_id}",
            hint="choose sentences of the pair shown (set-aside boilerplate cannot be linked)")
    if len(set(ids)) != len(ids):
        raise ReviewError(f"a sentence is named twice in the link of pair {pair_id}")
    return sorted(ids, key=index.__getitem__)


def _describe(bead: StoredBead, number: int, zh_index: dict[str, int],
              en_index: dict[str, int]) -> str:
    zh = ", ".join(str(zh_index[i] + 1) for i in bead.zh_ids if i in zh_index)
    en = ", ".join(str(en_index[i] + 1) for i in bead.en_ids if i in en_index)
    return f"bead {number} (zh {zh or '—'} ↔ en {en or '—'})"


def link_sentences(project: Project, pair_id: int, zh_ids: Sequence[str],
                   en_ids: Sequence[str]) -> int:
    """Make one reviewer link of ``zh_ids`` and ``en_ids``; returns the decision id.

    See the module docstring for what happens to the beads the sentences were in.
    """
    if not zh_ids or not en_ids:
        raise ReviewError(f"a link of pair {pair_id} needs at least one Chinese and one English "
                          "sentence", hint="select sentences on both sides, then link")
    with project.transaction() as conn:
        docs = pair_documents_of(project, pair_id)
        zh_index = {s: i for i, s in enumerate(docs.zh_ids)}
        en_index = {s: i for i, s in enumerate(docs.en_ids)}
        zh = _ordered(zh_ids, zh_index, "zh", docs.zh_name, pair_id)
        en = _ordered(en_ids, en_index, "en", docs.en_name, pair_id)
        chosen = set(zh) | set(en)
        beads = pair_beads(project, pair_id)
        tracker = RowTracker(conn)
        remaining: list[tuple[int, StoredBead]] = []   # (1-based number, bead as it will stay)
        for number, bead in enumerate(beads, start=1):
            if not chosen & (set(bead.zh_ids) | set(bead.en_ids)):
                remaining.append((number, bead))
                continue
            tracker.watch("beads", [bead.id])
            keep_zh = tuple(i for i in bead.zh_ids if i not in chosen)
            keep_en = tuple(i for i in bead.en_ids if i not in chosen)
            empty = not keep_zh and not keep_en
            if empty or (not docs.keeps_every_sentence and not (keep_zh and keep_en)):
                conn.execute("DELETE FROM beads WHERE id = ?", (bead.id,))
                continue
            _set_bead(conn, bead.id, zh_ids=keep_zh, en_ids=keep_en, score=None,
                             status="pending", origin="reviewer")
            remaining.append((number, get_bead(project, bead.id)))
        zh_rows = [zh_index[i] for i in zh]
        en_rows = [en_index[i] for i in en]
        if docs.keeps_every_sentence:
            before, after = _monotone_neighbours(remaining, zh_rows, en_rows, zh_index, en_index)
        else:
            before, after = _comparable_neighbours(remaining, zh_rows[0], zh_index, en_index,
                                                   len(docs.zh_ids), len(docs.en_ids),
                                                   en_rows[0])
        position = _position_between(project, pair_id, before, after)
        cur = conn.execute(
            "INSERT INTO beads(pair_id, position, zh_ids, en_ids, score, status, origin) "
            "VALUES (?, ?, ?, ?, NULL, 'accepted', 'reviewer')",
            (pair_id, position, json.dumps(zh), json.dumps(en)))
        new_id = int(cur.lastrowid or 0)
        tracker.watch_new("beads", new_id)
        return record(project, Action.LINK_SENTENCES, f"bead:{new_id}", tracker.payload(
            pair_id=pair_id, zh=zh, en=en))


def _monotone_neighbours(remaining: list[tuple[int, StoredBead]], zh_rows: list[int],
                         en_rows: list[int], zh_index: dict[str, int],
                         en_index: dict[str, int]) -> tuple[StoredBead | None, StoredBead | None]:
    """The beads the new link goes between; ``ReviewError`` naming a bead it would cross."""
    before: StoredBead | None = None
    after: StoredBead | None = None
    for number, bead in remaining:
        zs = [zh_index[i] for i in bead.zh_ids if i in zh_index]
        es = [en_index[i] for i in bead.en_ids if i in en_index]
        is_before = all(z < zh_rows[0] for z in zs) and all(e < en_rows[0] for e in es)
        is_after = all(z > zh_rows[-1] for z in zs) and all(e > en_rows[-1] for e in es)
        if not (is_before or is_after) or (is_before and after is not None):
            raise ReviewError(
                f"linking zh {_rows(zh_rows)} with en {_rows(en_rows)} would cross "
                f"{_describe(bead, number, zh_index, en_index)}: a parallel pair keeps its "
                "beads in the order of both documents",
                hint="link sentences that follow each other on both sides, move or unlink "
                     "that bead first, or pair the documents as comparable")
        if is_before and not is_after:
            before = bead
        elif after is None:
            after = bead
    return before, after


def _rows(rows: list[int]) -> str:
    return ", ".join(str(r + 1) for r in rows)


def _comparable_neighbours(remaining: list[tuple[int, StoredBead]], zh_row: int,
                           zh_index: dict[str, int], en_index: dict[str, int], n_zh: int,
                           n_en: int, en_row: int) -> tuple[StoredBead | None, StoredBead | None]:
    """Neighbours by reading order of the Chinese document (mined links are ordered so)."""
    key = (zh_row / max(n_zh, 1), en_row / max(n_en, 1))
    before: StoredBead | None = None
    for _, bead in remaining:
        zs = [zh_index[i] for i in bead.zh_ids if i in zh_index]
        es = [en_index[i] for i in bead.en_ids if i in en_index]
        bead_key = (zs[0] / max(n_zh, 1) if zs else es[0] / max(n_en, 1) if es else 0.0,
                    es[0] / max(n_en, 1) if es else 0.0)
        if bead_key > key:
            return before, bead
        before = bead
    return before, None


def _position_between(project: Project, pair_id: int, before: StoredBead | None,
                      after: StoredBead | None) -> float:
    """A bead position after ``before`` and before ``after`` (either may be None)."""
    if before is None and after is None:
        return 1.0
    if after is None:
        assert before is not None
        return _position_after(project, get_bead(project, before.id))
    return _position_before(project, get_bead(project, after.id))


def unlink_bead(project: Project, bead_id: int) -> int:
    """Undo a link: the bead's sentences become unlinked; returns the decision id."""
    with project.transaction() as conn:
        bead = get_bead(project, bead_id)
        docs = pair_documents_of(project, bead.pair_id)
        tracker = RowTracker(conn)
        tracker.watch("beads", [bead.id])
        if not docs.keeps_every_sentence:
            conn.execute("DELETE FROM beads WHERE id = ?", (bead.id,))
            return record(project, Action.UNLINK_BEAD, f"bead:{bead.id}", tracker.payload(
                pair_id=bead.pair_id))
        if len(bead.zh_ids) + len(bead.en_ids) <= 1 or not (bead.zh_ids and bead.en_ids):
            raise ReviewError(f"bead {bead_id} links nothing: its sentences are on one side",
                              hint="choose a bead with Chinese and English sentences")
        singles = [((z,), ()) for z in bead.zh_ids] + [((), (e,)) for e in bead.en_ids]
        following = _neighbour(project, bead, +1)
        _set_bead(conn, bead.id, zh_ids=singles[0][0], en_ids=singles[0][1], score=None,
                         status="pending", origin="reviewer")
        previous = get_bead(project, bead.id)
        for zh, en in singles[1:]:
            position = _position_between(project, bead.pair_id, previous, following)
            new_id = _insert_bead(conn, bead.pair_id, position, zh, en)
            tracker.watch_new("beads", new_id)
            previous = get_bead(project, new_id)
        return record(project, Action.UNLINK_BEAD, f"bead:{bead.id}", tracker.payload(
            pair_id=bead.pair_id))
# -- re-alignment of unreviewed beads ---------------------------------------------------
@dataclass(frozen=True)
class RealignedRun:
    """A run of consecutive unreviewed beads of one pair and the beads that replace it."""

    old: tuple[StoredBead, ...]
    """The beads as they were read (checked again inside the transaction)."""
    new: tuple[tuple[tuple[str, ...], tuple[str, ...], float], ...]
    """(zh segment ids, en segment ids, confidence) of each new bead, in reading order."""
    context: tuple[StoredBead, ...] = ()
    """The beads just outside the run (the anchors it was aligned between): checked too, so
    an undo of the correction in the meantime cancels the write."""


@dataclass(frozen=True)
class RealignOutcome:
    """What :func:`apply_realignment` wrote."""

    decision: int | None
    """The undoable decision, None when nothing changed."""
    changed: tuple[int, ...]
    """Beads that are new (sentences not grouped like that before)."""
    rescored: tuple[int, ...]
    """Beads whose sentences are unchanged but whose confidence was updated."""
    removed: tuple[int, ...]
    """Beads that no longer exist."""


def apply_realignment(project: Project, pair_id: int, runs: Iterable[RealignedRun]
                      ) -> RealignOutcome | None:
    """Replace runs of unreviewed beads by a re-alignment: ONE transaction, one undoable
    decision (actor 'aligner'). A new bead holding exactly an old bead's sentences keeps
    the old bead's id (only its confidence changes). Returns None, writing nothing, when a
    bead of a run changed since it was read (the reviewer was faster): the caller re-runs."""
    runs = list(runs)
    with project.transaction() as conn:
        for run in runs:
            for bead in run.old + run.context:
                row = conn.execute("SELECT * FROM beads WHERE id = ?", (bead.id,)).fetchone()
                if row is None or _bead_from_row(row) != bead:
                    return None
        tracker = RowTracker(conn)
        changed: list[int] = []
        rescored: list[int] = []
        removed: list[int] = []
        for run in runs:
            if not run.old:
                continue
            tracker.watch("beads", [b.id for b in run.old])
            if [(b.zh_ids, b.en_ids) for b in run.old] == [
                    (tuple(z), tuple(e)) for z, e, _ in run.new]:
                # Same beads: only confidences change (positions untouched, so the images of
                # earlier decisions still match).
                for bead, (_, _, score) in zip(run.old, run.new, strict=True):
                    if bead.score is None or abs(bead.score - score) > 1e-9:
                        _set_bead(conn, bead.id, score=float(score))
                        rescored.append(bead.id)
                continue
            first, last = run.old[0], run.old[-1]
            before = _neighbour(project, first, -1)
            after = _neighbour(project, last, +1)
            low = before.position if before is not None else first.position - 1.0
            high = after.position if after is not None else last.position + 1.0
            step = (high - low) / (len(run.new) + 1)
            if not low < low + step < high or step < 1e-9:
                # Float positions ran out here: renumber the pair (order only), read again.
                _renumber(project, pair_id)
                first, last = get_bead(project, first.id), get_bead(project, last.id)
                before, after = _neighbour(project, first, -1), _neighbour(project, last, +1)
                low = before.position if before is not None else first.position - 1.0
                high = after.position if after is not None else last.position + 1.0
                step = (high - low) / (len(run.new) + 1)
            by_ids = {(b.zh_ids, b.en_ids): b for b in run.old}
            reused: set[int] = set()
            for k, (zh_ids, en_ids, score) in enumerate(run.new, start=1):
                position = low + k * step
                same = by_ids.get((tuple(zh_ids), tuple(en_ids)))
                if same is not None:
                    reused.add(same.id)
                    _set_bead(conn, same.id, position=position, score=float(score))
                    if same.score is None or abs(same.score - score) > 1e-9:
                        rescored.append(same.id)
                    continue
                new_id = int(conn.execute(
                    "INSERT INTO beads(pair_id, position, zh_ids, en_ids, score, status, origin)"
                    " VALUES (?, ?, ?, ?, ?, 'pending', 'aligner')",
                    (pair_id, position, json.dumps(list(zh_ids)), json.dumps(list(en_ids)),
                     float(score))).lastrowid or 0)
                tracker.watch_new("beads", new_id)
                changed.append(new_id)
            for bead in run.old:
                if bead.id not in reused:
                    conn.execute("DELETE FROM beads WHERE id = ?", (bead.id,))
                    removed.append(bead.id)
        if not (changed or rescored or removed):
            return RealignOutcome(None, (), (), ())
        decision = record(
            project, Action.REALIGN_BEADS, f"pair:{pair_id}",
            tracker.payload(pair_id=pair_id, changed=changed, rescored=rescored,
                            removed=removed), actor="aligner")
        return RealignOutcome(decision, tuple(changed), tuple(rescored), tuple(removed))


# -- beads written by 'bitextual align' -----------------------------------------------------
def replace_aligned_beads(project: Project, pair_id: int, replace: Sequence[int],
                          sequence: Sequence[int | PlannedBead]) -> int:
    """Lay out a pair's beads as alignment found them (not a decision: not undoable).

    The beads ``replace`` are deleted; ``sequence`` is the pair in reading order, numbered
    1, 2, …: a bead id is a bead kept as it is (moved to its place), a
    :class:`~corpus.doc_pairs.PlannedBead` is stored as a new pending bead. Returns how many
    deleted beads had a status other than pending (review work whose sentences are gone)."""
    with project.transaction() as conn:
        dropped = conn.execute(
            f"SELECT count(*) FROM beads WHERE status != 'pending' AND id IN "
            f"({','.join('?' * len(replace))})", list(replace)).fetchone()[0] if replace else 0
        conn.executemany("DELETE FROM beads WHERE id = ?", [(b,) for b in replace])
        for position, item in enumerate(sequence, start=1):
            if isinstance(item, int):
                conn.execute("UPDATE beads SET position = ? WHERE id = ?",
                             (float(position), item))
                continue
            insert_planned_bead(conn, pair_id, float(position), item)
    return int(dropped)
