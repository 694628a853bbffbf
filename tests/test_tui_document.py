"""The document screen, find / go to, missing terms and the walk-through defects of issue 11,
driven by key presses (``run_test`` + pilot) and asserting on the store."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.cells import cell_len
from textual.binding import Binding
from textual.widgets import DataTable

from corpus import decisions
from corpus.store import Project
from glossary import term_edits
from tests.review_fixture import EN_SENTENCES, add_suggestion, build_demo_project
from tests.test_tui_review import drive, number_at_cursor, shape
from tui.app import ReviewApp
from tui.screens.document import DocumentScreen
from tui.widgets.bead_detail import BeadDetail
from tui.widgets.bead_list import BeadList
from tui.widgets.wrap import ellipsize, wrap

# Documents of the demo project in the overview's document table, unpaired first, by name.
DOCS = ["orphan-en", "cotton-en", "cotton-zh", "shaoxing-en", "shaoxing-zh"]


@pytest.fixture
def demo_root(tmp_path: Path) -> Path:
    root = tmp_path / "demo"
    build_demo_project(root).close()
    return root


def open_doc(name: str) -> list[str]:
    """Keys from the overview that open document ``name`` on its own."""
    return ["tab", *["down"] * DOCS.index(name), "enter"]


def messages(app: ReviewApp) -> list[str]:
    return [m for m, _ in app.messages]


def en_text(project: Project, index: int) -> str:
    return str(project.conn.execute(
        "SELECT COALESCE(s.corrected, s.text) FROM segments s JOIN documents d ON "
        "d.id = s.document_id WHERE d.name = 'shaoxing-en' ORDER BY s.position "
        "LIMIT 1 OFFSET ?", (index,)).fetchone()[0])


# -- the document screen --------------------------------------------------------------------
def forget_cursor(root: Path) -> None:
    """Start the next run on the overview."""
    with Project.open(root) as project, project.transaction() as conn:
        conn.execute("DELETE FROM ui_state")


def test_enter_on_any_document_opens_it(demo_root: Path) -> None:
    for name in DOCS:
        forget_cursor(demo_root)
        shown = drive(demo_root, open_doc(name), inspect=lambda app: (
            type(app.screen).__name__, getattr(app.screen, "document", None),
            len(app.screen.query_one(BeadList).beads)))
        assert shown[:2] == ("DocumentScreen", name)
        assert shown[2] >= 1


# (keys on the shaoxing-en document, expected English of its sentences 1 and 6, statuses)
DOC_CASES = [
    ("apply", ["y"], EN_SENTENCES[0].replace("dying", "dyeing"), EN_SENTENCES[5],
     ["accepted", "open", "open"]),
    ("reject", ["d"], EN_SENTENCES[0], EN_SENTENCES[5], ["rejected", "open", "open"]),
    ("apply the whole rule", ["Y", "y"], EN_SENTENCES[0].replace("dying", "dyeing"),
     EN_SENTENCES[5].replace("dying", "dyeing"), ["accepted", "accepted", "open"]),
    ("apply then undo", ["y", "u"], EN_SENTENCES[0], EN_SENTENCES[5], ["open"] * 3),
    ("next sentence with a fix, apply", ["f", "f", "y"], EN_SENTENCES[0],
     EN_SENTENCES[5].replace("dying", "dyeing"), ["open", "accepted", "open"]),
    # an edit away from the fix keeps it open, moved with the text; y then applies it there
    ("edit", ["e", "home", "X", "ctrl+s"], "X" + EN_SENTENCES[0], EN_SENTENCES[5],
     ["open", "open", "open"]),
    ("edit, then apply the moved fix", ["e", "home", "X", "ctrl+s", "y"],
     "X" + EN_SENTENCES[0].replace("dying", "dyeing"), EN_SENTENCES[5],
     ["accepted", "open", "open"]),
    ("an edit of the fixed words makes the fix stale", ["e", "end", *["left"] * 53,
                                                        "backspace", "ctrl+s"],
     EN_SENTENCES[0].replace("dying", "dyng"), EN_SENTENCES[5], ["stale", "open", "open"]),
]


@pytest.mark.parametrize(("keys", "first", "sixth", "statuses"), [c[1:] for c in DOC_CASES],
                         ids=[c[0] for c in DOC_CASES])
def test_document_screen_decides_findings(demo_root: Path, keys: list[str], first: str,
                                          sixth: str, statuses: list[str]) -> None:
    drive(demo_root, open_doc("shaoxing-en") + keys)
    with Project.open(demo_root) as project:
        assert (en_text(project, 0), en_text(project, 5)) == (first, sixth)
        assert [r[0] for r in project.conn.execute(
            "SELECT status FROM suggestions ORDER BY id")] == statuses
        assert shape(project) == [(1, 1, "pending"), (2, 1, "pending"), (1, 1, "pending"),
                                  (1, 1, "pending"), (1, 2, "pending")]


def test_chinese_document_is_edited(demo_root: Path) -> None:
    drive(demo_root, open_doc("shaoxing-zh") + ["e", "end", "X", "ctrl+s"])
    with Project.open(demo_root) as project:
        first = project.conn.execute(
            "SELECT s.corrected FROM segments s JOIN documents d ON d.id = s.document_id "
            "WHERE d.name = 'shaoxing-zh' ORDER BY s.position LIMIT 1").fetchone()[0]
    assert first == "绍兴的印染企业今年扩大了产能。X"


def test_chinese_document_marks_glossary_terms(demo_root: Path) -> None:
    terms = drive(demo_root, open_doc("shaoxing-zh"),
                  inspect=lambda app: app.screen.query_one(BeadList).beads[0].terms)
    # 印染 is the glossary's term, at characters 3-4 of 绍兴的印染企业…
    assert terms == ((3, 5),)


def test_boilerplate_is_dimmed_and_restored(demo_root: Path) -> None:
    with Project.open(demo_root) as project, project.transaction() as conn:
        conn.execute("UPDATE segments SET boilerplate = 'credit line', line = 7 WHERE id = ("
                     "SELECT s.id FROM segments s JOIN documents d ON d.id = s.document_id "
                     "WHERE d.name = 'orphan-en')")
    rows = drive(demo_root, open_doc("orphan-en"), inspect=lambda app: [
        (b.boilerplate, b.status) for b in app.screen.query_one(BeadList).beads])
    assert rows == [("credit line", "unaligned")]
    forget_cursor(demo_root)
    drive(demo_root, open_doc("orphan-en") + ["b", "y"])
    with Project.open(demo_root) as project:
        assert project.conn.execute(
            "SELECT s.boilerplate, s.text FROM segments s JOIN documents d ON "
            "d.id = s.document_id WHERE d.name = 'orphan-en'").fetchall()[0][:] == (
            None, "An article without a partner.")


def test_document_cursor_is_restored(demo_root: Path) -> None:
    drive(demo_root, open_doc("shaoxing-en") + ["down", "down"])
    shown = drive(demo_root, [], inspect=lambda app: (
        type(app.screen).__name__, number_at_cursor(app.screen.query_one(BeadList))))
    assert shown == ("DocumentScreen", 3)


# -- find and go to ---------------------------------------------------------------------------
FIND_CASES = [
    # (keys from the overview, bead number under the cursor)
    ("English, case ignored", ["enter", "slash", *"EUROPE", "enter"], 5),
    ("Chinese", ["enter", "slash", *"棉花", "enter"], 3),
    ("next match wraps round", ["enter", "slash", *"dying", "enter", "greater_than_sign",
                                "greater_than_sign"], 1),
    ("previous match", ["enter", "slash", *"dying", "enter", "less_than_sign"], 5),
    ("Simplified query finds Traditional text", ["down", "enter", "slash", *"价", "enter"], 1),
    ("Traditional query finds Simplified text", ["enter", "slash", *"價格", "enter"], 3),
    ("go to a bead", ["enter", "colon", "4", "enter"], 4),
    ("go to a bead hidden by a filter", ["enter", "1", "colon", "5", "enter"], 5),
    ("escape cancels", ["enter", "down", "slash", *"Europe", "escape"], 2),
]


@pytest.mark.parametrize(("keys", "number"), [c[1:] for c in FIND_CASES],
                         ids=[c[0] for c in FIND_CASES])
def test_find_and_go_to(demo_root: Path, keys: list[str], number: int) -> None:
    shown = drive(demo_root, keys, inspect=lambda app: (
        type(app.screen).__name__, number_at_cursor(app.screen.query_one(BeadList))))
    assert shown == ("PairScreen", number)


def test_find_in_a_document(demo_root: Path) -> None:
    shown = drive(demo_root, open_doc("shaoxing-en") + ["slash", *"sewage", "enter"],
                  inspect=lambda app: number_at_cursor(app.screen.query_one(BeadList)))
    assert shown == 2


def test_go_to_a_number_that_does_not_exist_says_so(demo_root: Path) -> None:
    notes = drive(demo_root, ["enter", "colon", *"99", "enter"], inspect=messages)
    assert "there is no bead 99 (1 to 5)" in notes


# -- missing terms ------------------------------------------------------------------------------
def _add_missing(root: Path) -> None:
    with Project.open(root) as project, project.transaction():
        ids = [r[0] for r in project.conn.execute(
            "SELECT s.id FROM segments s JOIN documents d ON d.id = s.document_id "
            "WHERE d.name = 'shaoxing-en' ORDER BY s.position")]
        add_suggestion(project, ids[1], EN_SENTENCES[1], "", "", rule="term-missing:补贴",
                       kind="term-missing", confidence=0.0,
                       evidence="term not rendered: 补贴 is in the Chinese but 'subsidy' is "
                       "not in the English")


def test_missing_term_is_labelled_and_never_accepted(demo_root: Path) -> None:
    _add_missing(demo_root)
    detail = drive(demo_root, ["enter", "down"],
                   inspect=lambda app: app.screen.query_one(BeadDetail).text.plain)
    assert "missing term 补贴" in detail and "→ ∅" not in detail
    forget_cursor(demo_root)
    screen = drive(demo_root, ["enter", "down", "y"], inspect=lambda app: (
        type(app.screen).__name__, messages(app)))
    assert screen[0] == "EditDialog"
    assert any("no replacement to apply" in m for m in screen[1])
    with Project.open(demo_root) as project:
        assert project.conn.execute("SELECT status FROM suggestions WHERE kind = "
                                    "'term-missing'").fetchone()[0] == "open"
    forget_cursor(demo_root)
    drive(demo_root, ["enter", "down", "d"])
    with Project.open(demo_root) as project:
        assert project.conn.execute("SELECT status FROM suggestions WHERE kind = "
                                    "'term-missing'").fetchone()[0] == "rejected"


# -- the edit dialog asks before throwing changes away ----------------------------------------
@pytest.mark.parametrize(("keys", "screen", "saved"), [
    (["e", "home", "X", "escape"], "ConfirmDialog", False),
    (["e", "home", "X", "escape", "n"], "EditDialog", False),
    (["e", "home", "X", "escape", "n", "ctrl+s"], "PairScreen", True),
    (["e", "home", "X", "escape", "y"], "PairScreen", False),
    (["e", "escape"], "PairScreen", False),
])
def test_edit_dialog_asks_before_discarding(demo_root: Path, keys: list[str], screen: str,
                                            saved: bool) -> None:
    shown = drive(demo_root, ["enter", *keys], inspect=lambda app: type(app.screen).__name__)
    assert shown == screen
    with Project.open(demo_root) as project:
        assert en_text(project, 0).startswith("X") is saved


# -- defects of the walk-through ----------------------------------------------------------------
P = "pending"
INITIAL = [(1, 1, P), (2, 1, P), (1, 1, P), (1, 1, P), (1, 2, P)]
GUARDS = [
    ("[ on the first bead", ["enter", "left_square_bracket"], "bead 1 is the first bead"),
    ("{ on the first bead", ["enter", "left_curly_bracket"], "bead 1 is the first bead"),
    ("] on the last bead", ["enter", "end", "right_square_bracket"], "bead 5 is the last bead"),
    ("m on the last bead names it", ["enter", "end", "m"], "bead 5 is the last bead"),
]


@pytest.mark.parametrize(("keys", "said"), [g[1:] for g in GUARDS], ids=[g[0] for g in GUARDS])
def test_impossible_moves_are_refused_by_number(demo_root: Path, keys: list[str],
                                                said: str) -> None:
    notes = drive(demo_root, keys, inspect=messages)
    assert any(said in n for n in notes), notes
    with Project.open(demo_root) as project:
        assert shape(project) == INITIAL
        assert project.conn.execute("SELECT count(*) FROM decisions").fetchone()[0] == 0


def test_moving_a_sentence_into_an_accepted_bead_keeps_it_accepted(demo_root: Path) -> None:
    drive(demo_root, ["enter", "a", "left_curly_bracket"])
    with Project.open(demo_root) as project:
        assert shape(project)[:2] == [(2, 1, "accepted"), (1, 1, P)]


@pytest.mark.parametrize(("key", "said"), [
    ("left_square_bracket", "English sentence moved to the previous bead"),
    ("right_square_bracket", "English sentence moved to the next bead"),
    ("left_curly_bracket", "Chinese sentence moved to the previous bead"),
    ("right_curly_bracket", "Chinese sentence moved to the next bead"),
])
def test_undo_of_a_move_names_its_direction(demo_root: Path, key: str, said: str) -> None:
    notes = drive(demo_root, ["enter", "down", "down", key, "u"], inspect=messages)
    assert f"undone: {said}" in notes, notes


@pytest.mark.parametrize(("only_one", "keys", "said"), [
    (True, ["enter", "end", "up", "f"], "no other bead with an open fix"),
    (False, ["enter", "3", "end", "f"], "back to the first bead with an open fix"),
])
def test_next_fix_says_when_there_is_no_other(demo_root: Path, only_one: bool,
                                              keys: list[str], said: str) -> None:
    if only_one:  # the fixes of beads 1 and 5 are decided: bead 4's is the last open one
        with Project.open(demo_root) as project, project.transaction():
            project.conn.execute("UPDATE suggestions SET status = 'rejected' WHERE id < 3")
    notes = drive(demo_root, keys, inspect=messages)
    assert any(said in n for n in notes), notes


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_header_names_the_filters_on(demo_root: Path, size: tuple[int, int]) -> None:
    bar = drive(demo_root, ["enter", "1", "2"], size=size, inspect=lambda app: (
        str(app.screen.query_one("#filter-bar").render()), app.screen.sub_title))
    assert "only: low conf. + n-m" in bar[0]
    assert str(bar[1]).endswith("only low conf. + n-m")


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_overview_shows_both_document_names(demo_root: Path, size: tuple[int, int]) -> None:
    def cells(app: ReviewApp) -> list[str]:
        table = app.screen.query_one("#pairs", DataTable)
        return [str(table.get_row_at(0)[-1])]

    names = drive(demo_root, [], size=size, inspect=cells)
    assert "shaoxing-zh" in names[0] and "shaoxing-en" in names[0]


def test_messages_do_not_cover_the_beads(demo_root: Path) -> None:
    shown = drive(demo_root, ["enter", "a"], inspect=lambda app: (
        len(app.screen.query("Toast")), str(app.screen.query_one("KeyBar").render())))
    assert shown[0] == 0 and "bead accepted" in shown[1]


def test_palette_lists_each_command_once(demo_root: Path) -> None:
    import asyncio

    async def run() -> list[str]:
        from tui.app import create_app

        app = create_app(demo_root, cursor_blink=False)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            names = [c.title for c in app.get_system_commands(app.screen)]
            from tui.app import ReviewCommands

            names += [name for name, *_ in ReviewCommands(app.screen)._commands()]
            return names

    names = asyncio.run(run())
    assert len(names) == len(set(names)), names


def test_help_names_every_dialog_and_fits_80_columns(demo_root: Path) -> None:
    from tui.screens.help import KEY_CELLS, key_sections

    titles = [title for title, _ in key_sections()]
    assert {"Split dialog (s)", "Edit dialog (e)", "Glossary entry dialog (t, a, e)",
            "Document (one document on its own)"} <= set(titles)
    keys = {k for _, rows in key_sections() for k, _ in rows}
    assert {"/", ">", "<", ":", "b"} <= keys
    assert KEY_CELLS <= 18
    for binding in DocumentScreen.BINDINGS:
        assert isinstance(binding, Binding) and binding.tooltip, binding


# -- widths in cells ----------------------------------------------------------------------------
WRAPS = [
    ("year kept whole", "绍兴市2021年纺织产值增长了6.5%以上", 14,
     ["绍兴市2021年纺", "织产值增长了", "6.5%以上"]),
    ("percent kept whole", "增长了百分之6.5%以上", 15, ["增长了百分之", "6.5%以上"]),
    ("a number longer than the line is cut", "2021202120212021年", 6,
     ["202120", "212021", "2021年"]),
    ("Latin word after Chinese", "中文中文abcdef", 10, ["中文中文", "abcdef"]),
]


@pytest.mark.parametrize(("text", "width", "lines"), [w[1:] for w in WRAPS],
                         ids=[w[0] for w in WRAPS])
def test_wrap_keeps_numbers_whole(text: str, width: int, lines: list[str]) -> None:
    assert wrap(text, width) == lines
    assert all(cell_len(line) <= width for line in lines)


@pytest.mark.parametrize(("text", "width", "expected"), [
    ("printing and dyeing", 30, "printing and dyeing"),
    ("printing and dyeing", 10, "printing …"),
    ("数码印花技术", 7, "数码印…"),
    ("数码印花技术", 8, "数码印…"),
])
def test_ellipsize_in_cells(text: str, width: int, expected: str) -> None:
    assert ellipsize(text, width) == expected
    assert cell_len(ellipsize(text, width)) <= width


def test_review_decisions_of_the_document_screen_are_logged(demo_root: Path) -> None:
    drive(demo_root, open_doc("shaoxing-en") + ["y"])
    with Project.open(demo_root) as project:
        assert decisions.history(project).done


# -- glossary dialogs ---------------------------------------------------------------------------
def _terms(root: Path, zh: str) -> tuple[list[tuple[str, str]], str | None]:
    with Project.open(root) as project:
        concept = next(c for c in term_edits.list_entries(project) if c.zh_preferred == zh)
        return [(t.text, t.status) for t in concept.en], concept.note


def test_glossary_entry_with_variants_forbidden_and_note(demo_root: Path) -> None:
    drive(demo_root, ["g", "a", "坯", "布", "tab", *"grey cloth", "tab", *"greige, grey goods",
                      "tab", *"gray cloth", "tab", *"unfinished woven fabric", "enter"])
    en, note = _terms(demo_root, "坯布")
    assert en == [("grey cloth", "preferred"), ("greige", "admitted"),
                  ("grey goods", "admitted"), ("gray cloth", "forbidden")]
    assert note == "unfinished woven fabric"


@pytest.mark.parametrize(("choice_keys", "fate"), [
    ([], "admitted"),
    (["down", "enter"], "deprecated"),
    (["down", "down", "enter"], "forbidden"),
])
def test_editing_the_preferred_rendering_asks_what_the_old_one_becomes(
        demo_root: Path, choice_keys: list[str], fate: str) -> None:
    keys = ["g", "e", "tab", "ctrl+u", *"textile dyeing", "tab", "tab", "tab", "tab"]
    if choice_keys:
        keys += ["enter", *choice_keys]
    notes = drive(demo_root, [*keys, "ctrl+s"], inspect=messages)
    en, _ = _terms(demo_root, "印染")
    assert ("textile dyeing", "preferred") in en
    assert ("printing and dyeing", fate) in en
    assert any(f"'printing and dyeing' is now {fate}" in n for n in notes), notes


def test_delete_names_the_entry(demo_root: Path) -> None:
    question = drive(demo_root, ["g", "x"], inspect=lambda app: str(
        app.screen.query_one("#question").render()))
    assert "印染 → printing and dyeing" in question


def _add_proposal(root: Path) -> None:
    from glossary import termbase

    with Project.open(root) as project:
        termbase.add_concept(project, termbase.make_concept(
            "赵悦", "Zhao Yue", domain="person", note="seen in 2 sentences (score 0.83)",
            source=f"{termbase.PROPOSAL_PREFIX}bootstrap-person"), actor="bootstrap")


def test_proposals_show_kind_and_score_and_can_be_rejected(demo_root: Path) -> None:
    _add_proposal(demo_root)
    row = drive(demo_root, ["g", "p"], inspect=lambda app: [
        str(c) for c in app.screen.query_one("#terms", DataTable).get_row_at(0)])
    assert row[1:5] == ["赵悦", "Zhao Yue", "person", "0.83"]
    drive(demo_root, ["g", "p", "x", "y"])
    with Project.open(demo_root) as project:
        assert term_edits.list_entries(project, proposals=True) == []
    drive(demo_root, ["escape", "g", "u"])
    with Project.open(demo_root) as project:
        assert [c.zh_preferred for c in term_edits.list_entries(project, proposals=True)] == [
            "赵悦"]


def test_empty_proposal_list_says_how_to_get_proposals(demo_root: Path) -> None:
    panel = drive(demo_root, ["g", "p"], inspect=lambda app: str(
        app.screen.query_one("#occurrences").render()))
    assert "bitextual glossary bootstrap" in panel


def test_find_highlights_the_matches(demo_root: Path) -> None:
    def found(app: ReviewApp) -> list[str]:
        beads = app.screen.query_one(BeadList)
        style = beads.get_component_rich_style("bead-list--found", partial=True)
        return [seg.text for strip in beads._row_strips(beads.cursor) for seg in strip
                if seg.style is not None and style.bgcolor is not None
                and seg.style.bgcolor == style.bgcolor]

    assert drive(demo_root, ["enter", "slash", *"europe", "enter"], inspect=found) == ["Europe"]


@pytest.mark.parametrize(("stage", "done", "total", "expected"), [
    ("embedding", 0, 10, (0, 2000)),
    ("embedding", 10, 10, (1000, 2000)),
    ("aligning", 0, 4, (1000, 2000)),   # the second stage starts where the first ended
    ("aligning", 2, 4, (1500, 2000)),
    ("aligning", 4, 4, (2000, 2000)),
    ("aligning", 0, 0, (1000, 2000)),
])
def test_one_progress_bar_over_both_realign_stages(stage: str, done: int, total: int,
                                                   expected: tuple[int, int]) -> None:
    from tui.service import REALIGN_STAGES, _overall

    assert _overall(REALIGN_STAGES, stage, done, total) == expected


def test_a_long_message_takes_more_lines_instead_of_being_cut(demo_root: Path) -> None:
    def shown(app: ReviewApp) -> tuple[int, str]:
        bar = app.screen.query_one("KeyBar")
        return bar.size.height, str(bar.render())

    # at 80 columns the refusal of l without marks is longer than one line
    with Project.open(demo_root) as project, project.transaction() as conn:
        conn.execute("UPDATE doc_pairs SET mode = 'comparable' WHERE id = 1")
    height, text = drive(demo_root, ["enter", "l"], size=(80, 24), inspect=shown)
    assert height == 2 and "then l links them" in text
