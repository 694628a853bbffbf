"""Choose where to split a bead: a boundary in the Chinese and one in the English."""

from __future__ import annotations

from rich.cells import cell_len, set_cell_size
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option


def boundary_options(sentences: tuple[str, ...], lang: str) -> list[Option]:
    """One option per boundary: 'k | first k sentences stay in the first part'."""
    options = []
    for k in range(len(sentences) + 1):
        if k == 0:
            label = f"0 │ no {lang} sentence in the first part"
        else:
            # the END of the last sentence kept: that is where the cut falls
            label = f"{k} │ {tail(sentences[k - 1], TAIL_CELLS)}"
        options.append(Option(label, id=str(k)))
    return options


TAIL_CELLS = 24
"""Cells of a sentence's end shown in a boundary option."""


def tail(text: str, cells: int) -> str:
    """The end of ``text`` that fits in ``cells`` terminal cells, with … when cut."""
    if cell_len(text) <= cells:
        return text
    reversed_fit = set_cell_size(text[::-1], cells - 1)
    return "…" + reversed_fit[::-1].lstrip()


class SplitDialog(ModalScreen[tuple[int, int] | None]):
    """Pick (zh index, en index): the first part keeps that many sentences of each side."""

    BINDINGS = [
        Binding("ctrl+s,enter", "split", "Split", tooltip="Split the bead here",
                id="split.confirm"),
        Binding("escape", "cancel", "Cancel", tooltip="Keep the bead whole", id="split.cancel"),
    ]

    DEFAULT_CSS = """
    SplitDialog { align: center middle; }
    SplitDialog > .split-dialog--box {
        width: 90%; max-width: 120; height: auto; max-height: 90%;
        border: thick $primary; background: $surface; padding: 0 1;
    }
    SplitDialog Label { width: 100%; }
    SplitDialog .split-dialog--lists { height: auto; max-height: 12; }
    SplitDialog OptionList { width: 1fr; height: auto; max-height: 10; }
    SplitDialog #preview { height: auto; max-height: 8; margin-top: 1; color: $text-muted; }
    """

    def __init__(self, zh: tuple[str, ...], en: tuple[str, ...]) -> None:
        super().__init__()
        self.zh = zh
        self.en = en

    def compose(self) -> ComposeResult:
        with Vertical(classes="split-dialog--box"):
            yield Label("Split the bead: how many sentences of each side stay in the first "
                        "part? (tab switches, enter splits, esc cancels)")
            with Horizontal(classes="split-dialog--lists"):
                yield OptionList(*boundary_options(self.zh, "Chinese"), id="zh")
                yield OptionList(*boundary_options(self.en, "English"), id="en")
            yield Static(id="preview")

    def on_mount(self) -> None:
        zh_list = self.query_one("#zh", OptionList)
        en_list = self.query_one("#en", OptionList)
        zh_list.highlighted = min(1, len(self.zh)) if len(self.zh) > 1 else len(self.zh)
        en_list.highlighted = min(1, len(self.en)) if len(self.en) > 1 else len(self.en)
        if len(self.zh) <= 1 and len(self.en) <= 1:
            en_list.highlighted = 0
        zh_list.focus()
        self._preview()

    @property
    def choice(self) -> tuple[int, int]:
        """The boundaries currently highlighted."""
        zh = self.query_one("#zh", OptionList).highlighted or 0
        en = self.query_one("#en", OptionList).highlighted or 0
        return zh, en

    @on(OptionList.OptionHighlighted)
    def _preview(self) -> None:
        zh, en = self.choice
        lines = []
        for name, zh_part, en_part in (("first part", self.zh[:zh], self.en[:en]),
                                       ("second part", self.zh[zh:], self.en[en:])):
            lines.append(Text(name, style="bold"))
            lines.append(Text.assemble(("  中 ", "bold"), "".join(zh_part) or "—"))
            lines.append(Text.assemble(("  EN ", "bold"), " ".join(en_part) or "—"))
        self.query_one("#preview", Static).update(Text("\n").join(lines))

    @on(OptionList.OptionSelected)
    def _selected(self) -> None:
        self.action_split()

    def action_split(self) -> None:
        """Return the chosen boundaries."""
        self.dismiss(self.choice)

    def action_cancel(self) -> None:
        """Return None."""
        self.dismiss(None)
