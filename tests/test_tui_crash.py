"""Crash safety: a review session killed with SIGKILL loses no decision and no position."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from corpus import bead_edits, ui_state
from corpus.store import Project
from tests.conftest import REPO
from tests.review_fixture import build_demo_project
from tui.app import create_app
from tui.widgets.bead_list import BeadList


def test_kill_9_keeps_every_decision_and_the_cursor(tmp_path: Path) -> None:
    root = tmp_path / "demo"
    build_demo_project(root).close()
    # accept bead 1 (the cursor moves on to 2), mark bead 2 unaligned, go to bead 4 and
    # apply its suggested fix, then step back to bead 3
    keys = ["enter", "a", "x", "down", "down", "y", "up"]
    proc = subprocess.Popen([sys.executable, "-m", "tests.tui_crash_driver", str(root), *keys],
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

    with Project.open(root) as project:
        actions = [r[0] for r in project.conn.execute("SELECT action FROM decisions ORDER BY id")]
        assert actions == ["accept_bead", "mark_unaligned", "accept_suggestion"]
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
