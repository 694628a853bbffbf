"""Add or edit a glossary entry: a Chinese term and its preferred English rendering."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label


class TermDialog(ModalScreen[tuple[str, str] | None]):
    """Two inputs prefilled (e.g. with the bead's texts, to be cut down to the term)."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", tooltip="Save the entry", id="term.save"),
        Binding("escape", "cancel", "Cancel", tooltip="Discard", id="term.cancel"),
    ]

    DEFAULT_CSS = """
    TermDialog { align: center middle; }
    TermDialog > .term-dialog--box {
        width: 90%; max-width: 100; height: auto; border: thick $primary;
        background: $surface; padding: 0 1;
    }
    TermDialog Input { margin-bottom: 1; }
    """

    def __init__(self, title: str, zh: str = "", en: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.zh = zh
        self.en = en

    def compose(self) -> ComposeResult:
        with Vertical(classes="term-dialog--box"):
            yield Label(f"{self.title_text} — cut each field down to the term; enter in the "
                        "English field or ctrl+s saves, esc cancels")
            yield Label("Chinese term")
            yield Input(self.zh, id="zh", placeholder="中文术语")
            yield Label("English (preferred rendering)")
            yield Input(self.en, id="en", placeholder="English term")

    def on_mount(self) -> None:
        for field in self.query(Input):
            field.cursor_blink = getattr(self.app, "cursor_blink", True)
        self.query_one("#zh", Input).focus()

    @on(Input.Submitted, "#zh")
    def _next_field(self) -> None:
        self.query_one("#en", Input).focus()

    @on(Input.Submitted, "#en")
    def _submitted(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        """Return (zh, en) when both are filled."""
        zh = self.query_one("#zh", Input).value.strip()
        en = self.query_one("#en", Input).value.strip()
        if not zh or not en:
            self.notify("both the Chinese and the English term are needed", severity="warning")
            return
        self.dismiss((zh, en))

    def action_cancel(self) -> None:
        """Return None."""
        self.dismiss(None)
