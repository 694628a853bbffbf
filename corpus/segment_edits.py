"""The reviewer's changes to sentences: edit either language, split at any character, join two.

Each operation is one transaction and one undoable decision (row images of the segments,
suggestions and beads it touched). Design choices:

* **Offsets.** A suggestion's ``start``/``end`` point into the segment's original ``text``
  while the segment carries no free edit (its ``corrected`` text is the original with the
  accepted suggestions applied). Once the reviewer edits the text freely, the open
  suggestions that survive the edit are re-anchored: their offsets then point into the
  current (``corrected``) text. An edit maps every open suggestion through a character diff
  (``difflib`` opcodes) of the old and the new text: a suggestion inside unchanged text moves
  with it and stays open; one the edit touched becomes ``stale``. Missing-term findings have
  no span and are left alone.
* **Split.** ``split_segment(segment, offset)`` cuts the *current* text at ``offset`` (a
  character index, either language). The two pieces replace the segment: each gets the part
  of the original text before/after the matching point (found through the same diff), its own
  ``norm`` and a stable id computed exactly as an import computes it (document name, norm,
  occurrence among the earlier segments of the document). Positions of the later segments
  move up by one, so positions stay contiguous. Suggestions go with the piece they lie in
  (offsets shifted); one across the cut becomes ``stale``. In every bead holding the segment
  the pieces take its place, and a bead whose two sides then have the same number of
  sentences is split at the cut (a 2-1 bead whose English was a run-on sentence becomes two
  1-1 beads).
* **Join.** Two adjacent article sentences of one document become one (Chinese joined
  without a space, English with one), with a stable id; suggestions of the second move
  behind the first. The joined sentence takes the place of the first in its bead (or of the
  second when only that one was linked), and leaves the other bead.
* **Re-import.** Pieces and joined sentences are new sentences of the document. If the file
  is added again unchanged, its sentences come back as the import splits them: the original
  sentence gets its old id back, the pieces are no longer in the file and are removed with
  their beads (logged as ``reimport-remove-beads``). A file fixed in the same way as the split
  (a space added after the full stop) gives the same ids as the pieces, and keeps them.
"""

from __future__ import annotations

import difflib
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from corpus import bead_edits
from corpus.aligned import read_segment
from corpus.bead_edits import StoredBead
from corpus.decisions import Action, RowTracker, record
from corpus.errors import ReviewError
from corpus.language import normalise
from corpus.store import Project, segment_id
from corpus.suggestions import (
    MISSING_TERM_KIND,
    StoredSuggestion,
    derived_text,
    segment_suggestions,
)


@dataclass(frozen=True)
class SegmentSplit:
    """The decision of a split and the ids of the two new sentences."""

    decision: int
    first_id: str
    second_id: str


@dataclass(frozen=True)
class SegmentJoin:
    """The decision of a join and the id of the joined sentence."""

    decision: int
    segment_id: str


def _row(project: Project, seg_id: str) -> sqlite3.Row:
    row: sqlite3.Row | None = project.conn.execute(
        "SELECT s.*, d.name AS document, d.lang AS lang FROM segments s "
        "JOIN documents d ON d.id = s.document_id WHERE s.id = ?", (seg_id,)).fetchone()
    if row is None:
        raise ReviewError(f"segment {seg_id} does not exist",
                          hint="reload the view; it may have been split, joined or re-imported")
    return row


def _current(row: sqlite3.Row) -> str:
    return str(row["corrected"] if row["corrected"] is not None else row["text"])


def _accepted(project: Project, seg_id: str) -> list[StoredSuggestion]:
    return segment_suggestions(project, seg_id, "accepted")


def is_free_edit(project: Project, row: sqlite3.Row) -> bool:
    """True when the segment's current text is not its original plus accepted suggestions."""
    if row["corrected"] is None:
        return False
    try:
        derived = derived_text(project, row["id"], row["text"])
    except ReviewError:
        return True
    return bool(row["corrected"] != derived)


def place_in_current(project: Project, row: sqlite3.Row, stored: StoredSuggestion) -> int:
    """Start offset of an open suggestion in the segment's current text; -1 if it is lost."""
    sug = stored
    current = _current(row)
    if is_free_edit(project, row):
        # re-anchored offsets point into the current text; older ones may not
        if current[sug.start:sug.end] == sug.original:
            return sug.start
        return current.find(sug.original) if current.count(sug.original) == 1 else -1
    shift = sum(len(a.replacement) - len(a.original)
                for a in _accepted(project, row["id"]) if a.end <= sug.start)
    start = sug.start + shift
    return start if current[start:start + len(sug.original)] == sug.original else -1


def map_span(opcodes: Iterable[tuple[str, int, int, int, int]], start: int, end: int,
             length: int) -> int | None:
    """Where span [start, end) of the old text (``length`` characters) starts in the new one;
    None if the edit touched it. A change right next to the span touches it too ("dying
    companies" → "dyingfirms"), unless the span reaches the start or end of the text."""
    for tag, i1, i2, j1, _ in opcodes:
        if tag != "equal" or not (i1 <= start and end <= i2):
            continue
        if (start > i1 or start == 0) and (end < i2 or end == length):
            return j1 + (start - i1)
    return None


def _opcodes(old: str, new: str) -> list[tuple[str, int, int, int, int]]:
    return [(tag, i1, i2, j1, j2) for tag, i1, i2, j1, j2
            in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes()]


def _set_suggestion(conn: sqlite3.Connection, sug_id: int, **values: Any) -> None:
    sets = ", ".join(f"{c} = ?" for c in values)
    conn.execute(f"UPDATE suggestions SET {sets} WHERE id = ?", [*values.values(), sug_id])


# -- edit ---------------------------------------------------------------------------------
def edit_segments(project: Project, texts: dict[str, str],
                  action: Action = Action.EDIT_SEGMENTS,
                  resolve: int | None = None) -> int | None:
    """Replace the current text of segments (id → new text, Chinese or English) as one
    decision; returns its id, or None if nothing changed.

    Open suggestions are re-anchored to the new text or marked stale (module docstring).
    ``resolve`` (with ``action``) marks that suggestion accepted in the same decision: used
    by the glossary to resolve a missing-term finding by an edit.
    """
    with project.transaction() as conn:
        tracker = RowTracker(conn)
        changed: list[str] = []
        for seg_id, new_text in texts.items():
            row = _row(project, seg_id)
            old = _current(row)
            if new_text == old:
                continue
            if not new_text.strip():
                raise ReviewError(f"segment {seg_id} of {row['document']}: the edited text is "
                                  "empty", hint="join it with its neighbour or unlink it "
                                  "instead of deleting its text")
            changed.append(seg_id)
            tracker.watch("segments", [seg_id])
            opened = segment_suggestions(project, seg_id, "open")
            tracker.watch("suggestions", [s.id for s in opened])
            placed = {s.id: place_in_current(project, row, s) for s in opened}
            opcodes = _opcodes(old, new_text)
            conn.execute("UPDATE segments SET corrected = ? WHERE id = ?",
                         (None if new_text == row["text"] else new_text, seg_id))
            for stored in opened:
                sug = stored
                if sug.kind == MISSING_TERM_KIND:
                    continue
                start = placed[stored.id]
                moved = None if start < 0 else map_span(opcodes, start,
                                                        start + len(sug.original), len(old))
                if moved is None:
                    _set_suggestion(conn, stored.id, status="stale")
                else:
                    _set_suggestion(conn, stored.id, start=moved, end=moved + len(sug.original))
        if not changed:
            return None
        if resolve is not None:
            tracker.watch("suggestions", [resolve])
            _set_suggestion(conn, resolve, status="accepted")
        target = f"segment:{changed[0]}" if len(changed) == 1 else f"segments:{len(changed)}"
        details: dict[str, Any] = {"segments": changed}
        if resolve is not None:
            details.update(resolved=resolve, how="edit")
        return record(project, action, target, tracker.payload(**details))


# -- split and join -----------------------------------------------------------------------
def _new_id(conn: sqlite3.Connection, document_id: int, document: str, norm: str,
            position: int) -> str:
    """The id an import gives the sentence ``norm`` at ``position``: its occurrence among
    the earlier segments, skipping ids the document already holds (as ingest does)."""
    occurrence = int(conn.execute(
        "SELECT count(*) FROM segments WHERE document_id = ? AND norm = ? AND position < ?",
        (document_id, norm, position)).fetchone()[0])
    while True:
        candidate = segment_id(document, norm, occurrence)
        taken = conn.execute("SELECT 1 FROM segments WHERE id = ?", (candidate,)).fetchone()
        if taken is None:
            return candidate
        occurrence += 1


def _original_offset(text: str, current: str, offset: int) -> int:
    """The point of the original text matching ``offset`` in the current text."""
    if text == current:
        return offset
    for tag, i1, i2, j1, j2 in _opcodes(text, current):
        if j1 <= offset <= j2:
            if tag == "equal":
                return i1 + (offset - j1)
            if offset == j1:
                return i1
            if offset == j2 and tag != "insert":
                return i2
            # inside replaced or inserted text: the nearest point of the original
            return i1 + min(offset - j1, i2 - i1)
    return len(text)


def _strip(text: str) -> tuple[str, int]:
    """``text`` without surrounding whitespace, and how many characters went at the left."""
    stripped = text.lstrip()
    return stripped.rstrip(), len(text) - len(stripped)


def _beads_with(conn: sqlite3.Connection, seg_id: str) -> list[StoredBead]:
    rows = conn.execute("SELECT * FROM beads WHERE instr(zh_ids, ?) > 0 OR instr(en_ids, ?) > 0",
                        (f'"{seg_id}"', f'"{seg_id}"')).fetchall()
    return [bead_edits._bead_from_row(r) for r in rows]


def _insert_segment(conn: sqlite3.Connection, row: sqlite3.Row, seg_id: str, position: int,
                    text: str, norm: str, corrected: str | None) -> None:
    conn.execute(
        "INSERT INTO segments(id, document_id, position, paragraph, line, text, norm, "
        "boilerplate, corrected) VALUES (?, ?, ?, ?, ?, ?, ?, NULL, ?)",
        (seg_id, row["document_id"], position, row["paragraph"], row["line"], text, norm,
         None if corrected == text else corrected))


def split_segment(project: Project, seg_id: str, offset: int) -> SegmentSplit:
    """Cut a sentence in two at ``offset`` of its current text; see the module docstring."""
    with project.transaction() as conn:
        row = _row(project, seg_id)
        if row["boilerplate"] is not None:
            raise ReviewError(f"segment {seg_id} of {row['document']} is set-aside boilerplate",
                              hint="restore it first ('bitextual restore')")
        current = _current(row)
        first_cur, lead_cur1 = _strip(current[:offset])
        second_cur, lead_cur2 = _strip(current[offset:])
        if not 0 < offset < len(current) or not first_cur or not second_cur:
            raise ReviewError(
                f"cannot split segment {seg_id} of {row['document']} at character {offset}: "
                f"both parts must hold text (the sentence has {len(current)} characters)",
                hint="put the cut between two words or characters inside the sentence")
        text = str(row["text"])
        cut = _original_offset(text, current, offset)
        first_text, lead_txt1 = _strip(text[:cut])
        second_text, lead_txt2 = _strip(text[cut:])
        # a piece with no original text of its own (typed by the reviewer) keeps its own words
        first_text = first_text or first_cur
        second_text = second_text or second_cur
        free = is_free_edit(project, row)
        placed = {s.id: place_in_current(project, row, s)
                  for s in segment_suggestions(project, seg_id, "open")} if free else {}

        tracker = RowTracker(conn)
        tracker.watch("segments", [seg_id])
        suggestions = segment_suggestions(project, seg_id)
        tracker.watch("suggestions", [s.id for s in suggestions])
        position = int(row["position"])
        lang = str(row["lang"])
        conn.execute("UPDATE segments SET position = position + 1 WHERE document_id = ? AND "
                     "position > ?", (row["document_id"], position))
        first_norm = normalise(first_text, lang)
        second_norm = normalise(second_text, lang)
        first_id = _new_id(conn, row["document_id"], row["document"], first_norm, position)
        _insert_segment(conn, row, first_id, position, first_text, first_norm, first_cur)
        second_id = _new_id(conn, row["document_id"], row["document"], second_norm,
                            position + 1)
        _insert_segment(conn, row, second_id, position + 1, second_text, second_norm,
                        second_cur)
        tracker.watch_new("segments", first_id)
        tracker.watch_new("segments", second_id)

        for stored in suggestions:
            sug = stored
            in_current = free and stored.status == "open"
            if in_current:
                start = placed.get(stored.id, -1)
                point, leads = offset, (lead_cur1, lead_cur2)
            else:
                start, point, leads = sug.start, cut, (lead_txt1, lead_txt2)
            length = sug.end - sug.start
            if sug.kind == MISSING_TERM_KIND:
                _set_suggestion(conn, stored.id, segment_id=first_id)
            elif start >= 0 and start + length <= point and start >= leads[0]:
                _set_suggestion(conn, stored.id, segment_id=first_id, start=start - leads[0],
                                end=start - leads[0] + length)
            elif start >= point + leads[1]:
                moved = start - point - leads[1]
                _set_suggestion(conn, stored.id, segment_id=second_id, start=moved,
                                end=moved + length)
            else:
                stale = "stale" if stored.status in ("open", "accepted") else stored.status
                _set_suggestion(conn, stored.id, segment_id=first_id, status=stale)
        conn.execute("DELETE FROM segments WHERE id = ?", (seg_id,))

        for bead in _beads_with(conn, seg_id):
            tracker.watch("beads", [bead.id])
            _split_in_bead(project, tracker, bead, seg_id, first_id, second_id)
        decision = record(project, Action.SPLIT_SEGMENT, f"segment:{seg_id}", tracker.payload(
            segment=seg_id, offset=offset, pieces=[first_id, second_id]))
        return SegmentSplit(decision, first_id, second_id)


def _split_in_bead(project: Project, tracker: RowTracker, bead: StoredBead,
                   seg_id: str, first_id: str, second_id: str) -> None:
    conn = project.conn
    side = "zh" if seg_id in bead.zh_ids else "en"
    ids = list(bead.zh_ids if side == "zh" else bead.en_ids)
    at = ids.index(seg_id)
    ids[at:at + 1] = [first_id, second_id]
    zh_ids = tuple(ids) if side == "zh" else bead.zh_ids
    en_ids = tuple(ids) if side == "en" else bead.en_ids
    if len(zh_ids) == len(en_ids) and len(zh_ids) >= 2:
        # the split makes the bead n-n: cut it at the same place on both sides
        cut = at + 1
        bead_edits._set_bead(conn, bead.id, zh_ids=zh_ids[:cut], en_ids=en_ids[:cut], score=None,
                         status="pending", origin="reviewer")
        position = bead_edits._position_after(project, bead_edits.get_bead(project, bead.id))
        new_id = bead_edits._insert_bead(conn, bead.pair_id, position, zh_ids[cut:], en_ids[cut:])
        tracker.watch_new("beads", new_id)
        return
    bead_edits._set_bead(conn, bead.id, zh_ids=zh_ids, en_ids=en_ids, score=None,
                     status="pending", origin="reviewer")


def join_segments(project: Project, first_id: str, second_id: str) -> SegmentJoin:
    """Join two adjacent sentences of one document; see the module docstring."""
    with project.transaction() as conn:
        first = _row(project, first_id)
        second = _row(project, second_id)
        if first["document_id"] != second["document_id"] or \
                int(second["position"]) != int(first["position"]) + 1:
            raise ReviewError(
                f"segments {first_id} and {second_id} are not adjacent sentences of one "
                "document", hint="join a sentence with the one right after it")
        if first["boilerplate"] is not None or second["boilerplate"] is not None:
            raise ReviewError(f"cannot join set-aside boilerplate ({first['document']})",
                              hint="restore it first ('bitextual restore')")
        lang = str(first["lang"])
        sep = "" if lang == "zh" else " "
        text = f"{first['text']}{sep}{second['text']}"
        cur1, cur2 = _current(first), _current(second)
        current = f"{cur1}{sep}{cur2}"
        free = is_free_edit(project, first) or is_free_edit(project, second)
        placed = {}
        if free:
            for row in (first, second):
                placed.update({s.id: place_in_current(project, row, s)
                               for s in segment_suggestions(project, row["id"], "open")})

        tracker = RowTracker(conn)
        tracker.watch("segments", [first_id, second_id])
        suggestions = (segment_suggestions(project, first_id)
                       + segment_suggestions(project, second_id))
        tracker.watch("suggestions", [s.id for s in suggestions])
        position = int(first["position"])
        norm = normalise(text, lang)
        joined_id = _new_id(conn, first["document_id"], first["document"], norm, position)
        _insert_segment(conn, first, joined_id, position, text, norm, current)
        tracker.watch_new("segments", joined_id)
        for stored in suggestions:
            sug = stored
            in_second = stored.segment_id == second_id
            if free and stored.status == "open" and sug.kind != MISSING_TERM_KIND:
                start = placed.get(stored.id, -1)
                if start < 0:
                    _set_suggestion(conn, stored.id, segment_id=joined_id, status="stale")
                    continue
                shift = len(cur1) + len(sep) if in_second else 0
            else:
                start = sug.start
                shift = len(first["text"]) + len(sep) if in_second else 0
            if sug.kind == MISSING_TERM_KIND:
                shift = 0
            _set_suggestion(conn, stored.id, segment_id=joined_id, start=start + shift,
                            end=start + shift + sug.end - sug.start)
        conn.execute("DELETE FROM segments WHERE id IN (?, ?)", (first_id, second_id))
        conn.execute("UPDATE segments SET position = position - 1 WHERE document_id = ? AND "
                     "position > ?", (first["document_id"], position))

        holders = {b.id: b for b in _beads_with(conn, first_id) + _beads_with(conn, second_id)}
        tracker.watch("beads", list(holders))
        comparable = {r[0] for r in conn.execute(
            "SELECT id FROM doc_pairs WHERE mode = 'comparable'")}
        for pair_id in {b.pair_id for b in holders.values()}:
            in_pair = [b for b in holders.values() if b.pair_id == pair_id]
            keeper = next((b for b in in_pair if first_id in b.zh_ids + b.en_ids), in_pair[0])
            for bead in in_pair:
                zh = _replace_joined(bead.zh_ids, first_id, second_id, joined_id, bead is keeper)
                en = _replace_joined(bead.en_ids, first_id, second_id, joined_id, bead is keeper)
                drop = (not zh and not en) or (pair_id in comparable and not (zh and en))
                if drop:
                    conn.execute("DELETE FROM beads WHERE id = ?", (bead.id,))
                else:
                    bead_edits._set_bead(conn, bead.id, zh_ids=zh, en_ids=en, score=None,
                                     status="pending", origin="reviewer")
        decision = record(project, Action.JOIN_SEGMENTS, f"segment:{joined_id}", tracker.payload(
            segments=[first_id, second_id], joined=joined_id))
        return SegmentJoin(decision, joined_id)


def _replace_joined(ids: tuple[str, ...], first_id: str, second_id: str, joined_id: str,
                    keeper: bool) -> tuple[str, ...]:
    out: list[str] = []
    for seg in ids:
        if seg in (first_id, second_id):
            if keeper and joined_id not in out:
                out.append(joined_id)
            continue
        out.append(seg)
    return tuple(out)


def current_text(project: Project, segment_id: str) -> str:
    """The reviewed text of a segment: ``corrected`` if set, else the original."""
    return read_segment(project, segment_id).current
