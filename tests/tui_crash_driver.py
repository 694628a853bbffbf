"""Runs the review app headless, makes decisions, then waits to be killed (crash test).

Usage: ``python -m tests.tui_crash_driver PROJECT STEP...`` — a step is a key to press in the
app, or ``call:NAME``: one of the :data:`OPERATIONS` below, run in this process on its own
connection while the app is open, as a review worker runs it, or ``hold-lock``: the app's
writer lock is taken (as in the middle of a reviewer's change) and kept. Prints READY once
every step is done, then sleeps until the test kills it with SIGKILL.
"""

from __future__ import annotations

import asyncio
import contextlib
import sys
import time
from collections.abc import Callable
from pathlib import Path

from corpus.store import Project
from tui.app import create_app


def _ids(project: Project, document: str) -> list[str]:
    return [r[0] for r in project.conn.execute(
        "SELECT s.id FROM segments s JOIN documents d ON d.id = s.document_id "
        "WHERE d.name = ? ORDER BY s.position", (document,))]


def _unpair_cotton(project: Project) -> None:
    from corpus import doc_pairs

    doc_pairs.unpair(project, doc_pairs.find_pair(project, ["cotton-zh"]))


def _pair_cotton_comparable(project: Project) -> None:
    from aligner.pair_edits import pair_and_align
    from tests.test_align import VectorEncoder

    pair_and_align(project, "cotton-zh", "cotton-en", "comparable", VectorEncoder())


def _link(project: Project) -> None:
    from corpus import bead_edits

    bead_edits.link_sentences(project, 1, [_ids(project, "shaoxing-zh")[1]],
                           [_ids(project, "shaoxing-en")[1]])


def _split_en(project: Project) -> None:
    from corpus import segment_edits

    en1 = _ids(project, "shaoxing-en")[1]
    text = project.conn.execute("SELECT text FROM segments WHERE id = ?", (en1,)).fetchone()[0]
    segment_edits.split_segment(project, en1, text.index("and firms"))


def _edit_zh(project: Project) -> None:
    from corpus import segment_edits

    segment_edits.edit_segments(project, {_ids(project, "shaoxing-zh")[3]:
                                        "棉花价格上涨给工厂带来了压力。"})


OPERATIONS: dict[str, Callable[[Project], None]] = {
    "unpair-cotton": _unpair_cotton,
    "pair-cotton-comparable": _pair_cotton_comparable,
    "link": _link,
    "split-en": _split_en,
    "edit-zh": _edit_zh,
}
"""Domain operations a ``call:`` step can run (on the demo project of tests.review_fixture)."""


async def drive(root: Path, steps: list[str]) -> None:
    """Run ``steps`` in the app, announce READY, and never return."""
    app = create_app(root, cursor_blink=False)
    held = contextlib.ExitStack()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        for step in steps:
            if step == "hold-lock":
                held.enter_context(app.service.writing())
            elif step.startswith("call:"):
                with Project.open(root) as project:
                    OPERATIONS[step.removeprefix("call:")](project)
            else:
                await pilot.press(step)
            await pilot.pause()
        print("READY", flush=True)
        while True:  # the app stays open, as a reviewer's would, until SIGKILL
            time.sleep(0.05)


if __name__ == "__main__":
    asyncio.run(drive(Path(sys.argv[1]), sys.argv[2:]))
