"""Review operations on an aligned project: the reviewer's decisions, each undoable.

Every operation is ONE transaction that changes the materialised state (``beads``,
``segments.corrected``, ``suggestions.status``, ``concepts``/``terms``) and appends one
decision whose payload holds the before/after image of every row it touched::

    {"before": {"beads": {"12": {...row...}, "13": null}, ...},
     "after":  {"beads": {"12": {...row...}, "13": {...row...}}, ...}, ...details}

A ``null`` image means "the row did not exist". Undo writes a new ``undo`` decision (target
``decision:<id>``) and restores the before image; redo writes a ``redo`` decision and restores
the after image. The log stays append-only; the undo and redo stacks are recomputed from it,
so they survive a crash. Undo refuses (``ReviewError``) when the rows no longer match the
after image, i.e. something else changed them since.

Design choices, so the other packages can rely on them:

* **Unaligned.** ``mark_unaligned`` sets the bead's status to ``unaligned`` and keeps its
  sentences together; exporters skip such beads. To re-pair sentences the reviewer moves,
  splits or merges beads, which keeps every sentence in exactly one bead of its pair.
* **Reviewer-made beads** (merge, split, move) get ``origin='reviewer'``, ``status='pending'``
  and ``score=NULL`` (no measured confidence); the UI shows them as "—".
* **Corrected text.** ``segments.corrected`` is NULL while the text is unchanged, otherwise
  the reviewed English: the original with accepted suggestions applied, or the reviewer's
  edit. While a segment has no free edit, ``corrected`` is recomputed from the original and
  all accepted suggestions. A free edit marks every open suggestion of the segment ``stale``
  (their offsets point into the original, which the edit replaced). A suggestion that is
  accepted on an edited segment (e.g. made by a later re-check) is applied where its
  ``original`` occurs exactly once in the edited text, and refused otherwise.
* **Overlaps.** Accepting a suggestion marks overlapping open suggestions of the same
  segment ``stale``.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from corpus.errors import BitextualError
from corpus.store import Project, now_iso
from glossary import termbase
from glossary.suggestion import Suggestion, apply_suggestions
from glossary.termbase import Concept


class ReviewError(BitextualError):
    """A review operation cannot be applied to the current state."""

    title = "Review error"


# Actions that carry before/after images and can be undone.
UNDOABLE_ACTIONS = (
    "accept_bead", "mark_unaligned", "reset_bead", "merge_beads", "split_bead",
    "move_sentence", "edit_segments", "accept_suggestion", "reject_suggestion",
    "accept_rule", "reject_rule", "add_term", "edit_term", "delete_term", "accept_term",
)
UNDO = "undo"
REDO = "redo"

# Columns captured per table; ``None`` means the full row (rows that can appear or vanish).
_TRACKED: dict[str, tuple[str, ...] | None] = {
    "beads": None,
    "concepts": None,
    "terms": None,
    "segments": ("corrected",),
    "suggestions": ("status",),
}
_KEY_TYPES = {"beads": int, "concepts": int, "terms": int, "segments": str, "suggestions": int}

Image = dict[str, dict[str, dict[str, Any] | None]]


# -- row images ---------------------------------------------------------------------------
class _RowTracker:
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
    """Make the tracked rows equal to ``image`` (parents inserted before children)."""
    order = ["concepts", "terms", "beads", "segments", "suggestions"]
    for table in order:
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


def _image_matches(conn: sqlite3.Connection, image: Image) -> bool:
    return all(_read_row(conn, table, _KEY_TYPES[table](key)) == row
               for table, rows in image.items() for key, row in rows.items())


# -- beads --------------------------------------------------------------------------------
@dataclass(frozen=True)
class Bead:
    """One bead as stored: ``zh_ids``/``en_ids`` are segment ids in document order."""

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


def _bead_from_row(row: sqlite3.Row) -> Bead:
    return Bead(id=row["id"], pair_id=row["pair_id"], position=row["position"],
                zh_ids=tuple(json.loads(row["zh_ids"])), en_ids=tuple(json.loads(row["en_ids"])),
                score=row["score"], status=row["status"], origin=row["origin"])


def get_bead(project: Project, bead_id: int) -> Bead:
    """Read one bead; ``ReviewError`` if it does not exist."""
    row = project.conn.execute("SELECT * FROM beads WHERE id = ?", (bead_id,)).fetchone()
    if row is None:
        raise ReviewError(f"bead {bead_id} does not exist",
                          hint="reload the pair; it may have been merged or re-aligned")
    return _bead_from_row(row)


def pair_beads(project: Project, pair_id: int) -> list[Bead]:
    """All beads of a pair in reading order."""
    rows = project.conn.execute("SELECT * FROM beads WHERE pair_id = ? ORDER BY position, id",
                                (pair_id,)).fetchall()
    return [_bead_from_row(r) for r in rows]


def _neighbour(project: Project, bead: Bead, direction: int) -> Bead | None:
    if direction > 0:
        sql = ("SELECT * FROM beads WHERE pair_id = ? AND (position > ? OR (position = ? AND "
               "id > ?)) ORDER BY position, id LIMIT 1")
    else:
        sql = ("SELECT * FROM beads WHERE pair_id = ? AND (position < ? OR (position = ? AND "
               "id < ?)) ORDER BY position DESC, id DESC LIMIT 1")
    row = project.conn.execute(sql, (bead.pair_id, bead.position, bead.position,
                                     bead.id)).fetchone()
    return None if row is None else _bead_from_row(row)


def _position_after(project: Project, bead: Bead) -> float:
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


def _position_before(project: Project, bead: Bead) -> float:
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


def _set_status(project: Project, bead_id: int, status: str, action: str) -> int | None:
    with project.transaction() as conn:
        bead = get_bead(project, bead_id)
        if bead.status == status:
            return None
        tracker = _RowTracker(conn)
        tracker.watch("beads", [bead_id])
        _set_bead(conn, bead_id, status=status)
        return project.log_decision(action, f"bead:{bead_id}", tracker.payload(
            pair_id=bead.pair_id))


def accept_bead(project: Project, bead_id: int) -> int | None:
    """Mark a bead as a correct alignment; returns the decision id (None if already so)."""
    return _set_status(project, bead_id, "accepted", "accept_bead")


def mark_unaligned(project: Project, bead_id: int) -> int | None:
    """Mark a bead's sentences as having no counterpart (status ``unaligned``)."""
    return _set_status(project, bead_id, "unaligned", "mark_unaligned")


def reset_bead(project: Project, bead_id: int) -> int | None:
    """Return a bead to ``pending`` (not yet reviewed)."""
    return _set_status(project, bead_id, "pending", "reset_bead")


def merge_with_next(project: Project, bead_id: int) -> int:
    """Join a bead with the following bead of its pair; returns the decision id."""
    with project.transaction() as conn:
        bead = get_bead(project, bead_id)
        following = _neighbour(project, bead, +1)
        if following is None:
            raise ReviewError(f"bead {bead_id} is the last bead of its pair; nothing to merge")
        tracker = _RowTracker(conn)
        tracker.watch("beads", [bead.id, following.id])
        _set_bead(conn, bead.id, zh_ids=bead.zh_ids + following.zh_ids,
                  en_ids=bead.en_ids + following.en_ids, score=None, status="pending",
                  origin="reviewer")
        conn.execute("DELETE FROM beads WHERE id = ?", (following.id,))
        return project.log_decision("merge_beads", f"bead:{bead.id}", tracker.payload(
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
        tracker = _RowTracker(conn)
        tracker.watch("beads", [bead.id])
        position = _position_after(project, bead)
        _set_bead(conn, bead.id, zh_ids=first[0], en_ids=first[1], score=None,
                  status="pending", origin="reviewer")
        new_id = _insert_bead(conn, bead.pair_id, position, second[0], second[1])
        tracker.watch_new("beads", new_id)
        return project.log_decision("split_bead", f"bead:{bead.id}", tracker.payload(
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
        tracker = _RowTracker(conn)
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
        _set_bead(conn, target.id, **{f"{side}_ids": target_ids}, score=None, status="pending",
                  origin="reviewer")
        other = bead.en_ids if side == "zh" else bead.zh_ids
        if ids or other:
            _set_bead(conn, bead.id, **{f"{side}_ids": ids}, score=None, status="pending",
                      origin="reviewer")
        else:
            conn.execute("DELETE FROM beads WHERE id = ?", (bead.id,))
        return project.log_decision("move_sentence", f"bead:{bead.id}", tracker.payload(
            pair_id=bead.pair_id, segment=moved, side=side, direction=direction,
            to_bead=target.id))


# -- segments and suggestions ---------------------------------------------------------------
@dataclass(frozen=True)
class StoredSuggestion:
    """A suggestion row: a ``Suggestion`` on one segment plus its id and status."""

    id: int
    segment_id: str
    status: str
    suggestion: Suggestion


def _suggestion_from_row(row: sqlite3.Row) -> StoredSuggestion:
    return StoredSuggestion(
        id=row["id"], segment_id=row["segment_id"], status=row["status"],
        suggestion=Suggestion(start=row["start"], end=row["end"], original=row["original"],
                              replacement=row["replacement"], kind=row["kind"],
                              rule=row["rule"], confidence=row["confidence"],
                              evidence=row["evidence"]))


def segment_suggestions(project: Project, segment_id: str,
                        status: str | None = None) -> list[StoredSuggestion]:
    """Suggestions of one segment (optionally of one status), by position."""
    sql = "SELECT * FROM suggestions WHERE segment_id = ?"
    args: list[Any] = [segment_id]
    if status is not None:
        sql += " AND status = ?"
        args.append(status)
    rows = project.conn.execute(sql + " ORDER BY start, end, id", args).fetchall()
    return [_suggestion_from_row(r) for r in rows]


def _segment(project: Project, segment_id: str) -> sqlite3.Row:
    row: sqlite3.Row | None = project.conn.execute(
        "SELECT id, text, corrected FROM segments WHERE id = ?", (segment_id,)).fetchone()
    if row is None:
        raise ReviewError(f"segment {segment_id} does not exist")
    return row


def _derived_text(project: Project, segment_id: str, text: str) -> str:
    accepted = [s.suggestion for s in segment_suggestions(project, segment_id, "accepted")]
    try:
        return apply_suggestions(text, accepted)
    except ValueError as exc:
        raise ReviewError(f"segment {segment_id}: an accepted suggestion does not match the "
                          f"original text ({exc})", hint="run the check again") from exc


def current_text(project: Project, segment_id: str) -> str:
    """The reviewed text of a segment: ``corrected`` if set, else the original."""
    row = _segment(project, segment_id)
    return str(row["corrected"] if row["corrected"] is not None else row["text"])


def edit_segments(project: Project, texts: dict[str, str]) -> int | None:
    """Replace the reviewed text of segments (segment id → new text) as one decision.

    Open suggestions of an edited segment become ``stale``. Returns None if nothing changed.
    """
    with project.transaction() as conn:
        tracker = _RowTracker(conn)
        changed: list[str] = []
        for segment_id, new_text in texts.items():
            row = _segment(project, segment_id)
            current = row["corrected"] if row["corrected"] is not None else row["text"]
            if new_text == current:
                continue
            if not new_text.strip():
                raise ReviewError(f"segment {segment_id}: the edited text is empty",
                                  hint="mark the bead unaligned instead of deleting its text")
            changed.append(segment_id)
            tracker.watch("segments", [segment_id])
            open_ids = [s.id for s in segment_suggestions(project, segment_id, "open")]
            tracker.watch("suggestions", open_ids)
            conn.execute("UPDATE segments SET corrected = ? WHERE id = ?",
                         (None if new_text == row["text"] else new_text, segment_id))
            conn.executemany("UPDATE suggestions SET status = 'stale' WHERE id = ?",
                             [(i,) for i in open_ids])
        if not changed:
            return None
        target = f"segment:{changed[0]}" if len(changed) == 1 else f"segments:{len(changed)}"
        return project.log_decision("edit_segments", target,
                                    tracker.payload(segments=changed))


def _get_suggestion(project: Project, suggestion_id: int) -> StoredSuggestion:
    row = project.conn.execute("SELECT * FROM suggestions WHERE id = ?",
                               (suggestion_id,)).fetchone()
    if row is None:
        raise ReviewError(f"suggestion {suggestion_id} does not exist")
    return _suggestion_from_row(row)


def _apply_one(project: Project, tracker: _RowTracker, stored: StoredSuggestion) -> bool:
    """Accept one open suggestion inside the caller's transaction; False if it went stale."""
    conn = project.conn
    row = _segment(project, stored.segment_id)
    sug = stored.suggestion
    tracker.watch("suggestions", [stored.id])
    tracker.watch("segments", [stored.segment_id])
    derived = _derived_text(project, stored.segment_id, row["text"])
    edited = row["corrected"] is not None and row["corrected"] != derived
    if edited:
        # The reviewer rewrote the segment: offsets are meaningless, so place the
        # replacement only where the original wording is unambiguous.
        current = row["corrected"]
        if current.count(sug.original) != 1:
            conn.execute("UPDATE suggestions SET status = 'stale' WHERE id = ?", (stored.id,))
            return False
        new_text = current.replace(sug.original, sug.replacement, 1)
        conn.execute("UPDATE suggestions SET status = 'accepted' WHERE id = ?", (stored.id,))
    else:
        if row["text"][sug.start:sug.end] != sug.original:
            conn.execute("UPDATE suggestions SET status = 'stale' WHERE id = ?", (stored.id,))
            return False
        overlapping = [s.id for s in segment_suggestions(project, stored.segment_id)
                       if s.id != stored.id and s.status in ("open", "accepted")
                       and s.suggestion.start < sug.end and sug.start < s.suggestion.end]
        accepted_overlap = [i for i in overlapping
                            if _get_suggestion(project, i).status == "accepted"]
        if accepted_overlap:
            conn.execute("UPDATE suggestions SET status = 'stale' WHERE id = ?", (stored.id,))
            return False
        tracker.watch("suggestions", overlapping)
        conn.executemany("UPDATE suggestions SET status = 'stale' WHERE id = ?",
                         [(i,) for i in overlapping])
        conn.execute("UPDATE suggestions SET status = 'accepted' WHERE id = ?", (stored.id,))
        new_text = _derived_text(project, stored.segment_id, row["text"])
    conn.execute("UPDATE segments SET corrected = ? WHERE id = ?",
                 (None if new_text == row["text"] else new_text, stored.segment_id))
    return True


def accept_suggestion(project: Project, suggestion_id: int) -> int:
    """Apply one open suggestion to its segment's reviewed text."""
    with project.transaction() as conn:
        stored = _get_suggestion(project, suggestion_id)
        if stored.status != "open":
            raise ReviewError(f"suggestion {suggestion_id} is {stored.status}, not open")
        tracker = _RowTracker(conn)
        applied = _apply_one(project, tracker, stored)
        action = "accept_suggestion"
        decision = project.log_decision(action, f"suggestion:{suggestion_id}", tracker.payload(
            segment=stored.segment_id, rule=stored.suggestion.rule, applied=applied))
    if not applied:
        raise ReviewError(f"suggestion {suggestion_id} no longer matches segment "
                          f"{stored.segment_id}; it was marked stale",
                          hint="edit the text by hand if the correction is still needed")
    return decision


def reject_suggestion(project: Project, suggestion_id: int) -> int:
    """Reject one open suggestion (the text stays as it is)."""
    with project.transaction() as conn:
        stored = _get_suggestion(project, suggestion_id)
        if stored.status != "open":
            raise ReviewError(f"suggestion {suggestion_id} is {stored.status}, not open")
        tracker = _RowTracker(conn)
        tracker.watch("suggestions", [suggestion_id])
        conn.execute("UPDATE suggestions SET status = 'rejected' WHERE id = ?", (suggestion_id,))
        return project.log_decision("reject_suggestion", f"suggestion:{suggestion_id}",
                                    tracker.payload(segment=stored.segment_id,
                                                    rule=stored.suggestion.rule))


def count_open_for_rule(project: Project, rule: str) -> int:
    """How many open suggestions ``rule`` has (asked before accept-all, for the confirmation)."""
    return int(project.conn.execute(
        "SELECT count(*) FROM suggestions WHERE rule = ? AND status = 'open'",
        (rule,)).fetchone()[0])


@dataclass(frozen=True)
class RuleOutcome:
    """Result of accepting or rejecting every open suggestion of one rule."""

    decision: int | None
    applied: int
    stale: int


def accept_rule(project: Project, rule: str) -> RuleOutcome:
    """Accept every open suggestion of ``rule`` as one decision (one undo restores all)."""
    with project.transaction() as conn:
        rows = conn.execute("SELECT * FROM suggestions WHERE rule = ? AND status = 'open' "
                            "ORDER BY segment_id, start, id", (rule,)).fetchall()
        if not rows:
            return RuleOutcome(None, 0, 0)
        tracker = _RowTracker(conn)
        applied = stale = 0
        for row in rows:
            stored = _get_suggestion(project, row["id"])
            if stored.status != "open":  # made stale by an overlapping one just applied
                continue
            if _apply_one(project, tracker, stored):
                applied += 1
            else:
                stale += 1
        decision = project.log_decision("accept_rule", f"rule:{rule}", tracker.payload(
            rule=rule, applied=applied, stale=stale))
        return RuleOutcome(decision, applied, stale)


def reject_rule(project: Project, rule: str) -> RuleOutcome:
    """Reject every open suggestion of ``rule`` as one decision."""
    with project.transaction() as conn:
        ids = [r[0] for r in conn.execute(
            "SELECT id FROM suggestions WHERE rule = ? AND status = 'open'", (rule,))]
        if not ids:
            return RuleOutcome(None, 0, 0)
        tracker = _RowTracker(conn)
        tracker.watch("suggestions", ids)
        conn.executemany("UPDATE suggestions SET status = 'rejected' WHERE id = ?",
                         [(i,) for i in ids])
        decision = project.log_decision("reject_rule", f"rule:{rule}",
                                        tracker.payload(rule=rule, rejected=len(ids)))
        return RuleOutcome(decision, 0, 0)


# -- glossary -----------------------------------------------------------------------------
# The glossary package owns validation and normalisation (``glossary.termbase``) and logs its
# own record of each change; these wrappers add the before/after images that make the change
# undoable from the review UI, in the same transaction.


def list_entries(project: Project, search: str = "", proposals: bool = False) -> list[Concept]:
    """Glossary concepts (or bootstrap proposals) having a term that contains ``search``."""
    return termbase.list_concepts(project, search=search or None, proposals=proposals)


def _term_ids(project: Project, concept_id: int) -> list[int]:
    return [r[0] for r in project.conn.execute("SELECT id FROM terms WHERE concept_id = ?",
                                               (concept_id,))]


def add_term(project: Project, zh: str, en: str, note: str | None = None,
             domain: str | None = None) -> tuple[int, int]:
    """Add a concept with one Chinese term and its preferred English; (concept id, decision)."""
    concept = termbase.make_concept(zh.strip(), en.strip(), domain=domain, note=note,
                                    source="reviewer")
    with project.transaction() as conn:
        concept_id = termbase.add_concept(project, concept)
        tracker = _RowTracker(conn)
        tracker.watch_new("concepts", concept_id)
        for term_id in _term_ids(project, concept_id):
            tracker.watch_new("terms", term_id)
        decision = project.log_decision("add_term", f"concept:{concept_id}",
                                        tracker.payload(zh=zh, en=en))
        return concept_id, decision


def edit_term(project: Project, concept_id: int, zh: str, en: str) -> int:
    """Set the preferred Chinese term and English rendering of a concept (others are kept)."""
    with project.transaction() as conn:
        old = termbase.get_concept(project, concept_id)
        tracker = _RowTracker(conn)
        tracker.watch("concepts", [concept_id])
        tracker.watch("terms", _term_ids(project, concept_id))
        other_zh = [t.text for t in old.zh[1:]]
        keep = {status: [t.text for t in old.en if t.status == status
                         and termbase.normalise_en(t.text) != termbase.normalise_en(en)]
                for status in ("admitted", "deprecated", "superseded", "forbidden")}
        # the previous preferred rendering stays known, as an admitted variant
        if old.en_preferred and termbase.normalise_en(old.en_preferred) != \
                termbase.normalise_en(en):
            keep["admitted"].append(old.en_preferred)
        concept = termbase.make_concept([zh.strip(), *other_zh], en.strip(), **keep,
                                        domain=old.domain, note=old.note, source=old.source)
        termbase.replace_concept(project, concept_id, concept)
        for term_id in _term_ids(project, concept_id):
            tracker.watch_new("terms", term_id)
        return project.log_decision("edit_term", f"concept:{concept_id}",
                                    tracker.payload(zh=zh, en=en))


def delete_term(project: Project, concept_id: int) -> int:
    """Delete a glossary concept and its terms."""
    with project.transaction() as conn:
        tracker = _RowTracker(conn)
        tracker.watch("concepts", [concept_id])
        tracker.watch("terms", _term_ids(project, concept_id))
        termbase.remove_concept(project, concept_id)
        return project.log_decision("delete_term", f"concept:{concept_id}", tracker.payload())


def accept_term(project: Project, concept_id: int) -> int:
    """Accept a bootstrap proposal: it becomes a binding glossary entry."""
    with project.transaction() as conn:
        tracker = _RowTracker(conn)
        tracker.watch("concepts", [concept_id])
        termbase.accept_proposal(project, concept_id)
        return project.log_decision("accept_term", f"concept:{concept_id}", tracker.payload())


def store_suggestions(project: Project, found: Iterable[tuple[str, Suggestion]]) -> int:
    """Insert new open suggestions (segment id, suggestion); returns how many were new.

    A suggestion already stored (same segment, span, replacement and rule) is kept as it is,
    so a re-check never reopens what a reviewer rejected.
    """
    now = now_iso()
    added = 0
    with project.transaction() as conn:
        for segment, sug in found:
            cur = conn.execute(
                "INSERT OR IGNORE INTO suggestions(segment_id, start, end, original, replacement,"
                " kind, rule, confidence, evidence, created_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
                (segment, sug.start, sug.end, sug.original, sug.replacement, sug.kind,
                 sug.rule, sug.confidence, sug.evidence, now))
            added += cur.rowcount
    return added


@dataclass(frozen=True)
class Occurrence:
    """A segment containing a glossary term."""

    segment_id: str
    document: str
    lang: str
    text: str


def term_occurrences(project: Project, concept_id: int, limit: int = 200) -> list[Occurrence]:
    """Segments (article text) where any term of the concept occurs."""
    terms = project.conn.execute("SELECT lang, text, norm FROM terms WHERE concept_id = ?",
                                 (concept_id,)).fetchall()
    found: dict[str, Occurrence] = {}
    for term in terms:
        rows = project.conn.execute(
            "SELECT s.id, d.name, d.lang, COALESCE(s.corrected, s.text) AS t FROM segments s "
            "JOIN documents d ON d.id = s.document_id WHERE s.boilerplate IS NULL AND "
            "(instr(s.norm, ?) > 0 OR instr(lower(COALESCE(s.corrected, s.text)), lower(?)) > 0)"
            " ORDER BY d.name, s.position LIMIT ?", (term["norm"], term["text"], limit)).fetchall()
        for row in rows:
            found.setdefault(row["id"], Occurrence(row["id"], row["name"], row["lang"], row["t"]))
    return list(found.values())[:limit]


# -- undo and redo ------------------------------------------------------------------------
@dataclass(frozen=True)
class History:
    """The undo and redo stacks as decision ids (last element = next to undo/redo)."""

    done: tuple[int, ...]
    undone: tuple[int, ...]


def history(project: Project) -> History:
    """Replay the decision log into undo and redo stacks."""
    marks = ", ".join("?" * len(UNDOABLE_ACTIONS))
    rows = project.conn.execute(
        f"SELECT id, action, target FROM decisions WHERE action IN ({marks}, ?, ?) ORDER BY id",
        (*UNDOABLE_ACTIONS, UNDO, REDO)).fetchall()
    done: list[int] = []
    undone: list[int] = []
    for row in rows:
        if row["action"] == UNDO:
            ref = int(row["target"].split(":", 1)[1])
            if ref in done:
                done.remove(ref)
                undone.append(ref)
        elif row["action"] == REDO:
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
    action: str
    target: str
    payload: dict[str, Any]


def _revert(project: Project, kind: str) -> Reverted | None:
    with project.transaction() as conn:
        stacks = history(project)
        stack = stacks.done if kind == UNDO else stacks.undone
        if not stack:
            return None
        reference = stack[-1]
        row = conn.execute("SELECT action, target, payload FROM decisions WHERE id = ?",
                           (reference,)).fetchone()
        payload = json.loads(row["payload"])
        expected, wanted = ((payload["after"], payload["before"]) if kind == UNDO
                            else (payload["before"], payload["after"]))
        if not _image_matches(conn, expected):
            raise ReviewError(
                f"cannot {kind} decision {reference} ({row['action']} {row['target']}): "
                "the rows it changed were changed again since",
                hint="re-alignment or a re-check touched them; review the bead by hand")
        _write_image(conn, wanted)
        decision = project.log_decision(kind, f"decision:{reference}",
                                        {"action": row["action"], "target": row["target"]})
        return Reverted(decision, reference, row["action"], row["target"], payload)


def undo(project: Project) -> Reverted | None:
    """Undo the latest decision not yet undone; None when there is nothing to undo."""
    return _revert(project, UNDO)


def redo(project: Project) -> Reverted | None:
    """Redo the latest undone decision (only until a new decision is made)."""
    return _revert(project, REDO)


# -- the reviewer's cursor ----------------------------------------------------------------
CURSOR_KEY = "review.cursor"


@dataclass(frozen=True)
class Cursor:
    """Where the reviewer was: screen name, pair and bead (and its row as a fallback)."""

    screen: str = "overview"
    pair_id: int | None = None
    bead_id: int | None = None
    row: int = 0


def save_cursor(project: Project, cursor: Cursor) -> None:
    """Persist the cursor in ``ui_state`` (its own tiny transaction, durable on commit)."""
    value = json.dumps({"screen": cursor.screen, "pair_id": cursor.pair_id,
                        "bead_id": cursor.bead_id, "row": cursor.row})
    with project.transaction() as conn:
        conn.execute("INSERT INTO ui_state(key, value) VALUES (?, ?) ON CONFLICT(key) "
                     "DO UPDATE SET value = excluded.value", (CURSOR_KEY, value))


def load_cursor(project: Project) -> Cursor:
    """The saved cursor, or the default (overview) when none was saved or it is unreadable."""
    row = project.conn.execute("SELECT value FROM ui_state WHERE key = ?",
                               (CURSOR_KEY,)).fetchone()
    if row is None:
        return Cursor()
    try:
        data = json.loads(row[0])
        return Cursor(screen=str(data.get("screen", "overview")), pair_id=data.get("pair_id"),
                      bead_id=data.get("bead_id"), row=int(data.get("row", 0)))
    except (ValueError, TypeError, AttributeError):
        return Cursor()
