"""The review operations: store state after each one, and undo/redo round trips."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from corpus import bead_edits, decisions, segment_edits, suggestions, ui_state
from corpus.errors import ReviewError
from corpus.store import Project
from glossary import term_edits, termbase
from tests.review_fixture import EN_SENTENCES, build_demo_project


@pytest.fixture
def demo(tmp_path: Path) -> Iterator[Project]:
    proj = build_demo_project(tmp_path / "demo")
    yield proj
    proj.close()


def dump(project: Project) -> dict[str, Any]:
    """Everything the review operations may change, for exact before/after comparison."""
    q = project.conn.execute
    return {
        "beads": [tuple(r) for r in q("SELECT * FROM beads ORDER BY id")],
        "corrected": [tuple(r) for r in q("SELECT id, corrected FROM segments ORDER BY id")],
        "suggestions": [tuple(r) for r in q("SELECT id, status FROM suggestions ORDER BY id")],
        "concepts": [tuple(r) for r in q("SELECT id, domain, note FROM concepts ORDER BY id")],
        "terms": [tuple(r) for r in q("SELECT * FROM terms ORDER BY id")],
    }


def shape(project: Project, pair_id: int = 1) -> list[tuple[int, int, str]]:
    """Each bead of the pair as (number of zh sentences, number of en sentences, status)."""
    return [(len(b.zh_ids), len(b.en_ids), b.status)
            for b in bead_edits.pair_beads(project, pair_id)]


def bead_id(project: Project, index: int, pair_id: int = 1) -> int:
    return bead_edits.pair_beads(project, pair_id)[index].id


def en_id(project: Project, index: int) -> str:
    row = project.conn.execute(
        "SELECT s.id FROM segments s JOIN documents d ON d.id = s.document_id "
        "WHERE d.name = 'shaoxing-en' AND s.position = ?", (index,)).fetchone()
    return str(row[0])


def sug_id(project: Project, rule: str, nth: int = 0) -> int:
    rows = project.conn.execute("SELECT id FROM suggestions WHERE rule = ? ORDER BY id",
                                (rule,)).fetchall()
    return int(rows[nth][0])


def corrected(project: Project, seg: str) -> str | None:
    text: str | None = project.conn.execute("SELECT corrected FROM segments WHERE id = ?",
                                            (seg,)).fetchone()[0]
    return text


INITIAL = [(1, 1, "pending"), (2, 1, "pending"), (1, 1, "pending"), (1, 1, "pending"),
           (1, 2, "pending")]

# (name, operation on the demo project, expected bead shapes of pair 1 afterwards)
BEAD_CASES: list[tuple[str, Callable[[Project], Any], list[tuple[int, int, str]]]] = [
    ("accept", lambda p: bead_edits.accept_bead(p, bead_id(p, 2)),
     INITIAL[:2] + [(1, 1, "accepted")] + INITIAL[3:]),
    ("unaligned", lambda p: bead_edits.mark_unaligned(p, bead_id(p, 0)),
     [(1, 1, "unaligned")] + INITIAL[1:]),
    ("merge", lambda p: bead_edits.merge_with_next(p, bead_id(p, 2)),
     INITIAL[:2] + [(2, 2, "pending"), (1, 2, "pending")]),
    ("split 2-1 after first zh", lambda p: bead_edits.split_bead(p, bead_id(p, 1), 1, 1),
     INITIAL[:1] + [(1, 1, "pending"), (1, 0, "pending")] + INITIAL[2:]),
    ("split 1-2 between en", lambda p: bead_edits.split_bead(p, bead_id(p, 4), 1, 1),
     INITIAL[:4] + [(1, 1, "pending"), (0, 1, "pending")]),
    ("move zh to next", lambda p: bead_edits.move_sentence(p, bead_id(p, 1), "zh", "next"),
     INITIAL[:1] + [(1, 1, "pending"), (2, 1, "pending")] + INITIAL[3:]),
    ("move en to prev", lambda p: bead_edits.move_sentence(p, bead_id(p, 4), "en", "prev"),
     INITIAL[:3] + [(1, 2, "pending"), (1, 1, "pending")]),
    ("move only en to prev empties nothing", lambda p: bead_edits.move_sentence(
        p, bead_id(p, 2), "en", "prev"),
     INITIAL[:1] + [(2, 2, "pending"), (1, 0, "pending")] + INITIAL[3:]),
    ("move last en to next at end creates a bead", lambda p: bead_edits.move_sentence(
        p, bead_id(p, 4), "en", "next"),
     INITIAL[:4] + [(1, 1, "pending"), (0, 1, "pending")]),
    ("move zh to prev at start creates a bead", lambda p: bead_edits.move_sentence(
        p, bead_id(p, 0), "zh", "prev"),
     [(1, 0, "pending"), (0, 1, "pending")] + INITIAL[1:]),
]


@pytest.mark.parametrize(("name", "operation", "expected"), BEAD_CASES,
                         ids=[c[0] for c in BEAD_CASES])
def test_bead_operation_changes_store_and_undo_redo_round_trip(
        demo: Project, name: str, operation: Callable[[Project], Any],
        expected: list[tuple[int, int, str]]) -> None:
    before = dump(demo)
    decisions_before = demo.conn.execute("SELECT count(*) FROM decisions").fetchone()[0]
    operation(demo)
    assert shape(demo) == expected
    after = dump(demo)
    # every zh and en sentence of the pair is still in exactly one bead, in order
    beads = bead_edits.pair_beads(demo, 1)
    all_en = [s for b in beads for s in b.en_ids]
    assert all_en == [en_id(demo, i) for i in range(len(EN_SENTENCES))]
    assert decisions.undo(demo) is not None
    assert dump(demo) == before
    assert decisions.redo(demo) is not None
    assert dump(demo) == after
    actions = [r[0] for r in demo.conn.execute(
        "SELECT action FROM decisions WHERE id > ? ORDER BY id", (decisions_before,))]
    assert actions[1:] == ["undo", "redo"] and len(actions) == 3


def test_merged_and_split_beads_are_marked_as_reviewer_made(demo: Project) -> None:
    bead_edits.merge_with_next(demo, bead_id(demo, 0))
    bead = bead_edits.pair_beads(demo, 1)[0]
    assert (bead.origin, bead.score, bead.status) == ("reviewer", None, "pending")


@pytest.mark.parametrize(("operation", "message"), [
    (lambda p: bead_edits.merge_with_next(p, bead_id(p, 4)), "last bead"),
    (lambda p: bead_edits.split_bead(p, bead_id(p, 0), 0, 0), "empty part"),
    (lambda p: bead_edits.split_bead(p, bead_id(p, 0), 1, 1), "empty part"),
    (lambda p: bead_edits.split_bead(p, bead_id(p, 0), 3, 0), "cannot split"),
    (lambda p: bead_edits.move_sentence(p, bead_id(p, 0), "fr", "next"), "cannot move"),
    (lambda p: bead_edits.accept_bead(p, 9999), "does not exist"),
])
def test_impossible_operations_are_refused_without_a_decision(
        demo: Project, operation: Callable[[Project], Any], message: str) -> None:
    before = dump(demo)
    with pytest.raises(ReviewError, match=message):
        operation(demo)
    assert dump(demo) == before
    assert demo.conn.execute("SELECT count(*) FROM decisions").fetchone()[0] == 0


def test_accept_is_idempotent_and_logs_once(demo: Project) -> None:
    assert bead_edits.accept_bead(demo, bead_id(demo, 0)) is not None
    assert bead_edits.accept_bead(demo, bead_id(demo, 0)) is None
    assert demo.conn.execute("SELECT count(*) FROM decisions").fetchone()[0] == 1


def test_split_repeatedly_at_one_place_keeps_order(demo: Project) -> None:
    bead_edits.merge_with_next(demo, bead_id(demo, 0))
    for _ in range(60):  # more than float midpoints allow without renumbering
        first = bead_id(demo, 0)
        bead_edits.split_bead(demo, first, 1, 1)
        bead_edits.merge_with_next(demo, first)
    bead_edits.split_bead(demo, bead_id(demo, 0), 1, 1)
    assert shape(demo) == INITIAL


# -- suggestions ----------------------------------------------------------------------------
SUGGESTION_CASES = [
    ("accept", lambda p: suggestions.accept_suggestion(p, sug_id(p, "garble:dying")),
     {0: EN_SENTENCES[0].replace("dying", "dyeing")}, ["accepted", "open", "open"]),
    ("reject", lambda p: suggestions.reject_suggestion(p, sug_id(p, "garble:dying")),
     {0: None}, ["rejected", "open", "open"]),
    ("accept rule", lambda p: suggestions.accept_rule(p, "garble:dying"),
     {0: EN_SENTENCES[0].replace("dying", "dyeing"),
      5: EN_SENTENCES[5].replace("dying", "dyeing")}, ["accepted", "accepted", "open"]),
    ("reject rule", lambda p: suggestions.reject_rule(p, "garble:dying"),
     {0: None, 5: None}, ["rejected", "rejected", "open"]),
    ("edit of a fix's text stales it", lambda p: segment_edits.edit_segments(
        p, {en_id(p, 3): "A Ningbo clothing factory began printing digitally."}),
     {3: "A Ningbo clothing factory began printing digitally."}, ["open", "open", "stale"]),
    ("edit elsewhere keeps the fix open", lambda p: segment_edits.edit_segments(
        p, {en_id(p, 3): "A Ningbo clothing factory began digital printing."}),
     {3: "A Ningbo clothing factory began digital printing."}, ["open", "open", "open"]),
    ("edit back to original clears corrected", lambda p: segment_edits.edit_segments(
        p, {en_id(p, 3): EN_SENTENCES[3]}), {3: None}, ["open", "open", "open"]),
]


@pytest.mark.parametrize(("name", "operation", "texts", "statuses"), SUGGESTION_CASES,
                         ids=[c[0] for c in SUGGESTION_CASES])
def test_suggestion_operation_changes_store_and_round_trips(
        demo: Project, name: str, operation: Callable[[Project], Any],
        texts: dict[int, str | None], statuses: list[str]) -> None:
    before = dump(demo)
    result = operation(demo)
    for index, text in texts.items():
        assert corrected(demo, en_id(demo, index)) == text
    assert [r[0] for r in demo.conn.execute(
        "SELECT status FROM suggestions ORDER BY id")] == statuses
    if result is None:  # the no-op edit logs nothing
        assert dump(demo) == before
        return
    after = dump(demo)
    decisions.undo(demo)
    assert dump(demo) == before
    decisions.redo(demo)
    assert dump(demo) == after


def test_accept_rule_counts_first_and_reports_applied(demo: Project) -> None:
    assert suggestions.count_open_for_rule(demo, "garble:dying") == 2
    outcome = suggestions.accept_rule(demo, "garble:dying")
    assert (outcome.applied, outcome.stale) == (2, 0)
    assert suggestions.count_open_for_rule(demo, "garble:dying") == 0
    # one decision for the whole rule: one undo restores both segments
    decisions.undo(demo)
    assert corrected(demo, en_id(demo, 0)) is None and corrected(demo, en_id(demo, 5)) is None


def test_two_suggestions_in_one_segment_both_apply(demo: Project) -> None:
    from tests.review_fixture import add_suggestion
    with demo.transaction():
        extra = add_suggestion(demo, en_id(demo, 0), EN_SENTENCES[0], "expanded", "increased",
                               rule="style:expanded")
    suggestions.accept_suggestion(demo, sug_id(demo, "garble:dying"))
    suggestions.accept_suggestion(demo, extra)
    assert corrected(demo, en_id(demo, 0)) == (
        "Printing and dyeing companies in Shaoxing increased capacity this year.")


def test_overlapping_open_suggestion_goes_stale(demo: Project) -> None:
    from tests.review_fixture import add_suggestion
    with demo.transaction():
        rival = add_suggestion(demo, en_id(demo, 0), EN_SENTENCES[0], "dying companies",
                               "dyeing firms", rule="style:firms")
    suggestions.accept_suggestion(demo, sug_id(demo, "garble:dying"))
    status = demo.conn.execute("SELECT status FROM suggestions WHERE id = ?", (rival,))
    assert status.fetchone()[0] == "stale"
    decisions.undo(demo)
    status = demo.conn.execute("SELECT status FROM suggestions WHERE id = ?", (rival,))
    assert status.fetchone()[0] == "open"


def test_suggestion_after_an_edit_applies_where_unambiguous(demo: Project) -> None:
    from tests.review_fixture import add_suggestion
    segment_edits.edit_segments(demo, {en_id(demo, 0): "Shaoxing dying firms grew."})
    with demo.transaction():  # a later re-check proposes on the original offsets
        again = add_suggestion(demo, en_id(demo, 0), EN_SENTENCES[0], "dying", "dyeing",
                               rule="garble:dying2")
    suggestions.accept_suggestion(demo, again)
    assert corrected(demo, en_id(demo, 0)) == "Shaoxing dyeing firms grew."


def test_accepting_a_closed_suggestion_is_refused(demo: Project) -> None:
    sid = sug_id(demo, "garble:dying")
    suggestions.reject_suggestion(demo, sid)
    with pytest.raises(ReviewError, match="rejected, not open"):
        suggestions.accept_suggestion(demo, sid)


def test_empty_edit_is_refused(demo: Project) -> None:
    with pytest.raises(ReviewError, match="empty"):
        segment_edits.edit_segments(demo, {en_id(demo, 0): "   "})


# -- glossary -------------------------------------------------------------------------------
GLOSSARY_CASES = [
    ("add", lambda p: term_edits.add_term(p, "數碼印花", "digital textile printing"),
     [("印染", "printing and dyeing"), ("数码印花", "digital textile printing")]),
    ("edit", lambda p: term_edits.edit_term(p, 1, "印染", "dyeing and printing"),
     [("印染", "dyeing and printing")]),
    ("delete", lambda p: termbase.remove_concept(p, 1), []),
    ("accept proposal", lambda p: termbase.accept_proposal(p, _proposal(p)),
     [("印染", "printing and dyeing"), ("坯布", "grey cloth")]),
]


def _proposal(project: Project) -> int:
    from glossary import termbase
    concept = termbase.make_concept("坯布", "grey cloth", source="proposal:bootstrap")
    return termbase.add_concept(project, concept)


@pytest.mark.parametrize(("name", "operation", "expected"), GLOSSARY_CASES,
                         ids=[c[0] for c in GLOSSARY_CASES])
def test_glossary_operation_and_round_trip(demo: Project, name: str,
                                           operation: Callable[[Project], Any],
                                           expected: list[tuple[str, str]]) -> None:
    before = dump(demo) if name != "accept proposal" else None
    operation(demo)
    norms = demo.conn.execute(
        "SELECT concept_id, lang, norm FROM terms WHERE status = 'preferred' "
        "ORDER BY concept_id, lang").fetchall()
    by_concept: dict[int, dict[str, str]] = {}
    for row in norms:
        by_concept.setdefault(row[0], {})[row[1]] = row[2]
    assert [(c["zh"], c["en"]) for c in by_concept.values()] == expected
    after = dump(demo)
    decisions.undo(demo)
    if before is not None:
        assert dump(demo) == before
    decisions.redo(demo)
    assert dump(demo) == after


def test_edit_term_keeps_the_old_rendering_as_admitted(demo: Project) -> None:
    term_edits.edit_term(demo, 1, "印染", "dyeing and printing")
    rows = demo.conn.execute("SELECT text, status FROM terms WHERE lang = 'en' AND "
                             "concept_id = 1 ORDER BY status").fetchall()
    assert [tuple(r) for r in rows] == [("printing and dyeing", "admitted"),
                                        ("dyeing and printing", "preferred")]


def test_glossary_validation_errors_reach_the_caller(demo: Project) -> None:
    from corpus.errors import BitextualError
    with pytest.raises(BitextualError, match="already in the glossary"):
        term_edits.add_term(demo, "印染", "dyeing")
    with pytest.raises(BitextualError, match="no Chinese characters"):
        term_edits.add_term(demo, "dyeing", "印染")


def test_store_suggestions_keeps_rejected_ones_closed(demo: Project) -> None:
    from glossary.finding import Finding
    sid = sug_id(demo, "garble:dying")
    suggestions.reject_suggestion(demo, sid)
    again = Finding(start=13, end=18, original="dying", replacement="dyeing", kind="garble",
                       rule="garble:dying", confidence=0.8)
    fresh = Finding(start=0, end=8, original="Printing", replacement="Print", kind="garble",
                       rule="x", confidence=0.5)
    assert suggestions.store_suggestions(demo, [(en_id(demo, 0), again),
                                           (en_id(demo, 0), fresh)]) == 1
    status = demo.conn.execute("SELECT status FROM suggestions WHERE id = ?", (sid,))
    assert status.fetchone()[0] == "rejected"


def test_term_occurrences_find_both_languages(demo: Project) -> None:
    concept = term_edits.add_term(demo, "棉花", "Cotton")
    found = term_edits.term_occurrences(demo, concept)
    assert {o.lang for o in found} == {"zh", "en"}
    assert {o.document for o in found} == {"shaoxing-zh", "shaoxing-en", "cotton-en"}
    # the glossary's own entry 印染 occurs only in Chinese: the English has the garble
    assert {o.lang for o in term_edits.term_occurrences(demo, 1)} == {"zh"}


# -- undo/redo stack semantics --------------------------------------------------------------
def reverted_reference(reverted: decisions.Reverted | None) -> int | None:
    """The decision an undo or redo reverted (None when it had nothing to revert)."""
    return None if reverted is None else reverted.reference


def test_undo_redo_stack_follows_the_log(demo: Project) -> None:
    first = bead_edits.accept_bead(demo, bead_id(demo, 0))
    second = bead_edits.merge_with_next(demo, bead_id(demo, 1))
    assert decisions.history(demo).done == (first, second)
    assert reverted_reference(decisions.undo(demo)) == second
    assert reverted_reference(decisions.undo(demo)) == first
    assert decisions.undo(demo) is None
    assert shape(demo) == INITIAL
    assert reverted_reference(decisions.redo(demo)) == first
    # a new action clears the redo stack
    bead_edits.mark_unaligned(demo, bead_id(demo, 4))
    assert decisions.redo(demo) is None
    assert shape(demo)[0] == (1, 1, "accepted") and shape(demo)[4] == (1, 2, "unaligned")
    # the log is append-only: nothing was deleted
    actions = [r[0] for r in demo.conn.execute("SELECT action FROM decisions ORDER BY id")]
    assert actions == ["accept_bead", "merge_beads", "undo", "undo", "redo", "mark_unaligned"]


def test_undo_refuses_when_rows_changed_since(demo: Project) -> None:
    bead_edits.accept_bead(demo, bead_id(demo, 0))
    with demo.transaction():  # e.g. a re-alignment rewrote the bead
        demo.conn.execute("UPDATE beads SET status = 'pending', score = 0.5 WHERE id = ?",
                          (bead_id(demo, 0),))
    with pytest.raises(ReviewError, match="changed again"):
        decisions.undo(demo)


def test_payload_holds_before_and_after(demo: Project) -> None:
    decision = bead_edits.accept_bead(demo, bead_id(demo, 0))
    payload = json.loads(demo.conn.execute("SELECT payload FROM decisions WHERE id = ?",
                                           (decision,)).fetchone()[0])
    bead = str(bead_id(demo, 0))
    assert payload["before"]["beads"][bead]["status"] == "pending"
    assert payload["after"]["beads"][bead]["status"] == "accepted"


@pytest.mark.parametrize(("stored", "expected"), [
    (None, ui_state.Cursor()),
    ('{"screen": "pair", "pair_id": 1, "bead_id": 3, "row": 2}',
     ui_state.Cursor("pair", 1, 3, 2)),
    ("not json", ui_state.Cursor()),
])
def test_cursor_round_trip(demo: Project, stored: str | None, expected: ui_state.Cursor) -> None:
    if stored is not None:
        with demo.transaction():
            demo.conn.execute("INSERT INTO ui_state VALUES (?, ?)", (ui_state.CURSOR_KEY, stored))
    assert ui_state.load_cursor(demo) == expected
    ui_state.save_cursor(demo, ui_state.Cursor("glossary", 2, None, 0))
    assert ui_state.load_cursor(demo) == ui_state.Cursor("glossary", 2, None, 0)
