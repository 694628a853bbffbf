"""The comparable-pair screen, sentence splits and joins, missing-term variants and export
from the review app, driven by key presses and asserting on the store (and the files)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from corpus import bead_edits
from corpus.store import Project
from tests.review_fixture import EN_SENTENCES, add_suggestion, build_comparable_project
from tests.test_tui_review import drive
from tui.app import ReviewApp
from tui.widgets.bead_detail import BeadDetail
from tui.widgets.bead_list import BeadList

# Rows of the comparable demo pair, in reading order (kind, Chinese or English start).
ROWS = [("bead", "绍兴"), ("bead", "当地"), ("en", "Rising"), ("zh", "棉花"), ("bead", "宁波"),
        ("en", "Export"), ("en", "They"), ("zh", "出口")]


@pytest.fixture
def cmp_root(tmp_path: Path) -> Path:
    root = tmp_path / "cmp"
    build_comparable_project(root).close()
    return root


def messages(app: ReviewApp) -> list[str]:
    return [m for m, _ in app.messages]


def links(root: Path) -> list[tuple[int, int, str, str]]:
    """(Chinese count, English count, status, origin) of every bead of the comparable pair."""
    with Project.open(root) as project:
        return [(len(b.zh_ids), len(b.en_ids), b.status, b.origin)
                for b in bead_edits.pair_beads(project, 1)]


MINED = [(1, 1, "pending", "mined"), (2, 1, "pending", "mined"), (1, 1, "pending", "mined")]


def test_every_sentence_of_both_documents_is_a_row(cmp_root: Path) -> None:
    rows = drive(cmp_root, ["enter"], inspect=lambda app: [
        (b.kind, (b.zh_text or b.en_text)[:len(start)]) for b, (_, start) in
        zip(app.screen.query_one(BeadList).beads, ROWS, strict=True)])
    assert rows == ROWS


CASES = [
    # (keys after opening the pair, beads of the pair afterwards)
    ("link two non-adjacent sentences", ["down", "down", "space", "space", "l"],
     MINED[:2] + [(1, 1, "accepted", "reviewer")] + MINED[2:]),
    ("link across other rows", ["down", "down", "space", "end", "space", "l"],
     MINED + [(1, 1, "accepted", "reviewer")]),
    ("a link takes the sentences of the mined links marked", ["space", "down", "down", "down",
                                                              "space", "l"],
     [(2, 2, "accepted", "reviewer"), MINED[1]]),
    ("unlink", ["delete"], MINED[1:]),
    ("link then undo", ["down", "down", "space", "space", "l", "u"], MINED),
    ("unlink then undo", ["delete", "u"], MINED),
    ("accept a mined link", ["a"], [(1, 1, "accepted", "mined")] + MINED[1:]),
    ("only one side marked: nothing linked", ["down", "down", "space", "l"], MINED),
    ("marking twice unmarks", ["down", "down", "space", "up", "space", "l"], MINED),
]


@pytest.mark.parametrize(("keys", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_link_and_unlink(cmp_root: Path, keys: list[str],
                         expected: list[tuple[int, int, str, str]]) -> None:
    drive(cmp_root, ["enter", *keys])
    assert links(cmp_root) == expected


def test_a_link_joins_the_sentences_marked(cmp_root: Path) -> None:
    drive(cmp_root, ["enter", "down", "down", "space", "space", "l"])
    with Project.open(cmp_root) as project:
        bead = [b for b in bead_edits.pair_beads(project, 1) if b.origin == "reviewer"][0]
        texts = [project.conn.execute("SELECT text FROM segments WHERE id = ?",
                                      (s,)).fetchone()[0] for s in bead.zh_ids + bead.en_ids]
    assert texts == ["棉花价格上涨给工厂带来压力。", EN_SENTENCES[2]]


@pytest.mark.parametrize(("keys", "said"), [
    (["down", "down", "a"], "in no link: nothing to accept"),
    (["down", "down", "delete"], "in no link"),
    (["m"], "works on parallel pairs"),
    (["left_curly_bracket"], "works on parallel pairs"),
])
def test_what_makes_no_sense_here_is_refused(cmp_root: Path, keys: list[str],
                                             said: str) -> None:
    notes = drive(cmp_root, ["enter", *keys], inspect=messages)
    assert any(said in n for n in notes), notes
    assert links(cmp_root) == MINED


def test_marks_are_shown_and_counted(cmp_root: Path) -> None:
    shown = drive(cmp_root, ["enter", "down", "down", "space", "space"], inspect=lambda app: (
        app.screen.query_one(BeadDetail).note, sorted(app.screen.query_one(BeadList).marked)))
    assert shown[0].startswith("marked: 中 1 · EN 1 sentences — l links them")
    assert len(shown[1]) == 2


# -- split and join in the edit dialog ----------------------------------------------------------
def en_doc(root: Path) -> list[str]:
    with Project.open(root) as project:
        return [r[0] for r in project.conn.execute(
            "SELECT COALESCE(s.corrected, s.text) FROM segments s JOIN documents d ON "
            "d.id = s.document_id WHERE d.name = 'shaoxing-en' ORDER BY s.position")]


def test_split_a_sentence_at_the_cursor(cmp_root: Path) -> None:
    # bead 2's English: "The local government provided subsidies, and firms upgraded …"
    drive(cmp_root, ["enter", "down", "e", "home", *["right"] * 41, "ctrl+b"])
    texts = en_doc(cmp_root)
    assert texts[1:3] == ["The local government provided subsidies,",
                          "and firms upgraded their sewage plants."]
    with Project.open(cmp_root) as project:
        ids = [r[0] for r in project.conn.execute(
            "SELECT s.id FROM segments s JOIN documents d ON d.id = s.document_id WHERE "
            "d.name = 'shaoxing-en' ORDER BY s.position")]
        assert len(set(ids)) == len(ids) == 7


def test_split_then_undo_restores_the_sentence(cmp_root: Path) -> None:
    drive(cmp_root, ["enter", "down", "e", "home", *["right"] * 41, "ctrl+b", "u"])
    assert en_doc(cmp_root)[1] == EN_SENTENCES[1]


def test_join_two_sentences_of_a_bead(tmp_path: Path) -> None:
    from tests.review_fixture import build_demo_project

    root = tmp_path / "demo"
    build_demo_project(root).close()
    # bead 5 holds two English sentences: join the first with the second
    drive(root, ["enter", "end", "e", "ctrl+j"])
    assert en_doc(root)[4:] == [EN_SENTENCES[4] + " " + EN_SENTENCES[5]]


def test_split_refused_with_unsaved_edits(cmp_root: Path) -> None:
    notes = drive(cmp_root, ["enter", "down", "e", "home", "X", "ctrl+b"], inspect=messages)
    assert any("save (ctrl+s) or undo the edit first" in n for n in notes)
    assert en_doc(cmp_root)[1] == EN_SENTENCES[1]


def test_chinese_edited_in_a_pair(cmp_root: Path) -> None:
    drive(cmp_root, ["enter", "e", "shift+tab", "end", "X", "ctrl+s"])
    with Project.open(cmp_root) as project:
        assert project.conn.execute(
            "SELECT s.corrected FROM segments s JOIN documents d ON d.id = s.document_id "
            "WHERE d.name = 'shaoxing-zh' ORDER BY s.position LIMIT 1").fetchone()[0] == \
            "绍兴的印染企业今年扩大了产能。X"


# -- missing terms: a variant ---------------------------------------------------------------------
def test_missing_term_variant_is_added_and_resolves_the_finding(cmp_root: Path) -> None:
    with Project.open(cmp_root) as project, project.transaction():
        seg = project.conn.execute(
            "SELECT s.id FROM segments s JOIN documents d ON d.id = s.document_id WHERE "
            "d.name = 'shaoxing-en' ORDER BY s.position LIMIT 1").fetchone()[0]
        add_suggestion(project, seg, EN_SENTENCES[0], "", "", rule="term-missing:印染",
                       kind="term-missing", confidence=0.0,
                       evidence="term not rendered: 印染 is in the Chinese")
        project.conn.execute("UPDATE suggestions SET status = 'rejected' WHERE kind != "
                             "'term-missing'")
    # pick "Printing" in the English (w selects a word) as the variant
    drive(cmp_root, ["enter", "v", "w", "ctrl+s"])
    with Project.open(cmp_root) as project:
        status = project.conn.execute("SELECT status FROM suggestions WHERE kind = "
                                      "'term-missing'").fetchone()[0]
        terms = [r[0] for r in project.conn.execute(
            "SELECT t.text FROM terms t JOIN terms z ON z.concept_id = t.concept_id "
            "WHERE z.text = '印染' AND t.lang = 'en' AND t.status = 'admitted'")]
    assert status != "open" and terms == ["Printing"]


# -- export from the palette ----------------------------------------------------------------------
def test_export_from_the_app_writes_only_accepted_links(cmp_root: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    # the format list first: choose JSON lines (4th), then the file name
    keys = ["enter", "down", "down", "space", "space", "l", "ctrl+e", "enter", "down", "down",
            "down", "enter", "tab", "ctrl+u", *str(out), "ctrl+s"]
    notes = drive(cmp_root, keys, inspect=messages)
    units = [u for u in (json.loads(line) for line in out.read_text(encoding="utf-8")
                         .splitlines()) if u.get("type") == "unit"]
    assert [(u["zh"], u["en"]) for u in units] == [("棉花价格上涨给工厂带来压力。",
                                                    EN_SENTENCES[2])]
    assert any("wrote 1 unit(s)" in n and "left out" in n for n in notes), notes


# -- pairing by hand from the overview ---------------------------------------------------------
def test_pair_and_unpair_from_the_overview(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import aligner.embed
    from tests.review_fixture import build_demo_project
    from tests.test_align import VectorEncoder

    # the demo's texts are no concept tags: any fixed vectors do, the test is the UI's
    monkeypatch.setattr(aligner.embed, "load_encoder", lambda model: VectorEncoder())
    root = tmp_path / "demo"
    build_demo_project(root).close()

    def pairs() -> list[tuple[str, str, str]]:
        with Project.open(root) as project:
            return [tuple(r) for r in project.conn.execute(
                "SELECT z.name, e.name, p.mode FROM doc_pairs p JOIN documents z ON "
                "z.id = p.zh_doc JOIN documents e ON e.id = p.en_doc ORDER BY p.id")]

    # U on the cotton pair (second in the overview), yes
    drive(root, ["down", "U", "y"])
    assert pairs() == [("shaoxing-zh", "shaoxing-en", "parallel")]
    # cotton-zh is now unpaired (second document): P ranks its partners; choose cotton-en
    # (highlighted first? whichever: pick by name below) as parallel
    shown = drive(root, ["tab", "down", "P"], inspect=lambda app: (
        type(app.screen).__name__, [c.name for c in getattr(app.screen, "candidates", [])]))
    assert shown[0] == "PairDialog" and set(shown[1]) == {"cotton-en", "orphan-en",
                                                          "shaoxing-en"}
    index = shown[1].index("cotton-en")
    notes = drive(root, ["tab", "down", "P", *["down"] * index, "enter"],
                  inspect=lambda app: [m for m, _ in app.messages])
    assert [p[:2] for p in pairs()] == [("shaoxing-zh", "shaoxing-en"),
                                        ("cotton-zh", "cotton-en")], notes
    assert any("paired cotton-zh ↔ cotton-en" in n for n in notes), notes
    drive(root, ["u"])
    assert [p[:2] for p in pairs()] == [("shaoxing-zh", "shaoxing-en")]
