"""The decision log: one action vocabulary, old spellings read back, one decision per edit."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from corpus import bead_edits, decisions
from corpus.decisions import Action, count_decisions, parse_action, read_decisions
from corpus.store import Project, now_iso
from glossary import term_edits, termbase
from tests.review_fixture import build_demo_project


@pytest.fixture
def demo(tmp_path: Path) -> Iterator[Project]:
    proj = build_demo_project(tmp_path / "demo")
    yield proj
    proj.close()


def _write_raw(project: Project, action: str, target: str, payload: dict[str, object]) -> None:
    """A row as an earlier bitextual wrote it (bypassing ``record``, which takes an Action)."""
    with project.transaction() as conn:
        conn.execute("INSERT INTO decisions(at, actor, action, target, payload) "
                     "VALUES (?, 'reviewer', ?, ?, ?)",
                     (now_iso(), action, target, json.dumps(payload)))


LEGACY_CASES = [
    ("glossary-add", Action.ADD_TERM),
    ("glossary-replace", Action.EDIT_TERM),
    ("glossary-remove", Action.DELETE_TERM),
    ("glossary-accept-proposal", Action.ACCEPT_TERM),
    ("glossary-reject-proposal", Action.REJECT_TERM),
    ("glossary-import", Action.IMPORT_GLOSSARY),
    ("garble_rule.accepted", Action.ACCEPT_RULE),
    ("garble_rule.rejected", Action.REJECT_RULE),
    ("restore-boilerplate", Action.RESTORE_BOILERPLATE),
    ("reimport-remove-beads", Action.REIMPORT_REMOVE_BEADS),
    ("accept_bead", Action.ACCEPT_BEAD),
    ("undo", Action.UNDO),
    ("made-by-a-newer-version", None),
]


@pytest.mark.parametrize(("stored", "expected"), LEGACY_CASES, ids=[c[0] for c in LEGACY_CASES])
def test_old_spellings_are_read_as_the_current_action(stored: str,
                                                      expected: Action | None) -> None:
    assert parse_action(stored) == expected


def test_every_action_has_one_snake_case_spelling() -> None:
    values = [a.value for a in Action]
    assert len(set(values)) == len(values)
    assert all(v.replace("_", "").isalpha() and v == v.lower() for v in values)
    assert not set(decisions.LEGACY_ACTIONS) & set(values)


def test_the_store_documentation_lists_every_action() -> None:
    from tests.conftest import REPO  # noqa: PLC0415 - only this test reads the docs

    row = next(line for line in (REPO / "docs" / "store.md").read_text(encoding="utf-8")
               .splitlines() if line.startswith("| `action` |"))
    assert [a.value for a in Action if f"`{a.value}`" not in row] == []


def test_old_log_rows_display_and_do_not_break_undo(demo: Project) -> None:
    # An old project: a glossary add from the CLI, a rule accepted from the CLI, and an
    # undoable bead decision, in the spellings of the time.
    _write_raw(demo, "glossary-add", "concept:1", {"after": {"zh": ["印染"]}})
    first = demo.conn.execute("SELECT id FROM beads ORDER BY position LIMIT 1").fetchone()[0]
    bead_edits.accept_bead(demo, first)
    _write_raw(demo, "garble_rule.accepted", "garble_rule:garble:dying",
               {"before": "proposed", "after": "accepted"})
    read = [(d.stored_action, d.action) for d in read_decisions(demo)]
    assert read == [("glossary-add", Action.ADD_TERM), ("accept_bead", Action.ACCEPT_BEAD),
                    ("garble_rule.accepted", Action.ACCEPT_RULE)]
    assert count_decisions(demo, [Action.ADD_TERM]) == 1
    assert termbase.glossary_stats(demo)["decisions"] == 1
    # The old rows carry no row images: undo skips them and reverts the bead decision.
    reverted = decisions.undo(demo)
    assert reverted is not None and reverted.action is Action.ACCEPT_BEAD
    assert bead_edits.get_bead(demo, first).status == "pending"
    assert decisions.undo(demo) is None


def test_adding_a_term_logs_one_decision(demo: Project) -> None:
    before = demo.conn.execute("SELECT max(id) FROM decisions").fetchone()[0] or 0
    concept = term_edits.add_term(demo, "坯布", "grey cloth")
    rows = demo.conn.execute("SELECT action, target FROM decisions WHERE id > ?",
                             (before,)).fetchall()
    assert [tuple(r) for r in rows] == [("add_term", f"concept:{concept}")]


def test_glossary_edits_from_the_cli_are_undoable(demo: Project) -> None:
    concept = termbase.add_concept(demo, termbase.make_concept("坯布", "grey cloth"))
    termbase.remove_concept(demo, concept)
    reverted = decisions.undo(demo)
    assert reverted is not None and reverted.action is Action.DELETE_TERM
    assert termbase.get_concept(demo, concept).en_preferred == "grey cloth"


def test_bootstrap_proposals_are_logged_but_not_undone(demo: Project) -> None:
    proposal = termbase.make_concept("坯布", "grey cloth",
                                     source=termbase.PROPOSAL_PREFIX + "bootstrap")
    termbase.add_concept(demo, proposal, actor="bootstrap")
    assert [d.action for d in read_decisions(demo)] == [Action.PROPOSE_TERM]
    assert decisions.undo(demo) is None
