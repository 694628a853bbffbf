"""What the review UI remembers between sessions (``ui_state``): the reviewer's cursor."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass

from corpus.store import Project

CURSOR_KEY = "review.cursor"


@dataclass(frozen=True)
class Cursor:
    """Where the reviewer was: screen name, pair and bead (and its row as a fallback)."""

    screen: str = "overview"
    pair_id: int | None = None
    bead_id: int | None = None
    row: int = 0
    document: str | None = None
    """The document of the document screen (``screen == 'document'``)."""


def save_cursor(project: Project, cursor: Cursor) -> None:
    """Persist the cursor in ``ui_state`` (its own tiny transaction, durable on commit)."""
    value = json.dumps({"screen": cursor.screen, "pair_id": cursor.pair_id,
                        "bead_id": cursor.bead_id, "row": cursor.row,
                        "document": cursor.document})
    with project.transaction() as conn:
        conn.execute("INSERT INTO ui_state(key, value) VALUES (?, ?) ON CONFLICT(key) "
                     "DO UPDATE SET value = excluded.value", (CURSOR_KEY, value))


def save_cursor_unless_busy(project: Project, cursor: Cursor, wait_ms: int = 50) -> bool:
    """Save the cursor unless another connection holds the write lock for more than
    ``wait_ms`` (a worker re-aligning or re-checking); False when skipped.

    A UI must not freeze on a cursor save: the next move saves it again.
    """
    conn = project.conn
    conn.execute(f"PRAGMA busy_timeout = {int(wait_ms)}")
    try:
        save_cursor(project, cursor)
    except sqlite3.OperationalError:
        return False
    finally:
        conn.execute("PRAGMA busy_timeout = 30000")
    return True


def load_cursor(project: Project) -> Cursor:
    """The saved cursor, or the default (overview) when none was saved or it is unreadable."""
    row = project.conn.execute("SELECT value FROM ui_state WHERE key = ?",
                               (CURSOR_KEY,)).fetchone()
    if row is None:
        return Cursor()
    try:
        data = json.loads(row[0])
        return Cursor(screen=str(data.get("screen", "overview")), pair_id=data.get("pair_id"),
                      bead_id=data.get("bead_id"), row=int(data.get("row", 0)),
                      document=data.get("document"))
    except (ValueError, TypeError, AttributeError):
        return Cursor()
