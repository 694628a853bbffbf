"""Edit the English sentences of a bead; the word diff against the current text shows live."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

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


@dataclass(frozen=True)
class EditResult:
    """What the edit dialog was closed with: edited texts, or a split, or a join."""

    texts: dict[str, str] = field(default_factory=dict)
    """Segment id → new text, for the sentences that changed."""
    split: tuple[str, int] | None = None
    """(segment id, character offset into its current text): split the sentence there."""
    join: tuple[str, str] | None = None
    """(first, second) segment ids: join the sentence with the next one."""


class EditDialog(ModalScreen[EditResult | None]):
    """One text area per sentence (Chinese and English); dismisses an ``EditResult`` or None.

    ctrl+s saves the edits; ctrl+b splits the sentence under the cursor at the cursor (before
    the character under it); ctrl+j joins it with the next sentence of the same side. Escape
    with unsaved changes asks before throwing them away.
    """

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", tooltip="Save the edited text", id="edit.save"),
        Binding("escape", "cancel", "Cancel", tooltip="Discard the edit (asks when something "
                "changed)", id="edit.cancel"),
        Binding("ctrl+b", "split", "Split here", tooltip="Split the sentence at the cursor into "
                "two sentences", id="edit.split"),
        Binding("ctrl+j", "join", "Join next", tooltip="Join the sentence with the next "
                "sentence of the same side", id="edit.join"),
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
    EditDialog .edit-dialog--label { color: $text-muted; text-style: bold; height: 1; }
    EditDialog #diff { height: auto; border-top: solid $primary; }
    """

    def __init__(self, chinese: str, segments: tuple[tuple[str, str, str], ...],
                 lang: str = "en", hint: str = "", labels: tuple[str, ...] = (),
                 next_ids: tuple[str | None, ...] = (),
                 typed: dict[str, str] | None = None) -> None:
        """``chinese``: the bead's Chinese, shown for reference ("" for none); ``segments``:
        (id, original, current) of each sentence to edit; ``labels``: '中' or 'EN' per
        sentence (else all ``lang``); ``next_ids``: per sentence, the sentence ctrl+j joins it
        with (None: none); ``hint``: a reminder shown above the text (missing terms);
        ``typed``: segment id → text the reviewer typed that could not be saved (the editor
        opens with it, the diff against the stored text showing)."""
        super().__init__()
        self.typed = typed or {}
        self.chinese = chinese
        self.segments = segments
        self.lang = lang
        self.hint = hint
        default = "中" if lang == "zh" else "EN"
        self.labels = labels or tuple(default for _ in segments)
        self.next_ids = next_ids or tuple(None for _ in segments)

    def compose(self) -> ComposeResult:
        with Vertical(classes="edit-dialog--box"):
            both = len(set(self.labels)) > 1
            name = "text" if both else ("Chinese" if self.labels[0] == "中" else "English")
            yield Label(f"Edit the {name}: ctrl+s saves, ctrl+b splits at the cursor, ctrl+j "
                        "joins with the next, esc cancels. Changes:")
            with VerticalScroll():
                if self.hint:
                    yield Static(Text.assemble(("missing: ", "bold"), self.hint),
                                 classes="edit-dialog--source")
                if self.chinese:
                    yield Static(Text.assemble(("中 ", "bold"), self.chinese),
                                 classes="edit-dialog--source")
                for index, (seg, _, current) in enumerate(self.segments):
                    if both:
                        yield Label(f"{self.labels[index]} sentence",
                                    classes="edit-dialog--label")
                    yield TextArea(self.typed.get(seg, current), id=f"seg-{index}",
                                   soft_wrap=True,
                                   show_line_numbers=False)
                yield Static(id="diff")

    def on_mount(self) -> None:
        for area in self.query(TextArea):
            area.cursor_blink = getattr(self.app, "cursor_blink", True)
        # the English first: most edits repair the English
        first = next((i for i, label in enumerate(self.labels) if label == "EN"), 0)
        self.query_one(f"#seg-{first}", TextArea).focus()
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
        self.dismiss(EditResult(texts=self.changed))

    @property
    def changed(self) -> dict[str, str]:
        """The sentences whose text differs from what it was."""
        return {seg: text for seg, text in self.texts.items()
                if text != next(c for s, _, c in self.segments if s == seg)}

    def _focused_index(self) -> int | None:
        focused = self.focused
        if isinstance(focused, TextArea) and focused.id and focused.id.startswith("seg-"):
            return int(focused.id[4:])
        return None

    def action_split(self) -> None:
        """Split the focused sentence before the character under the cursor."""
        index = self._focused_index()
        if index is None:
            return
        if self.changed:
            self.notify("save (ctrl+s) or undo the edit first: a split cuts the saved text",
                        severity="warning")
            return
        area = self.query_one(f"#seg-{index}", TextArea)
        row, column = area.cursor_location
        text = area.text
        offset = sum(len(line) + 1 for line in text.split("\n")[:row]) + column
        if not 0 < offset < len(text):
            self.notify("put the cursor inside the sentence, where the second sentence "
                        "starts", severity="warning")
            return
        self.dismiss(EditResult(split=(self.segments[index][0], offset)))

    def action_join(self) -> None:
        """Join the focused sentence with the next one of its side."""
        index = self._focused_index()
        if index is None:
            return
        following = self.next_ids[index]
        if following is None:
            self.notify("this is the last sentence of its document: nothing follows to join",
                        severity="warning")
            return
        if self.changed:
            self.notify("save (ctrl+s) or undo the edit first", severity="warning")
            return
        self.dismiss(EditResult(join=(self.segments[index][0], following)))

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
