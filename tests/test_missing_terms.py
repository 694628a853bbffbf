"""Missing-term findings: never "accepted" while nothing changes; resolved by an edit that
adds the rendering, by a glossary variant, or dismissed — each one undoable decision."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from corpus import bead_edits, decisions, suggestions
from corpus.decisions import Action
from corpus.errors import ReviewError
from corpus.store import Project, now_iso
from glossary import findings
from glossary.termcheck import check_project_terms
from tests.review_fixture import EN_SENTENCES, build_demo_project

RULE = "term-missing:污水处理"


@pytest.fixture
def demo(tmp_path: Path) -> Iterator[Project]:
    """The demo project with 污水处理 → wastewater treatment in the glossary and the term
    check run: bead 2 (企业也升级了污水处理设施 ↔ '… their sewage plants.') lacks it."""
    proj = build_demo_project(tmp_path / "demo")
    with proj.transaction() as conn:
        now = now_iso()
        cur = conn.execute("INSERT INTO concepts(domain, note, source, created_at, updated_at) "
                           "VALUES ('environment', NULL, 'test', ?, ?)", (now, now))
        concept = int(cur.lastrowid or 0)
        conn.executemany(
            "INSERT INTO terms(concept_id, lang, text, norm, status) VALUES (?, ?, ?, ?, ?)",
            [(concept, "zh", "污水处理", "污水处理", "preferred"),
             (concept, "en", "wastewater treatment", "wastewater treatment", "preferred")])
    suggestions.store_suggestions(proj, check_project_terms(proj))
    yield proj
    proj.close()


def finding(project: Project) -> tuple[int, str, str]:
    """(id, status, segment id) of the missing-term finding."""
    row = project.conn.execute("SELECT id, status, segment_id FROM suggestions WHERE rule = ?",
                               (RULE,)).fetchone()
    return int(row[0]), str(row[1]), str(row[2])


def dump(project: Project) -> list[Any]:
    q = project.conn.execute
    return [[tuple(r) for r in q("SELECT id, status, start, end FROM suggestions ORDER BY id")],
            [tuple(r) for r in q("SELECT id, corrected FROM segments ORDER BY id")],
            [tuple(r) for r in q("SELECT * FROM terms ORDER BY id")]]


def test_the_check_stores_a_distinct_missing_term_finding(demo: Project) -> None:
    row = demo.conn.execute("SELECT kind, start, end, original, replacement FROM suggestions "
                            "WHERE rule = ?", (RULE,)).fetchone()
    assert tuple(row) == ("term-missing", 0, 0, "", "")


REFUSED: list[tuple[str, Callable[[Project, int], Any], str]] = [
    ("accept", lambda p, f: suggestions.accept_suggestion(p, f), "has no replacement to apply"),
    ("accept the whole rule", lambda p, f: suggestions.accept_rule(p, RULE),
     "has no replacement to apply"),
    ("edit without the rendering", lambda p, f: findings.resolve_by_edit(
        p, f, {finding(p)[2]: EN_SENTENCES[1].replace("sewage", "waste-water")}),
     "still lacks a rendering of 污水处理 ('wastewater treatment')"),
    ("edit of another bead", lambda p, f: findings.resolve_by_edit(
        p, f, {bead_edits.pair_beads(p, 1)[0].en_ids[0]: "wastewater treatment"}),
     "is not in the English of the bead"),
    ("variant the English lacks", lambda p, f: findings.add_variant(p, f, "effluent plant"),
     "'effluent plant' does not occur in the English of the bead"),
    ("variant that is the preferred rendering",
     lambda p, f: findings.add_variant(p, f, "Wastewater  treatment"),
     "already a preferred rendering of 污水处理"),
    ("resolve a garble fix", lambda p, f: findings.add_variant(
        p, int(p.conn.execute("SELECT id FROM suggestions WHERE kind = 'garble'").fetchone()[0]),
        "x"), "not a missing-term finding"),
]


@pytest.mark.parametrize(("name", "operation", "message"), REFUSED, ids=[c[0] for c in REFUSED])
def test_missing_term_refusals_change_nothing(demo: Project, name: str,
                                              operation: Callable[[Project, int], Any],
                                              message: str) -> None:
    before = dump(demo), demo.conn.execute("SELECT count(*) FROM decisions").fetchone()[0]
    with pytest.raises(ReviewError) as caught:
        operation(demo, finding(demo)[0])
    assert message in str(caught.value)
    assert (dump(demo), demo.conn.execute("SELECT count(*) FROM decisions").fetchone()[0]) \
        == before


NEW_EN = EN_SENTENCES[1].replace("sewage plants", "wastewater treatment plants")

RESOLVED: list[tuple[str, Callable[[Project, int], Any], str, str | None, str | None]] = [
    ("resolve by an edit", lambda p, f: findings.resolve_by_edit(p, f, {finding(p)[2]: NEW_EN}),
     "accepted", NEW_EN, None),
    ("resolve by a variant", lambda p, f: findings.add_variant(p, f, "sewage plants"),
     "accepted", None, "sewage plants"),
    ("dismiss", lambda p, f: suggestions.reject_suggestion(p, f), "rejected", None, None),
]


@pytest.mark.parametrize(("name", "operation", "status", "corrected", "variant"), RESOLVED,
                         ids=[c[0] for c in RESOLVED])
def test_missing_term_resolutions_and_their_undo(
        demo: Project, name: str, operation: Callable[[Project, int], Any], status: str,
        corrected: str | None, variant: str | None) -> None:
    sug, _, seg = finding(demo)
    before = dump(demo)
    decision = operation(demo, sug)
    assert finding(demo)[1] == status
    assert demo.conn.execute("SELECT corrected FROM segments WHERE id = ?",
                             (seg,)).fetchone()[0] == corrected
    admitted = [r[0] for r in demo.conn.execute(
        "SELECT text FROM terms WHERE status = 'admitted' AND lang = 'en'")]
    assert admitted == ([variant] if variant else [])
    action = demo.conn.execute("SELECT action FROM decisions WHERE id = ?",
                               (decision,)).fetchone()[0]
    assert action == (Action.RESOLVE_MISSING_TERM if status == "accepted" else "reject_suggestion")
    after = dump(demo)
    assert decisions.undo(demo) is not None
    assert dump(demo) == before
    assert decisions.redo(demo) is not None
    assert dump(demo) == after


def test_after_a_variant_the_check_no_longer_finds_the_term_missing(demo: Project) -> None:
    findings.add_variant(demo, finding(demo)[0], "sewage plants")
    rules = {s.rule for _, s in check_project_terms(demo)}
    assert RULE not in rules


def test_check_accept_rule_refuses_a_missing_term_rule(demo: Project,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    from tests.conftest import run_cli

    root = demo.root
    code, _, err = run_cli(["check", "-p", str(root), "--accept-rule", RULE], capsys)
    assert code == 2
    assert "missing-term finding" in " ".join(err.split())
    assert finding(demo)[1] == "open"
