"""Re-alignment around a correction: the unreviewed neighbours are aligned again with every
reviewed bead as an anchor, in one undoable transaction."""

from __future__ import annotations

import json

import pytest

from aligner.project import realign_around
from corpus import bead_edits, decisions
from corpus.bead_edits import RealignedRun, apply_realignment, pair_beads
from corpus.store import Project, now_iso
from tests.test_align import VectorEncoder, concepts
from tests.test_align_project import _add_document

ZH_TAGS = [f"c{i}" for i in range(12)]
EN_TAGS = ["c0", "c1", "c2", "c3", "c4a", "c4b", "c5", "c6", "c7", "c8", "c9", "c10", "c11"]
# Gold: [4]:[4,5], everything else 1-1.
GOLD = [((i,), (i,)) for i in range(4)] + [((4,), (4, 5))] + \
    [((i,), (i + 1,)) for i in range(5, 12)]
# What a weak aligner stored: from bead 3 on, shifted by one English sentence.
STORED = [((0,), (0,)), ((1,), (1,)), ((2,), (2,)), ((3,), (3, 4)), ((4,), (5, 6)),
          ((5,), (7,)), ((6,), (8,)), ((7,), (9,)), ((8,), (10,)), ((9,), (11,)),
          ((10,), ()), ((11,), (12,))]


def _make_pair(project: Project, mode: str = "parallel") -> tuple[int, list[str], list[str]]:
    zh_doc = _add_document(project, "zh-doc", "zh", concepts(ZH_TAGS, "zh"))
    en_doc = _add_document(project, "en-doc", "en", concepts(EN_TAGS, "en"))
    zh_ids = [r[0] for r in project.conn.execute(
        "SELECT id FROM segments WHERE document_id = ? ORDER BY position", (zh_doc,))]
    en_ids = [r[0] for r in project.conn.execute(
        "SELECT id FROM segments WHERE document_id = ? ORDER BY position", (en_doc,))]
    with project.transaction() as conn:
        pair_id = int(conn.execute(
            "INSERT INTO doc_pairs(zh_doc, en_doc, mode, score, signature, created_at) "
            "VALUES (?, ?, ?, 1.0, 'test', ?)", (zh_doc, en_doc, mode, now_iso())).lastrowid
            or 0)
        for position, (z, e) in enumerate(STORED):
            conn.execute("INSERT INTO beads(pair_id, position, zh_ids, en_ids, score) "
                         "VALUES (?, ?, ?, ?, 0.5)",
                         (pair_id, float(position), json.dumps([zh_ids[i] for i in z]),
                          json.dumps([en_ids[j] for j in e])))
    return pair_id, zh_ids, en_ids


def _as_indices(project: Project, pair_id: int, zh_ids: list[str], en_ids: list[str]
                ) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    return [(tuple(zh_ids.index(s) for s in b.zh_ids), tuple(en_ids.index(s) for s in b.en_ids))
            for b in pair_beads(project, pair_id)]


def test_correction_realigns_the_neighbours_and_undo_restores(project: Project) -> None:
    pair_id, zh_ids, en_ids = _make_pair(project)
    beads = pair_beads(project, pair_id)
    # The reviewer fixes bead 3 ([3]:[3,4] -> [3]:[3]) by moving its last English sentence on.
    bead_edits.move_sentence(project, beads[3].id, "en", "next")
    corrected = pair_beads(project, pair_id)
    before = _as_indices(project, pair_id, zh_ids, en_ids)
    assert before[3] == ((3,), (3,)) and before[4] == ((4,), (4, 5, 6))
    # move_sentence made beads 3 and 4 reviewer beads: they are anchors, even bead 4, which
    # is wrong (the reviewer has not finished); the runs on both sides are aligned again.
    outcome = realign_around(project, pair_id, [corrected[3].id, corrected[4].id],
                             VectorEncoder())
    after = _as_indices(project, pair_id, zh_ids, en_ids)
    assert after[:5] == before[:5]
    # zh 5 (c5) has lost its translation to the anchor; zh 6.. pair with en 7.. (c6..).
    assert after[5:] == [((5,), ())] + [((i,), (i + 1,)) for i in range(6, 12)]
    assert outcome.decision is not None and outcome.changed
    stored = {b.id: b for b in pair_beads(project, pair_id)}
    assert all(stored[i].score is not None and 0.0 <= (stored[i].score or 0.0) <= 1.0
               for i in outcome.changed)
    assert all(b.origin == "aligner" and b.status == "pending" for b in stored.values()
               if b.id in outcome.changed)
    # One undo reverts the re-alignment, the next the correction.
    assert decisions.undo(project) is not None
    assert _as_indices(project, pair_id, zh_ids, en_ids) == before
    assert decisions.undo(project) is not None
    assert _as_indices(project, pair_id, zh_ids, en_ids) == STORED


def test_accepting_a_right_bead_fixes_its_wrong_neighbours(project: Project) -> None:
    pair_id, zh_ids, en_ids = _make_pair(project)
    beads = pair_beads(project, pair_id)
    # Replace the wrong beads 3-4 by the gold ones through a split, then accept [4]:[4,5].
    bead_edits.split_bead(project, beads[3].id, 1, 1)          # [3]:[3] and []:[4]
    fixed = pair_beads(project, pair_id)
    bead_edits.merge_with_next(project, fixed[4].id)          # []:[4] + [4]:[5,6] -> [4]:[4,5,6]
    fixed = pair_beads(project, pair_id)
    bead_edits.move_sentence(project, fixed[4].id, "en", "next")  # [4]:[4,5], [5]:[6,7]
    fixed = pair_beads(project, pair_id)
    assert _as_indices(project, pair_id, zh_ids, en_ids)[4] == ((4,), (4, 5))
    # Bead 5 ([5]:[6,7]) is a reviewer bead now too; reset it: the reviewer only vouches
    # for bead 4, so bead 5 on is unreviewed and must be re-aligned.
    with project.transaction() as conn:
        conn.execute("UPDATE beads SET origin = 'aligner' WHERE id = ?", (fixed[5].id,))
    outcome = realign_around(project, pair_id, [fixed[4].id], VectorEncoder())
    assert outcome.changed
    assert _as_indices(project, pair_id, zh_ids, en_ids) == GOLD


def test_window_bounds_the_work(project: Project) -> None:
    pair_id, zh_ids, en_ids = _make_pair(project)
    beads = pair_beads(project, pair_id)
    bead_edits.accept_bead(project, beads[1].id)
    before = pair_beads(project, pair_id)
    outcome = realign_around(project, pair_id, [beads[1].id], VectorEncoder(), window=2)
    after = pair_beads(project, pair_id)
    touched = set(outcome.changed) | set(outcome.rescored) | set(outcome.removed)
    # Bead 0 on the left, beads 2-3 on the right: nothing further away is touched.
    far = {b.id for b in before[4:]}
    assert not touched & far
    assert [b for b in after if b.id in far] == [b for b in before if b.id in far]


def test_comparable_pair_is_left_alone(project: Project) -> None:
    pair_id, _, _ = _make_pair(project, mode="comparable")
    bead = pair_beads(project, pair_id)[2]
    bead_edits.accept_bead(project, bead.id)
    outcome = realign_around(project, pair_id, [bead.id], VectorEncoder())
    assert outcome.decision is None and not outcome.changed


def test_stale_run_writes_nothing(project: Project) -> None:
    pair_id, _, _ = _make_pair(project)
    beads = pair_beads(project, pair_id)
    run = RealignedRun((beads[5], beads[6]), ((beads[5].zh_ids + beads[6].zh_ids,
                                               beads[5].en_ids + beads[6].en_ids, 0.9),))
    bead_edits.accept_bead(project, beads[6].id)               # the reviewer was faster
    decisions = project.conn.execute("SELECT count(*) FROM decisions").fetchone()[0]
    assert apply_realignment(project, pair_id, [run]) is None
    assert project.conn.execute("SELECT count(*) FROM decisions").fetchone()[0] == decisions
    assert len(pair_beads(project, pair_id)) == len(beads)


@pytest.mark.parametrize("score", [0.5, 0.7])
def test_same_beads_only_rescore(project: Project, score: float) -> None:
    pair_id, _, _ = _make_pair(project)
    beads = pair_beads(project, pair_id)
    run = RealignedRun(tuple(beads[5:7]), tuple((b.zh_ids, b.en_ids, score) for b in beads[5:7]))
    outcome = apply_realignment(project, pair_id, [run])
    assert outcome is not None
    assert outcome.rescored == ((beads[5].id, beads[6].id) if score != 0.5 else ())
    assert outcome.decision is None if score == 0.5 else outcome.decision is not None
    assert [b.position for b in pair_beads(project, pair_id)] == [b.position for b in beads]


def test_undone_correction_cancels_a_late_realignment(project: Project) -> None:
    """The reviewer undid the correction before the background re-alignment wrote: the
    anchors it was aligned between changed, so nothing is written."""
    pair_id, _, _ = _make_pair(project)
    beads = pair_beads(project, pair_id)
    bead_edits.accept_bead(project, beads[4].id)
    accepted = pair_beads(project, pair_id)[4]
    run = RealignedRun((beads[5], beads[6]), ((beads[5].zh_ids + beads[6].zh_ids,
                                               beads[5].en_ids + beads[6].en_ids, 0.9),),
                       (accepted,))
    decisions.undo(project)
    assert apply_realignment(project, pair_id, [run]) is None
    assert pair_beads(project, pair_id) == beads
