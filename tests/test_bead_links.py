"""Linking and unlinking sentences by hand, in parallel and comparable pairs, and pair rows."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from corpus import aligned, bead_edits, decisions
from corpus.decisions import Action
from corpus.errors import ReviewError
from corpus.store import Project
from tests.review_fixture import build_demo_project


@pytest.fixture
def demo(tmp_path: Path) -> Iterator[Project]:
    proj = build_demo_project(tmp_path / "demo")
    yield proj
    proj.close()


def make_comparable(project: Project) -> None:
    """Pair 1 as a comparable pair holding two mined links: zh 0-en 0 and zh 4-en 3."""
    zh, en = ids(project, "zh"), ids(project, "en")
    with project.transaction() as conn:
        conn.execute("UPDATE doc_pairs SET mode = 'comparable' WHERE id = 1")
        conn.execute("DELETE FROM beads WHERE pair_id = 1")
        for position, (z, e) in enumerate([(0, 0), (4, 3)]):
            conn.execute("INSERT INTO beads(pair_id, position, zh_ids, en_ids, score, origin) "
                         "VALUES (1, ?, ?, ?, 0.7, 'mined')",
                         (float(position), json.dumps([zh[z]]), json.dumps([en[e]])))


def ids(project: Project, side: str) -> list[str]:
    """Segment ids of the demo document of ``side`` in order."""
    name = "shaoxing-zh" if side == "zh" else "shaoxing-en"
    return [r[0] for r in project.conn.execute(
        "SELECT s.id FROM segments s JOIN documents d ON d.id = s.document_id "
        "WHERE d.name = ? ORDER BY s.position", (name,))]


def dump(project: Project) -> list[tuple[Any, ...]]:
    return [tuple(r) for r in project.conn.execute("SELECT * FROM beads ORDER BY id")]


def layout(project: Project) -> list[tuple[list[int], list[int], str, str]]:
    """The beads of pair 1 in order as (zh indices, en indices, status, origin)."""
    zh = {s: i for i, s in enumerate(ids(project, "zh"))}
    en = {s: i for i, s in enumerate(ids(project, "en"))}
    return [([zh[s] for s in b.zh_ids], [en[s] for s in b.en_ids], b.status, b.origin)
            for b in bead_edits.pair_beads(project, 1)]


def link(zh: list[int], en: list[int]) -> Callable[[Project], Any]:
    return lambda p: bead_edits.link_sentences(p, 1, [ids(p, "zh")[i] for i in zh],
                                            [ids(p, "en")[j] for j in en])


def unlink(number: int) -> Callable[[Project], Any]:
    return lambda p: bead_edits.unlink_bead(p, bead_edits.pair_beads(p, 1)[number].id)


P, A = "pending", "accepted"
ALIGNER, MINED, REVIEWER = "aligner", "mined", "reviewer"

# (name, comparable?, operation, expected layout of pair 1)
CASES: list[tuple[str, bool, Callable[[Project], Any],
                  list[tuple[list[int], list[int], str, str]]]] = [
    ("comparable: link two unlinked, non-adjacent in the documents", True, link([2], [5]),
     [([0], [0], P, MINED), ([2], [5], A, REVIEWER), ([4], [3], P, MINED)]),
    ("comparable: link takes sentences out of mined links, which go", True, link([0], [3]),
     [([0], [3], A, REVIEWER)]),
    ("comparable: many to one, gaps on both sides", True, link([1, 3], [5, 1]),
     [([0], [0], P, MINED), ([1, 3], [1, 5], A, REVIEWER), ([4], [3], P, MINED)]),
    ("comparable: links may cross", True, link([5], [0]),
     [([4], [3], P, MINED), ([5], [0], A, REVIEWER)]),
    ("comparable: unlink a mined link", True, unlink(0), [([4], [3], P, MINED)]),
    ("parallel: link part of a 2-1 bead", False, link([1], [1]),
     [([0], [0], P, ALIGNER), ([1], [1], A, REVIEWER), ([2], [], P, REVIEWER),
      ([3], [2], P, ALIGNER), ([4], [3], P, ALIGNER), ([5], [4, 5], P, ALIGNER)]),
    ("parallel: link across two beads merges them", False, link([3, 4], [2, 3]),
     [([0], [0], P, ALIGNER), ([1, 2], [1], P, ALIGNER), ([3, 4], [2, 3], A, REVIEWER),
      ([5], [4, 5], P, ALIGNER)]),
    ("parallel: link the last en out of a 1-2 bead", False, link([5], [5]),
     [([0], [0], P, ALIGNER), ([1, 2], [1], P, ALIGNER), ([3], [2], P, ALIGNER),
      ([4], [3], P, ALIGNER), ([], [4], P, REVIEWER), ([5], [5], A, REVIEWER)]),
    ("parallel: unlink leaves one sentence per bead", False, unlink(1),
     [([0], [0], P, ALIGNER), ([1], [], P, REVIEWER), ([2], [], P, REVIEWER),
      ([], [1], P, REVIEWER), ([3], [2], P, ALIGNER), ([4], [3], P, ALIGNER),
      ([5], [4, 5], P, ALIGNER)]),
]


@pytest.mark.parametrize(("name", "comparable", "operation", "expected"), CASES,
                         ids=[c[0] for c in CASES])
def test_link_and_unlink_change_the_store_and_undo_redo(
        demo: Project, name: str, comparable: bool, operation: Callable[[Project], Any],
        expected: list[tuple[list[int], list[int], str, str]]) -> None:
    if comparable:
        make_comparable(demo)
    before = dump(demo)
    decision = operation(demo)
    assert layout(demo) == expected
    after = dump(demo)
    row = demo.conn.execute("SELECT action FROM decisions WHERE id = ?", (decision,)).fetchone()
    assert row[0] in (Action.LINK_SENTENCES, Action.UNLINK_BEAD)
    if not comparable:   # a parallel pair keeps every sentence in one bead, in order
        beads = bead_edits.pair_beads(demo, 1)
        assert [s for b in beads for s in b.zh_ids] == ids(demo, "zh")
        assert [s for b in beads for s in b.en_ids] == ids(demo, "en")
    assert decisions.undo(demo) is not None
    assert dump(demo) == before
    assert decisions.redo(demo) is not None
    assert dump(demo) == after


ERROR_CASES: list[tuple[str, bool, Callable[[Project], Any], str]] = [
    ("parallel: crossing link", False, link([0], [2]),
     "would cross bead 2 (zh 2, 3 ↔ en 2)"),
    ("parallel: non-adjacent link crosses the bead between", False, link([0, 2], [0]),
     "would cross bead 2"),
    ("no English side", True, link([1], []), "needs at least one Chinese and one English"),
    ("a sentence of another document", True,
     lambda p: bead_edits.link_sentences(p, 1, [ids(p, "en")[0]], [ids(p, "en")[1]]),
     "is not an article sentence of shaoxing-zh"),
    ("the same sentence twice", True, link([1, 1], [2]), "named twice"),
    ("no such pair", True, lambda p: bead_edits.link_sentences(p, 99, ["x"], ["y"]),
     "document pair 99 does not exist"),
    ("parallel: unlink a one-sided bead", False,
     lambda p: (bead_edits.unlink_bead(p, bead_edits.pair_beads(p, 1)[1].id),
                bead_edits.unlink_bead(p, bead_edits.pair_beads(p, 1)[1].id)),
     "links nothing"),
]


@pytest.mark.parametrize(("name", "comparable", "operation", "message"), ERROR_CASES,
                         ids=[c[0] for c in ERROR_CASES])
def test_bad_links_are_refused_and_change_nothing(
        demo: Project, name: str, comparable: bool, operation: Callable[[Project], Any],
        message: str) -> None:
    if comparable:
        make_comparable(demo)
    with pytest.raises(ReviewError, match=".*") as caught:
        operation(demo)
    assert message in str(caught.value)
    # the failed operation left no half-done change: the last decision is not a failed one
    assert not demo.conn.in_transaction


def test_refused_link_leaves_beads_and_log_unchanged(demo: Project) -> None:
    before = dump(demo), demo.conn.execute("SELECT count(*) FROM decisions").fetchone()[0]
    with pytest.raises(ReviewError):
        link([0], [2])(demo)
    assert (dump(demo), demo.conn.execute("SELECT count(*) FROM decisions").fetchone()[0]) \
        == before


def rows_as_indices(project: Project) -> list[tuple[str, list[int], list[int]]]:
    zh = {s: i for i, s in enumerate(ids(project, "zh"))}
    en = {s: i for i, s in enumerate(ids(project, "en"))}
    return [(r.kind, [zh[s] for s in r.zh_ids], [en[s] for s in r.en_ids])
            for r in aligned.pair_rows(project, 1)]


def test_comparable_rows_hold_every_sentence_in_reading_order(demo: Project) -> None:
    make_comparable(demo)
    link([2], [5])(demo)
    assert rows_as_indices(demo) == [
        ("bead", [0], [0]), ("en", [], [1]), ("en", [], [2]), ("zh", [1], []),
        ("bead", [2], [5]), ("zh", [3], []), ("bead", [4], [3]), ("en", [], [4]),
        ("zh", [5], []),
    ]


def test_comparable_rows_put_leading_english_first(demo: Project) -> None:
    make_comparable(demo)
    bead_edits.unlink_bead(demo, bead_edits.pair_beads(demo, 1)[0].id)
    rows = rows_as_indices(demo)
    assert rows[:2] == [("en", [], [0]), ("en", [], [1])]
    assert sorted(i for _, z, _ in rows for i in z) == list(range(6))
    assert sorted(j for _, _, e in rows for j in e) == list(range(6))


def test_parallel_rows_follow_the_beads(demo: Project) -> None:
    bead_edits.unlink_bead(demo, bead_edits.pair_beads(demo, 1)[4].id)
    assert rows_as_indices(demo) == [
        ("bead", [0], [0]), ("bead", [1, 2], [1]), ("bead", [3], [2]), ("bead", [4], [3]),
        ("zh", [5], []), ("en", [], [4]), ("en", [], [5]),
    ]
    rows = aligned.pair_rows(demo, 1)
    assert all(r.bead_id is not None for r in rows)
