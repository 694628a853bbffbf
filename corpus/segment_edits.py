"""The reviewer's free edits of English segments (``segments.corrected``).

A free edit marks every open suggestion of the segment ``stale``: their offsets point into
the original text, which the edit replaced. One call is one undoable decision
(:mod:`corpus.decisions`).
"""

from __future__ import annotations

from corpus.aligned import read_segment
from corpus.decisions import Action, RowTracker, record
from corpus.errors import ReviewError
from corpus.store import Project
from corpus.suggestions import segment_suggestions


def current_text(project: Project, segment_id: str) -> str:
    """The reviewed text of a segment: ``corrected`` if set, else the original."""
    return read_segment(project, segment_id).current


def edit_segments(project: Project, texts: dict[str, str]) -> int | None:
    """Replace the reviewed text of segments (segment id → new text) as one decision.

    Open suggestions of an edited segment become ``stale``. Returns None if nothing changed.
    """
    with project.transaction() as conn:
        tracker = RowTracker(conn)
        changed: list[str] = []
        for segment_id, new_text in texts.items():
            segment = read_segment(project, segment_id)
            if new_text == segment.current:
                continue
            if not new_text.strip():
                raise ReviewError(f"segment {segment_id}: the edited text is empty",
                                  hint="mark the bead unaligned instead of deleting its text")
            changed.append(segment_id)
            tracker.watch("segments", [segment_id])
            open_ids = [s.id for s in segment_suggestions(project, segment_id, "open")]
            tracker.watch("suggestions", open_ids)
            conn.execute("UPDATE segments SET corrected = ? WHERE id = ?",
                         (None if new_text == segment.text else new_text, segment_id))
            conn.executemany("UPDATE suggestions SET status = 'stale' WHERE id = ?",
                             [(i,) for i in open_ids])
        if not changed:
            return None
        target = f"segment:{changed[0]}" if len(changed) == 1 else f"segments:{len(changed)}"
        return record(project, Action.EDIT_SEGMENTS, target, tracker.payload(segments=changed))
