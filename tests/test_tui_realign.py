"""The review queue and re-alignment after a correction, driven by key presses (pilot)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

import tui.service
from corpus import aligned, bead_edits, decisions
from corpus.store import Project
from tests.test_align import VectorEncoder
from tests.test_realign import _as_indices, _make_pair
from tui.app import ReviewApp, create_app
from tui.widgets.bead_list import BeadList


@pytest.fixture
def realign_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project whose one pair is misaligned from bead 4 on; the fake encoder is used."""
    root = tmp_path / "proj"
    project = Project.init(root)
    _make_pair(project)
    project.close()
    monkeypatch.setattr(tui.service, "_encoder", lambda model: VectorEncoder())
    return root


def _drive(root: Path, keys: list[str]) -> tuple[list[int], str]:
    """Press keys on the pair screen; (marked bead ids, filter bar text) at the end."""

    async def run() -> tuple[list[int], str]:
        app: ReviewApp = create_app(root, cursor_blink=False)
        async with app.run_test(size=(110, 30)) as pilot:
            await pilot.pause()
            for key in keys:
                await pilot.press(key)
                await pilot.pause()
                await app.workers.wait_for_complete()
                await pilot.pause()
            beads = app.screen.query_one(BeadList).beads
            bar = str(app.screen.query_one("#filter-bar").render())
            return [b.bead_id for b in beads if b.realigned], bar

    return asyncio.run(run())


def test_a_correction_realigns_the_neighbours_in_the_store(realign_root: Path) -> None:
    with Project.open(realign_root) as project:
        before = {b.id: b for b in bead_edits.pair_beads(project, 1)}
    # Bead 4 ([3]:[3,4]) is wrong: its last English sentence belongs to the next bead.
    marked, bar = _drive(realign_root, ["enter", "down", "down", "down", "right_square_bracket"])
    with Project.open(realign_root) as project:
        after = bead_edits.pair_beads(project, 1)
        zh_ids = [r[0] for r in project.conn.execute(
            "SELECT id FROM segments WHERE document_id = 1 ORDER BY position")]
        en_ids = [r[0] for r in project.conn.execute(
            "SELECT id FROM segments WHERE document_id = 2 ORDER BY position")]
        shape = _as_indices(project, 1, zh_ids, en_ids)
        actions = [r[0] for r in project.conn.execute("SELECT action FROM decisions ORDER BY id")]
        left = aligned.review_left(project, 1)
    # The moved sentence made beads 4 and 5 the reviewer's; the run after them was aligned
    # again around them: zh 5 lost its translation, zh 6.. pair with en 7...
    assert shape[3:5] == [((3,), (3,)), ((4,), (4, 5, 6))]
    assert shape[5:] == [((5,), ())] + [((i,), (i + 1,)) for i in range(6, 12)]
    assert actions == ["move_sentence", "realign_beads"]
    # Confidences were updated in the store: new beads carry their posterior, not 0.5.
    new = [b for b in after if b.id not in before]
    assert new and all(b.score is not None and b.score != 0.5 for b in new)
    assert all(b.origin == "aligner" and b.status == "pending" for b in new)
    # The screen marks what changed and says how many wrong beads are left to expect.
    assert marked and set(marked) <= {b.id for b in after}
    assert f"≈{left.expected_wrong:.1f} wrong expected" in bar


def test_moving_on_clears_the_marks(realign_root: Path) -> None:
    marked, _ = _drive(realign_root, ["enter", "down", "down", "down", "right_square_bracket",
                                      "up", "up", "up"])
    assert marked == []


def test_review_queue_key_goes_to_the_least_confident_unreviewed_bead(
        realign_root: Path) -> None:
    with Project.open(realign_root) as project:
        beads = bead_edits.pair_beads(project, 1)
        with project.transaction() as conn:   # distinct confidences, the lowest on bead 8
            for k, bead in enumerate(beads):
                conn.execute("UPDATE beads SET score = ? WHERE id = ?",
                             (0.2 if k == 7 else 0.9 - 0.01 * k, bead.id))
        weakest = aligned.review_left(project, 1).weakest
    assert weakest == beads[7].id

    async def run() -> int | None:
        app = create_app(realign_root, cursor_blink=False)
        async with app.run_test(size=(110, 30)) as pilot:
            await pilot.pause()
            for key in ("enter", "w"):
                await pilot.press(key)
                await pilot.pause()
            current = app.screen.query_one(BeadList).current
            return current.bead_id if current else None

    assert asyncio.run(run()) == weakest


def test_undo_and_redo_take_a_correction_with_its_realignment(realign_root: Path) -> None:
    service = tui.service.ReviewService(realign_root)
    bead = bead_edits.pair_beads(service.project, 1)[3]
    service.move_sentence(bead.id, "en", "next")
    tui.service.realign_neighbourhood(realign_root, 1, [bead.id])
    with Project.open(realign_root) as project:
        corrected = _beads(project)
    assert decisions.history(service.project).done[-1] == decisions.read_decisions(
        service.project, [decisions.Action.REALIGN_BEADS])[-1].id

    message, _ = service.undo()
    assert message.startswith("undone")
    assert len(decisions.history(service.project).undone) == 2   # realignment and move

    message, _ = service.redo()
    assert message.startswith("redone")
    assert decisions.history(service.project).undone == ()
    with Project.open(realign_root) as project:
        assert _beads(project) == corrected


def _beads(project: Project) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    return [(b.zh_ids, b.en_ids) for b in bead_edits.pair_beads(project, 1)]


def test_the_pair_lexicon_is_learnt_before_the_writer_lock_is_taken(
        realign_root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Learning reads the whole pair (seconds in a large one): it must not hold the lock the
    reviewer's next change waits for. Under the lock, realign_around finds it remembered."""
    import aligner.project

    service = tui.service.ReviewService(realign_root)
    bead = bead_edits.pair_beads(service.project, 1)[3]
    service.accept_bead(bead.id)
    aligner.project._GLOSSES.clear()
    held: list[bool] = []
    from aligner.lexicon_learning import review_glosses as real

    def watching(*args: object, **kwargs: object) -> object:
        from corpus.errors import ProjectBusyError

        with Project.open(realign_root) as probe:
            try:
                with probe.exclusive("probe", timeout=0.1, announce=False):
                    held.append(False)
            except ProjectBusyError:
                held.append(True)
        return real(*args, **kwargs)   # type: ignore[arg-type]

    monkeypatch.setattr(aligner.project, "review_glosses", watching)
    tui.service.realign_neighbourhood(realign_root, 1, [bead.id])
    assert held == [False]          # learnt once, with the lock free
