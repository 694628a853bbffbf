"""Edit the English sentences of a bead; the word diff against the current text shows live."""

from __future__ import annotations

import difflib
import re

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static, TextArea


def word_diff(before: str, after: str) -> Text:
    """``after`` compared with ``before`` word by word: deletions struck red, insertions green."""
    old = re.findall(r"\S+|\s+", before)
    new = re.findall(r"\S+|\s+", after)
    out = Text()
    for op, a1, a2, b1, b2 in difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
        if op == "equal":
            out.append("".join(old[a1:a2]))
            continue
        if a2 > a1:
            out.append("".join(old[a1:a2]), style="strike red")
        if b2 > b1:
            out.append("".join(new[b1:b2]), style="bold green")
    return out


class EditDialog(ModalScreen[dict[str, str] | None]):
    """One text area per sentence; dismisses {segment id: new text} or None.

    English sentences of a bead by default; ``lang='zh'`` edits Chinese ones. Escape with
    unsaved changes asks before throwing them away.
    """

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", tooltip="Save the edited English", id="edit.save"),
        Binding("escape", "cancel", "Cancel", tooltip="Discard the edit", id="edit.cancel"),
    ]

    DEFAULT_CSS = """
    EditDialog { align: center middle; }
    EditDialog > .edit-dialog--box {
        width: 90%; max-width: 120; height: auto; max-height: 90%; border: thick $primary;
        background: $surface; padding: 0 1;
    }
    EditDialog VerticalScroll { height: auto; max-height: 100%; }
    EditDialog TextArea { height: auto; min-height: 3; max-height: 8; }
    EditDialog .edit-dialog--source { color: $text-muted; height: auto; }
    EditDialog #diff { height: auto; border-top: solid $primary; }
    """

    def __init__(self, chinese: str, segments: tuple[tuple[str, str, str], ...],
                 lang: str = "en", hint: str = "") -> None:
        """``chinese``: the bead's Chinese, shown for reference ("" for none); ``hint``: a
        reminder shown above the text (the missing terms to write in)."""
        super().__init__()
        self.chinese = chinese
        self.segments = segments
        self.lang = lang
        self.hint = hint

    def compose(self) -> ComposeResult:
        with Vertical(classes="edit-dialog--box"):
            name = "Chinese" if self.lang == "zh" else "English"
            yield Label(f"Edit the {name} (ctrl+s saves, esc cancels). Changes:")
            with VerticalScroll():
                if self.hint:
                    yield Static(Text.assemble(("missing: ", "bold"), self.hint),
                                 classes="edit-dialog--source")
                if self.chinese:
                    yield Static(Text.assemble(("中 ", "bold"), self.chinese),
                                 classes="edit-dialog--source")
                for index, (_, _, current) in enumerate(self.segments):
                    area = TextArea(current, id=f"seg-{index}", soft_wrap=True,
                                    show_line_numbers=False)
                    yield area
                yield Static(id="diff")

    def on_mount(self) -> None:
        for area in self.query(TextArea):
            area.cursor_blink = getattr(self.app, "cursor_blink", True)
        self.query(TextArea).first().focus()
        self._show_diff()

    @property
    def texts(self) -> dict[str, str]:
        """The edited text of every sentence, by segment id (newlines folded to spaces)."""
        return {seg: " ".join(self.query_one(f"#seg-{i}", TextArea).text.split())
                for i, (seg, _, _) in enumerate(self.segments)}

    @on(TextArea.Changed)
    def _show_diff(self) -> None:
        texts = self.texts
        parts = []
        for seg, _, current in self.segments:
            if texts[seg] != current:
                parts.append(word_diff(current, texts[seg]))
        self.query_one("#diff", Static).update(
            Text("\n").join(parts) if parts else Text("no change yet", style="dim"))

    def action_save(self) -> None:
        """Return the changed sentences only."""
        self.dismiss(self.changed)

    @property
    def changed(self) -> dict[str, str]:
        """The sentences whose text differs from what it was."""
        return {seg: text for seg, text in self.texts.items()
                if text != next(c for s, _, c in self.segments if s == seg)}

    def action_cancel(self) -> None:
        """Return None; with unsaved changes, only after the reviewer says so."""
        if not self.changed:
            self.dismiss(None)
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        from tui.dialogs.confirm import ConfirmDialog

        self.app.push_screen(ConfirmDialog("Throw away the changes to this text?",
                                           yes="Discard", no="Keep editing"), answered)
