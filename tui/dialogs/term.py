"""Add or edit a glossary entry: a Chinese term and its preferred English rendering.

Opened from a bead, the dialog shows the bead's Chinese and English as read-only text in
which the reviewer selects the two terms (keyboard or mouse); each selection fills its
term field as it changes, and the fields stay editable for a final touch.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, TextArea

from tui.widgets.span_picker import SpanPicker


class TermDialog(ModalScreen[tuple[str, str] | None]):
    """Two term fields; with a bead's texts, two span pickers that fill them."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", tooltip="Save the entry", id="term.save"),
        Binding("escape", "cancel", "Cancel", tooltip="Discard", id="term.cancel"),
        Binding("enter", "next", "Next", show=False,
                tooltip="In a bead's text: keep the selection and go on (the last saves)",
                id="term.next"),
    ]

    DEFAULT_CSS = """
    TermDialog { align: center middle; }
    TermDialog > .term-dialog--box {
        width: 90%; max-width: 110; height: auto; max-height: 100%; border: thick $primary;
        background: $surface; padding: 0 1;
    }
    TermDialog Label { width: 100%; }
    TermDialog .term-dialog--help { color: $text-muted; }
    TermDialog .term-dialog--row { height: 3; }
    TermDialog .term-dialog--row > Label { width: 16; padding: 1 1 0 0; text-align: right; }
    TermDialog .term-dialog--row > Input { width: 1fr; }
    TermDialog SpanPicker { margin-left: 16; width: 1fr; }
    """

    def __init__(self, title: str, zh: str = "", en: str = "", *,
                 zh_source: str | None = None, en_source: str | None = None,
                 lock_zh: bool = False) -> None:
        """``zh``/``en`` prefill the fields; ``zh_source``/``en_source`` are texts to pick from;
        ``lock_zh``: the Chinese term is given (adding a variant to an entry)."""
        super().__init__()
        self.lock_zh = lock_zh
        self.title_text = title
        self.zh = zh
        self.en = en
        self.zh_source = zh_source
        self.en_source = en_source

    @property
    def picking(self) -> bool:
        """True when the dialog shows texts to pick the terms from."""
        return bool(self.zh_source or self.en_source)

    def compose(self) -> ComposeResult:
        with Vertical(classes="term-dialog--box"):
            yield Label(self.title_text)
            if self.picking:
                yield Label("Select each term in the text: shift+arrows or drag with the "
                            "mouse; w/b a word, l/h a character, a all. tab next field, "
                            "enter or ctrl+s saves, esc cancels.", classes="term-dialog--help")
            else:
                yield Label("enter in the English field or ctrl+s saves, esc cancels",
                            classes="term-dialog--help")
            if self.zh_source:
                yield SpanPicker(self.zh_source, id="zh-source")
            with Horizontal(classes="term-dialog--row"):
                yield Label("Chinese term")
                yield Input(self.zh, id="zh", placeholder="中文术语", disabled=self.lock_zh)
            if self.en_source:
                yield SpanPicker(self.en_source, id="en-source")
            with Horizontal(classes="term-dialog--row"):
                yield Label("English term")
                yield Input(self.en, id="en", placeholder="preferred English rendering")

    def on_mount(self) -> None:
        blink = getattr(self.app, "cursor_blink", True)
        for field in self.query(Input):
            field.cursor_blink = blink
        for area in self.query(SpanPicker):
            area.cursor_blink = blink
        first = self.query(SpanPicker).first() if self.picking else self.query_one("#zh", Input)
        first.focus()

    @on(TextArea.SelectionChanged, "SpanPicker")
    def _picked(self, event: TextArea.SelectionChanged) -> None:
        picker = event.text_area
        assert isinstance(picker, SpanPicker)
        span = picker.span
        if span:  # moving the cursor without a selection keeps what was picked
            target = "#zh" if picker.id == "zh-source" else "#en"
            self.query_one(target, Input).value = span

    @on(Input.Submitted, "#zh")
    def _next_field(self) -> None:
        self.focus_next()

    @on(Input.Submitted, "#en")
    def _submitted(self) -> None:
        self.action_save()

    def action_next(self) -> None:
        """From a picker: on to the next field; from the last one, save."""
        focused = self.focused
        if isinstance(focused, SpanPicker) and focused.id == "zh-source":
            self.query_one("#en-source" if self.en_source else "#en").focus()
        else:
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
