"""The help screen: every key of every screen, built from the bindings themselves."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static


def key_rows(owner: type) -> list[tuple[str, str]]:
    """(keys, what they do) for every ``Binding`` declared on ``owner``."""
    rows = []
    for binding in getattr(owner, "BINDINGS", []):
        if isinstance(binding, Binding):
            rows.append((binding_keys(binding), binding.tooltip or binding.description))
    return rows


_NAMES = {"left_square_bracket": "[", "right_square_bracket": "]", "left_curly_bracket": "{",
          "right_curly_bracket": "}", "question_mark": "?", "slash": "/", "escape": "esc",
          "pageup": "PgUp", "pagedown": "PgDn", "greater_than_sign": ">", "less_than_sign": "<",
          "colon": ":", "enter": "enter", "delete": "del"}


def binding_keys(binding: Binding) -> str:
    """The keys of a binding as a reviewer types them: ``u, ctrl+z``."""
    return ", ".join(_key_name(k) for k in binding.key.split(","))


def _key_name(key: str) -> str:
    key = key.strip()
    return _NAMES.get(key, key)


def key_sections() -> list[tuple[str, list[tuple[str, str]]]]:
    """Every screen's keys, in the order a reviewer meets them."""
    from tui.app import ReviewApp
    from tui.dialogs.confirm import ConfirmDialog
    from tui.dialogs.edit import EditDialog
    from tui.dialogs.export import ExportDialog
    from tui.dialogs.pair import PairDialog
    from tui.dialogs.split import SplitDialog
    from tui.dialogs.term import TermDialog
    from tui.screens.comparable import ComparableScreen
    from tui.screens.document import DocumentScreen
    from tui.screens.glossary import GlossaryScreen
    from tui.screens.overview import OverviewScreen
    from tui.screens.pair import PairScreen
    from tui.widgets.bead_list import BeadList
    from tui.widgets.span_picker import SpanPicker

    return [("Everywhere", key_rows(ReviewApp)), ("Overview", key_rows(OverviewScreen)),
            ("Pair: moving", key_rows(BeadList)), ("Pair: reviewing", key_rows(PairScreen)),
            ("Comparable pair (also the pair keys)", key_rows(ComparableScreen)),
            ("Document (one document on its own)", key_rows(DocumentScreen)),
            ("Glossary", key_rows(GlossaryScreen)),
            ("Split dialog (s)", key_rows(SplitDialog)
             + [("tab", "Switch between the Chinese and the English list")]),
            ("Edit dialog (e)", key_rows(EditDialog)),
            ("Export dialog (ctrl+e)", key_rows(ExportDialog)),
            ("Pair dialog (P on a document)", key_rows(PairDialog)
             + [("↑ ↓, enter", "Choose a candidate; enter pairs with it")]),
            ("Glossary entry dialog (t, a, e)", key_rows(TermDialog)),
            ("Glossary entry dialog: picking a term in the bead's text",
             [("arrows, shift+arrows", "Move, select a character at a time"),
              ("drag", "Select with the mouse"), *key_rows(SpanPicker)]),
            ("Questions (y / n)", key_rows(ConfirmDialog)),
            ("Mouse and palette", MOUSE_AND_PALETTE)]


KEY_CELLS = 16
"""Width of the key column: long key lists wrap inside it, so the actions keep the room."""


MOUSE_AND_PALETTE = [
    ("click", "Select a bead (or a row, a button)"),
    ("double-click", "Edit the English of a bead"),
    ("wheel", "Scroll"),
    ("ctrl+p", "Command palette: every action of the screen, searchable"),
]


class HelpScreen(ModalScreen[None]):
    """Lists every key; escape or ? closes it."""

    BINDINGS = [Binding("escape,question_mark,q", "close", "Close", tooltip="Close the help",
                        id="help.close")]

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll { width: 90%; max-width: 100; height: 90%;
                                  border: thick $primary; background: $surface; }
    HelpScreen .help--title { margin-top: 1; }
    """

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            for title, rows in key_sections():
                yield Static(Text(f" {title} ", style="reverse bold"), classes="help--title")
                table = Table(expand=True, show_edge=False, show_header=False, box=None,
                              padding=(0, 1))
                table.add_column("key", style="bold", width=KEY_CELLS, overflow="fold")
                table.add_column("action", ratio=1)
                for keys, what in rows:
                    table.add_row(keys, what)
                yield Static(table)

    def action_close(self) -> None:
        """Close."""
        self.dismiss(None)
