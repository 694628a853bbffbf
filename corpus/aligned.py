"""The read model of aligned text: segments with their current (reviewed) text.

Every reader of aligned text goes through this module, so "the text of a segment" means the
same thing everywhere: ``segments.corrected`` when the reviewer changed it, else the
original ``segments.text``.
"""

from __future__ import annotations

from dataclasses import dataclass

from corpus.errors import ReviewError
from corpus.store import Project


@dataclass(frozen=True)
class SegmentText:
    """One segment's original text and its reviewed text (None while unchanged)."""

    id: str
    text: str
    corrected: str | None

    @property
    def current(self) -> str:
        """The reviewed text: ``corrected`` if set, else the original."""
        return self.corrected if self.corrected is not None else self.text


def read_segment(project: Project, segment_id: str) -> SegmentText:
    """One segment's texts; ``ReviewError`` if it does not exist."""
    row = project.conn.execute(
        "SELECT id, text, corrected FROM segments WHERE id = ?", (segment_id,)).fetchone()
    if row is None:
        raise ReviewError(f"segment {segment_id} does not exist")
    return SegmentText(row["id"], row["text"], row["corrected"])
