"""The review UI's changes take the project's writer lock (issue 12, item 1).

A reviewer's change while another command holds the lock is not saved and says who holds
it; a change made after another command changed the store under the open screen is not
written (the rows it names may be gone) and the screen is read again; a command started
while the UI writes waits for it. The other command is a real second process.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from textual.widgets import TextArea

from corpus import bead_edits
from corpus.errors import ProjectBusyError
from corpus.store import REVIEW_WRITER, ChangeStamp, Project, describe_holder
from tests.conftest import REPO
from tests.review_fixture import EN_SENTENCES, build_demo_project
from tests.test_concurrent_commands import EN_CHANGED, dangling_beads, make_project
from tui.app import ReviewApp, create_app
from tui.dialogs.edit import EditDialog
from tui.service import ReviewService
from tui.widgets.bead_list import BeadList

ENV = {**os.environ, "PYTHONPATH": str(REPO)}

HOLDER = """\
import sys
from corpus.store import Project
root, command, change = sys.argv[1], sys.argv[2], sys.argv[3] == "change"
with Project.open(root) as project, project.exclusive(command):
    if change:
        with project.transaction():
            project.set_meta("touched", "yes")
    print("HOLDING", flush=True)
    sys.stdin.read()   # holds the lock until the test closes stdin (or kills it)
"""


@contextmanager
def lock_held_by(root: Path, command: str, change: bool = False
                 ) -> Iterator[subprocess.Popen[str]]:
    """Another process holding the project's writer lock as ``command`` until the block ends."""
    proc = subprocess.Popen([sys.executable, "-c", HOLDER, str(root), command,
                             "change" if change else "read"], cwd=REPO, env=ENV, text=True,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "HOLDING", proc.communicate()
        yield proc
    finally:
        if proc.poll() is None:
            assert proc.stdin is not None
            proc.stdin.close()
            proc.wait(timeout=60)


def bead_statuses(root: Path) -> list[str]:
    with Project.open(root) as project:
        return [b.status for b in bead_edits.pair_beads(project, 1)]


def decision_actions(root: Path) -> list[str]:
    with Project.open(root) as project:
        return [r[0] for r in project.conn.execute("SELECT action FROM decisions ORDER BY id")]


def messages(app: ReviewApp) -> str:
    return " | ".join(" ".join(text.split()) for text, _ in app.messages)


# -- the lock and the change stamp, without the UI -------------------------------------------

def test_a_change_waits_a_bounded_time_then_names_the_holder(tmp_path: Path) -> None:
    root = tmp_path / "proj"
    Project.init(root).close()
    with lock_held_by(root, "align") as holder, Project.open(root) as project:
        started = time.monotonic()
        with pytest.raises(ProjectBusyError) as caught:
            with project.exclusive(REVIEW_WRITER, timeout=0.3, announce=False):
                pytest.fail("the lock was taken while another process held it")
        assert 0.3 <= time.monotonic() - started < 10
    assert caught.value.describe() == (
        f"the project is busy: `bitextual align` (pid {holder.pid}) is running; your change "
        "was not saved (try again when it has finished)")


def test_the_stamp_changes_only_when_a_command_changed_the_store(tmp_path: Path) -> None:
    root = tmp_path / "proj"
    Project.init(root).close()
    with Project.open(root) as project:
        before = project.change_stamp()
        with lock_held_by(root, "check"):
            during = project.change_stamp()
        # read during a run: marked running, and the same token when nothing was changed
        assert during.running and during.token == before.token
        with project.exclusive(REVIEW_WRITER, announce=False):
            assert project.changed_since(before) is None
            assert project.changed_since(during) is None
        with lock_held_by(root, "add", change=True) as adding:
            during = project.change_stamp()
        with project.exclusive(REVIEW_WRITER, announce=False):
            assert project.changed_since(during) == f"`bitextual add` (pid {adding.pid})"
            assert project.changed_since(before) == f"`bitextual add` (pid {adding.pid})"
            # the reviewer's own changes leave the stamp as it was
            project.set_meta("review", "x")
        after = project.change_stamp()
        with project.exclusive(REVIEW_WRITER, announce=False):
            assert project.changed_since(after) is None


def test_a_command_killed_mid_run_counts_as_a_change(tmp_path: Path) -> None:
    """kill -9 skips the end of the run; the next holder of the lock sees the run was cut."""
    root = tmp_path / "proj"
    Project.init(root).close()
    with Project.open(root) as project:
        before = project.change_stamp()
        with lock_held_by(root, "align", change=True) as aligning:
            during = project.change_stamp()
            aligning.send_signal(signal.SIGKILL)
            aligning.wait(timeout=30)
        # the kernel released the lock: the next change does not wait
        with project.exclusive(REVIEW_WRITER, timeout=5, announce=False):
            said = f"`bitextual align` (pid {aligning.pid}), which was interrupted"
            assert project.changed_since(before) == said
            assert project.changed_since(during) == said
        assert not project.change_stamp().running


@pytest.mark.parametrize(("note", "words"), [
    ("align, pid 123", "`bitextual align` (pid 123)"),
    ("glossary import, pid 9", "`bitextual glossary import` (pid 9)"),
    ("review, pid 77", "another review session (pid 77)"),
    (f"check, pid {os.getpid()}", "this session's check job"),
    (f"review, pid {os.getpid()}", "this session's re-alignment"),
    ("add, pid 5 (interrupted)", "`bitextual add` (pid 5), which was interrupted"),
    ("", "another bitextual command"),
])
def test_how_the_holder_is_named(note: str, words: str) -> None:
    assert describe_holder(note) == words


def test_a_stamp_survives_its_line() -> None:
    stamp = ChangeStamp("0123abcd", True, "glossary import, pid 4")
    assert ChangeStamp.parse(stamp.line()) == stamp
    assert ChangeStamp.parse("align, pid 3") == ChangeStamp()


def test_a_command_waits_for_a_review_change_in_progress(tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]
                                                         ) -> None:
    root, en = make_project(tmp_path, capsys)
    en.write_text("\n".join(EN_CHANGED) + "\n", encoding="utf-8")
    err = tmp_path / "add.err"
    service = ReviewService(root)
    try:
        with service.writing(), err.open("w") as sink:
            adding = subprocess.Popen(
                [sys.executable, "-c", "from tui.cli import main; main()", "add", "-p",
                 str(root), str(en)], cwd=REPO, env=ENV, stdout=subprocess.DEVNULL,
                stderr=sink, text=True)
            deadline = time.monotonic() + 120
            while "waiting" not in err.read_text(encoding="utf-8"):
                assert adding.poll() is None, err.read_text(encoding="utf-8")
                assert time.monotonic() < deadline, "add never said it waits"
                time.sleep(0.05)
            time.sleep(0.3)
            assert adding.poll() is None  # still waiting while the review change runs
        assert adding.wait(timeout=120) == 0, err.read_text(encoding="utf-8")
    finally:
        service.close()
    assert ("waiting: another command is changing this project "
            f"(review, pid {os.getpid()})") in " ".join(err.read_text(encoding="utf-8").split())


# -- the review UI ----------------------------------------------------------------------------

def test_accept_while_align_holds_the_lock_is_not_saved_and_says_so(tmp_path: Path) -> None:
    root = tmp_path / "demo"
    build_demo_project(root).close()

    async def run() -> tuple[str, int | None, list[str], list[str]]:
        app = create_app(root, cursor_blink=False)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            await pilot.press("enter")
            await pilot.pause()
            with lock_held_by(root, "align") as holder:
                await pilot.press("a")
                await pilot.pause()
                said = messages(app)
                busy_statuses = bead_statuses(root)
                cursor = app.screen.query_one(BeadList).current
                assert cursor is not None and cursor.number == 1  # it did not move on
            assert f"`bitextual align` (pid {holder.pid}) is running" in said
            await pilot.press("a")  # the lock is free: the same key saves it now
            await app.workers.wait_for_complete()
            await pilot.pause()
            return said, holder.pid, busy_statuses, decision_actions(root)

    said, pid, busy_statuses, actions = asyncio.run(run())
    assert (f"Not saved: the project is busy: `bitextual align` (pid {pid}) is running; your "
            "change was not saved (try again when it has finished)") in said
    assert busy_statuses == ["pending"] * 5
    assert actions[0] == "accept_bead" and actions.count("accept_bead") == 1
    assert bead_statuses(root)[0] == "accepted"


def test_an_edit_not_saved_because_of_a_busy_project_is_kept_in_the_editor(
        tmp_path: Path) -> None:
    root = tmp_path / "demo"
    build_demo_project(root).close()

    async def run() -> tuple[str, str]:
        app = create_app(root, cursor_blink=False)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            for key in ("enter", "e", "end", "!"):
                await pilot.press(key)
            await pilot.pause()
            with lock_held_by(root, "add"):
                await pilot.press("ctrl+s")
                await pilot.pause()
                # the editor is open again, holding what the reviewer typed
                assert isinstance(app.screen, EditDialog)
                kept = app.screen.query_one("#seg-1", TextArea).text
            await pilot.press("ctrl+s")
            await app.workers.wait_for_complete()
            await pilot.pause()
            return kept, messages(app)

    kept, said = asyncio.run(run())
    assert kept == EN_SENTENCES[0] + "!"
    assert "is running; your change was not saved" in said
    with Project.open(root) as project:
        corrected = [r[0] for r in project.conn.execute(
            "SELECT corrected FROM segments WHERE corrected IS NOT NULL")]
    assert corrected == [EN_SENTENCES[0] + "!"]


def test_after_reimport_and_align_under_the_open_ui_nothing_names_the_old_rows(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The reviewer looks at bead 1; meanwhile another terminal re-imports the changed
    English and re-aligns. Bead ids are reused by the new beads, so accepting 'bead 1' as
    the screen knows it would accept a bead the reviewer never saw."""
    root, en = make_project(tmp_path, capsys)
    marker = tmp_path / "embedding-started"
    align_cmd = [sys.executable, "-m", "tests.align_slow_driver", str(root), str(marker), "0"]
    subprocess.run(align_cmd, cwd=REPO, env=ENV, check=True, capture_output=True, timeout=300)

    async def run() -> tuple[list[tuple[str, ...]], list[tuple[str, ...]], str, int, int]:
        app = create_app(root, cursor_blink=False)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            await pilot.press("enter")
            await pilot.pause()
            shown_before = [b.en_ids for b in app.screen.query_one(BeadList).beads]
            en.write_text("\n".join(EN_CHANGED) + "\n", encoding="utf-8")
            adding = subprocess.run(
                [sys.executable, "-c", "from tui.cli import main; main()", "add", "-p",
                 str(root), str(en)], cwd=REPO, env=ENV, capture_output=True, text=True,
                timeout=300)
            assert adding.returncode == 0, adding.stderr
            aligning = subprocess.Popen(align_cmd, cwd=REPO, env=ENV, stdout=subprocess.PIPE,
                                        stderr=subprocess.PIPE, text=True)
            assert aligning.wait(timeout=300) == 0, aligning.communicate()
            await pilot.press("a")
            await pilot.pause()
            refused = decision_actions(root).count("accept_bead")
            shown_after = [b.en_ids for b in app.screen.query_one(BeadList).beads]
            said = messages(app)
            await pilot.press("a")  # on the screen as read again: saved
            await app.workers.wait_for_complete()
            await pilot.pause()
            return shown_before, shown_after, said, aligning.pid, refused

    shown_before, shown_after, said, pid, refused = asyncio.run(run())
    assert (f"Not saved: the project was changed by `bitextual align` (pid {pid}) since this "
            "screen was read; your change was not saved") in said
    assert refused == 0  # nothing was written for the bead the screen showed
    with Project.open(root) as project:
        assert dangling_beads(project) == []
        segments = {r[0] for r in project.conn.execute("SELECT id FROM segments")}
        beads = bead_edits.pair_beads(project, 1)
        accepted = [b for b in beads if b.status == "accepted"]
        logged = [json.loads(r[0]) for r in project.conn.execute(
            "SELECT payload FROM decisions WHERE action = 'accept_bead'")]
    # the screen was read again: it shows the new English, not the deleted sentences
    assert shown_after != shown_before
    assert set(shown_after) <= {tuple(b.en_ids) for b in beads}
    assert len(accepted) == 1 and len(logged) == 1
    assert set(accepted[0].en_ids) <= segments and tuple(accepted[0].en_ids) == shown_after[0]
