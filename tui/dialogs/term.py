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
from textual.widgets import Input, Label, Select, TextArea

from tui.service import TermEntry
from tui.widgets.span_picker import SpanPicker


def split_list(text: str) -> tuple[str, ...]:
    """A comma- or semicolon-separated list typed in a field, without empty items."""
    return tuple(item.strip() for item in text.replace(";", ",").split(",") if item.strip())


OLD_PREFERRED_CHOICES = [
    ("kept as a variant (admitted)", "admitted"),
    ("deprecated: a re-check suggests the new one", "deprecated"),
    ("forbidden: a re-check suggests the new one", "forbidden"),
    ("dropped from the entry", "dropped"),
]


class TermDialog(ModalScreen[TermEntry | None]):
    """The term fields (Chinese, preferred English, variants, forbidden, note); with a bead's
    texts, two span pickers that fill the first two."""

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
    TermDialog .term-dialog--line { height: 1; }
    TermDialog .term-dialog--line > Label { width: 16; padding: 0 1 0 0; text-align: right;
                                            color: $text-muted; }
    TermDialog .term-dialog--line > Input, TermDialog .term-dialog--line > Select {
        width: 1fr; }
    """

    def __init__(self, title: str, zh: str = "", en: str = "", *,
                 zh_source: str | None = None, en_source: str | None = None,
                 lock_zh: bool = False, admitted: tuple[str, ...] = (),
                 forbidden: tuple[str, ...] = (), note: str = "",
                 editing: bool = False) -> None:
        """``zh``/``en`` prefill the fields; ``zh_source``/``en_source`` are texts to pick from;
        ``lock_zh``: the Chinese term is given (adding a variant to an entry); ``editing``: an
        existing entry, so the dialog asks what its old preferred English becomes."""
        super().__init__()
        self.lock_zh = lock_zh
        self.admitted = admitted
        self.forbidden = forbidden
        self.note = note
        self.editing = editing
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
            with Horizontal(classes="term-dialog--line"):
                yield Label("variants")
                yield Input(", ".join(self.admitted), id="admitted", compact=True,
                            placeholder="other acceptable renderings, comma-separated")
            with Horizontal(classes="term-dialog--line"):
                yield Label("forbidden")
                yield Input(", ".join(self.forbidden), id="forbidden", compact=True,
                            placeholder="renderings never to use, comma-separated")
            with Horizontal(classes="term-dialog--line"):
                yield Label("note")
                yield Input(self.note, id="note", compact=True,
                            placeholder="definition, context, source")
            if self.editing and self.en:
                with Horizontal(classes="term-dialog--line"):
                    yield Label("old English")
                    yield Select(OLD_PREFERRED_CHOICES, value="admitted", allow_blank=False,
                                 compact=True, id="old-preferred",
                                 prompt=f"if changed, '{self.en}' is")

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

    @on(Input.Submitted, "#en, #admitted, #forbidden, #note")
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
        """Return the entry when both terms are filled."""
        zh = self.query_one("#zh", Input).value.strip()
        en = self.query_one("#en", Input).value.strip()
        if not zh or not en:
            self.notify("both the Chinese and the English term are needed", severity="warning")
            return
        fate = "admitted"
        for select in self.query("#old-preferred").results(Select):
            fate = str(select.value)
        self.dismiss(TermEntry(zh, en, split_list(self.query_one("#admitted", Input).value),
                               split_list(self.query_one("#forbidden", Input).value),
                               self.query_one("#note", Input).value.strip(), fate))

    def action_cancel(self) -> None:
        """Return None."""
        self.dismiss(None)
