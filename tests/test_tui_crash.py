"""Crash safety: a review session killed with SIGKILL loses no decision and no position."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from corpus import bead_edits, decisions, ui_state
from corpus.store import Project
from tests.conftest import REPO
from tests.review_fixture import build_demo_project
from tui.app import create_app
from tui.widgets.bead_list import BeadList


def run_and_kill(root: Path, steps: list[str]) -> None:
    """Run the crash driver with ``steps`` and SIGKILL it once it says READY."""
    proc = subprocess.Popen([sys.executable, "-m", "tests.tui_crash_driver", str(root), *steps],
                            cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONPATH": str(REPO)})
    try:
        deadline = time.monotonic() + 120
        line = ""
        assert proc.stdout is not None
        while time.monotonic() < deadline:
            line = proc.stdout.readline()
            if line.strip() == "READY" or not line:
                break
        assert line.strip() == "READY", proc.stderr.read() if proc.stderr else ""
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL


def test_kill_9_keeps_every_decision_and_the_cursor(tmp_path: Path) -> None:
    root = tmp_path / "demo"
    build_demo_project(root).close()
    # accept bead 1 (the cursor moves on to 2), mark bead 2 unaligned, go to bead 4 and
    # apply its suggested fix, then step back to bead 3
    run_and_kill(root, ["enter", "a", "x", "down", "down", "y", "up"])

    with Project.open(root) as project:
        actions = [r[0] for r in project.conn.execute("SELECT action FROM decisions ORDER BY id")]
        # The accept is followed by the re-alignment of its neighbourhood (a decision of its
        # own, actor 'aligner'), when the worker finished before the kill.
        reviewer = [a for a in actions if a != "realign_beads"]
        assert reviewer == ["accept_bead", "mark_unaligned", "accept_suggestion"]
        assert actions.count("realign_beads") <= 1 and actions[0] == "accept_bead"
        statuses = [b.status for b in bead_edits.pair_beads(project, 1)]
        assert statuses == ["accepted", "unaligned", "pending", "pending", "pending"]
        fixed = project.conn.execute(
            "SELECT corrected FROM segments WHERE corrected IS NOT NULL").fetchall()
        assert [r[0] for r in fixed] == ["A garment factory in Ningbo began using digital "
                                         "textile printing."]
        cursor = ui_state.load_cursor(project)
        bead_3 = bead_edits.pair_beads(project, 1)[2].id
        assert (cursor.screen, cursor.pair_id, cursor.bead_id) == ("pair", 1, bead_3)

    async def reopen() -> tuple[str, int | None]:
        app = create_app(root, cursor_blink=False)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            current = app.screen.query_one(BeadList).current
            return type(app.screen).__name__, None if current is None else current.number

    assert asyncio.run(reopen()) == ("PairScreen", 3)


def test_kill_9_keeps_links_pairings_splits_and_chinese_edits(tmp_path: Path) -> None:
    root = tmp_path / "demo"
    build_demo_project(root).close()
    # with the review app open: unpair cotton and pair it again as comparable, link zh 2
    # with en 2 of the Shaoxing pair, split that English sentence at a character, edit a
    # Chinese sentence; then accept the first bead by key
    run_and_kill(root, ["call:unpair-cotton", "call:pair-cotton-comparable", "call:link",
                        "call:split-en", "call:edit-zh", "enter", "a"])

    with Project.open(root) as project:
        actions = [r[0] for r in project.conn.execute("SELECT action FROM decisions ORDER BY id")]
        assert actions == ["unpair_documents", "pair_documents", "link_sentences",
                           "split_segment", "edit_segments", "accept_bead"]
        modes = dict(project.conn.execute(
            "SELECT z.name, p.mode FROM doc_pairs p JOIN documents z ON z.id = p.zh_doc"))
        assert modes == {"shaoxing-zh": "parallel", "cotton-zh": "comparable"}
        beads = bead_edits.pair_beads(project, 1)
        en_texts = dict(project.conn.execute("SELECT id, text FROM segments"))
        assert [(len(b.zh_ids), [en_texts[e] for e in b.en_ids], b.status)
                for b in beads[:3]] == [
            (1, ["Printing and dying companies in Shaoxing expanded capacity this year."],
             "accepted"),
            (1, ["The local government provided subsidies,",
                 "and firms upgraded their sewage plants."], "pending"),
            (1, [], "pending")]
        zh_edit = project.conn.execute(
            "SELECT corrected FROM segments WHERE corrected IS NOT NULL").fetchall()
        assert [r[0] for r in zh_edit] == ["棉花价格上涨给工厂带来了压力。"]
        positions = [r[0] for r in project.conn.execute(
            "SELECT s.position FROM segments s JOIN documents d ON d.id = s.document_id "
            "WHERE d.name = 'shaoxing-en' ORDER BY s.position")]
        assert positions == list(range(7))
        # every one of them is still undoable after the crash, newest first
        undone = [decisions.undo(project) for _ in range(6)]
        assert [u.action for u in undone if u is not None] == actions[::-1]


def test_kill_9_keeps_links_splits_and_chinese_edits_made_with_keys(tmp_path: Path) -> None:
    from tests.review_fixture import build_comparable_project

    root = tmp_path / "cmp"
    build_comparable_project(root).close()
    # in the comparable pair: link the two unlinked cotton sentences (space, space, l);
    # split bead 2's English at "and firms" in the edit dialog (ctrl+b); back to the
    # overview, open the Chinese document on its own and edit its first sentence
    run_and_kill(root, ["enter", "down", "down", "space", "space", "l", "up", "e",
                        "home", *["right"] * 41, "ctrl+b", "escape", "tab", "down", "down",
                        "down", "down", "enter", "e", "end", "X", "ctrl+s"])
    with Project.open(root) as project:
        actions = [r[0] for r in project.conn.execute("SELECT action FROM decisions ORDER BY id")]
        assert actions == ["link_sentences", "split_segment", "edit_segments"]
        en = [r[0] for r in project.conn.execute(
            "SELECT COALESCE(s.corrected, s.text) FROM segments s JOIN documents d ON "
            "d.id = s.document_id WHERE d.name = 'shaoxing-en' ORDER BY s.position")]
        assert en[1:3] == ["The local government provided subsidies,",
                           "and firms upgraded their sewage plants."]
        zh = project.conn.execute(
            "SELECT s.corrected FROM segments s JOIN documents d ON d.id = s.document_id "
            "WHERE d.name = 'shaoxing-zh' ORDER BY s.position LIMIT 1").fetchone()[0]
        assert zh == "绍兴的印染企业今年扩大了产能。X"
        cursor = ui_state.load_cursor(project)
        assert (cursor.screen, cursor.document) == ("document", "shaoxing-zh")


def test_kill_9_in_the_middle_of_a_review_change_leaves_no_lock(tmp_path: Path) -> None:
    """The review app killed while it holds the writer lock (mid-change): the kernel
    releases it, so the next command neither waits nor is told the project is busy."""
    from corpus.store import REVIEW_WRITER

    root = tmp_path / "demo"
    build_demo_project(root).close()
    run_and_kill(root, ["enter", "a", "hold-lock"])
    with Project.open(root) as project:
        before = project.change_stamp()
        with project.exclusive("add", timeout=5):
            pass
        with project.exclusive(REVIEW_WRITER, timeout=5, announce=False):
            # a review change is no change to announce, and nothing else ran
            assert project.changed_since(before) is None
        assert bead_edits.pair_beads(project, 1)[0].status == "accepted"
