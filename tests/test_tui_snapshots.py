"""How each screen looks at 100×30 on the demo project (Chinese text, a low-confidence bead,
n-m beads, suggestions, a glossary entry). Update with ``pytest --snapshot-update`` after
checking the new SVGs by eye."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.review_fixture import build_comparable_project, build_demo_project
from tui.app import create_app

SIZE = (100, 30)


@pytest.fixture
def demo_root(tmp_path: Path) -> Path:
    # a fixed directory name: the project name must not vary between runs
    root = tmp_path / "demo"
    build_demo_project(root).close()
    return root


SCREENS = [
    ("overview", []),
    ("pair", ["enter"]),
    ("pair_nm_bead", ["enter", "down"]),
    ("pair_low_confidence_filter", ["enter", "1"]),
    ("pair_suggestion_detail", ["enter", "end"]),
    ("split_dialog", ["enter", "down", "s"]),
    ("edit_dialog", ["enter", "e", "home", "T", "h", "e", "space"]),
    ("accept_rule_confirmation", ["enter", "Y"]),
    ("glossary", ["g"]),
    ("term_dialog", ["enter", "t"]),
    # 棉花 and "cotton" picked in bead 3's texts: the selections fill the two fields
    ("term_dialog_picked", ["enter", "down", "down", "t", "l", "l", "enter",
                            *["right"] * 7, "w"]),
    ("help", ["question_mark"]),
    ("pair_light_theme", ["enter", "ctrl+t"]),
    ("pair_80x24", ["enter", "down"]),
    # the document screen: a Chinese document (glossary terms marked) and an English one
    # with its findings, on both sizes
    ("document_zh_80x24", ["tab", *["down"] * 4, "enter"]),
    ("document_zh_120x40", ["tab", *["down"] * 4, "enter"]),
    ("document_en_80x24", ["tab", *["down"] * 3, "enter", "f", "f"]),
    ("document_en_120x40", ["tab", *["down"] * 3, "enter"]),
    ("help_80x24", ["question_mark"]),
]

# the comparable pair (Chinese text, links and sentences in no link, two marked)
COMPARABLE = [
    ("comparable_80x24", ["enter", "down", "down", "space", "space"]),
    ("comparable_120x40", ["enter", "down", "down", "space", "space"]),
]


@pytest.mark.parametrize(("name", "keys"), SCREENS, ids=[s[0] for s in SCREENS])
def test_screen_snapshot(snap_compare: Callable[..., bool], demo_root: Path, name: str,
                         keys: list[str]) -> None:
    app = create_app(demo_root, cursor_blink=False)
    size = (80, 24) if name.endswith("80x24") else (120, 40) if name.endswith("120x40") \
        else SIZE
    assert snap_compare(app, press=keys, terminal_size=size)


@pytest.fixture
def comparable_root(tmp_path: Path) -> Path:
    root = tmp_path / "comparable"
    build_comparable_project(root).close()
    return root


@pytest.mark.parametrize(("name", "keys"), COMPARABLE, ids=[s[0] for s in COMPARABLE])
def test_comparable_snapshot(snap_compare: Callable[..., bool], comparable_root: Path,
                             name: str, keys: list[str]) -> None:
    app = create_app(comparable_root, cursor_blink=False)
    size = (80, 24) if name.endswith("80x24") else (120, 40)
    assert snap_compare(app, press=keys, terminal_size=size)
