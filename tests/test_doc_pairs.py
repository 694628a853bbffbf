"""Pairing and unpairing documents by hand: store, undo/redo, ``bitextual align`` keeps
hand-made pairs, and the ``pair``/``unpair`` commands on the real seed documents."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from aligner.pair_edits import pair_and_align, pair_candidates
from aligner.project import align_project
from corpus import bead_edits, decisions, doc_pairs
from corpus.decisions import Action
from corpus.errors import ReviewError
from corpus.store import Project
from tests.conftest import run_cli
from tests.review_fixture import build_demo_project
from tests.test_align import VectorEncoder


@pytest.fixture
def demo(tmp_path: Path) -> Iterator[Project]:
    proj = build_demo_project(tmp_path / "demo")
    yield proj
    proj.close()


def dump(project: Project) -> dict[str, list[tuple[Any, ...]]]:
    q = project.conn.execute
    return {"pairs": [tuple(r) for r in q("SELECT * FROM doc_pairs ORDER BY id")],
            "beads": [tuple(r) for r in q("SELECT * FROM beads ORDER BY id")]}


def test_pair_by_hand_stores_pair_and_beads_in_one_undoable_decision(demo: Project) -> None:
    doc_pairs.unpair(demo, 2)
    before = dump(demo)
    added = pair_and_align(demo, "cotton-zh", "cotton-en", "parallel", VectorEncoder())
    row = demo.conn.execute("SELECT * FROM doc_pairs WHERE id = ?", (added.pair_id,)).fetchone()
    assert row["mode"] == "parallel"
    assert row["signature"].startswith(doc_pairs.REVIEWER_SIGNATURE
                                       + "; bitextual-align mode=parallel encoder=[fake-vectors]")
    assert "fake-vectors" in row["signature"]
    beads = bead_edits.pair_beads(demo, added.pair_id)
    assert added.beads == len(beads) > 0
    assert sorted(s for b in beads for s in b.zh_ids + b.en_ids) == sorted(
        r[0] for r in demo.conn.execute(
            "SELECT s.id FROM segments s JOIN documents d ON d.id = s.document_id "
            "WHERE d.name IN ('cotton-zh', 'cotton-en')"))
    action = demo.conn.execute("SELECT action, target FROM decisions WHERE id = ?",
                               (added.decision,)).fetchone()
    assert tuple(action) == (Action.PAIR_DOCUMENTS, f"pair:{added.pair_id}")
    after = dump(demo)
    assert decisions.undo(demo) is not None
    assert dump(demo) == before
    assert decisions.redo(demo) is not None
    assert dump(demo) == after


def test_comparable_pair_by_hand_mines_links_only(demo: Project) -> None:
    doc_pairs.unpair(demo, 1)
    added = pair_and_align(demo, "shaoxing-zh", "shaoxing-en", "comparable", VectorEncoder())
    beads = bead_edits.pair_beads(demo, added.pair_id)
    assert all(b.origin == "mined" and len(b.zh_ids) == len(b.en_ids) == 1 for b in beads)


def test_unpair_and_undo_restore_beads_and_their_decisions(demo: Project) -> None:
    first = bead_edits.pair_beads(demo, 1)[0].id
    bead_edits.accept_bead(demo, first)
    before = dump(demo)
    decision = doc_pairs.unpair(demo, 1)
    assert demo.conn.execute("SELECT count(*) FROM beads WHERE pair_id = 1").fetchone()[0] == 0
    assert demo.conn.execute("SELECT action FROM decisions WHERE id = ?",
                             (decision,)).fetchone()[0] == Action.UNPAIR_DOCUMENTS
    assert decisions.undo(demo) is not None
    assert dump(demo) == before
    # the decision made before the unpair can be undone again: its bead is back
    reverted = decisions.undo(demo)
    assert reverted is not None and reverted.action == "accept_bead"
    assert bead_edits.get_bead(demo, first).status == "pending"


ERRORS: list[tuple[str, Callable[[Project], Any], str]] = [
    ("unknown document", lambda p: doc_pairs.check_pairable(p, "nope", "cotton-en", "parallel"),
     "no document named 'nope' in this project"),
    ("sides swapped", lambda p: doc_pairs.check_pairable(p, "orphan-en", "cotton-zh",
                                                         "parallel"),
     "'orphan-en' is English and 'cotton-zh' is Chinese"),
    ("two English documents", lambda p: doc_pairs.check_pairable(p, "orphan-en", "cotton-en",
                                                                 "parallel"),
     "'orphan-en' is not a Chinese document"),
    ("already paired", lambda p: doc_pairs.check_pairable(p, "cotton-zh", "orphan-en",
                                                          "comparable"),
     "'cotton-zh' is already paired with 'cotton-en' (parallel, pair 2)"),
    ("bad mode", lambda p: doc_pairs.check_pairable(p, "cotton-zh", "orphan-en", "loose"),
     "unknown pairing mode 'loose'"),
    ("unpair an unpaired document", lambda p: doc_pairs.find_pair(p, ["orphan-en"]),
     "'orphan-en' is not paired"),
    ("unpair the two sides of a bilingual file", lambda p: (
        p.conn.execute("UPDATE documents SET source_group = 'cotton.tmx' WHERE name LIKE "
                       "'cotton-%'"),
        p.conn.execute("UPDATE doc_pairs SET mode = 'imported' WHERE id = 2"),
        doc_pairs.unpair(p, 2)),
     "are the two sides of the bilingual file 'cotton.tmx'"),
    ("unpair two documents of different pairs",
     lambda p: doc_pairs.find_pair(p, ["cotton-zh", "shaoxing-en"]),
     "'cotton-zh' and 'shaoxing-en' are not paired with each other"),
]


@pytest.mark.parametrize(("name", "operation", "message"), ERRORS, ids=[c[0] for c in ERRORS])
def test_bad_pairing_requests_say_what_is_wrong(demo: Project, name: str,
                                                operation: Callable[[Project], Any],
                                                message: str) -> None:
    with pytest.raises(ReviewError) as caught:
        operation(demo)
    assert message in str(caught.value)


def test_align_keeps_a_pair_made_by_hand(demo: Project) -> None:
    doc_pairs.unpair(demo, 2)
    added = pair_and_align(demo, "cotton-zh", "orphan-en", "comparable", VectorEncoder())
    align_project(demo, VectorEncoder())
    row = demo.conn.execute("SELECT z.name, e.name, p.mode, p.signature FROM doc_pairs p "
                            "JOIN documents z ON z.id = p.zh_doc JOIN documents e "
                            "ON e.id = p.en_doc WHERE p.id = ?", (added.pair_id,)).fetchone()
    assert tuple(row)[:3] == ("cotton-zh", "orphan-en", "comparable")
    assert row[3].startswith(doc_pairs.REVIEWER_SIGNATURE)


def test_candidates_are_ranked_by_score(demo: Project) -> None:
    candidates = pair_candidates(demo, "cotton-zh", VectorEncoder())
    assert {c.name for c in candidates} == {"shaoxing-en", "cotton-en", "orphan-en"}
    assert [c.score for c in candidates] == sorted((c.score for c in candidates), reverse=True)
    assert {c.name: c.paired_with for c in candidates}["cotton-en"] == "cotton-zh"
    assert {c.mode for c in candidates} <= {"parallel", "comparable", "unrelated"}


# -- the commands, on the seeds ------------------------------------------------------------
ZH, EN0, EN2 = "004_0b416cea9f678820.txt", "000_3355ace611604506.txt", "002_682bd6d5f2543916.txt"


@pytest.mark.slow
def test_cli_unpair_then_pair_again(seeds_project: Path,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    p = ["-p", str(seeds_project)]
    code, out, err = run_cli(["unpair", ZH, *p], capsys)
    assert code == 0, err
    assert f"unpaired {ZH} ↔ {EN0} (comparable): 12 bead(s) removed" in " ".join(out.split())
    code, out, err = run_cli(["pair", ZH, *p], capsys)
    assert code == 0, err
    listed = [[cell.strip() for cell in line.split("│")[1:-1]] for line in out.splitlines()
              if "│" in line and "_" in line.split("│")[1]]
    # the comparable partner ranks first; the three other English articles are unrelated
    assert listed[0][0].startswith("000_") and listed[0][3] == "comparable"
    assert [row[3] for row in listed[1:]] == ["unrelated"] * 3
    code, out, err = run_cli(["pair", ZH, EN2, "--mode", "parallel", *p], capsys)
    assert code == 0, err
    assert f"paired {ZH} ↔ {EN2} as parallel:" in " ".join(out.split())
    with Project.open(seeds_project) as project:
        row = project.conn.execute("SELECT id, mode FROM doc_pairs").fetchone()
        assert row["mode"] == "parallel"
        beads = bead_edits.pair_beads(project, row["id"])
        en_sentences = project.conn.execute(
            "SELECT count(*) FROM segments s JOIN documents d ON d.id = s.document_id "
            "WHERE d.name = ? AND s.boilerplate IS NULL", (EN2,)).fetchone()[0]
        assert sum(len(b.en_ids) for b in beads) == en_sentences
    code, out, err = run_cli(["undo", *p], capsys)   # the pair goes
    assert code == 0, err
    assert "undo of decision" in out and "pair_documents" in out
    with Project.open(seeds_project) as project:
        assert project.conn.execute("SELECT count(*) FROM doc_pairs").fetchone()[0] == 0
        assert decisions.undo(project) is not None   # the unpair is undone: 12 links are back
        assert project.conn.execute("SELECT count(*) FROM beads WHERE origin = 'mined'"
                                    ).fetchone()[0] == 12
    code, out, err = run_cli(["redo", *p], capsys)
    assert code == 0 and "redo of decision" in out and "unpair_documents" in out, err
    code, out, err = run_cli(["redo", *p], capsys)
    assert code == 0 and "redo of decision" in out and "pair_documents" in out, err
    code, out, err = run_cli(["redo", *p], capsys)
    assert code == 0 and "nothing to redo" in out, err
    with Project.open(seeds_project) as project:   # back to the pair made by hand
        row = project.conn.execute("SELECT mode FROM doc_pairs").fetchone()
        assert row["mode"] == "parallel"


CLI_ERRORS: list[tuple[list[str], str]] = [
    (["pair", ZH, EN2], "--mode parallel"),
    (["pair", ZH, EN2, "--mode", "comparable"], f"'{ZH}' is already paired with '{EN0}'"),
    (["pair", "nope.txt", EN2, "--mode", "parallel"], "no document named 'nope.txt'"),
    (["pair", EN2, ZH, "--mode", "parallel"], "name the Chinese document first"),
    (["pair", ZH, EN0, EN2, "--mode", "parallel"], "pair takes two documents, not 3"),
    (["unpair", EN2], f"'{EN2}' is not paired"),
    (["unpair", "nope.txt"], "no document named 'nope.txt'"),
    (["pair", ZH, EN2, "--mode", "loose"], "loose"),
]


@pytest.mark.slow
@pytest.mark.parametrize(("argv", "message"), CLI_ERRORS, ids=[" ".join(c[0]) for c in CLI_ERRORS])
def test_cli_pair_and_unpair_bad_input_exit_2(seeds_project: Path, argv: list[str],
                                              message: str,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli([*argv, "-p", str(seeds_project)], capsys)
    assert code == 2
    assert message in " ".join(err.split()), err
    assert "Traceback" not in err
